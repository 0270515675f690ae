"""Personal data encrypted at rest, step 3 of 3: drop the clear columns; one open application per
matter is now held on the ID number's blind index."""

from django.db import migrations, models

import gongfa.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("legalaid", "0005_encrypt_personal_data"),
    ]

    operations = [
        # A default, so that going back can re-add the NOT NULL column to a table with rows.
        migrations.AlterField(
            model_name="legalaidapplication",
            name="id_number",
            field=models.CharField(
                default="",
                max_length=18,
                validators=[gongfa.core.validators.validate_id_number],
                verbose_name="身份证号",
            ),
        ),
        migrations.RemoveField(model_name="legalaidapplication", name="id_number"),
        migrations.RemoveField(model_name="legalaidapplication", name="phone"),
        migrations.RemoveField(model_name="dutyhelplog", name="id_number"),
        migrations.RenameField(model_name="legalaidapplication", old_name="id_number_encrypted", new_name="id_number"),
        migrations.RenameField(model_name="legalaidapplication", old_name="phone_encrypted", new_name="phone"),
        migrations.RenameField(model_name="dutyhelplog", old_name="id_number_encrypted", new_name="id_number"),
        migrations.AddConstraint(
            model_name="legalaidapplication",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "received",
                            "supplement_requested",
                            "under_review",
                            "advance_aid",
                            "granted",
                            "assigned",
                            "in_service",
                            "closing_review",
                            "objection_pending",
                        ),
                    ),
                    ("route", "application"),
                ),
                fields=("id_number_hash", "matter_code"),
                name="legalaid_one_open_application_per_matter",
            ),
        ),
    ]
