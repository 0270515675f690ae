"""Outreach in the demo county (演示数据：普法与公益法律服务), all made through the outreach services.

- Village advisers' work: a year of work-log entries for every village with an adviser (visits,
  talks, WeChat-group activity, documents, village rules, opinions on major decisions, and a few
  consultations answered on the spot, each of which becomes one closed work order). About one
  village in twelve falls silent two months before today, so the coverage view shows silent
  villages next to active ones; the villages without an adviser (the generator leaves ~10 %) and
  the 脱贫村 among them show as gaps.
- Legal publicity: the county's plans for last year and this year with their themed campaigns
  (12·4 宪法日, 民法典宣传月, 3·15), about forty events over the year (held, evaluated and archived,
  two planned ahead, one cancelled) with lawyers among the speakers; two 普法提示 to other
  departments, one answered and one past its deadline; culture sites in most townships; schools,
  most with a rule-of-law vice-principal.
- Public good: the archive is filled by sync_public_good from the legal-aid cases, duty shifts,
  adviser logs, mediation and talks above; two lawyers declare manual entries with evidence (one
  approved by the supervisor, one waiting).
- Volunteers (approved, waiting, one rejected), an expert pool by field, and two training courses.
- Typical cases: closed mediation and legal-aid cases nominated; two de-identified and published,
  one waiting for review.

Deterministic from the demo seed (dates and counts); a second run finds the county's plan and
skips. Notifications are muted (this is history).
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from PIL import Image

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import AdvisorAssignment, Region, StaffPosting
from gongfa.outreach.choices import (
    AccessibleFormat,
    AudienceGroup,
    CampaignTheme,
    CultureSiteKind,
    EventType,
    SchoolLevel,
    TypicalCaseSource,
    VicePrincipalEmployer,
    VolunteerKind,
)
from gongfa.outreach.models import PublicityPlan, WorkLogKind

Progress = Callable[[str], None]

SILENT_SHARE = 12  # one village in this many falls silent two months before today
CONSULTATIONS = 24  # consultations answered on the spot (each one closed work order)


@dataclass
class OutreachResult:
    logs: int = 0
    events: int = 0
    sites: int = 0
    schools: int = 0
    volunteers: int = 0
    typical_cases: int = 0
    public_good_records: int = 0
    silent_villages: list[str] = field(default_factory=list)
    skipped: bool = False


def _photo(seed: int) -> SimpleUploadedFile:
    """A small JPEG (a coloured square) standing for a photo from the village."""
    buffer = io.BytesIO()
    colour = (40 + seed * 37 % 200, 120, 90 + seed * 53 % 150)
    Image.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(f"photo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _evidence() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (250, 250, 240)).save(buffer, format="PNG")
    return SimpleUploadedFile("证明材料.png", buffer.getvalue(), content_type="image/png")


def _manager(county: Region) -> User | None:
    """The county's supervisor (demo account `supervisor` when it is posted here)."""
    bounds = county.subtree_bounds()
    posted = StaffPosting.objects.filter(
        Q(point__region__code__range=bounds) | Q(agency__region__code__range=bounds),
        is_active=True,
        user__role=Role.SUPERVISOR,
        user__is_active=True,
    ).select_related("user")
    named = [p.user for p in posted if p.user.username == "supervisor"]
    if named:
        return named[0]
    first = posted.order_by("pk").first()
    return first.user if first else None


