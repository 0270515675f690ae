"""Step 1 of citizen login: ask for a code by SMS (获取短信验证码)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.accounts.models import OneTimeCode, SmsMessage
from gongfa.accounts.services import hash_code, request_login_code, verify_login_code
from gongfa.accounts.sms import SmsError
from gongfa.core.crypto import blind_index
from gongfa.core.errors import DomainError
from gongfa.testing.factories import CitizenFactory

from .helpers import page_errors

URL = "/accounts/login/"
PHONE = "13812345678"


def test_url_names():
    assert reverse("accounts:citizen_login") == URL
    assert reverse("accounts:citizen_verify") == "/accounts/login/verify/"


def test_a_code_is_texted_and_only_its_hash_is_stored(db, sms_outbox, last_code, settings):
    otp = request_login_code(PHONE, "10.0.0.1")
    assert len(sms_outbox) == 1
    phone, text = sms_outbox[0]
    code = last_code()
    assert phone == PHONE and len(code) == settings.OTP_LENGTH
    assert "5分钟内有效" in text and "请勿告诉他人" in text
    row = OneTimeCode.objects.get()
    assert row.pk == otp.pk and row.phone == PHONE and str(row.requested_ip) == "10.0.0.1"
    assert row.code_hash == hash_code(PHONE, code) and code not in row.code_hash and len(row.code_hash) == 64
    assert (row.expires_at - row.created_at).total_seconds() == settings.OTP_TTL_SECONDS
    assert row.used_at is None and row.attempts == 0
    log = SmsMessage.objects.get()
    assert log.purpose == "login_code" and log.phone_masked == "138****5678" and code not in log.body
    assert log.status == SmsMessage.Status.SENT


def test_codes_are_not_predictable(db, sms_outbox, last_code, settings):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    settings.OTP_MAX_PER_PHONE_PER_HOUR = 50
    codes = set()
    for _ in range(12):
        request_login_code(PHONE, "10.0.0.1")
        codes.add(last_code())
    assert len(codes) > 6  # 12 draws from a million


@pytest.mark.parametrize("raw", ["+86 138 1234 5678", "0086 138 1234 5678", "１３８１２３４５６７８"])
def test_phone_is_normalised(db, sms_outbox, raw):
    request_login_code(raw, None)
    assert sms_outbox[0][0] == PHONE
    assert OneTimeCode.objects.get().phone == PHONE


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请输入手机号"),
        ("12345", "手机号格式不对"),
        ("23812345678", "手机号格式不对"),
        ("0571-88888888", "手机号格式不对"),
        ("1381234567a", "手机号格式不对"),
    ],
)
def test_malformed_phone_is_refused_and_nothing_is_sent(db, sms_outbox, raw, message):
    with pytest.raises(DomainError) as exc:
        request_login_code(raw, "10.0.0.1")
    assert message in exc.value.message and exc.value.field == "phone"
    assert not OneTimeCode.objects.exists() and not sms_outbox


def test_a_new_code_replaces_the_old_one(db, last_code, settings, monkeypatch):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    codes = iter([111111, 222222])
    monkeypatch.setattr("gongfa.accounts.services.secrets.randbelow", lambda n: next(codes))
    request_login_code(PHONE, "10.0.0.1")
    old = last_code()
    request_login_code(PHONE, "10.0.0.1")
    new = last_code()
    assert (old, new) == ("111111", "222222")
    assert OneTimeCode.objects.filter(phone_hash=blind_index(PHONE, "phone"), used_at__isnull=True).count() == 1
    with pytest.raises(DomainError, match="验证码不正确"):
        verify_login_code(PHONE, old, "10.0.0.1")
    assert verify_login_code(PHONE, new, "10.0.0.1").phone == PHONE


def test_gateway_failure_is_explained_and_leaves_no_usable_code(db, settings, sms_outbox):
    settings.SMS_BACKEND = "gongfa.accounts.sms.FailingSmsBackend"
    with pytest.raises(DomainError) as exc:
        request_login_code(PHONE, "10.0.0.1")
    assert "短信发送失败" in exc.value.message and not isinstance(exc.value.__cause__, SmsError)
    assert not OneTimeCode.objects.exists()  # neither usable nor counted against the limits
    assert SmsMessage.objects.get().status == SmsMessage.Status.FAILED
    settings.SMS_BACKEND = "gongfa.accounts.sms.LocmemSmsBackend"
    request_login_code(PHONE, "10.0.0.1")  # no resend wait after a failed send
    assert len(sms_outbox) == 1


# --- the page ---------------------------------------------------------------------------------


def test_page_is_plain_and_phone_friendly(client, db):
    page = client.get(URL).content.decode()
    assert 'type="tel"' in page and 'autocomplete="tel"' in page and 'inputmode="tel"' in page
    assert "获取验证码" in page and "12348" in page
    assert page_errors(page) == ""


def test_posting_a_phone_sends_a_code_and_goes_to_step_two(client, db, sms_outbox):
    response = client.post(URL, {"phone": "138 1234 5678", "next": "/ask/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/verify/?next=%2Fask%2F"
    assert PHONE not in response["Location"]  # the phone travels in the session, not the URL
    assert client.session["accounts_login_phone"] == PHONE
    assert sms_outbox[0][0] == PHONE
    assert str(OneTimeCode.objects.get().requested_ip) == "127.0.0.1"


def test_external_next_is_dropped(client, db):
    response = client.post(URL, {"phone": PHONE, "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/verify/"


def test_malformed_phone_shows_an_error_and_changes_nothing(client, db, sms_outbox):
    response = client.post(URL, {"phone": "1381234"})
    assert response.status_code == 400  # refused: the form again with its errors
    errors = page_errors(response.content.decode())
    assert "手机号格式不对" in errors and 'href="#id_phone"' in errors
    assert "accounts_login_phone" not in client.session
    assert not OneTimeCode.objects.exists() and not sms_outbox


def test_html_in_the_phone_is_shown_escaped(client, db):
    page = client.post(URL, {"phone": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_signed_in_citizen_is_sent_on(client, db):
    client.force_login(CitizenFactory())
    assert client.get(URL)["Location"] == reverse("portal:my_items")


def test_sending_again_too_soon_from_the_same_session_goes_back_to_step_two(client, db, sms_outbox):
    client.post(URL, {"phone": PHONE})
    response = client.post(URL, {"phone": PHONE}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/verify/"
    assert "验证码刚刚已发送到 138****5678" in response.content.decode()
    assert len(sms_outbox) == 1


def test_sending_again_too_soon_from_another_session_is_explained(client, db, sms_outbox):
    request_login_code(PHONE, "10.0.0.3")
    response = client.post(URL, {"phone": PHONE})
    assert "验证码已发送，请 60 秒后再重新获取" in page_errors(response.content.decode())
    assert len(sms_outbox) == 1
