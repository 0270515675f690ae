"""Personal data encrypted at rest, step 3 of 3: drop the clear contact phone (and its index)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0008_encrypt_contact_phone"),
    ]

    operations = [
        migrations.RemoveField(model_name="workorder", name="contact_phone"),
        migrations.RenameField(model_name="workorder", old_name="contact_phone_encrypted", new_name="contact_phone"),
    ]
