"""Personal data encrypted at rest, step 1 of 3: the encrypted contact phone and its blind index."""

from django.db import migrations

import gongfa.core.fields


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0006_open_scope_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="workorder",
            name="contact_phone_encrypted",
            field=gongfa.core.fields.EncryptedCharField(blank=True, max_length=20, verbose_name="联系电话"),
        ),
        migrations.AddField(
            model_name="workorder",
            name="contact_phone_hash",
            field=gongfa.core.fields.BlindIndexField(
                kind="phone", source="contact_phone", verbose_name="联系电话盲索引"
            ),
        ),
    ]
