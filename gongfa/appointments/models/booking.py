"""Booking (预约): each office publishes weekly slot templates per room, notary, home-visit team,
agency point or video desk, and its closures; a citizen or staff on their behalf books one slot.

A slot is (resource, date, start time). At most one booking holds it: a partial unique constraint
over the slot-holding statuses makes double booking impossible whatever the concurrency; the
services turn the IntegrityError into a clear "已被预约" error."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import (
    SLOT_HOLDING_STATUSES,
    BookingChannel,
    BookingMode,
    BookingStatus,
    ResourceKind,
    SpecialGroup,
)
from gongfa.appointments.models.matters import NotarialMatter
from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_name, mask_phone
from gongfa.network.models import Agency, ServicePoint


class Sequence(models.Model):
    """Per-year counters for the numbers of bookings, cases and referrals (预约号、公证案号、引导编号)."""

    kind = models.CharField(_("编号种类"), max_length=16)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("编号")
        verbose_name_plural = _("编号")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="appointments_sequence_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.last_value}"


class BookableResource(models.Model):
    """预约资源: a room (业务室) or a notary at the office, the home-visit team, an agency point (代办点)
    in a remote township, or the video desk. Each takes one appointment per slot."""

    office = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="booking_resources"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=ResourceKind.choices, default=ResourceKind.ROOM)
    name = models.CharField(_("名称"), max_length=64, help_text=_("如“第一业务室”“张公证员”“某某镇代办点”"))
    notary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公证员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking_resources",
    )
    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("代办点所在服务点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booking_resources",
        help_text=_("代办点：设在乡镇公共法律服务工作站等处"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("预约资源")
        verbose_name_plural = _("预约资源")
        ordering = ["office", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="appointments_resource_name_once")]

    def __str__(self) -> str:
        return f"{self.office.name}·{self.name}"


class SlotTemplate(models.Model):
    """每周时段模板: on this weekday, from starts_at to ends_at, the resource takes one booking."""

    resource = models.ForeignKey(
        BookableResource, verbose_name=_("预约资源"), on_delete=models.CASCADE, related_name="templates"
    )
    weekday = models.PositiveSmallIntegerField(
        _("星期"),
        choices=[
            (0, _("周一")),
            (1, _("周二")),
            (2, _("周三")),
            (3, _("周四")),
            (4, _("周五")),
            (5, _("周六")),
            (6, _("周日")),
        ],
    )
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_until = models.DateField(_("失效日期"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("每周预约时段")
        verbose_name_plural = _("每周预约时段")
        ordering = ["resource", "weekday", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "weekday", "starts_at"], name="appointments_template_slot_once"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="appointments_template_ends_after"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class Closure(models.Model):
    """停办日: days the office (or one resource) takes no bookings, on top of the working calendar's
    holidays (training, moving, a notary on leave)."""

    office = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="booking_closures"
    )
    resource = models.ForeignKey(
        BookableResource,
        verbose_name=_("仅限该资源"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("空：整个机构停办"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("原因"), max_length=128)

    class Meta:
        verbose_name = _("停办日")
        verbose_name_plural = _("停办日")
        ordering = ["office", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="appointments_closure_ends_after")
        ]
        indexes = [models.Index(fields=["office", "ends_on"], name="appointments_closure_office")]

    def __str__(self) -> str:
        return f"{self.office.name} {self.starts_on}–{self.ends_on} {self.reason}"


class BookingQuerySet(BlindIndexedQuerySet["Booking"]):
    def holding(self) -> BookingQuerySet:
        return self.filter(status__in=SLOT_HOLDING_STATUSES)


class Booking(BlindIndexedModelMixin, models.Model):
    """预约: one slot of one resource for one notarial matter. The phone and ID number are encrypted;
    the address is asked only for a home visit."""

    number = models.CharField(_("预约号"), max_length=32, unique=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED, db_index=True
    )
    mode = models.CharField(_("办理方式"), max_length=16, choices=BookingMode.choices, default=BookingMode.AT_OFFICE)
    office = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="bookings")
    resource = models.ForeignKey(
        BookableResource,
        verbose_name=_("预约资源"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    matter = models.ForeignKey(
        NotarialMatter,
        verbose_name=_("公证事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    date = models.DateField(_("预约日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("群众账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    name = models.CharField(_("姓名"), max_length=64)
    phone = EncryptedCharField(_("联系电话"), max_length=20)
    phone_hash = BlindIndexField(_("联系电话盲索引"), source="phone", kind="phone")
    address = EncryptedCharField(_("上门地址"), max_length=255, blank=True)
    special_group = models.CharField(_("特殊群体"), max_length=16, choices=SpecialGroup.choices, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    channel = models.CharField(
        _("预约渠道"), max_length=16, choices=BookingChannel.choices, default=BookingChannel.PORTAL
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代约人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The client's Idempotency-Key: the same key books once, and the retry gets the same booking.
    client_key = models.CharField(_("客户端幂等键"), max_length=64, null=True, blank=True, unique=True)
    reschedule_count = models.PositiveSmallIntegerField(_("改约次数"), default=0)
    reminded_at = models.DateTimeField(_("已提醒时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    attended_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("记录爽约时间"), null=True, blank=True)
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["date", "starts_at"]
        constraints = [
            # The guarantee against double booking (issue #14): whatever the concurrency, one
            # slot-holding booking per resource, date and start.
            models.UniqueConstraint(
                fields=["resource", "date", "starts_at"],
                condition=Q(status__in=SLOT_HOLDING_STATUSES),
                name="appointments_slot_booked_once",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "date", "status"], name="appointments_booking_office"),
            models.Index(fields=["status", "date"], name="appointments_booking_due"),
            models.Index(fields=["user", "date"], name="appointments_booking_user"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.date} {self.starts_at:%H:%M}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
