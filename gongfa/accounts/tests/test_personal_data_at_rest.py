"""Phones and ID numbers of users are encrypted in the database and found by their blind index."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import OneTimeCode, User
from gongfa.accounts.services import request_login_code, update_real_name
from gongfa.core.crypto import blind_index, decrypt_text
from gongfa.testing.factories import CitizenFactory, make_id_number

PHONE = "13812345678"


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_columns_hold_no_plaintext(db):
    number = make_id_number(seq=7)
    user = CitizenFactory(phone=PHONE, id_number=number)
    [(phone, id_number, phone_hash, id_hash)] = _raw(
        "SELECT phone, id_number, phone_hash, id_number_hash FROM accounts_user WHERE id = %s", [user.pk]
    )
    for raw in (phone, id_number, phone_hash, id_hash):
        assert PHONE not in raw and number not in raw and PHONE[-4:] not in raw.split(":")[0]
    assert decrypt_text(phone) == PHONE and decrypt_text(id_number) == number
    assert phone_hash == blind_index(PHONE, "phone") and id_hash == blind_index(number, "id_number")
    user.refresh_from_db()
    assert user.phone == PHONE and user.id_number == number


def test_login_codes_store_no_plaintext_phone(db, sms_outbox):
    request_login_code(PHONE, "10.0.0.1")
    [(phone, phone_hash)] = _raw("SELECT phone, phone_hash FROM accounts_onetimecode")
    assert PHONE not in phone and phone_hash == blind_index(PHONE, "phone")
    assert OneTimeCode.objects.get().phone == PHONE


def test_lookup_by_phone_uses_the_blind_index_column(db):
    user = CitizenFactory(phone=PHONE)
    CitizenFactory(phone="13900000001")
    with CaptureQueriesContext(connection) as queries:
        assert list(User.objects.with_phone("+86 138 1234 5678")) == [user]
    assert "phone_hash" in queries[0]["sql"]
    indexed = {
        tuple(info["columns"])
        for info in connection.introspection.get_constraints(connection.cursor(), "accounts_user").values()
        if info["index"] or info["unique"]
    }
    assert ("phone_hash",) in indexed and ("id_number_hash",) in indexed


def test_filtering_on_the_encrypted_column_fails_loudly(db):
    with pytest.raises(FieldError, match="blind index"):
        list(User.objects.filter(phone=PHONE))
    with pytest.raises(FieldError):
        list(User.objects.filter(phone__contains="1381"))
    # "no phone recorded" still works.
    staff = User.objects.create_user(username="nophone", role=Role.WINDOW_STAFF)
    assert list(User.objects.filter(phone="")) == [staff]


def test_one_citizen_per_phone_is_held_by_the_blind_index(db):
    CitizenFactory(phone=PHONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(phone=PHONE)
    # Staff may share a number with a citizen; citizens without a phone do not collide.
    User.objects.create_user(username="clerk", role=Role.WINDOW_STAFF, phone=PHONE)
    CitizenFactory(phone="")
    CitizenFactory(phone="")


def test_changing_the_id_number_updates_its_blind_index(db):
    user = CitizenFactory(id_number="")
    number = make_id_number(seq=12)
    update_real_name(user=user, real_name="王小明", id_number=number)
    assert list(User.objects.with_id_number(number)) == [user]


def test_str_and_masked_properties_do_not_show_the_phone(db):
    user = CitizenFactory(phone=PHONE, real_name="")
    assert PHONE not in str(user)
    assert user.masked_phone == "138****5678"


def test_validation_checks_the_unique_phone_through_the_blind_index(db):
    from django.core.exceptions import ValidationError

    CitizenFactory(phone=PHONE)
    duplicate = User(username="cduplicate", role=Role.CITIZEN, phone=PHONE)
    with pytest.raises(ValidationError) as exc:
        duplicate.validate_constraints()
    assert "该手机号已有群众账号。" in str(exc.value)
    User(username="cother", role=Role.CITIZEN, phone="13900000009").validate_constraints()
