"""Mediation committees (人民调解委员会), their members, and mediators (人民调解员) with their grade,
training and insurance. A committee is a network.Agency (its name, region, point and phone live
there); this is its mediation profile."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.mediation.choices import (
    CommitteeType,
    Employment,
    Gender,
    GradeAwardStatus,
    IndustryField,
    InsuranceKind,
    MediatorGrade,
    MemberRole,
)


class CommitteeQuerySet(models.QuerySet["Committee"]):
    def active(self) -> CommitteeQuerySet:
        return self.filter(agency__is_active=True)


class Committee(models.Model):
    """A mediation committee (人民调解委员会, 《人民调解法》第7–10条、第34条)."""

    agency = models.OneToOneField(
        "network.Agency", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="mediation_committee"
    )
    committee_type = models.CharField(_("调委会类型"), max_length=16, choices=CommitteeType.choices)
    industry_field = models.CharField(
        _("行业领域"), max_length=16, choices=IndustryField.choices, blank=True, help_text=_("行业性专业性调委会填写")
    )
    host_name = models.CharField(
        _("派驻单位或所属单位"),
        max_length=128,
        blank=True,
        help_text=_("派驻调委会所在的法院、派出所或信访部门；企事业单位调委会所属单位"),
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    term_starts_on = models.DateField(_("本届任期起"), null=True, blank=True)
    term_ends_on = models.DateField(_("本届任期止"), null=True, blank=True, help_text=_("委员每届任期三年（第9条）"))
    court_notified_on = models.DateField(
        _("告知基层法院日期"),
        null=True,
        blank=True,
        help_text=_("县级司法行政部门将调委会设立情况告知基层法院（第10条）"),
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民调解委员会")
        verbose_name_plural = _("人民调解委员会")
        ordering = ["agency__region__code", "agency__name"]

    def __str__(self) -> str:
        return str(self.agency.name)


class CommitteeMember(models.Model):
    """A member of a committee (委员): 3 to 9, one chair, including women (第9条)."""

    committee = models.ForeignKey(Committee, verbose_name=_("调委会"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
    )
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, default="汉族")
    role = models.CharField(_("职务"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_starts_on = models.DateField(_("任期起"), null=True, blank=True)
    term_ends_on = models.DateField(_("任期止"), null=True, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("调委会委员")
        verbose_name_plural = _("调委会委员")
        ordering = ["committee", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role=MemberRole.CHAIR, is_active=True),
                name="mediation_one_active_chair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class MediatorQuerySet(models.QuerySet["Mediator"]):
    def active(self) -> MediatorQuerySet:
        return self.filter(is_active=True, user__is_active=True)

    def of_committee(self, committee: Committee) -> MediatorQuerySet:
        return self.filter(committee=committee)


class Mediator(models.Model):
    """A people's mediator (人民调解员, 第13–16条): a committee member or a mediator the committee
    hired; an adult with some legal knowledge, trained by the county bureau (第14条)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="mediator_profile"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("所在调委会"), on_delete=models.PROTECT, related_name="mediators"
    )
    employment = models.CharField(_("专兼职"), max_length=16, choices=Employment.choices, default=Employment.PART_TIME)
    specialities = models.JSONField(_("擅长纠纷类型"), default=list, blank=True, help_text=_("纠纷类型代码列表"))
    languages = models.JSONField(_("工作语言"), default=list, blank=True, help_text=_("如：普通话、粤语、彝语"))
    started_on = models.DateField(_("从事调解工作起始日"), null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=8, choices=MediatorGrade.choices, default=MediatorGrade.NONE)
    grade_since = models.DateField(_("等级授予日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    objects = MediatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("人民调解员")
        verbose_name_plural = _("人民调解员")
        ordering = ["committee", "user__real_name"]
        indexes = [models.Index(fields=["committee", "is_active"], name="mediation_mediator_committee")]

    def __str__(self) -> str:
        return str(getattr(self.user, "real_name", "") or self.user)


class MediatorTraining(models.Model):
    """Training a mediator attended (业务培训, 第14条第2款); counted in grading."""

    mediator = models.ForeignKey(Mediator, verbose_name=_("调解员"), on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("培训名称"), max_length=128)
    organiser = models.CharField(_("组织单位"), max_length=128, blank=True)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("调解员培训记录")
        verbose_name_plural = _("调解员培训记录")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on}）"


class MediatorInsurance(models.Model):
    """A mediator's insurance policy (人民调解员保险)."""

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("调解员"), on_delete=models.CASCADE, related_name="insurances"
    )
    kind = models.CharField(_("险种"), max_length=16, choices=InsuranceKind.choices, default=InsuranceKind.ACCIDENT)
    insurer = models.CharField(_("保险公司"), max_length=128)
    policy_number = models.CharField(_("保单号"), max_length=64)
    starts_on = models.DateField(_("保险期间起"))
    ends_on = models.DateField(_("保险期间止"))

    class Meta:
        verbose_name = _("调解员保险")
        verbose_name_plural = _("调解员保险")
        ordering = ["-ends_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="mediation_insurance_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.policy_number}"


class GradeAward(models.Model):
    """One grading of a mediator (等级评定): proposed with the evidence computed from the data,
    published for comment (公示), then granted or not by the body of the right level; a granted
    grade may later be withdrawn (撤销)."""

    mediator = models.ForeignKey(
        Mediator, verbose_name=_("调解员"), on_delete=models.CASCADE, related_name="grade_awards"
    )
    grade = models.CharField(_("评定等级"), max_length=8, choices=MediatorGrade.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=GradeAwardStatus.choices, default=GradeAwardStatus.PROPOSED, db_index=True
    )
    granting_region = models.ForeignKey(
        "network.Region",
        verbose_name=_("评定机关所在区划"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The evidence as computed when proposed (years, cases, success rate, oral share, satisfaction,
    # training hours) and the thresholds it was checked against: the record shows both.
    evidence = models.JSONField(_("评定依据"), default=dict)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    publicity_starts_on = models.DateField(_("公示起"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示止"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=255, blank=True, help_text=_("不予授予或撤销的原因"))

    class Meta:
        verbose_name = _("调解员等级评定")
        verbose_name_plural = _("调解员等级评定")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.mediator} {self.get_grade_display()}（{self.get_status_display()}）"
