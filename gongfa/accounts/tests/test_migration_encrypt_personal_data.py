"""The accounts migrations encrypt existing phones and ID numbers, and going back decrypts them."""

from __future__ import annotations

import pytest
from django.db import connection

from gongfa.core.crypto import blind_index, decrypt_text, is_encrypted_text
from gongfa.testing.factories import make_id_number
from gongfa.testing.migrations import migrate_to, migrate_to_latest

BEFORE = [("accounts", "0002_onetimecode")]
AFTER = [("accounts", "0005_drop_clear_personal_data")]
PHONES = ["13812345678", "13912345678", ""]


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_encrypt_forward_and_decrypt_back():
    old_apps = migrate_to(BEFORE)
    try:
        User = old_apps.get_model("accounts", "User")
        OneTimeCode = old_apps.get_model("accounts", "OneTimeCode")
        numbers = [make_id_number(seq=n) for n in range(len(PHONES))]
        for n, (phone, number) in enumerate(zip(PHONES, numbers, strict=True)):
            User.objects.create(
                username=f"c{phone}" if phone else f"staff{n}", role="citizen", phone=phone, id_number=number
            )
        from django.utils import timezone

        OneTimeCode.objects.create(phone=PHONES[0], code_hash="x" * 64, expires_at=timezone.now())

        migrate_to(AFTER)
        rows = _rows("SELECT username, phone, phone_hash, id_number, id_number_hash FROM accounts_user ORDER BY id")
        for (username, phone, phone_hash, id_number, id_hash), clear, number in zip(rows, PHONES, numbers, strict=True):
            assert number not in id_number and is_encrypted_text(id_number)
            assert decrypt_text(id_number) == number and id_hash == blind_index(number, "id_number")
            assert phone_hash == blind_index(clear, "phone")
            if clear:
                assert clear not in phone and clear not in username and decrypt_text(phone) == clear
                assert not any(ch.isdigit() for ch in username)
            else:
                assert phone == ""
        [(otp_phone, otp_hash)] = _rows("SELECT phone, phone_hash FROM accounts_onetimecode")
        assert decrypt_text(otp_phone) == PHONES[0] and otp_hash == blind_index(PHONES[0], "phone")

        migrate_to(BEFORE)
        assert [r[0] for r in _rows("SELECT phone FROM accounts_user ORDER BY id")] == PHONES
        assert [r[0] for r in _rows("SELECT id_number FROM accounts_user ORDER BY id")] == numbers
        assert _rows("SELECT phone FROM accounts_onetimecode") == [(PHONES[0],)]
    finally:
        migrate_to_latest()
