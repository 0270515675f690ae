"""Personal data encrypted at rest, step 1 of 3: encrypted ID number and phone columns (and the ID
number's blind index) beside the clear ones."""

from django.db import migrations

import gongfa.core.fields
import gongfa.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("legalaid", "0003_queue_indexes"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="legalaidapplication", name="legalaid_one_open_application_per_matter"),
        migrations.AddField(
            model_name="legalaidapplication",
            name="id_number_encrypted",
            field=gongfa.core.fields.EncryptedCharField(
                default="",
                max_length=18,
                validators=[gongfa.core.validators.validate_id_number],
                verbose_name="身份证号",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="legalaidapplication",
            name="id_number_hash",
            field=gongfa.core.fields.BlindIndexField(
                kind="id_number", source="id_number", verbose_name="身份证号盲索引"
            ),
        ),
        migrations.AddField(
            model_name="legalaidapplication",
            name="phone_encrypted",
            field=gongfa.core.fields.EncryptedCharField(blank=True, max_length=20, verbose_name="联系电话"),
        ),
        migrations.AddField(
            model_name="dutyhelplog",
            name="id_number_encrypted",
            field=gongfa.core.fields.EncryptedCharField(
                blank=True,
                max_length=18,
                validators=[gongfa.core.validators.validate_id_number],
                verbose_name="身份证号",
            ),
        ),
    ]
