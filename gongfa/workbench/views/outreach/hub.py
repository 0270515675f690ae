"""普法与公益 (the outreach hub): one menu entry for the people who manage outreach in a region
(supervisors, administrators, window staff), leading to each part with what waits on it. The
parts keep their own pages; this page only links them, so the menu stays short."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gongfa.accounts.choices import Role
from gongfa.core.access import Audience, door
from gongfa.outreach.choices import PromptStatus, TypicalCaseStatus, VolunteerStatus
from gongfa.outreach.models import PublicityPrompt, TypicalCase, Volunteer
from gongfa.outreach.selectors.access import MANAGER_ROLES, managed_region_q
from gongfa.outreach.selectors.publicgood import pending_entries


@dataclass(frozen=True)
class Section:
    title: Any
    url: str
    text: Any
    testid: str
    waiting: int = 0
    waiting_label: Any = ""


@door(Audience.STAFF, roles=MANAGER_ROLES)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The sections of outreach, each with the count of what waits for this person (4 queries)."""
    user = request.user
    assert user.is_authenticated
    sections = []
    if user.role in {Role.SUPERVISOR, Role.ADMINISTRATOR} or user.is_superuser:
        sections.append(
            Section(
                _("法律顾问履职"),
                reverse("workbench:outreach_advisers_coverage"),
                _("村(居)法律顾问覆盖、近期无工作记录的村、脱贫村覆盖，以及每位顾问的工作台账。"),
                "outreach-advisers-coverage-link",
            )
        )
    sections += [
        Section(
            _("普法计划与活动"),
            reverse("workbench:outreach_publicity_events"),
            _("年度计划和主题活动进度、普法活动登记与评估、普法提示、法治文化阵地、学校法治副校长。"),
            "outreach-publicity-link",
            PublicityPrompt.objects.filter(
                managed_region_q(user, "region__code"), status=PromptStatus.FEEDBACK_DUE
            ).count(),
            _("件普法提示反馈逾期"),
        ),
        Section(
            _("公益法律服务积分"),
            reverse("workbench:outreach_publicgood_table"),
            _("律师、基层法律服务工作者和律师事务所的年度公益服务时长、法律援助案件、积分和等次。"),
            "outreach-publicgood-link",
        ),
        Section(
            _("公益服务待认定"),
            reverse("workbench:outreach_publicgood_pending"),
            _("人工申报的公益服务，核对证明材料后认定或不予认定（本人不能认定自己的申报）。"),
            "outreach-publicgood-pending-link",
            pending_entries(user).count(),
            _("条待认定"),
        ),
        Section(
            _("志愿者与专家"),
            reverse("workbench:outreach_volunteers"),
            _("志愿者报名审核、专家库和专家会诊、基层人员业务培训。"),
            "outreach-volunteers-link",
            Volunteer.objects.filter(managed_region_q(user, "region__code"), status=VolunteerStatus.APPLIED).count(),
            _("名志愿者待审核"),
        ),
        Section(
            _("典型案例"),
            reverse("workbench:outreach_cases_list"),
            _("从已办结的案件推荐典型案例，脱敏、审核后在门户公开。"),
            "outreach-cases-link",
            TypicalCase.objects.filter(
                managed_region_q(user, "region__code"), status=TypicalCaseStatus.IN_REVIEW
            ).count(),
            _("件待审核"),
        ),
    ]
    return render(request, "workbench/outreach/hub.html", {"sections": sections})


urlpatterns = [path("", home, name="outreach_home")]
