"""Personal data encrypted at rest, step 3 of 3: drop the clear columns; the encrypted ones take
their names; the unique citizen phone and the code-request index move to the blind index."""

from django.db import migrations, models

import gongfa.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_encrypt_personal_data"),
    ]

    operations = [
        # A default, so that going back can re-add the NOT NULL column to a table with rows.
        migrations.AlterField(
            model_name="onetimecode",
            name="phone",
            field=models.CharField(default="", max_length=11, verbose_name="手机号"),
        ),
        migrations.RemoveField(model_name="user", name="phone"),
        migrations.RemoveField(model_name="user", name="id_number"),
        migrations.RemoveField(model_name="onetimecode", name="phone"),
        migrations.RenameField(model_name="user", old_name="phone_encrypted", new_name="phone"),
        migrations.RenameField(model_name="user", old_name="id_number_encrypted", new_name="id_number"),
        migrations.RenameField(model_name="onetimecode", old_name="phone_encrypted", new_name="phone"),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role", "citizen"), models.Q(("phone_hash", ""), _negated=True)),
                fields=("phone_hash",),
                name="accounts_user_unique_citizen_phone",
                violation_error_message="该手机号已有群众账号。",
            ),
        ),
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", gongfa.accounts.models.PersonManager())],
        ),
        migrations.AddIndex(
            model_name="onetimecode",
            index=models.Index(fields=["phone_hash", "created_at"], name="accounts_otp_phonehash_created"),
        ),
    ]
