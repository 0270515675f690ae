"""Notarial matters as data (公证事项清单): the national default list (data/notarial_matters.json,
marked as examples) and what each notary office handles, with the materials told all at once
(一次性告知), the fee, who pays less, the time limit and whether video or an agency point may be
used."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import WORKING_DAYS, MatterCategory, TimeLimitKind
from gongfa.network.models import Agency


class NotarialMatter(models.Model):
    """公证事项: a parent (大项, e.g. 亲属关系) or a child (小项). Only child matters, or parents
    without children, are booked and applied for."""

    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级事项"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    category = models.CharField(_("类别"), max_length=16, choices=MatterCategory.choices)
    time_limit = models.CharField(
        _("办理时限"), max_length=16, choices=TimeLimitKind.choices, default=TimeLimitKind.GENERAL
    )
    fee_yuan = models.DecimalField(_("收费标准（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_note = models.CharField(
        _("收费说明"), max_length=200, blank=True, help_text=_("按件、按标的额比例等；以省定收费标准为准")
    )
    fee_waivers = models.JSONField(_("减免对象"), default=list, blank=True, help_text=_("FeeWaiver 的值"))
    in_person = models.BooleanField(
        _("须本人办理"), default=False, help_text=_("遗嘱、生存、收养等不得委托他人办理（《公证法》第26条）")
    )
    video_allowed = models.BooleanField(_("可视频办理"), default=False)
    agency_point_allowed = models.BooleanField(_("可在代办点办理"), default=False)
    is_example = models.BooleanField(_("示例数据"), default=True, help_text=_("默认清单来自公开资料，须由公证处核对"))
    source = models.CharField(_("依据或来源"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公证事项")
        verbose_name_plural = _("公证事项")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name}：{self.name}" if self.parent_id and self.parent else self.name

    @property
    def working_days(self) -> int:
        """Working days from acceptance to issue (0: the same day)."""
        return WORKING_DAYS[TimeLimitKind(self.time_limit)]

    def waives_for(self, waiver: str) -> bool:
        return waiver in self.fee_waivers


class MatterMaterial(models.Model):
    """One item of a matter's material list (材料清单), shown all at once when booking."""

    matter = models.ForeignKey(
        NotarialMatter, verbose_name=_("公证事项"), on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("材料"), max_length=200)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    required = models.BooleanField(_("必须提供"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("所需材料")
        verbose_name_plural = _("所需材料")
        ordering = ["matter", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class OfficeMatter(models.Model):
    """A matter a notary office handles, with what it does differently from the list (a faster limit
    it promises, its own fee note, video or agency-point service)."""

    office = models.ForeignKey(
        Agency,
        verbose_name=_("公证处"),
        on_delete=models.CASCADE,
        related_name="notarial_matters",
        limit_choices_to={"kind": "notary_office"},
    )
    matter = models.ForeignKey(
        NotarialMatter, verbose_name=_("公证事项"), on_delete=models.PROTECT, related_name="offices"
    )
    time_limit = models.CharField(_("本处承诺时限"), max_length=16, choices=TimeLimitKind.choices, blank=True)
    video_allowed = models.BooleanField(_("可视频办理"), null=True, blank=True, help_text=_("空：按事项清单"))
    agency_point_allowed = models.BooleanField(
        _("可在代办点办理"), null=True, blank=True, help_text=_("空：按事项清单")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公证处办理事项")
        verbose_name_plural = _("公证处办理事项")
        constraints = [models.UniqueConstraint(fields=["office", "matter"], name="appointments_office_matter_once")]

    def __str__(self) -> str:
        return f"{self.office.name}：{self.matter.name}"

    @property
    def working_days(self) -> int:
        """The office's promise where it set one and it is faster, else the matter's limit."""
        own = WORKING_DAYS[TimeLimitKind(self.time_limit)] if self.time_limit else None
        return min(own, self.matter.working_days) if own is not None else self.matter.working_days
