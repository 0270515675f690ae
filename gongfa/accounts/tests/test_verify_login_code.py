"""Step 2 of citizen login: type the code (输入验证码登录)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, authenticate
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import OneTimeCode, User
from gongfa.accounts.services import request_login_code, verify_login_code
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import CitizenFactory

from .helpers import page_errors

URL = "/accounts/login/verify/"
PHONE = "13812345678"
IP = "10.0.0.1"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** len(code):0{len(code)}d}"


# --- the service ------------------------------------------------------------------------------


def test_first_login_creates_the_citizen(db, last_code):
    request_login_code(PHONE, IP)
    user = verify_login_code(PHONE, last_code(), IP)
    assert user.pk is not None
    assert user.role == Role.CITIZEN and user.phone == PHONE
    # The username is opaque: no digit of the phone, so lists and logs that show it show no phone.
    assert not any(ch.isdigit() for ch in user.username)
    assert not user.has_usable_password()
    assert OneTimeCode.objects.get().used_at is not None
    event = Event.objects.get(verb="accounts.login_succeeded")
    assert event.subject_id == str(user.pk) and event.channel == "portal" and event.data == {"ip": IP}


def test_second_login_finds_the_same_citizen(db, last_code, settings):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    request_login_code(PHONE, IP)
    first = verify_login_code(PHONE, last_code(), IP)
    request_login_code("+86 138 1234 5678", IP)
    second = verify_login_code(PHONE, last_code(), IP)
    assert first.pk == second.pk
    assert User.objects.with_phone(PHONE).count() == 1


def test_existing_citizen_is_used(db, last_code):
    citizen = CitizenFactory(phone=PHONE, real_name="王小明")
    request_login_code(PHONE, IP)
    assert verify_login_code(PHONE, last_code(), IP) == citizen


def test_a_staff_phone_gets_its_own_citizen_account(db, clerk, last_code):
    assert clerk.phone == PHONE
    request_login_code(PHONE, IP)
    user = verify_login_code(PHONE, last_code(), IP)
    assert user.pk != clerk.pk and user.role == Role.CITIZEN and user.phone == PHONE
    clerk.refresh_from_db()
    assert clerk.role == Role.WINDOW_STAFF


def test_username_taken_by_someone_else_still_works(db, last_code):
    User.objects.create_user(username=f"c{PHONE}", role=Role.WINDOW_STAFF)
    request_login_code(PHONE, IP)
    user = verify_login_code(PHONE, last_code(), IP)
    assert user.role == Role.CITIZEN and PHONE not in user.username


def test_inactive_citizen_is_refused(db, last_code):
    CitizenFactory(phone=PHONE, is_active=False)
    request_login_code(PHONE, IP)
    with pytest.raises(DomainError, match="已停用"):
        verify_login_code(PHONE, last_code(), IP)


def test_expired_code_is_refused(db, last_code, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request_login_code(PHONE, IP)
    code = last_code()
    with time_machine.travel(start + datetime.timedelta(seconds=settings.OTP_TTL_SECONDS - 1), tick=False):
        # still valid one second before the end
        assert not OneTimeCode.objects.get().is_expired()
    later = start + datetime.timedelta(seconds=settings.OTP_TTL_SECONDS + 1)
    with time_machine.travel(later, tick=False), pytest.raises(DomainError) as exc:
        verify_login_code(PHONE, code, IP)
    assert exc.value.message == "验证码已过期，请重新获取。"
    assert not User.objects.exists()


def test_a_code_works_only_once(db, last_code):
    request_login_code(PHONE, IP)
    code = last_code()
    verify_login_code(PHONE, code, IP)
    with pytest.raises(DomainError) as exc:
        verify_login_code(PHONE, code, IP)
    assert "已经用过" in exc.value.message
    assert Event.objects.filter(verb="accounts.login_succeeded").count() == 1


def test_wrong_code_counts_an_attempt(db, last_code, settings):
    request_login_code(PHONE, IP)
    with pytest.raises(DomainError) as exc:
        verify_login_code(PHONE, _wrong(last_code()), IP)
    assert exc.value.message == f"验证码不正确，还可以再试 {settings.OTP_MAX_ATTEMPTS - 1} 次。"
    assert OneTimeCode.objects.get().attempts == 1
    assert not User.objects.exists()


def test_brute_force_burns_the_code_even_for_the_right_one_next(db, last_code, settings):
    request_login_code(PHONE, IP)
    code = last_code()
    for _ in range(settings.OTP_MAX_ATTEMPTS - 1):
        with pytest.raises(DomainError, match="验证码不正确"):
            verify_login_code(PHONE, _wrong(code), IP)
    with pytest.raises(DomainError) as exc:
        verify_login_code(PHONE, _wrong(code), IP)
    assert exc.value.message == "验证码错误次数过多，请重新获取。"
    with pytest.raises(DomainError) as exc:
        verify_login_code(PHONE, code, IP)
    assert exc.value.message == "验证码错误次数过多，请重新获取。"
    otp = OneTimeCode.objects.get()
    assert otp.attempts == settings.OTP_MAX_ATTEMPTS and otp.used_at is not None
    assert not User.objects.exists()


def test_a_new_code_works_after_a_burned_one(db, last_code, settings):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    settings.OTP_MAX_ATTEMPTS = 1
    request_login_code(PHONE, IP)
    with pytest.raises(DomainError, match="错误次数过多"):
        verify_login_code(PHONE, _wrong(last_code()), IP)
    request_login_code(PHONE, IP)
    assert verify_login_code(PHONE, last_code(), IP).phone == PHONE


def test_no_code_requested(db):
    with pytest.raises(DomainError, match="请先获取验证码"):
        verify_login_code(PHONE, "123456", IP)


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "12ab56", "<b>1</b>"])
def test_malformed_code_is_refused_without_using_an_attempt(db, bad):
    request_login_code(PHONE, IP)
    with pytest.raises(DomainError) as exc:
        verify_login_code(PHONE, bad, IP)
    assert exc.value.field == "code"
    assert OneTimeCode.objects.get().attempts == 0


def test_full_width_and_spaced_digits_are_accepted(db, last_code):
    request_login_code(PHONE, IP)
    code = last_code()
    typed = " ".join(chr(ord(d) + 0xFEE0) for d in code)  # １ ２ ３ … as some phone keyboards type them
    assert verify_login_code(PHONE, typed, IP).phone == PHONE


def test_codes_are_bound_to_their_phone(db, monkeypatch):
    monkeypatch.setattr("gongfa.accounts.services.secrets.randbelow", lambda n: 123456)
    request_login_code(PHONE, IP)
    request_login_code("13900000000", IP)
    hashes = set(OneTimeCode.objects.values_list("code_hash", flat=True))
    assert len(hashes) == 2  # same code, different phones: different hashes
    assert verify_login_code("13900000000", "123456", IP).phone == "13900000000"


def test_citizen_code_backend(rf, db, last_code):
    request = rf.post(URL)
    request_login_code(PHONE, IP)
    code = last_code()
    assert authenticate(request, phone=PHONE, code=_wrong(code)) is None
    user = authenticate(request, phone=PHONE, code=code)
    assert user is not None and user.phone == PHONE
    assert authenticate(request, phone=PHONE, code=code) is None  # used


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_verifications_cannot_both_succeed(pg_only, last_code):
    request_login_code(PHONE, IP)
    code = last_code()
    results, errors = run_concurrently(4, lambda _i: verify_login_code(PHONE, code, IP))
    outcomes = ["ok" for _ in results] + [exc.code for exc in errors if isinstance(exc, DomainError)]
    assert sorted(outcomes) == ["code_used", "code_used", "code_used", "ok"]
    assert User.objects.with_phone(PHONE).count() == 1
    assert Event.objects.filter(verb="accounts.login_succeeded").count() == 1


# --- the page ---------------------------------------------------------------------------------


def _start(client, next_url=None):
    data = {"phone": PHONE}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def test_verify_page_without_a_phone_goes_back_to_step_one(client, db):
    response = client.get(URL, {"next": "/ask/"})
    assert response["Location"] == "/accounts/login/?next=%2Fask%2F"


def test_verify_page_shows_the_masked_phone_and_a_numeric_code_field(client, db):
    _start(client)
    page = client.get(URL).content.decode()
    assert "138****5678" in page and PHONE not in page
    assert 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    assert "重新获取验证码" in page
    assert "服务器控制台" not in page


def test_debug_console_hint(client, db, settings):
    _start(client)
    settings.DEBUG = True
    settings.SMS_BACKEND = "gongfa.accounts.sms.ConsoleSmsBackend"
    assert "验证码打印在服务器控制台" in client.get(URL).content.decode()


def test_right_code_signs_the_citizen_in(client, db, last_code):
    _start(client)
    response = client.post(URL, {"code": last_code()})
    assert response.status_code == 302 and response["Location"] == reverse("portal:my_items")
    user = User.objects.with_phone(PHONE).get(role=Role.CITIZEN)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session[BACKEND_SESSION_KEY] == "gongfa.accounts.backends.CitizenCodeBackend"
    assert "accounts_login_phone" not in client.session
    assert client.get(reverse("portal:my_items")).status_code == 200


def test_safe_next_is_followed_and_external_is_ignored(client, db, last_code, settings):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    _start(client, "/ask/")
    assert client.post(URL + "?next=%2Fask%2F", {"code": last_code()})["Location"] == "/ask/"
    client.logout()
    _start(client)
    response = client.post(URL, {"code": last_code(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:my_items")


def test_wrong_code_shows_an_error_and_does_not_sign_in(client, db, last_code):
    _start(client)
    response = client.post(URL, {"code": _wrong(last_code())})
    assert response.status_code == 400  # refused: the form again with its errors
    assert "验证码不正确，还可以再试 4 次" in page_errors(response.content.decode())
    assert SESSION_KEY not in client.session
    assert client.session["accounts_login_phone"] == PHONE


def test_empty_and_malformed_code_messages(client, db):
    _start(client)
    assert "请输入验证码" in page_errors(client.post(URL, {"code": ""}).content.decode())
    page = client.post(URL, {"code": "<i>12</i>"}).content.decode()
    assert "6位数字" in page_errors(page)
    assert "<i>12</i>" not in page and "&lt;i&gt;12&lt;/i&gt;" in page
    assert OneTimeCode.objects.get().attempts == 0


def test_resend_button_sends_a_new_code(client, db, sms_outbox, last_code, monkeypatch):
    codes = iter([111111, 222222])
    monkeypatch.setattr("gongfa.accounts.services.secrets.randbelow", lambda n: next(codes))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _start(client)
    old = last_code()
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        response = client.post(URL, {"action": "resend"}, follow=True)
        assert "新的验证码已发送到 138****5678" in response.content.decode()
        assert len(sms_outbox) == 2
        new = last_code()
        assert new != old
        assert "验证码不正确" in page_errors(client.post(URL, {"code": old}).content.decode())
        assert client.post(URL, {"code": new}).status_code == 302


def test_resend_too_soon_says_how_long_to_wait(client, db, sms_outbox):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _start(client)
    with time_machine.travel(start + datetime.timedelta(seconds=20), tick=False):
        response = client.post(URL, {"action": "resend"})
    assert "请 40 秒后再重新获取" in page_errors(response.content.decode())
    assert len(sms_outbox) == 1
