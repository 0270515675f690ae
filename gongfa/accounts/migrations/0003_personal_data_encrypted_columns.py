"""Personal data encrypted at rest, step 1 of 3: the encrypted columns and blind indexes beside the clear ones."""

from django.db import migrations

import gongfa.core.fields
import gongfa.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_onetimecode"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="user", name="accounts_user_unique_citizen_phone"),
        migrations.RemoveIndex(model_name="onetimecode", name="accounts_otp_phone_created"),
        migrations.AddField(
            model_name="user",
            name="phone_encrypted",
            field=gongfa.core.fields.EncryptedCharField(
                blank=True, max_length=11, validators=[gongfa.core.validators.validate_mobile], verbose_name="手机号"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="phone_hash",
            field=gongfa.core.fields.BlindIndexField(kind="phone", source="phone", verbose_name="手机号盲索引"),
        ),
        migrations.AddField(
            model_name="user",
            name="id_number_encrypted",
            field=gongfa.core.fields.EncryptedCharField(
                blank=True,
                max_length=18,
                validators=[gongfa.core.validators.validate_id_number],
                verbose_name="身份证号",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="id_number_hash",
            field=gongfa.core.fields.BlindIndexField(kind="id_number", source="id_number", verbose_name="身份证号盲索引"),
        ),
        migrations.AddField(
            model_name="onetimecode",
            name="phone_encrypted",
            field=gongfa.core.fields.EncryptedCharField(default="", max_length=11, verbose_name="手机号"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="onetimecode",
            name="phone_hash",
            field=gongfa.core.fields.BlindIndexField(
                db_index=False, kind="phone", source="phone", verbose_name="手机号盲索引"
            ),
        ),
    ]
