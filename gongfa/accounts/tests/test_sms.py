"""The pluggable SMS sender (短信通道) and its masked log."""

from __future__ import annotations

import logging

import pytest

from gongfa.accounts.models import SmsMessage
from gongfa.accounts.sms import ConsoleSmsBackend, LocmemSmsBackend, SmsError, get_backend, send_sms

PHONE = "13812345678"


def test_tests_use_the_locmem_backend(settings):
    assert isinstance(get_backend(), LocmemSmsBackend)


def test_send_logs_a_masked_record(db, sms_outbox):
    assert send_sms(PHONE, "您的事项已答复。", purpose="answered") is True
    assert sms_outbox == [(PHONE, "您的事项已答复。")]
    log = SmsMessage.objects.get()
    assert log.phone_masked == "138****5678" and log.purpose == "answered"
    assert log.status == SmsMessage.Status.SENT and log.backend == "locmem" and log.gateway_id == "locmem-1"
    assert log.body == "您的事项已答复。"
    assert PHONE not in str(log)


def test_secret_text_is_not_logged(db, sms_outbox):
    send_sms(PHONE, "验证码是654321", purpose="login_code", secret=True)
    assert sms_outbox[0][1] == "验证码是654321"
    assert "654321" not in SmsMessage.objects.get().body


def test_dedupe_key_sends_once(db, sms_outbox):
    assert send_sms(PHONE, "提醒", purpose="reminder", dedupe_key="wo-1:answered") is True
    assert send_sms(PHONE, "提醒", purpose="reminder", dedupe_key="wo-1:answered") is False
    assert len(sms_outbox) == 1 and SmsMessage.objects.count() == 1


def test_failure_is_recorded_and_raised(db, settings):
    settings.SMS_BACKEND = "gongfa.accounts.sms.FailingSmsBackend"
    with pytest.raises(SmsError):
        send_sms(PHONE, "提醒", purpose="reminder", dedupe_key="k1")
    assert SmsMessage.objects.get().status == SmsMessage.Status.FAILED
    # A retry after the gateway recovers sends it (the failed record is reused, not duplicated).
    settings.SMS_BACKEND = "gongfa.accounts.sms.LocmemSmsBackend"
    assert send_sms(PHONE, "提醒", purpose="reminder", dedupe_key="k1") is True
    assert SmsMessage.objects.get().status == SmsMessage.Status.SENT


def test_console_backend_prints_the_message_in_debug(caplog, settings):
    settings.DEBUG = True
    with caplog.at_level(logging.WARNING, logger="gongfa.sms"):
        assert ConsoleSmsBackend().send(PHONE, "验证码是123456") == "console"
    assert "验证码是123456" in caplog.text
    assert PHONE not in caplog.text and "138****5678" in caplog.text


def test_console_backend_never_prints_a_code_with_debug_off(caplog, settings):
    settings.DEBUG = False
    with caplog.at_level(logging.WARNING, logger="gongfa.sms"):
        ConsoleSmsBackend().send(PHONE, "您的登录验证码是123456，5分钟内有效。")
    assert "123456" not in caplog.text and PHONE not in caplog.text
    assert "验证码是******" in caplog.text


def test_a_class_that_is_not_a_backend_is_refused(settings):
    settings.SMS_BACKEND = "gongfa.accounts.models.SmsMessage"
    with pytest.raises(TypeError):
        get_backend()
