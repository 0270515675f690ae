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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What a token may do (接口权限范围)."""

    WORKORDERS_CREATE = "workorders:create", _("提交工单")
    WORKORDERS_READ = "workorders:read", _("查询工单")
    WORKORDERS_ACT = "workorders:act", _("办理工单")
    INBOUND_12345 = "12345:inbound", _("接收12345转办")
    LEGALAID_READ = "legalaid:read", _("查询法律援助案件")
    LEGALAID_ACT = "legalaid:act", _("办理法律援助案件")
    MEDIATION_READ = "mediation:read", _("查询人民调解案件")
    MEDIATION_ACT = "mediation:act", _("办理人民调解案件")
    APPOINTMENTS_BOOK = "appointments:book", _("代为预约公证")
    APPOINTMENTS_READ = "appointments:read", _("查询预约、公证案件和司法鉴定委托引导")
    APPOINTMENTS_ACT = "appointments:act", _("办理预约、公证案件和司法鉴定委托引导")
    OUTREACH_LOG = "outreach:log", _("登记村(居)法律顾问工作日志")
    OUTREACH_READ = "outreach:read", _("查询法律顾问覆盖情况")
    HOTLINE_CTI = "hotline:cti", _("12348话务系统对接（振铃、接听、挂机、话单导入、留言）")
    DRAFTING_READ = "drafting:read", _("查询文书代书")
    DRAFTING_ACT = "drafting:act", _("文书代书（填写、生成文书、申请律师审核）")


def validate_scopes(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(gettext("请至少选择一项权限范围。"), code="scopes_required")
    unknown = [scope for scope in value if scope not in TokenScope.values]
    if unknown:
        raise ValidationError(
            gettext("未知的权限范围：%(unknown)s（可选：%(known)s）。"),
            code="unknown_scope",
            params={"unknown": ", ".join(map(str, unknown)), "known": ", ".join(TokenScope.values)},
        )


class ApiToken(models.Model):
    """An integration's credential (接口令牌)."""

    name = models.CharField(_("名称"), max_length=64, help_text=_("用途，如“12345对接”“大厅自助终端”"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表账号"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("接口以该账号的身份和数据范围访问"),
    )
    prefix = models.CharField(_("令牌前缀"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, editable=False)
    scopes = models.JSONField(_("权限范围"), default=list, validators=[validate_scopes])
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
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
