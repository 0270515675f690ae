"""Identity documents (身份证件) filed before encryption existed are still in clear on disk:
encrypt them now, in primary-key batches, with the same function `manage.py rotate_keys` uses
(gongfa.core.key_rotation.encrypt_stored_file). A file already encrypted with the current key is
left alone, so running it again changes nothing. Reverse: decrypt them back to clear."""

import logging

from django.db import migrations

from gongfa.core.key_rotation import decrypt_stored_file, encrypt_stored_file

BATCH_SIZE = 200
IDENTITY = "identity"  # MaterialKind.IDENTITY, the one kind stored encrypted (ENCRYPTED_MATERIAL_KINDS)

logger = logging.getLogger("gongfa.legalaid.migrations")


def _rewrite_identity_files(rewrite):
    def run(apps, schema_editor):
        material_model = apps.get_model("legalaid", "Material")
        last_pk = 0
        while True:
            batch = list(
                material_model.objects.filter(kind=IDENTITY, pk__gt=last_pk)
                .exclude(file="")
                .order_by("pk")[:BATCH_SIZE]
            )
            if not batch:
                return
            last_pk = batch[-1].pk
            for material in batch:
                try:
                    saved = rewrite(material.file)
                except FileNotFoundError:
                    # A row whose file is gone has nothing to protect; it must not stop the deploy.
                    logger.warning("identity material %s: file %s is missing", material.pk, material.file.name)
                    continue
                if saved is not None and saved != material.file.name:
                    material_model.objects.filter(pk=material.pk).update(file=saved)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("legalaid", "0006_drop_clear_personal_data"),
    ]

    operations = [
        migrations.RunPython(
            _rewrite_identity_files(encrypt_stored_file), _rewrite_identity_files(decrypt_stored_file)
        ),
    ]
