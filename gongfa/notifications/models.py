"""Notifications (站内通知): what a person should know about, shown in the workbench and portal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One message to one person; `dedupe_key` makes a retried sender create it only once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("标题", max_length=128)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=255, blank=True)
    kind = models.CharField("类型", max_length=32, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    sms_requested = models.BooleanField("同时发短信", default=False)
    sms_sent_at = models.DateTimeField("短信发送时间", null=True, blank=True)
    dedupe_key = models.CharField("去重键", max_length=128, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"], name="notif_recipient_unread")]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
