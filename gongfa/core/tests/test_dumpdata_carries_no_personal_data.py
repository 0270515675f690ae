"""dumpdata writes encrypted fields as their ciphertext, so a fixture file carries no phone or ID
number in clear, and loaddata reads it back to the clear value (blind index included)."""

from __future__ import annotations

import io
import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongfa.accounts.models import User
from gongfa.core.crypto import is_encrypted_text
from gongfa.testing.factories import CitizenFactory, make_id_number

PHONE = "13812345678"
ID_NUMBER = make_id_number()


@pytest.mark.django_db
def test_dump_has_no_plaintext_and_load_restores_a_readable_value(tmp_path):
    person = CitizenFactory(phone=PHONE, id_number=ID_NUMBER)
    out = io.StringIO()
    call_command("dumpdata", "accounts.user", format="json", stdout=out)
    dump = out.getvalue()
    assert PHONE not in dump and ID_NUMBER not in dump and PHONE[-4:] + '"' not in dump
    fields = next(row["fields"] for row in json.loads(dump) if row["pk"] == person.pk)
    assert is_encrypted_text(fields["phone"]) and is_encrypted_text(fields["id_number"])

    User.objects.filter(pk=person.pk).delete()
    fixture = tmp_path / "users.json"
    fixture.write_text(dump, encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)
    loaded = User.objects.with_phone(PHONE).get()
    assert loaded.pk == person.pk and loaded.phone == PHONE and loaded.id_number == ID_NUMBER
    assert User.objects.with_id_number(ID_NUMBER).get() == loaded


@pytest.mark.django_db
def test_an_empty_value_stays_empty_and_a_forged_ciphertext_is_refused():
    person = CitizenFactory(phone=PHONE, id_number="")
    row = json.loads(serializers.serialize("json", [person]))[0]
    assert row["fields"]["id_number"] == ""
    field = User._meta.get_field("phone")
    with pytest.raises(ValidationError, match="无法解密"):
        field.to_python("gf1:00000000:AAAA")
