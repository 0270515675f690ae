"""Personal data encrypted at rest, step 2 of 3: encrypt existing rows in batches (reverse: decrypt
them back); citizen usernames that carried the phone (c13812345678) become opaque."""

import secrets
import string

from django.db import migrations

from gongfa.core.encryption_migrations import EncryptedColumn, decrypt_columns, encrypt_columns

USER_COLUMNS = [
    EncryptedColumn("phone", "phone_encrypted", "phone_hash", "phone"),
    EncryptedColumn("id_number", "id_number_encrypted", "id_number_hash", "id_number"),
]
CODE_COLUMNS = [EncryptedColumn("phone", "phone_encrypted", "phone_hash", "phone")]


def opaque_citizen_usernames(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User._default_manager.values_list("username", flat=True))
    renamed = []
    for user in User._default_manager.filter(role="citizen").only("pk", "username", "phone"):
        digits = "".join(ch for ch in user.username if ch.isdigit())
        if not (user.phone and user.phone in user.username) and len(digits) < 7:
            continue
        while True:
            name = "c" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
            if name not in taken:
                break
        taken.add(name)
        user.username = name
        renamed.append(user)
    User._default_manager.bulk_update(renamed, ["username"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_personal_data_encrypted_columns"),
    ]

    operations = [
        migrations.RunPython(
            encrypt_columns("accounts", "User", USER_COLUMNS), decrypt_columns("accounts", "User", USER_COLUMNS)
        ),
        migrations.RunPython(
            encrypt_columns("accounts", "OneTimeCode", CODE_COLUMNS),
            decrypt_columns("accounts", "OneTimeCode", CODE_COLUMNS),
        ),
        # The old names were the defect; going back keeps the opaque ones.
        migrations.RunPython(opaque_citizen_usernames, migrations.RunPython.noop),
    ]
