"""Judicial-appraisal referrals in the demo county (演示数据：司法鉴定委托引导), made through the
services with the clock moved to each step's moment (gongfa.demo.mediation.moved_clock).

- The register: the county's appraisal institution gets its categories (法医类, 物证类), and three
  more institutions in the demo city are added (an environmental-damage one, a forensic-clinical one,
  a comprehensive centre), each with its categories and an appraiser (unusable password: they are
  background accounts; the demo "appraiser" account works at the county's institution).
- Twelve referrals in every status, registered by the county's legal-aid reviewers and window
  staff over the last two months: several by random draw (摇号), some by agreement with the
  county's institution, some linked to granted legal-aid cases (fee waiver, 第53条) where the
  history has them; one in litigation (guidance only), one declined, one withdrawn, one extended.

The draws use fresh seeds (secrets), so which institution a draw picks differs between runs; the
rest is deterministic. A second run finds the county's referrals and skips. Events notify nobody.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral
from gongfa.appointments.selectors.appraisal import INSTITUTION_ROLES
from gongfa.appointments.services import appraisal as svc
from gongfa.demo.mediation import Clock, _at, moved_clock
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region, StaffPosting

Progress = Callable[[str], None]

# (name suffix after the city's name, category codes)
NEW_INSTITUTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("华衡环境损害司法鉴定所", ("environmental",)),
    ("求实法医临床司法鉴定所", ("forensic_clinical", "forensic_pathology")),
    ("正源司法鉴定中心", ("forensic", "audiovisual", "documents")),
)
COUNTY_CATEGORIES = ("forensic", "physical_evidence")


@dataclass
class AppraisalResult:
    institutions: int = 0
    referrals: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    skipped: bool = False


@dataclass(frozen=True)
class _Plan:
    category: str
    matter: str
    days_ago: int
    method: str  # "draw", "agree", "litigation", "" (registered only)
    steps: tuple[str, ...] = ()  # accept, sign, extend, opinion, decline, withdraw
    legal_aid: bool = False


PLANS: tuple[_Plan, ...] = (
    _Plan("forensic_clinical", "交通事故伤残等级鉴定", 2, ""),
    _Plan("forensic_clinical", "工伤伤残等级及护理依赖程度鉴定", 20, "litigation"),
    _Plan("forensic_clinical", "医疗损害后误工期、护理期鉴定", 3, "draw", legal_aid=True),
    _Plan("documents", "借条签名真伪鉴定", 14, "agree"),
    _Plan("forensic", "人身损害伤残等级鉴定", 10, "draw", ("accept",)),
    _Plan("physical_evidence", "遗嘱笔迹鉴定", 25, "agree", ("accept", "sign")),
    _Plan("forensic_clinical", "劳动能力丧失程度鉴定", 55, "draw", ("accept", "sign", "extend"), legal_aid=True),
    _Plan("forensic", "交通事故伤残等级鉴定", 60, "agree", ("accept", "sign", "opinion")),
    _Plan("forensic_pathology", "死亡原因鉴定", 48, "draw", ("accept", "sign", "opinion")),
    _Plan("env_soil", "养殖场周边农田土壤污染损害鉴定", 58, "draw", ("accept", "sign", "opinion")),
    _Plan("traces", "车辆碰撞痕迹鉴定", 30, "agree", ("decline",)),
    _Plan("forensic_clinical", "伤残等级鉴定（当事人已和解）", 16, "draw", ("withdraw",), legal_aid=True),
)
# Working days after the previous step (accept, sign, extend, opinion, decline, withdraw).
GAPS = {"accept": 3, "sign": 2, "extend": 20, "opinion": 18, "decline": 4, "withdraw": 5}
APPLICANTS = (
    "王秀英",
    "李建国",
    "张桂兰",
    "刘志强",
    "陈玉梅",
    "杨德明",
    "赵春花",
    "黄卫东",
    "周丽娟",
    "吴国平",
    "徐海燕",
    "孙志华",
)


def has_appraisal(county: Region) -> bool:
    return AppraisalReferral.objects.filter(region__code__startswith=county.code[:6]).exists()


def _first_posted(county: Region, *roles: str) -> User | None:
    posting = (
        StaffPosting.objects.filter(role__in=roles, is_active=True, user__is_active=True)
        .filter(Q(agency__region=county) | Q(point__region=county))
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return posting.user if posting is not None else None


def _institution_staff(agency: Agency) -> User | None:
    posting = (
        StaffPosting.objects.filter(agency=agency, role__in=INSTITUTION_ROLES, is_active=True)
        .select_related("user")
        .order_by("-role", "pk")  # an appraiser before the intake clerk
        .first()
    )
    return posting.user if posting is not None else None


def _add_working_days_back(day: datetime.date, days: int) -> datetime.date:
    while days > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _next_working(day: datetime.date, days: int) -> datetime.date:
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def seed_appraisal(
    seed: int, county_code: str, start: datetime.date, progress: Progress | None = None
) -> AppraisalResult:
    """Seed the register and the county's referrals (skipped when the county has referrals)."""
    say = progress or (lambda message: None)
    result = AppraisalResult()
    county = Region.objects.filter(code=county_code).select_related("parent").first()
    admin = (
        User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True).order_by("pk").first()
    )
    reviewer = _first_posted(county, Role.LEGAL_AID_REVIEWER) if county else None
    window = _first_posted(county, Role.WINDOW_STAFF) if county else None
    existing = (
        Agency.objects.filter(kind=AgencyKind.APPRAISAL_INSTITUTION, region=county).order_by("pk").first()
        if county
        else None
    )
    if county is None or admin is None or reviewer is None or existing is None:
        say("司法鉴定委托引导：找不到演示县、管理员、法律援助审查人员或鉴定机构，跳过")
        result.skipped = True
        return result
    if has_appraisal(county):
        say("司法鉴定委托引导：已存在，跳过")
        result.skipped = True
        return result
    city = county.parent or county
    categories = {c.code: c for c in AppraisalCategory.objects.all()}
    from gongfa.legalaid.models import LegalAidApplication

    granted = list(
        LegalAidApplication.objects.filter(
            region__code__startswith=county.code[:6], status__in=svc.AID_GRANTED_STATUSES
        ).order_by("pk")[:5]
    )
    muted = mock.patch("gongfa.notifications.services._after_commit", return_value=None)
    clock = Clock(_at(start - datetime.timedelta(days=90), 9.0))
    with override_settings(DEBUG=False), muted, transaction.atomic():
        svc.set_institution_categories(
            actor=admin, institution=existing, categories=[categories[c] for c in COUNTY_CATEGORIES]
        )
        for index, (suffix, codes) in enumerate(NEW_INSTITUTIONS, start=1):
            agency = Agency.objects.create(
                name=f"{city.name}{suffix}",
                kind=AgencyKind.APPRAISAL_INSTITUTION,
                region=county if index == 1 else city,
                address=existing.address,
                phone=existing.phone,
                description="经省司法厅登记的司法鉴定机构（演示数据）",
                is_listed=True,
            )
            svc.set_institution_categories(actor=admin, institution=agency, categories=[categories[c] for c in codes])
            person = User.objects.create(
                username=f"demo_appraiser_{seed % 10_000}_{index}",
                role=Role.APPRAISER,
                real_name=("郑立", "冯思远", "韩静")[index - 1],
            )
            person.set_unusable_password()
            person.save(update_fields=["password"])
            StaffPosting.objects.create(user=person, agency=agency, role=Role.APPRAISER, listed_publicly=True)
            result.institutions += 1
        villages = list(
            Region.objects.filter(code__startswith=county.code[:6], level=RegionLevel.VILLAGE).order_by("code")[:12]
        ) or [county]
        with moved_clock(clock):
            for number, plan in enumerate(PLANS):
                referral = _run_plan(
                    plan,
                    number,
                    clock,
                    start,
                    # The window registers some walk-ins; a legal-aid case's referral comes from its
                    # reviewer (the window's station cannot see the county's legal-aid cases).
                    actor=reviewer if number % 3 or plan.legal_aid else (window or reviewer),
                    region=villages[number % len(villages)],
                    category=categories[plan.category],
                    existing=existing,
                    application=granted.pop(0) if plan.legal_aid and granted else None,
                )
                result.referrals += 1
                result.by_status[referral.status] = result.by_status.get(referral.status, 0) + 1
    say(f"司法鉴定委托引导：鉴定机构 {result.institutions + 1} 家，委托引导 {result.referrals} 件")
    return result


