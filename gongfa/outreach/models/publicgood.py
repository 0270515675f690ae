"""Public-good legal service (公益法律服务): each person's archive of hours and cases, and the
points schemes that score it (积分规则, practice.md §c)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.outreach.choices import PublicGoodSource, RecordStatus


class PointsScheme(models.Model):
    """A points scheme (公益法律服务积分规则), kept as data: points per hour and per case by source,
    the bands (不合格/合格/良好/优秀) and the yearly minimum (司法部 2019: ≥ 50 hours or ≥ 2 legal-aid
    cases). The scheme in force for a year is the latest whose first year is not after it."""

    code = models.SlugField(_("代码"), max_length=48, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    valid_from_year = models.PositiveSmallIntegerField(_("起用年度"), validators=[MinValueValidator(2000)])
    source_document = models.CharField(_("依据"), max_length=255, blank=True)
    # {"legal_aid_case": {"per_case": 10}, "duty_shift": {"per_hour": 1}, ...}
    rules = models.JSONField(_("计分规则"), default=dict)
    # [{"band": "不合格", "min": 0, "max": 60}, ...]: [min, max) ranges that must not overlap.
    bands = models.JSONField(_("等次"), default=list)
    minimum_hours = models.DecimalField(_("年度最低公益服务时长"), max_digits=6, decimal_places=1, default=50)
    minimum_legal_aid_cases = models.PositiveSmallIntegerField(_("或年度最低法律援助案件数"), default=2)
    max_points = models.PositiveSmallIntegerField(_("积分上限"), default=100, validators=[MaxValueValidator(1000)])
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("公益法律服务积分规则")
        verbose_name_plural = _("公益法律服务积分规则")
        ordering = ["-valid_from_year", "code"]

    def __str__(self) -> str:
        return self.name


class PublicGoodRecord(models.Model):
    """One piece of public-good service in a person's archive (公益法律服务档案). Automatic records
    carry the key of what they come from (one record per source item, whatever the retries);
    manual ones carry evidence and wait for someone else's approval."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("服务人员"),
        on_delete=models.PROTECT,
        related_name="public_good_records",
    )
    agency = models.ForeignKey(
        "network.Agency",
        verbose_name=_("执业机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_good_records",
    )
    source = models.CharField(_("来源"), max_length=24, choices=PublicGoodSource.choices)
    source_key = models.CharField(_("来源标识"), max_length=64, null=True, blank=True, unique=True)
    occurred_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=6, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    cases = models.PositiveSmallIntegerField(_("法律援助案件数"), default=0)
    description = models.CharField(_("服务内容"), max_length=255)
    status = models.CharField(
        _("认定状态"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.APPROVED, db_index=True
    )
    evidence = models.FileField(_("证明材料"), upload_to="outreach/evidence/%Y/%m/", blank=True)
    evidence_content_type = models.CharField(_("证明材料类型"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.CharField(_("审核意见"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公益法律服务记录")
        verbose_name_plural = _("公益法律服务记录")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["person", "occurred_on"], name="outreach_pg_person_day"),
            models.Index(fields=["agency", "occurred_on"], name="outreach_pg_agency_day"),
            models.Index(fields=["status", "created_at"], name="outreach_pg_status"),
        ]
        constraints = [
            # A manual entry is never approved by its own author.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(decided_by=models.F("submitted_by")),
                name="outreach_pg_not_self_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.occurred_on} {self.get_source_display()}"
