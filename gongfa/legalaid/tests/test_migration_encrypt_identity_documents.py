"""Migration 0007 encrypts the identity documents filed in clear before encryption existed (in
batches, with rotate_keys' own function), leaves encrypted ones and other materials alone, and
its reverse writes them back in clear."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as current_apps
from django.core.files.base import ContentFile

from gongfa.core.crypto import decrypt_bytes, is_encrypted_bytes
from gongfa.core.key_rotation import encrypt_stored_file
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import Material
from gongfa.legalaid.services import add_material, save_draft
from gongfa.legalaid.tests.conftest import PDF, WAGES, pdf
from gongfa.testing.migrations import migrate_to, migrate_to_latest

MIGRATION = importlib.import_module("gongfa.legalaid.migrations.0007_encrypt_identity_documents_on_disk")
BEFORE = [("legalaid", "0006_drop_clear_personal_data")]
AFTER = [("legalaid", "0007_encrypt_identity_documents_on_disk")]


def _stored(material):
    material.refresh_from_db()
    with material.file.open("rb") as handle:
        return handle.read()


def _filed_in_clear(application, worker, kind, content):
    """A material as the code before encryption stored it: the bytes as uploaded."""
    material = Material(
        application=application, kind=kind, original_name="旧.pdf", content_type="application/pdf", size=len(content)
    )
    material.uploaded_by = worker
    material.file.save("upload", ContentFile(content), save=False)
    material.save()
    return material


@pytest.mark.django_db(transaction=True)
def test_clear_identity_files_are_encrypted_and_the_reverse_decrypts(network, worker, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    front = _filed_in_clear(draft, worker, MaterialKind.IDENTITY, PDF)
    back = _filed_in_clear(draft, worker, MaterialKind.IDENTITY, PDF + b"%back")
    other = _filed_in_clear(draft, worker, MaterialKind.CASE_MATERIALS, PDF)
    current = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    current_bytes = _stored(current)
    try:
        # The migration runs in batches; one of 1 puts every file in a batch of its own.
        monkeypatch.setattr(MIGRATION, "BATCH_SIZE", 1)
        migrate_to(BEFORE)
        assert [_stored(m) for m in (front, back, other, current)] == [PDF, PDF + b"%back", PDF, PDF]
        migrate_to(AFTER)
        for material, clear in ((front, PDF), (back, PDF + b"%back"), (current, PDF)):
            stored = _stored(material)
            assert is_encrypted_bytes(stored) and b"%PDF" not in stored and decrypt_bytes(stored) == clear
            assert material.read_content() == clear
        assert _stored(other) == PDF  # not an identity document: stays as uploaded
    finally:
        monkeypatch.undo()
        migrate_to_latest()
    assert current_bytes != _stored(current)  # the reverse and forward really rewrote it


@pytest.mark.django_db
def test_running_it_again_leaves_encrypted_files_alone(network, worker, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    clear = _filed_in_clear(draft, worker, MaterialKind.IDENTITY, PDF)
    encrypted = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    before = _stored(encrypted)
    forward = MIGRATION._rewrite_identity_files(encrypt_stored_file)
    forward(current_apps, None)
    once = _stored(clear)
    assert is_encrypted_bytes(once) and _stored(encrypted) == before
    forward(current_apps, None)
    assert _stored(clear) == once and _stored(encrypted) == before
