"""Pluggable SMS sending (短信). settings.SMS_BACKEND names the backend class.

A real gateway (e.g. a provincial SMS platform or a cloud SMS service) implements the same
`send(phone, message)` interface. Backends here:
- ConsoleSmsBackend: logs the message (development; how the demo shows one-time codes);
- LocmemSmsBackend: keeps an outbox in memory (tests);
- FailingSmsBackend: always raises (tests of retry paths).
"""

from __future__ import annotations

import logging
import re
from typing import Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from gongfa.core.masking import mask_phone

logger = logging.getLogger("gongfa.sms")
_CODE_LIKE = re.compile(r"[0-9]{4,}")


class SmsError(Exception):
    """The gateway refused or could not be reached; callers may retry."""


# Options of every Celery task that sends one text: retried with backoff while the gateway is
# unreachable, and time limits well under the broker's visibility timeout (config/celery.py).
SMS_TASK_OPTIONS: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (SmsError, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 30,
    "time_limit": 60,
}


class BaseSmsBackend:
    name = "base"

    def send(self, phone: str, message: str) -> str:
        """Send one message; return the gateway's message id. Raise SmsError on failure."""
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    name = "console"

    def send(self, phone: str, message: str) -> str:
        # Development (DEBUG) shows the text so the demo can log in; the number is masked by the
        # log filter. With DEBUG off a login code must never reach a log: digit runs are starred.
        text = message if settings.DEBUG else _CODE_LIKE.sub(lambda m: "*" * len(m.group(0)), message)
        logger.warning("[SMS to %s] 【%s】%s", mask_phone(phone), settings.SMS_SIGN_NAME, text)
        return "console"


class LocmemSmsBackend(BaseSmsBackend):
    name = "locmem"
    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, message: str) -> str:
        self.outbox.append((phone, message))
        return f"locmem-{len(self.outbox)}"


class FailingSmsBackend(BaseSmsBackend):
    name = "failing"

    def send(self, phone: str, message: str) -> str:
        raise SmsError("SMS gateway unavailable")


def get_backend() -> BaseSmsBackend:
    backend_class = import_string(settings.SMS_BACKEND)
    backend = backend_class()
    if not isinstance(backend, BaseSmsBackend):
        raise TypeError(f"{settings.SMS_BACKEND} is not an SMS backend")
    return backend


def send_sms(phone: str, message: str, *, purpose: str, dedupe_key: str | None = None, secret: bool = False) -> bool:
    """Send a message and log it (masked). With a dedupe_key a message is sent at most once, so a
    retried task does not text the citizen twice. `secret` keeps the text (e.g. a code) out of the log.
    Returns False when the message had already been sent."""
    from gongfa.accounts.models import SmsMessage

    record: SmsMessage | None = None
    if dedupe_key:
        try:
            with transaction.atomic():
                record = SmsMessage.objects.create(
                    phone_masked=mask_phone(phone), purpose=purpose, dedupe_key=dedupe_key, body=""
                )
        except IntegrityError:
            existing = SmsMessage.objects.filter(dedupe_key=dedupe_key).first()
            if existing is not None and existing.status == SmsMessage.Status.SENT:
                return False
            record = existing
    backend = get_backend()
    try:
        gateway_id = backend.send(phone, message)
    except SmsError:
        if record is not None:
            SmsMessage.objects.filter(pk=record.pk).update(status=SmsMessage.Status.FAILED)
        raise
    values = {
        "status": SmsMessage.Status.SENT,
        "backend": backend.name,
        "gateway_id": gateway_id[:64],
        "body": "（含验证码，不记录）" if secret else message,
    }
    if record is not None:
        SmsMessage.objects.filter(pk=record.pk).update(**values)
    else:
        SmsMessage.objects.create(phone_masked=mask_phone(phone), purpose=purpose, **values)
    return True
