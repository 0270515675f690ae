"""Volunteers (法律服务志愿者), the expert pool (专家库) and its calls, and training of grassroots
staff (业务培训) — 《法治宣传教育法》第46、47条."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.fields import EncryptedCharField
from gongfa.outreach.choices import VolunteerKind, VolunteerStatus


class Volunteer(models.Model):
    """A legal-service volunteer's registration (志愿者登记) and its approval."""

    name = models.CharField(_("姓名"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_registrations",
    )
    phone = EncryptedCharField(_("联系电话"), max_length=11)
    kind = models.CharField(_("志愿者类别"), max_length=16, choices=VolunteerKind.choices)
    organisation = models.CharField(_("工作单位/学校"), max_length=128)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("服务区划"), on_delete=models.PROTECT, related_name="volunteers"
    )
    skills = models.JSONField(_("擅长领域"), default=list, blank=True)
    availability = models.CharField(_("可服务时间"), max_length=128, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLIED, db_index=True
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
    last_active_on = models.DateField(_("最近服务日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("法律服务志愿者")
        verbose_name_plural = _("法律服务志愿者")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "status"], name="outreach_volunteer_region")]

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    """A member of the expert pool (专家库) by field, whom mediation's expert consultation and
    complex consultations call on."""

    name = models.CharField(_("姓名"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profiles",
    )
    title = models.CharField(_("职称/职务"), max_length=64, blank=True)
    organisation = models.CharField(_("工作单位"), max_length=128)
    fields = models.JSONField(_("专业领域"), default=list, help_text=_("话题或纠纷类型代码列表"))
    region = models.ForeignKey(
        "network.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="experts"
    )
    is_active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("专家库成员")
        verbose_name_plural = _("专家库成员")
        ordering = ["region__code", "name"]

    def __str__(self) -> str:
        return self.name


class ExpertCall(models.Model):
    """One call on an expert (专家会诊/咨询), linked to what it served."""

    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="calls")
    purpose = models.TextField(_("咨询事项"))
    mediation_consultation = models.ForeignKey(
        "mediation.ExpertConsultation",
        verbose_name=_("调解专家会诊"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_calls",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_calls",
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    outcome = models.TextField(_("专家意见"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家咨询记录")
        verbose_name_plural = _("专家咨询记录")
        ordering = ["-called_at"]
        indexes = [models.Index(fields=["expert", "called_at"], name="outreach_call_expert")]

    def __str__(self) -> str:
        return f"{self.expert} {self.called_at:%Y-%m-%d}"


class TrainingCourse(models.Model):
    """A training course for grassroots staff (基层法律服务人员培训, 第46条)."""

    title = models.CharField(_("培训名称"), max_length=128)
    organiser = models.CharField(_("组织单位"), max_length=128)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="trainings"
    )
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)])
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("参训人员"), blank=True, related_name="outreach_trainings"
    )
    other_attendees = models.PositiveIntegerField(_("其他参训人数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("业务培训")
        verbose_name_plural = _("业务培训")
        ordering = ["-held_on"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="outreach_training_hours")]

    def __str__(self) -> str:
        return self.title
