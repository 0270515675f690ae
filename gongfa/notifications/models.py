"""Notifications (站内通知): what a person should know about, shown in the workbench and portal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.notifications import registry
from gongfa.notifications.choices import NoticeKind


class Notification(models.Model):
    """One message to one person; `dedupe_key` makes a retried sender create it only once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=128)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=255, blank=True)
    kind = models.CharField(_("类型"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    sms_requested = models.BooleanField(_("同时发短信"), default=False)
    sms_sent_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=128, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"], name="notif_recipient_unread")]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Subscription(models.Model):
    """A row of the subscription table (通知订阅): when an event of `event_kind` is recorded, the
    people `recipients` names get this message in-app, and by SMS when `sms` is on and their
    preference allows it. Data, edited in the admin; seeded by migration 0003."""

    event_kind = models.CharField(_("事件"), max_length=64, choices=registry.event_kind_choices)
    recipients = models.CharField(_("接收人"), max_length=64, choices=registry.resolver_choices)
    notice_kind = models.CharField(_("通知类型"), max_length=32, choices=NoticeKind.choices, default=NoticeKind.OTHER)
    title_template = models.CharField(
        _("标题模板"), max_length=128, help_text=_("可用占位符如 {number}、{reason}，见事件说明")
    )
    body_template = models.TextField(_("内容模板"), blank=True)
    link_template = models.CharField(_("链接模板"), max_length=255, blank=True, default="{link}")
    sms = models.BooleanField(_("同时发短信"), default=False, help_text=_("仍以接收人本人的短信设置为准"))
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("通知订阅")
        verbose_name_plural = _("通知订阅")
        ordering = ["event_kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event_kind", "recipients"], name="notifications_one_rule_per_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.event_kind} → {self.recipients}"

    def save(self, *args: object, **kwargs: object) -> None:
        from gongfa.notifications.services import forget_subscribed_event_kinds

        super().save(*args, **kwargs)  # type: ignore[arg-type]
        forget_subscribed_event_kinds()

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        from gongfa.notifications.services import forget_subscribed_event_kinds

        deleted = super().delete(*args, **kwargs)  # type: ignore[arg-type]
        forget_subscribed_event_kinds()
        return deleted

    def clean(self) -> None:
        errors: dict[str, str] = {}
        kind = registry.event_kind(self.event_kind)
        if kind is None:
            errors["event_kind"] = f"未登记的事件：{self.event_kind}。"
        if registry.resolver(self.recipients) is None:
            errors["recipients"] = f"未登记的接收人规则：{self.recipients}。"
        allowed = set(kind.all_placeholders) if kind is not None else None
        for field in ("title_template", "body_template", "link_template"):
            try:
                names = registry.placeholders_in(getattr(self, field))
            except ValueError:
                errors[field] = "花括号不成对；占位符写作 {number}，字面的花括号写作 {{ 或 }}。"
                continue
            bad = [name for name in names if not name.isidentifier()]
            if bad:
                errors[field] = f"占位符只能是名称（如 {{number}}），不能是：{'、'.join(bad)}。"
            elif allowed is not None and (unknown := [name for name in names if name not in allowed]):
                errors[field] = f"该事件没有占位符 {'、'.join(unknown)}；可用：{'、'.join(sorted(allowed))}。"
        if errors:
            raise ValidationError(errors)


class NotificationPreference(models.Model):
    """A person's notification settings (通知设置). In-app notices always arrive; SMS is theirs
    to turn off, altogether or for some kinds of notice (e.g. keep 督办 by SMS, drop 即将超时).
    No row means the defaults (SMS on for every kind)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    sms_enabled = models.BooleanField(_("接收短信提醒"), default=True)
    # The kinds turned off (not those kept), so a kind added later reaches SMS like the rest.
    sms_muted_kinds = models.JSONField(
        _("不发短信的通知类型"), default=list, blank=True, help_text=_("通知类型代码列表；这些类型只在站内通知")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return f"{self.user_id}: {'短信' if self.sms_enabled else '仅站内'}"