def _lawyers(county: Region) -> list[User]:
    bounds = county.subtree_bounds()
    return list(
        User.objects.filter(
            postings__is_active=True,
            postings__agency__kind=AgencyKind.LAW_FIRM,
            postings__agency__region__code__range=bounds,
            role=Role.LAWYER,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def has_outreach(county: Region) -> bool:
    return PublicityPlan.objects.filter(region=county).exists()


def seed_outreach(
    seed: int, county_code: str, start: datetime.date, progress: Progress | None = None
) -> OutreachResult:
    """Seed the county's outreach (skipped when the county has a publicity plan)."""
    say = progress or (lambda message: None)
    result = OutreachResult()
    county = Region.objects.filter(code=county_code).first()
    manager = _manager(county) if county else None
    if county is None or manager is None:
        say("普法与公益法律服务：找不到演示县或督办主管，跳过")
        result.skipped = True
        return result
    if has_outreach(county):
        say("普法与公益法律服务：已存在，跳过")
        result.skipped = True
        return result
    rng = random.Random(f"{seed}/outreach")
    today = timezone.localdate()
    muted = mock.patch("gongfa.notifications.services._after_commit", return_value=None)
    muted_closing = mock.patch("gongfa.workorders.tasks.notify_requester_closed.delay", return_value=None)
    with override_settings(DEBUG=False), muted, muted_closing, transaction.atomic():
        _sites_and_schools(rng, county, manager, today, result)
        _publicity(rng, county, manager, today, result)
        _adviser_logs(rng, county, today, result)
        _volunteers(rng, county, manager, today, result)
        _typical_cases(county, manager, result)
        _public_good(county, manager, today, result)
    say(
        f"普法与公益法律服务：工作日志 {result.logs:,} 条（{len(result.silent_villages)} 个村近期无记录），"
        f"普法活动 {result.events} 场，法治文化阵地 {result.sites} 个，学校 {result.schools} 所，"
        f"志愿者 {result.volunteers} 名，典型案例 {result.typical_cases} 件，"
        f"公益服务记录 {result.public_good_records:,} 条"
    )
    return result


# ------------------------------------------------------------------------------ sites and schools

SITE_NAMES = (
    ("法治文化公园", CultureSiteKind.PARK),
    ("法治文化广场", CultureSiteKind.SQUARE),
    ("法治长廊", CultureSiteKind.CORRIDOR),
    ("法治书屋", CultureSiteKind.LIBRARY),
)


def _sites_and_schools(
    rng: random.Random, county: Region, manager: User, today: datetime.date, result: OutreachResult
) -> None:
    from gongfa.outreach.services import publicity_sites as sites

    townships = list(Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code"))
    # Most townships have a site (one has two); the last one has none yet, so coverage is below 100 %.
    for index, township in enumerate(townships[:-1]):
        for number in range(2 if index == 0 else 1):
            name, kind = SITE_NAMES[(index + number) % len(SITE_NAMES)]
            sites.save_site(
                actor=manager,
                region=township,
                name=f"{township.name}{name}",
                kind=kind,
                address=f"{township.name}人民路",
                opened_on=today - datetime.timedelta(days=rng.randrange(200, 1500)),
            )
            result.sites += 1
    sites.save_site(
        actor=manager,
        region=county,
        name=f"{county.name}宪法主题公园",
        kind=CultureSiteKind.PARK,
        address=f"{county.name}滨江路",
        opened_on=today - datetime.timedelta(days=900),
    )
    result.sites += 1
    employers = (
        (VicePrincipalEmployer.POLICE, "派出所"),
        (VicePrincipalEmployer.PROCURATORATE, "人民检察院"),
        (VicePrincipalEmployer.COURT, "人民法院"),
        (VicePrincipalEmployer.JUSTICE, "司法所"),
        (VicePrincipalEmployer.LAW_FIRM, "律师事务所"),
    )
    surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡"
    for index, township in enumerate(townships):
        for level, label in ((SchoolLevel.PRIMARY, "中心小学"), (SchoolLevel.JUNIOR, "初级中学")):
            school = sites.add_school(actor=manager, region=township, name=f"{township.name}{label}", level=level)
            result.schools += 1
            # Two schools still wait for their vice-principal (the rate stays below 100 %).
            if index == len(townships) - 1 or (index == 1 and level == SchoolLevel.JUNIOR):
                continue
            employer, suffix = employers[(index + len(label)) % len(employers)]
            sites.appoint_vice_principal(
                actor=manager,
                school=school,
                name=surnames[(index * 2 + len(label)) % len(surnames)] + ("警官" if employer == "police" else "老师"),
                employer=employer,
                organisation=f"{township.name}{suffix}"
                if employer in {"police", "justice"}
                else f"{county.name}{suffix}",
                appointed_on=today - datetime.timedelta(days=rng.randrange(30, 700)),
            )


# ---------------------------------------------------------------------------------- publicity

THEMES = (
    (EventType.LECTURE, "农村土地承包与宅基地法律知识讲座"),
    (EventType.LECTURE, "防范养老诈骗法治讲座"),
    (EventType.SCHOOL_CLASS, "预防未成年人犯罪法治课"),
    (EventType.STREET_CONSULTATION, "农民工工资支付法律咨询"),
    (EventType.TRAINING, "以案释法：婚姻家庭纠纷"),
    (EventType.EXHIBITION, "民法典主题展板巡展"),
    (EventType.PERFORMANCE, "法治文艺进乡村"),
    (EventType.ONLINE, "法律援助进万家直播"),
)


def _campaigns(year: int) -> list[tuple[str, str, datetime.date, datetime.date, int, int]]:
    return [
        (
            CampaignTheme.CONSUMER_DAY,
            "3·15消费者权益日宣传",
            datetime.date(year, 3, 10),
            datetime.date(year, 3, 20),
            4,
            800,
        ),
        (
            CampaignTheme.CIVIL_CODE_MONTH,
            "民法典宣传月",
            datetime.date(year, 5, 1),
            datetime.date(year, 5, 31),
            8,
            2000,
        ),
        (
            CampaignTheme.CONSTITUTION_DAY,
            "12·4国家宪法日和宪法宣传周",
            datetime.date(year, 11, 28),
            datetime.date(year, 12, 10),
            10,
            3000,
        ),
    ]


def _publicity(rng: random.Random, county: Region, manager: User, today: datetime.date, result: OutreachResult) -> None:
    from gongfa.outreach.services import publicity as pub
    from gongfa.outreach.services import publicity_prompts as prompts

    lawyers = _lawyers(county)
    villages = list(Region.objects.filter(parent__parent=county, level=RegionLevel.VILLAGE).order_by("code"))
    plans: dict[int, PublicityPlan] = {}
    campaigns: dict[int, list] = {}
    for year in (today.year - 1, today.year):
        plan = pub.create_plan(
            actor=manager,
            region=county,
            year=year,
            title=f"{county.name}{year}年普法依法治理工作要点",
            target_events=60,
            target_audience=15000,
            target_constitution_talks=20,
            notes="按“八五”普法规划和《法治宣传教育法》要求制定，谁执法谁普法责任单位另行分解。",
        )
        plans[year] = plan
        campaigns[year] = [
            pub.add_campaign(
                actor=manager,
                plan=plan,
                theme=theme,
                title=title,
                starts_on=starts,
                ends_on=ends,
                target_events=events,
                target_audience=audience,
            )
            for theme, title, starts, ends, events, audience in _campaigns(year)
        ]
    # About forty events over the last year, three or four a month, more in the campaign windows.
    day = today - datetime.timedelta(days=360)
    number = 0
    while day < today - datetime.timedelta(days=2):
        number += 1
        plan = plans[day.year]
        campaign = next((c for c in campaigns[day.year] if c.starts_on <= day <= c.ends_on), None)
        if campaign is not None and campaign.theme == CampaignTheme.CONSTITUTION_DAY:
            event_type, theme = EventType.CONSTITUTION_TALK, "宪法进万家：学习宪法、尊崇宪法"
        elif campaign is not None and campaign.theme == CampaignTheme.CIVIL_CODE_MONTH:
            event_type, theme = EventType.LECTURE, "民法典走到群众身边"
        elif campaign is not None:
            event_type, theme = EventType.STREET_CONSULTATION, "消费者权益保护法律咨询"
        else:
            event_type, theme = THEMES[number % len(THEMES)]
        village = villages[(number * 7) % len(villages)]
        speakers = [lawyers[number % len(lawyers)]] if lawyers and event_type != EventType.EXHIBITION else []
        event = pub.plan_event(
            actor=manager,
            event_type=event_type,
            theme=theme,
            held_on=day,
            organiser=f"{county.name}司法局",
            region=village,
            place=f"{village.name}村民活动中心",
            speakers=speakers,
            other_speakers="" if speakers else "县普法讲师团",
            plan=plan,
            campaign=campaign,
            survey_enabled=number % 3 == 0,
        )
        groups = [
            AudienceGroup.VILLAGERS,
            rng.choice([AudienceGroup.ELDERLY, AudienceGroup.MIGRANT_WORKERS, AudienceGroup.WOMEN]),
        ]
        if event_type == EventType.SCHOOL_CLASS:
            groups = [AudienceGroup.STUDENTS]
        formats = [AccessibleFormat.LARGE_PRINT] if AudienceGroup.ELDERLY in groups else []
        if number % 5 == 0:
            formats.append(AccessibleFormat.SIGN_LANGUAGE)
        if number == 7:
            pub.cancel_event(actor=manager, event=event, reason="暴雨预警，活动取消，改期另行安排")
        else:
            pub.hold_event(
                actor=manager,
                event=event,
                held_on=day,
                audience_size=rng.randrange(30, 260) if event_type != EventType.ONLINE else rng.randrange(800, 3000),
                audience_groups=groups,
                accessible_formats=formats,
                materials_distributed=rng.randrange(50, 400),
                consultations_on_site=rng.randrange(3, 40),
                hours=Decimal("2"),
            )
            if number % 4 == 0:
                pub.add_attachment(actor=manager, event=event, upload=_photo(number), caption="活动现场")
            if event.survey_enabled:
                for answer in range(rng.randrange(2, 6)):
                    pub.submit_survey(
                        token=event.survey_token,
                        rating=5 - answer % 2,
                        learned=True,
                        comment="讲得通俗易懂" if answer == 0 else "",
                    )
            if day < today - datetime.timedelta(days=20):
                pub.evaluate_event(
                    actor=manager,
                    event=event,
                    evaluation="群众参与积极，现场咨询较多，资料发放到位。",
                    score=rng.randrange(78, 98),
                )
                if day < today - datetime.timedelta(days=90):
                    pub.archive_event(actor=manager, event=event)
        result.events += 1
        day += datetime.timedelta(days=rng.randrange(6, 12) if campaign is None else rng.randrange(2, 4))
    for ahead, (event_type, theme) in ((7, THEMES[0]), (16, THEMES[2])):
        pub.plan_event(
            actor=manager,
            event_type=event_type,
            theme=theme,
            held_on=today + datetime.timedelta(days=ahead),
            organiser=f"{county.name}司法局",
            region=villages[ahead % len(villages)],
            speakers=lawyers[:1],
            plan=plans.get((today + datetime.timedelta(days=ahead)).year),
        )
        result.events += 1
    answered = prompts.issue_prompt(
        actor=manager,
        region=county,
        department=f"{county.name}市场监督管理局",
        laws="《中华人民共和国消费者权益保护法》《中华人民共和国食品安全法》",
        issue="今年以来未按普法责任清单开展食品安全和消费者权益保护法律宣传，请制定整改措施并书面反馈。",
        issued_on=today - datetime.timedelta(days=80),
    )
    prompts.record_prompt_feedback(
        actor=manager, prompt=answered, feedback="已在全县农贸市场开展专项宣传 6 场，制定年度普法责任清单。"
    )
    prompts.issue_prompt(
        actor=manager,
        region=county,
        department=f"{county.name}人力资源和社会保障局",
        laws="《保障农民工工资支付条例》",
        issue="欠薪投诉集中的工地未开展农民工工资支付法律宣传，请在期限内整改并反馈。",
        issued_on=today - datetime.timedelta(days=45),
    )
    prompts.mark_overdue_prompts(today)


# ---------------------------------------------------------------------------------- adviser logs


def _adviser_logs(rng: random.Random, county: Region, today: datetime.date, result: OutreachResult) -> None:
    from gongfa.outreach.services.advisers import LogEntry, record_log

    kinds = {kind.code: kind for kind in WorkLogKind.objects.filter(is_active=True)}
    assignments = list(
        AdvisorAssignment.objects.filter(is_active=True, village__code__range=county.subtree_bounds())
        .select_related("advisor", "village")
        .order_by("village__code")
    )
    silent = {a.village_id for index, a in enumerate(assignments) if index % SILENT_SHARE == SILENT_SHARE - 1}
    consultations = 0
    first_day = today - datetime.timedelta(days=364)
    for index, assignment in enumerate(assignments):
        village, advisor = assignment.village, assignment.advisor
        last_day = today - datetime.timedelta(days=62) if village.pk in silent else today - datetime.timedelta(days=1)
        month_start = first_day.replace(day=1)
        while month_start <= last_day:
            next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
            span = (min(next_month, last_day + datetime.timedelta(days=1)) - max(month_start, first_day)).days
            if span <= 0:
                month_start = next_month
                continue

            def day_in(offset: int) -> datetime.date:
                return max(month_start, first_day) + datetime.timedelta(days=offset % span)  # noqa: B023

            entries: list[LogEntry] = []
            if rng.random() < 0.85:
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["visit"],
                        occurred_on=day_in(rng.randrange(0, 28)),
                        summary="到村值班，接待来访群众，走访调解委员会了解矛盾纠纷排查情况。",
                        days_in_village=Decimal(rng.choice(["0.5", "1", "1", "1.5", "2"])),
                    )
                )
            if rng.random() < 0.3:
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["lecture"],
                        occurred_on=day_in(rng.randrange(0, 28)),
                        summary="在村委会开展法治讲座，结合本村案例讲解。",
                        topic=rng.choice(
                            ["赡养老人与遗产继承", "土地承包经营权流转", "电信网络诈骗防范", "农民工讨薪途径"]
                        ),
                        audience=rng.randrange(20, 120),
                        audience_groups=[AudienceGroup.VILLAGERS, AudienceGroup.ELDERLY],
                    )
                )
            if rng.random() < 0.35:
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["wechat_group"],
                        occurred_on=day_in(27),
                        summary="本月在村法律顾问微信群解答群众咨询，推送普法内容。",
                        group_members=rng.randrange(80, 420),
                        questions_answered=rng.randrange(2, 25),
                    )
                )
            extra = rng.random()
            if extra < 0.08:
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["document"],
                        occurred_on=day_in(rng.randrange(0, 28)),
                        summary="为村民审查房屋租赁合同并提出修改意见。",
                        document_title="房屋租赁合同",
                    )
                )
            elif extra < 0.12:
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["village_rules"],
                        occurred_on=day_in(rng.randrange(0, 28)),
                        summary="审查村规民约修订稿，删除与法律相抵触的条款。",
                        document_title="村规民约（修订稿）",
                    )
                )
            elif extra < 0.15:
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["major_decision"],
                        occurred_on=day_in(rng.randrange(0, 28)),
                        summary="列席村民代表会议，就集体土地流转方案出具法律意见。",
                        topic="集体土地经营权流转",
                    )
                )
            if consultations < CONSULTATIONS and index % 5 == 0 and month_start.month % 3 == 0:
                consultations += 1
                entries.append(
                    LogEntry(
                        village=village,
                        kind=kinds["consultation"],
                        occurred_on=day_in(rng.randrange(0, 28)),
                        summary="村民咨询邻居建房占用通道如何处理，已当场解答相邻关系的规定和调解途径。",
                        topic="相邻关系",
                        requester_name=f"{village.name[:1]}大爷",
                        requester_phone=f"1370000{consultations:04d}",
                    )
                )
            for number, entry in enumerate(entries):
                if entry.kind is not None and entry.kind.code == "lecture" and number % 2 == 0:
                    entry.photos = [_photo(result.logs)]
                entry.client_key = f"demo-{village.code}-{month_start:%Y%m}-{number}"
                record_log(advisor, entry)
                result.logs += 1
            month_start = next_month
        if village.pk not in silent:
            # An active village's adviser has been there within the last three weeks (the coverage
            # view's silent villages are exactly the ones chosen above).
            record_log(
                advisor,
                LogEntry(
                    village=village,
                    kind=kinds["visit"],
                    occurred_on=today - datetime.timedelta(days=1 + index % 20),
                    summary="到村值班，接待来访群众，了解近期矛盾纠纷排查情况。",
                    days_in_village=Decimal("1"),
                    client_key=f"demo-{village.code}-recent",
                ),
            )
            result.logs += 1
    result.silent_villages = sorted(a.village.name for a in assignments if a.village_id in silent)


