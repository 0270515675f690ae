"""API tokens for integrations (12345, kiosks, a WeChat mini-program).

A token acts as one user account (what that account may see and do is decided by the selectors,
as for a person) and is limited further by its scopes. Only a SHA-256 hash of the secret is
stored; the token itself (gf_<prefix>_<secret>) is shown once, when it is issued.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class TokenScope(models.TextChoices):
    """What a token may do (接口权限范围)."""

    WORKORDERS_CREATE = "workorders:create", "提交工单"
    WORKORDERS_READ = "workorders:read", "查询工单"
    WORKORDERS_ACT = "workorders:act", "办理工单"
    INBOUND_12345 = "12345:inbound", "接收12345转办"
    LEGALAID_READ = "legalaid:read", "查询法律援助案件"
    LEGALAID_ACT = "legalaid:act", "办理法律援助案件"
    MEDIATION_READ = "mediation:read", "查询人民调解案件"
    MEDIATION_ACT = "mediation:act", "办理人民调解案件"
    APPOINTMENTS_BOOK = "appointments:book", "代为预约公证"
    APPOINTMENTS_READ = "appointments:read", "查询预约、公证案件和司法鉴定委托引导"
    APPOINTMENTS_ACT = "appointments:act", "办理预约、公证案件和司法鉴定委托引导"
    OUTREACH_LOG = "outreach:log", "登记村(居)法律顾问工作日志"
    OUTREACH_READ = "outreach:read", "查询法律顾问覆盖情况"
    HOTLINE_CTI = "hotline:cti", "12348话务系统对接（振铃、接听、挂机、话单导入、留言）"


def validate_scopes(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("请至少选择一项权限范围。", code="scopes_required")
    unknown = [scope for scope in value if scope not in TokenScope.values]
    if unknown:
        raise ValidationError(
            "未知的权限范围：%(unknown)s（可选：%(known)s）。",
            code="unknown_scope",
            params={"unknown": ", ".join(map(str, unknown)), "known": ", ".join(TokenScope.values)},
        )


class ApiToken(models.Model):
    """An integration's credential (接口令牌)."""

    name = models.CharField("名称", max_length=64, help_text="用途，如“12345对接”“大厅自助终端”")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="代表账号",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="接口以该账号的身份和数据范围访问",
    )
    prefix = models.CharField("令牌前缀", max_length=8, unique=True, editable=False)
    key_hash = models.CharField("令牌摘要", max_length=64, editable=False)
    scopes = models.JSONField("权限范围", default=list, validators=[validate_scopes])
    created_at = models.DateTimeField("签发时间", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (gf_{self.prefix}_…)"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        return not self.is_revoked and not self.is_expired(now) and self.user.is_active

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def state_label(self) -> str:
        if self.is_revoked:
            return "已吊销"
        if self.is_expired():
            return "已过期"
        return "有效"
