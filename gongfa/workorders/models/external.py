"""Updates sent back to the system an order came from (回传12345): acceptance, progress, result.

Queued after commit and retried until the other side acknowledges; every attempt is kept and
shown on the order."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.workorders.choices import ExternalSystem, ExternalUpdateKind, ExternalUpdateStatus


class ExternalUpdate(models.Model):
    """One message to the external system about an order (回传记录)."""

    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("工单"), on_delete=models.CASCADE, related_name="external_updates"
    )
    system = models.CharField(_("外部系统"), max_length=16, choices=ExternalSystem.choices)
    kind = models.CharField(_("回传内容"), max_length=12, choices=ExternalUpdateKind.choices)
    body = models.TextField(_("回传说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=ExternalUpdateStatus.choices, default=ExternalUpdateStatus.PENDING
    )
    # [{"at": iso time, "ok": bool, "error": str, "reference": str}], oldest first.
    attempts = models.JSONField(_("发送记录"), default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("下次发送时间"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("对方确认时间"), null=True, blank=True)
    reference = models.CharField(_("对方回执编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("外部系统回传")
        verbose_name_plural = _("外部系统回传")
        ordering = ["created_at", "pk"]
        indexes = [
            # The retry sweep reads only what is still waiting, soonest first.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="wo_external_update_pending"),
            models.Index(fields=["order", "created_at"], name="wo_external_update_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.get_kind_display()} {self.get_status_display()}"
