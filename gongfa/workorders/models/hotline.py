"""The 12348 hotline's switch-side records (话务): queues, call records and quality inspection.

The call-centre software (CTI) reports each call through the API: when it rings, when it is
answered and when it ends; whole days of call records can also be imported. These rows feed the
hotline's KPIs (answer rate, average handling time, quality-sample rate; rules.md §4).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_phone
from gongfa.workorders.choices import CallDirection, CallOutcome, CallResult, CallSource


class HotlineQueue(models.Model):
    """A queue of the call-centre switch (热线队列), answered at one service point.

    The point's duty roster (network.DutyShift) says whether a call is in or out of hours, and the
    point's region is where the call counts."""

    code = models.SlugField(_("队列代码"), max_length=32, unique=True, help_text=_("与话务系统中的队列编号一致"))
    name = models.CharField(_("名称"), max_length=64)
    point = models.ForeignKey(
        "network.ServicePoint", verbose_name=_("接听服务点"), on_delete=models.PROTECT, related_name="hotline_queues"
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("热线队列")
        verbose_name_plural = _("热线队列")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class CallRecord(BlindIndexedModelMixin, models.Model):
    """One call through the hotline switch (话单): rang, answered or abandoned, and how long."""

    call_id = models.CharField(_("呼叫编号"), max_length=64, unique=True, help_text=_("话务系统的呼叫编号"))
    source = models.CharField(_("来源"), max_length=8, choices=CallSource.choices, default=CallSource.CTI)
    direction = models.CharField(_("方向"), max_length=8, choices=CallDirection.choices, default=CallDirection.INBOUND)
    queue = models.ForeignKey(
        HotlineQueue, verbose_name=_("队列"), null=True, blank=True, on_delete=models.PROTECT, related_name="calls"
    )
    region_code = models.CharField(
        _("区划代码"), max_length=12, blank=True, help_text=_("队列所在服务点的区划，用于统计")
    )
    caller_phone = EncryptedCharField(_("来电号码"), max_length=20, blank=True)
    caller_phone_hash = BlindIndexField(_("来电号码盲索引"), source="caller_phone", kind="phone")
    received_at = models.DateTimeField(_("来电时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("接听时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("挂机时间"), null=True, blank=True)
    wait_seconds = models.PositiveIntegerField(_("等待秒数"), null=True, blank=True)
    talk_seconds = models.PositiveIntegerField(_("通话秒数"), null=True, blank=True)
    outcome = models.CharField(_("话务结果"), max_length=12, choices=CallOutcome.choices, default=CallOutcome.RINGING)
    result = models.CharField(_("处理结果"), max_length=20, choices=CallResult.choices, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("坐席"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_calls",
    )
    agent_code = models.CharField(_("坐席工号"), max_length=32, blank=True)
    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("工单"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    recording_ref = models.CharField(_("录音编号"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = BlindIndexedQuerySet.as_manager()

    class Meta:
        verbose_name = _("话单")
        verbose_name_plural = _("话单")
        ordering = ["-received_at", "-pk"]
        indexes = [
            # KPIs by region and period; the agent's own list; quality sampling by day.
            models.Index(fields=["region_code", "received_at"], name="wo_call_region_received"),
            models.Index(fields=["agent", "received_at"], name="wo_call_agent_received"),
            models.Index(fields=["outcome", "received_at"], name="wo_call_outcome_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(answered_at__gte=models.F("received_at")),
                name="wo_call_answered_after_ring",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("received_at")),
                name="wo_call_ended_after_ring",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {mask_phone(self.caller_phone)}"

    @property
    def masked_caller(self) -> str:
        return mask_phone(self.caller_phone) or "号码未显示"


class QualityChecklistItem(models.Model):
    """One line of the hotline quality-inspection checklist (质检评分项), kept as data."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    text = models.CharField(_("检查内容"), max_length=200)
    guidance = models.CharField(_("评分说明"), max_length=255, blank=True)
    max_points = models.PositiveSmallIntegerField(_("分值"), validators=[MinValueValidator(1)])
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("质检评分项")
        verbose_name_plural = _("质检评分项")
        ordering = ["sort_order", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(max_points__gte=1), name="wo_qc_item_points")]

    def __str__(self) -> str:
        return f"{self.text}（{self.max_points}分）"


class QualityInspection(models.Model):
    """A supervisor's quality inspection of one call (话务质检), scored against the checklist.

    `scores` keeps the points per item code and `items` the checklist as it was, so a later edit of
    the checklist does not change past scores."""

    call = models.OneToOneField(CallRecord, verbose_name=_("话单"), on_delete=models.CASCADE, related_name="inspection")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("质检人"), on_delete=models.PROTECT, related_name="+"
    )
    items = models.JSONField(_("评分项（当时）"), default=list)
    scores = models.JSONField(_("得分"), default=dict)
    total = models.PositiveSmallIntegerField(_("总分"))
    max_total = models.PositiveSmallIntegerField(_("满分"))
    comment = models.TextField(_("质检意见"), blank=True)
    inspected_at = models.DateTimeField(_("质检时间"), default=timezone.now)

    class Meta:
        verbose_name = _("话务质检")
        verbose_name_plural = _("话务质检")
        ordering = ["-inspected_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__lte=models.F("max_total")), name="wo_qc_total_max")
        ]

    def __str__(self) -> str:
        return f"质检 {self.call.call_id} {self.total}/{self.max_total}"
