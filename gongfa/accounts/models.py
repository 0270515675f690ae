"""People (用户): one user model for citizens and staff, with real-name fields masked by default."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import STAFF_ROLES, Role
from gongfa.core.crypto import blind_index
from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.core.validators import validate_id_number, validate_mobile


class PersonManager(UserManager["User"]):
    def get_queryset(self) -> BlindIndexedQuerySet[User]:
        # update()/bulk_update() of phone or ID number would leave the blind index stale: refused.
        return BlindIndexedQuerySet(self.model, using=self._db)

    def with_phone(self, phone: str) -> models.QuerySet[User]:
        """Users whose phone is `phone`, through the blind index (the phone column is encrypted)."""
        return self.filter(phone_hash=blind_index(phone, "phone"))

    def with_id_number(self, id_number: str) -> models.QuerySet[User]:
        return self.filter(id_number_hash=blind_index(id_number, "id_number"))


class User(BlindIndexedModelMixin, AbstractUser):
    """A person who signs in (用户). Citizens sign in by phone and one-time code, staff by password."""

    first_name = None  # type: ignore[assignment]  # Chinese names are one field: real_name
    last_name = None  # type: ignore[assignment]

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.CITIZEN, db_index=True)
    real_name = models.CharField(_("姓名"), max_length=64, blank=True)
    # Encrypted at rest; found by the blind index beside each (User.objects.with_phone(...)).
    phone = EncryptedCharField(_("手机号"), max_length=11, blank=True, validators=[validate_mobile])
    phone_hash = BlindIndexField(_("手机号盲索引"), source="phone", kind="phone")
    id_number = EncryptedCharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    id_number_hash = BlindIndexField(_("身份证号盲索引"), source="id_number", kind="id_number")
    elder_mode = models.BooleanField(_("适老化模式"), default=False)
    failed_login_count = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    objects: ClassVar[PersonManager] = PersonManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # A phone number identifies at most one citizen account (it is how citizens sign in).
            models.UniqueConstraint(
                fields=["phone_hash"],
                condition=Q(role=Role.CITIZEN) & ~Q(phone_hash=""),
                name="accounts_user_unique_citizen_phone",
                violation_error_message="该手机号已有群众账号。",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    def get_full_name(self) -> str:
        return self.real_name

    def get_short_name(self) -> str:
        return self.real_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN

    @property
    def is_platform_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    def is_locked(self, now: datetime.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    # Masked forms: what every list, export and log shows.
    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def listed_name(self) -> str:
        """The name shown in lists and timelines: citizens masked (personal data), staff in full."""
        return (self.masked_name or "群众") if self.is_citizen else self.display_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.real_name)


class SmsMessage(models.Model):
    """Log of text messages sent (短信发送记录); numbers masked, one-time codes never stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    phone_masked = models.CharField(_("手机号"), max_length=16)
    purpose = models.CharField(_("用途"), max_length=32)
    body = models.TextField(_("内容"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    backend = models.CharField(_("通道"), max_length=32, blank=True)
    gateway_id = models.CharField(_("通道消息号"), max_length=64, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=128, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("短信记录")
        verbose_name_plural = _("短信记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.phone_masked} {self.purpose}"


class OneTimeCode(BlindIndexedModelMixin, models.Model):
    """A one-time login code sent by SMS (短信验证码). Only an HMAC of the code is stored.

    Rows are also the rate-limit ledger: the per-phone and per-IP hourly limits count them, so the
    limits hold across web processes and nodes.
    """

    phone = EncryptedCharField(_("手机号"), max_length=11)
    phone_hash = BlindIndexField(_("手机号盲索引"), source="phone", kind="phone", db_index=False)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"))
    used_at = models.DateTimeField(_("使用/作废时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    requested_ip = models.GenericIPAddressField(_("请求IP"), null=True, blank=True)

    objects = BlindIndexedQuerySet["OneTimeCode"].as_manager()

    class Meta:
        verbose_name = _("登录验证码")
        verbose_name_plural = _("登录验证码")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["phone_hash", "created_at"], name="accounts_otp_phonehash_created"),
            models.Index(fields=["requested_ip", "created_at"], name="accounts_otp_ip_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.masked_phone}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())
