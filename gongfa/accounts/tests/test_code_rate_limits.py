"""Limits on asking for codes: resend interval, per phone and per IP per hour (验证码发送限制)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from gongfa.accounts.models import OneTimeCode
from gongfa.accounts.services import request_login_code
from gongfa.core.errors import RateLimited

from .helpers import page_errors

PHONE = "13812345678"
IP = "10.0.0.1"


@pytest.fixture
def start():
    return timezone.now().replace(microsecond=0)


def _at(start, seconds):
    return time_machine.travel(start + datetime.timedelta(seconds=seconds), tick=False)


def test_resend_interval(db, sms_outbox, start, settings):
    assert settings.OTP_RESEND_INTERVAL_SECONDS == 60
    with _at(start, 0):
        request_login_code(PHONE, IP)
    with _at(start, 45), pytest.raises(RateLimited) as exc:
        request_login_code(PHONE, IP)
    assert exc.value.message == "验证码已发送，请 15 秒后再重新获取。" and exc.value.code == "resend_too_soon"
    assert len(sms_outbox) == 1 and OneTimeCode.objects.count() == 1
    with _at(start, 60):
        request_login_code(PHONE, IP)
    assert len(sms_outbox) == 2


def test_resend_interval_is_per_phone(db, sms_outbox, start):
    with _at(start, 0):
        request_login_code(PHONE, IP)
        request_login_code("13900000000", IP)
    assert len(sms_outbox) == 2


def test_per_phone_hourly_limit(db, sms_outbox, start, settings):
    settings.OTP_MAX_PER_PHONE_PER_HOUR = 3
    for minute in range(3):
        with _at(start, minute * 60):
            request_login_code(PHONE, f"10.0.0.{minute + 1}")  # different addresses: only the phone limit applies
    with _at(start, 10 * 60), pytest.raises(RateLimited) as exc:
        request_login_code(PHONE, "10.0.0.9")
    assert exc.value.message == "这个手机号获取验证码的次数太多了，请 50 分钟后再试。"
    assert exc.value.code == "phone_hourly_limit"
    assert len(sms_outbox) == 3
    # The window slides: an hour after the first code, one more may be sent.
    with _at(start, 60 * 60 + 1):
        request_login_code(PHONE, "10.0.0.9")
    assert len(sms_outbox) == 4
    settings.OTP_RESEND_INTERVAL_SECONDS = 0
    with _at(start, 60 * 60 + 2), pytest.raises(RateLimited):
        request_login_code(PHONE, "10.0.0.9")  # the codes of minutes 1 and 2 are still in the window


def test_per_ip_hourly_limit(db, sms_outbox, start, settings):
    settings.OTP_MAX_PER_IP_PER_HOUR = 3
    with _at(start, 0):
        for i in range(3):
            request_login_code(f"1390000000{i}", IP)
    with _at(start, 30 * 60):
        with pytest.raises(RateLimited) as exc:
            request_login_code("13900000009", IP)
        assert exc.value.message == "您所在的网络获取验证码的次数太多了，请 30 分钟后再试。"
        assert exc.value.code == "ip_hourly_limit"
        request_login_code("13900000009", "10.0.0.2")  # another address is fine
    assert len(sms_outbox) == 4


def test_limits_are_counted_in_the_database_not_the_cache(db, start, settings):
    settings.OTP_MAX_PER_PHONE_PER_HOUR = 1
    with _at(start, 0):
        request_login_code(PHONE, IP)
    cache.clear()  # another web process has its own (empty) cache
    with _at(start, 120), pytest.raises(RateLimited):
        request_login_code(PHONE, IP)


def test_malformed_phone_does_not_count(db, sms_outbox, settings):
    settings.OTP_MAX_PER_IP_PER_HOUR = 1
    with pytest.raises(Exception, match="手机号格式不对"):
        request_login_code("123", IP)
    request_login_code(PHONE, IP)
    assert len(sms_outbox) == 1


def test_the_page_shows_the_limit(client, db, settings, sms_outbox):
    settings.OTP_MAX_PER_IP_PER_HOUR = 1
    client.post("/accounts/login/", {"phone": PHONE})
    response = client.post("/accounts/login/", {"phone": "13900000000"})
    assert response.status_code == 400  # refused: the form again with its errors
    assert "您所在的网络获取验证码的次数太多了" in page_errors(response.content.decode())
    assert len(sms_outbox) == 1
    assert client.session["accounts_login_phone"] == PHONE  # unchanged by the refused request
