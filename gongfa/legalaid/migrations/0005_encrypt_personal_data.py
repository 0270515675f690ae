"""Personal data encrypted at rest, step 2 of 3: encrypt existing rows in batches (reverse: decrypt)."""

from django.db import migrations

from gongfa.core.encryption_migrations import EncryptedColumn, decrypt_columns, encrypt_columns

APPLICATION = [
    EncryptedColumn("id_number", "id_number_encrypted", "id_number_hash", "id_number"),
    EncryptedColumn("phone", "phone_encrypted", "", "phone"),
]
DUTY_LOG = [EncryptedColumn("id_number", "id_number_encrypted", "", "id_number")]


class Migration(migrations.Migration):
    dependencies = [
        ("legalaid", "0004_personal_data_encrypted_columns"),
    ]

    operations = [
        migrations.RunPython(
            encrypt_columns("legalaid", "LegalAidApplication", APPLICATION),
            decrypt_columns("legalaid", "LegalAidApplication", APPLICATION),
        ),
        migrations.RunPython(
            encrypt_columns("legalaid", "DutyHelpLog", DUTY_LOG), decrypt_columns("legalaid", "DutyHelpLog", DUTY_LOG)
        ),
    ]