# ---------------------------------------------------------------------- volunteers and experts


def _volunteers(
    rng: random.Random, county: Region, manager: User, today: datetime.date, result: OutreachResult
) -> None:
    from gongfa.outreach.selectors.volunteers import field_choices
    from gongfa.outreach.services import volunteers as vol
    from gongfa.workorders.models import Topic

    topics = list(Topic.objects.filter(is_active=True).order_by("sort_order").values_list("code", flat=True))
    people = (
        ("郑晓雨", VolunteerKind.STUDENT, "省政法学院", "approve"),
        ("冯建国", VolunteerKind.RETIRED, "县人民法院（退休）", "approve"),
        ("蒋丽", VolunteerKind.PUBLIC_LAWYER, "县人力资源和社会保障局", "approve"),
        ("韩冰", VolunteerKind.COMPANY_LAWYER, "县农商银行", "approve"),
        ("曹文博", VolunteerKind.TEACHER, "省政法学院", "approve"),
        ("彭佳怡", VolunteerKind.STUDENT, "省政法学院", ""),
        ("袁志强", VolunteerKind.OTHER, "个体经营", "reject"),
    )
    for index, (name, kind, organisation, decision) in enumerate(people):
        volunteer = vol.register_volunteer(
            actor=manager,
            name=name,
            phone=f"1390000{7100 + index:04d}",
            kind=kind,
            organisation=organisation,
            region=county,
            skills=topics[index % max(1, len(topics)) : index % max(1, len(topics)) + 2],
            availability="周末" if kind == VolunteerKind.STUDENT else "工作日下午",
        )
        if decision == "approve":
            vol.decide_volunteer(actor=manager, volunteer=volunteer, action="approve")
            if index != 3:
                vol.record_service(
                    actor=manager,
                    volunteer=volunteer,
                    served_on=today - datetime.timedelta(days=rng.randrange(5, 200)),
                    note="参加普法宣传和现场咨询",
                )
        elif decision == "reject":
            vol.decide_volunteer(actor=manager, volunteer=volunteer, action="reject", reason="不具备法律专业背景")
        result.volunteers += 1
    fields = [code for code, _label in field_choices()]
    experts = (
        ("林正", "教授", "省政法学院", 0),
        ("何静", "主任医师", "市第一人民医院", 1),
        ("高远", "高级工程师", "市建筑设计院", 2),
        ("罗敏", "律师", "市律师协会", 3),
    )
    for name, title, organisation, offset in experts:
        if not fields:
            break
        vol.save_expert(
            actor=manager,
            name=name,
            title=title,
            organisation=organisation,
            fields=[fields[(offset * 3) % len(fields)], fields[(offset * 3 + 1) % len(fields)]],
            region=county,
        )
    attendees = list(
        User.objects.filter(
            role__in=[Role.MEDIATOR, Role.WINDOW_STAFF, Role.VILLAGE_ADVISOR],
            postings__is_active=True,
            postings__point__region__code__range=county.subtree_bounds(),
        )
        .distinct()
        .order_by("pk")[:12]
    )
    for days, title, hours in ((150, "人民调解员业务培训", "6"), (40, "村(居)法律顾问履职能力培训", "4")):
        vol.record_training(
            actor=manager,
            title=title,
            organiser=f"{county.name}司法局",
            region=county,
            held_on=today - datetime.timedelta(days=days),
            hours=Decimal(hours),
            attendees=attendees,
            other_attendees=15,
        )


