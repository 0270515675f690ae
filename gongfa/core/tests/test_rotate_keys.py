"""manage.py rotate_keys re-encrypts rows and identity files with the first key, refreshes blind
indexes, and changes nothing when run again."""

from __future__ import annotations

import io
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from gongfa.accounts.models import User
from gongfa.core.crypto import bytes_key_id, current_key_id, text_key_id
from gongfa.testing.factories import CitizenFactory, make_id_number

OLD = os.urandom(32)
NEW = os.urandom(32)
PHONE = "13812345678"


def _rotate() -> dict[str, tuple[int, int]]:
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    return {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"^(\S+): (\d+) rows examined, (\d+) re-encrypted", out.getvalue(), re.M)
    }


def _raw_users():
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM accounts_user ORDER BY id")
        return cursor.fetchall()


@pytest.mark.django_db
def test_rotation_with_two_keys_then_the_old_key_can_go():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        old_id = current_key_id()
        people = [CitizenFactory(phone=f"1380000000{n}", id_number=make_id_number(seq=n)) for n in range(5)]
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        new_id = current_key_id()
        counts = _rotate()
        assert counts["accounts.User"] == (5, 5)
        assert all(text_key_id(phone) == new_id != old_id for phone, _ in _raw_users())
        assert _rotate()["accounts.User"] == (5, 0)  # idempotent
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        for person in people:
            fresh = User.objects.get(pk=person.pk)
            assert (fresh.phone, fresh.id_number) == (person.phone, person.id_number)


@pytest.mark.django_db
def test_a_new_blind_index_key_is_applied_to_every_row():
    CitizenFactory(phone=PHONE)
    with override_settings(BLIND_INDEX_KEY=NEW):
        assert not User.objects.with_phone(PHONE).exists()
        assert _rotate()["accounts.User"] == (1, 1)
        assert User.objects.with_phone(PHONE).exists()


@pytest.mark.django_db
def test_identity_files_are_re_encrypted_and_clear_ones_encrypted(network, settings, tmp_path):
    from gongfa.legalaid.choices import MaterialKind
    from gongfa.legalaid.services import add_material, save_draft
    from gongfa.legalaid.tests.conftest import PDF, WAGES, pdf

    settings.MEDIA_ROOT = str(tmp_path)
    base = list(settings.FIELD_ENCRYPTION_KEYS)  # the rows the draft made
    worker = CitizenFactory()
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD, *base]):
        identity = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    other = add_material(application=draft, actor=worker, kind=MaterialKind.CASE_MATERIALS, upload=pdf("欠条.pdf"))
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD, *base]):
        out = io.StringIO()
        call_command("rotate_keys", stdout=out)
        assert "legalaid.Material: 0 rows examined, 0 re-encrypted; 1 files examined, 1 re-encrypted" in out.getvalue()
        identity.refresh_from_db()
        with identity.file.open("rb") as handle:
            assert bytes_key_id(handle.read()) == current_key_id()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert identity.read_content() == PDF  # the old keys can go
    with other.file.open("rb") as handle:
        assert handle.read() == PDF  # not an identity document: left as uploaded
