"""The working-day calendar (工作日历): administrator entries that extend or override the packaged data.

The packaged data is the `chinesecalendar` library (the State Council's official holiday schedules,
国务院办公厅关于部分节假日安排的通知, for the years it ships). Administrators add rows here when a new
year's schedule is published before the package is updated, or to correct a day locally. The rules
that read these tables live in `gongfa.workdays.services`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.refcache import ReferenceQuerySet
from gongfa.workdays.choices import HolidayKind


class Holiday(models.Model):
    """A calendar entry (节假日安排): a statutory holiday (法定节假日, a non-working day) or a make-up
    working day (调休上班日, a working day even on a weekend). It overrides the packaged data for
    its date."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=HolidayKind.choices, default=HolidayKind.HOLIDAY)
    name = models.CharField(_("名称"), max_length=50, blank=True, help_text=_("如：春节、国庆节"))
    note = models.CharField(_("备注"), max_length=200, blank=True, help_text=_("如：依据的通知及文号"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self) -> str:
        label = HolidayKind(self.kind).label
        return f"{self.date:%Y-%m-%d} {self.name or label}（{label}）"

    def clean(self) -> None:
        super().clean()
        if self.kind == HolidayKind.MAKEUP_WORKDAY and self.date is not None and self.date.weekday() < 5:
            raise ValidationError({"kind": gettext("调休上班日应为周六或周日；周一至周五本来就是工作日。")})


class CalendarYear(models.Model):
    """A year whose official holiday schedule (年度节假日安排) an administrator has declared fully
    entered in the Holiday table. Years the packaged data covers need no row here."""

    year = models.PositiveSmallIntegerField(
        _("年份"), unique=True, validators=[MinValueValidator(1949), MaxValueValidator(2200)]
    )
    complete = models.BooleanField(
        _("已完整录入"),
        default=False,
        help_text=_("勾选后，该年期限按本表录入的节假日和调休上班日计算，不再提示核对。"),
    )
    source = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("如：国务院办公厅通知及文号"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        state = "已完整录入" if self.complete else "未完整录入"
        return f"{self.year}年（{state}）"

    def clean(self) -> None:
        super().clean()
        if self.complete and not self.source.strip():
            raise ValidationError({"source": gettext("确认已完整录入时，请填写依据的通知及文号。")})
