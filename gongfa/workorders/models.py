"""Work orders (工单): every request from every channel, tracked from intake to the rating.

This is the first slice: a citizen's question routed to a village room (or its township station),
answered by staff and rated by the citizen. Issue #3 grows it into the full engine.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.workorders.choices import Rating, WorkOrderStatus


class WorkOrderQuerySet(models.QuerySet["WorkOrder"]):
    def open(self) -> WorkOrderQuerySet:
        return self.exclude(status=WorkOrderStatus.CLOSED)


class WorkOrder(models.Model):
    """One tracked request (工单), with one current owner at any time (首办负责制)."""

    tracking_number = models.CharField("工单编号", max_length=20, unique=True)
    channel = models.CharField("渠道", max_length=32, choices=Channel.choices, default=Channel.PORTAL)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    region = models.ForeignKey(
        "network.Region", verbose_name="所在村(社区)", on_delete=models.PROTECT, related_name="work_orders"
    )
    text = models.TextField("问题描述")
    status = models.CharField(
        "状态", max_length=16, choices=WorkOrderStatus.choices, default=WorkOrderStatus.NEW, db_index=True
    )
    owner_point = models.ForeignKey(
        "network.ServicePoint", verbose_name="承办服务点", on_delete=models.PROTECT, related_name="work_orders"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_work_orders",
    )
    first_owner_point = models.ForeignKey(
        "network.ServicePoint", verbose_name="首办服务点", on_delete=models.PROTECT, related_name="+"
    )
    routing_reason = models.CharField("派单依据", max_length=255, blank=True)
    answer = models.TextField("答复内容", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField("评价", choices=Rating.choices, null=True, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner_point", "status", "created_at"], name="wo_point_status_created"),
            models.Index(fields=["requester", "created_at"], name="wo_requester_created"),
            models.Index(fields=["owner_user", "status"], name="wo_owner_user_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="wo_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def get_absolute_url(self) -> str:
        return reverse("portal:item_detail", args=[self.tracking_number])

    @property
    def summary(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:40] + "…"

    def can_be_rated(self) -> bool:
        return self.status == WorkOrderStatus.ANSWERED and self.rating is None


class TrackingSequence(models.Model):
    """Per-day counter behind tracking numbers (GF20261124-00123); incremented under a row lock."""

    day = models.DateField("日期", unique=True)
    last_value = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "工单编号序列"
        verbose_name_plural = "工单编号序列"

    def __str__(self) -> str:
        return f"{self.day}: {self.last_value}"


def format_tracking_number(day: datetime.date, value: int) -> str:
    return f"GF{day:%Y%m%d}-{value:05d}"
