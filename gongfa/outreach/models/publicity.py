"""Legal publicity (普法): annual plans and their campaigns, events, prompts to other departments
(普法提示), rule-of-law culture sites (法治文化阵地) and schools' rule-of-law vice-principals."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.outreach.choices import (
    CampaignTheme,
    CultureSiteKind,
    EventStatus,
    EventType,
    PromptStatus,
    SchoolLevel,
    VicePrincipalEmployer,
)


class PublicityPlan(models.Model):
    """A region's annual legal-publicity plan (年度普法计划) with its targets (第56条: evaluated and
    published)."""

    region = models.ForeignKey(
        "network.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="publicity_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("计划名称"), max_length=128)
    target_events = models.PositiveIntegerField(_("目标活动场次"), default=0)
    target_audience = models.PositiveIntegerField(_("目标受众人次"), default=0)
    target_constitution_talks = models.PositiveIntegerField(_("目标宪法宣讲场次"), default=0)
    notes = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制定人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("制定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("普法年度计划")
        verbose_name_plural = _("普法年度计划")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="outreach_plan_region_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class PlanCampaign(models.Model):
    """A themed campaign inside a plan (主题宣传活动: 12·4 宪法日, 民法典宣传月, 3·15 …)."""

    plan = models.ForeignKey(
        PublicityPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="campaigns"
    )
    theme = models.CharField(_("主题"), max_length=32, choices=CampaignTheme.choices)
    title = models.CharField(_("名称"), max_length=128, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    target_events = models.PositiveIntegerField(_("目标活动场次"), default=0)
    target_audience = models.PositiveIntegerField(_("目标受众人次"), default=0)

    class Meta:
        verbose_name = _("主题宣传活动")
        verbose_name_plural = _("主题宣传活动")
        ordering = ["plan", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="outreach_campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.title or self.get_theme_display()


def new_survey_token() -> str:
    return secrets.token_urlsafe(12)


class PublicityEvent(models.Model):
    """A legal-publicity event (普法活动, rules.md §5.8): planned → held → evaluated → archived."""

    number = models.CharField(_("活动编号"), max_length=24, unique=True)
    plan = models.ForeignKey(
        PublicityPlan,
        verbose_name=_("年度计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    campaign = models.ForeignKey(
        PlanCampaign,
        verbose_name=_("主题活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    event_type = models.CharField(_("活动类型"), max_length=32, choices=EventType.choices)
    theme = models.CharField(_("主题"), max_length=128)
    # Where it is held: the region (a village or a township …), and the service point when at one.
    region = models.ForeignKey(
        "network.Region", verbose_name=_("举办地区划"), on_delete=models.PROTECT, related_name="publicity_events"
    )
    point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("服务点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_events",
    )
    place = models.CharField(_("地点"), max_length=128, blank=True)
    held_on = models.DateField(_("活动日期"))
    organiser = models.CharField(_("主办单位"), max_length=128)
    speakers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("主讲人（平台人员）"), blank=True, related_name="publicity_talks"
    )
    other_speakers = models.CharField(_("其他主讲人"), max_length=255, blank=True)
    audience_size = models.PositiveIntegerField(_("受众人数"), null=True, blank=True)
    audience_groups = models.JSONField(_("受众群体"), default=list, blank=True)
    accessible_formats = models.JSONField(_("无障碍形式"), default=list, blank=True)
    materials_distributed = models.PositiveIntegerField(_("发放资料（份）"), default=0)
    consultations_on_site = models.PositiveIntegerField(_("现场咨询（人次）"), default=0)
    hours = models.DecimalField(_("活动时长（小时）"), max_digits=4, decimal_places=1, default=1)
    status = models.CharField(
        _("状态"), max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED, db_index=True
    )
    evaluation = models.TextField(_("效果评估"), blank=True)
    evaluation_score = models.PositiveSmallIntegerField(
        _("评估得分"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    survey_enabled = models.BooleanField(_("开展满意度调查"), default=False)
    survey_token = models.CharField(_("调查码"), max_length=32, unique=True, default=new_survey_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("普法活动")
        verbose_name_plural = _("普法活动")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "held_on"], name="outreach_event_region_day"),
            models.Index(fields=["status", "held_on"], name="outreach_event_status_day"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.theme}"


class SurveyResponse(models.Model):
    """One answer to an event's satisfaction survey (满意度调查), by QR code or link; anonymous."""

    event = models.ForeignKey(
        PublicityEvent, verbose_name=_("普法活动"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    rating = models.PositiveSmallIntegerField(_("满意度"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    learned = models.BooleanField(_("有收获"), default=True)
    comment = models.CharField(_("意见建议"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("活动满意度调查")
        verbose_name_plural = _("活动满意度调查")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.rating}"


class PublicityPrompt(models.Model):
    """A publicity prompt (普法提示, 《法治宣传教育法》第57条) to a department that neglects its
    duty to publicise the laws it enforces (谁执法谁普法, 第9条); it must fix and report back."""

    number = models.CharField(_("提示编号"), max_length=24, unique=True)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("发出区划"), on_delete=models.PROTECT, related_name="publicity_prompts"
    )
    department = models.CharField(_("被提示部门"), max_length=128)
    laws = models.CharField(_("所执行的法律法规"), max_length=255, blank=True)
    issue = models.TextField(_("存在问题与要求"))
    issued_on = models.DateField(_("发出日期"), default=timezone.localdate)
    feedback_due = models.DateField(_("反馈期限"))
    feedback = models.TextField(_("整改反馈"), blank=True)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=PromptStatus.choices, default=PromptStatus.ISSUED, db_index=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发出人"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("普法提示")
        verbose_name_plural = _("普法提示")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["status", "feedback_due"], name="outreach_prompt_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_due__gte=models.F("issued_on")), name="outreach_prompt_due_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.department}"


class CultureSite(models.Model):
    """A rule-of-law culture site (法治文化阵地), listed in the public directory (第52条)."""

    region = models.ForeignKey(
        "network.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="culture_sites"
    )
    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类型"), max_length=16, choices=CultureSiteKind.choices)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    opened_on = models.DateField(_("建成日期"), null=True, blank=True)
    is_listed = models.BooleanField(_("列入法治文化场所名录"), default=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("法治文化阵地")
        verbose_name_plural = _("法治文化阵地")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="outreach_site_unique_name")]
        indexes = [models.Index(fields=["region", "is_active"], name="outreach_site_region")]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school that should have a rule-of-law vice-principal (法治副校长)."""

    region = models.ForeignKey(
        "network.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField(_("学校名称"), max_length=128)
    level = models.CharField(_("学段"), max_length=16, choices=SchoolLevel.choices)
    is_active = models.BooleanField(_("在办"), default=True)

    class Meta:
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="outreach_school_unique_name")]

    def __str__(self) -> str:
        return self.name


class VicePrincipal(models.Model):
    """A rule-of-law vice-principal's appointment at a school (法治副校长聘任)."""

    school = models.ForeignKey(School, verbose_name=_("学校"), on_delete=models.CASCADE, related_name="vice_principals")
    name = models.CharField(_("姓名"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vice_principal_posts",
    )
    employer = models.CharField(_("派出单位类别"), max_length=16, choices=VicePrincipalEmployer.choices)
    organisation = models.CharField(_("工作单位"), max_length=128)
    appointed_on = models.DateField(_("聘任日期"))
    ended_on = models.DateField(_("届满/解聘日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("法治副校长")
        verbose_name_plural = _("法治副校长")
        ordering = ["school", "-appointed_on"]
        indexes = [models.Index(fields=["school", "is_active"], name="outreach_vp_school")]

    def __str__(self) -> str:
        return f"{self.school} {self.name}"
