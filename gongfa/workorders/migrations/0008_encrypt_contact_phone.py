"""Personal data encrypted at rest, step 2 of 3: encrypt the contact phones in batches (reverse: decrypt)."""

from django.db import migrations

from gongfa.core.encryption_migrations import EncryptedColumn, decrypt_columns, encrypt_columns

COLUMNS = [EncryptedColumn("contact_phone", "contact_phone_encrypted", "contact_phone_hash", "phone")]


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0007_contact_phone_encrypted_column"),
    ]

    operations = [
        migrations.RunPython(
            encrypt_columns("workorders", "WorkOrder", COLUMNS), decrypt_columns("workorders", "WorkOrder", COLUMNS)
        ),
    ]