def _run_plan(
    plan: _Plan,
    number: int,
    clock: Clock,
    start: datetime.date,
    *,
    actor: User,
    region: Region,
    category: AppraisalCategory,
    existing: Agency,
    application: Any,
) -> AppraisalReferral:
    day = _add_working_days_back(start, plan.days_ago)
    clock.moment = _at(day, 9.5)
    name = application.applicant_name if application is not None else APPLICANTS[number % len(APPLICANTS)]
    phone = (application.phone if application is not None else "") or f"1390000{number:04d}"
    referral = svc.create_referral(
        actor=actor,
        region=region,
        category=category,
        matter=plan.matter,
        applicant_name=name,
        applicant_phone=phone,
        purpose="损害赔偿协商" if plan.method != "litigation" else "诉讼",
        in_litigation=plan.method == "litigation",
        court_name=f"{region.name[:2]}县人民法院" if plan.method == "litigation" else "",
        legal_aid_application=application,
    )
    if plan.method == "draw":
        referral = svc.draw_institution(actor=actor, referral=referral, witness="中心窗口 当事人本人")
    elif plan.method == "agree":
        referral = svc.commission_by_agreement(actor=actor, referral=referral, institution=existing)
    staff = _institution_staff(referral.institution) if referral.institution else None
    for step in plan.steps:
        day = _next_working(day, GAPS[step])
        clock.moment = _at(day, 10.0)
        if step == "withdraw":
            referral = svc.withdraw_referral(actor=actor, referral=referral, reason="当事人已与对方和解，撤回鉴定委托")
            continue
        assert staff is not None
        if step == "accept":
            referral = svc.accept_referral(actor=staff, referral=referral)
        elif step == "sign":
            referral = svc.sign_agreement(actor=staff, referral=referral)
        elif step == "extend":
            referral = svc.extend_deadline(
                actor=staff, referral=referral, days=15, reason="需补充调取住院病历，属复杂疑难"
            )
        elif step == "opinion":
            referral = svc.issue_opinion(
                actor=staff,
                referral=referral,
                opinion_number=f"{referral.institution.name[-6:-3] if referral.institution else ''}"
                f"司鉴〔{day.year}〕第{100 + number}号",
                summary="鉴定意见已出具，意见书交申请人。",
            )
        elif step == "decline":
            referral = svc.decline_referral(
                actor=staff, referral=referral, reason="检材已灭失，不具备鉴定条件；委托材料已退还申请人。"
            )
    return referral