# ------------------------------------------------------------------------------- typical cases

TYPICAL = (
    (
        "邻里建房起纠纷，调解员上门化干戈",
        "某村村民张某翻建住房时，在与邻居李某相邻的通道上砌筑台阶，李某认为影响通行，双方多次争吵。",
        "村人民调解委员会受理后，调解员实地查看，向双方讲解民法典关于相邻关系的规定，"
        "组织双方协商。张某同意拆除台阶、改建于自家宅基地内，李某同意让出部分檐下空间，双方签订调解协议并履行完毕。",
        "相邻关系纠纷应按照有利生产、方便生活、团结互助、公平合理的原则处理。调解员就地调解、以法释理，避免矛盾升级。",
        ["中华人民共和国民法典 第二百八十八条"],
    ),
    (
        "农民工讨薪获法律援助，拖欠工资全部追回",
        "王某等五名农民工在某工地务工，工程完工后被拖欠工资共计四万余元，多次讨要无果。",
        "王某等人向县法律援助中心申请法律援助。中心当日受理并指派律师，律师收集考勤记录和聊天记录，"
        "向劳动人事争议仲裁委员会申请仲裁，经仲裁调解，用工单位当庭支付全部欠薪。",
        "农民工请求支付劳动报酬不受经济困难条件限制（法律援助法第三十二条）。法律援助机构快速受理、及时指派，维护了劳动者合法权益。",
        ["中华人民共和国法律援助法 第三十二条"],
    ),
    (
        "赡养纠纷经调解，子女轮流照料老人",
        "某村八旬老人赵某育有三子，因分家时财产分配不均，三子互相推诿赡养义务。",
        "村法律顾问和调解员共同组织家庭会议，讲解赡养义务不因分家而免除，三子达成按月轮流照料、平均分担医疗费的协议。",
        "赡养老人是子女的法定义务，不得以放弃继承权或者其他理由拒绝履行。",
        ["中华人民共和国老年人权益保障法 第十四条"],
    ),
)


def _typical_cases(county: Region, manager: User, result: OutreachResult) -> None:
    from gongfa.outreach.selectors.cases import closed_source_cases, number_field
    from gongfa.outreach.services import cases as svc

    nominator = (
        User.objects.filter(
            role=Role.WINDOW_STAFF,
            postings__is_active=True,
            postings__point__region=county,
        )
        .order_by("pk")
        .first()
    ) or manager
    sources = [TypicalCaseSource.MEDIATION, TypicalCaseSource.LEGAL_AID, TypicalCaseSource.MEDIATION]
    used: set[tuple[str, str]] = set()
    for index, ((title, facts, handling, significance, citations), source) in enumerate(
        zip(TYPICAL, sources, strict=True)
    ):
        for actor in (nominator, manager):
            candidates = closed_source_cases(actor, source).order_by("pk")
            picked = next(
                (c for c in candidates[:20] if (source, getattr(c, number_field(source))) not in used),
                None,
            )
            if picked is not None:
                break
        if picked is None:
            continue
        number = getattr(picked, number_field(source))
        used.add((source, number))
        topic = ("real_estate", "labour", "marriage_family")[index]
        case = svc.nominate_case(actor=actor, source=source, number=number, topic=topic)
        case = svc.deidentify_case(
            actor=actor,
            case=case,
            title=title,
            facts=facts,
            handling=handling,
            significance=significance,
            topic=topic,
            citations=citations,
        )
        case = svc.submit_case(actor=actor, case=case)
        if index < 2:
            editor = manager if actor != manager else _other_editor(county, manager)
            if editor is not None:
                svc.publish_case(actor=editor, case=case, note="内容准确，已脱敏，同意发布。")
        result.typical_cases += 1


def _other_editor(county: Region, manager: User) -> User | None:
    return (
        User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True)
        .exclude(pk=manager.pk)
        .order_by("pk")
        .first()
    )


# --------------------------------------------------------------------------------- public good


def _public_good(county: Region, manager: User, today: datetime.date, result: OutreachResult) -> None:
    from gongfa.outreach.models import PublicGoodRecord
    from gongfa.outreach.services import publicgood as pg

    lawyers = _lawyers(county)
    for index, lawyer in enumerate(lawyers[:2]):
        record = pg.submit_entry(
            actor=lawyer,
            occurred_on=today - datetime.timedelta(days=30 + index * 20),
            hours=Decimal("6"),
            description="参加县工商联“法治体检进企业”公益活动，为小微企业审查合同",
            evidence=_evidence(),
        )
        if index == 0:
            pg.approve_entry(actor=manager, record=record, note="材料齐全，予以认定")
    pg.sync_public_good()
    result.public_good_records = PublicGoodRecord.objects.count()
