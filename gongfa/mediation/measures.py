"""What people's mediation counts in performance management (人民调解计量).

Fact source "mediation.case": each case contributes, on the local day each thing happened, with its
dimensions: the region of the dispute (纠纷发生地: its village or township), the committee's agency
and point, the presiding mediator's user, service "mediation", the channel of intake and the topic =
the dispute category's code (DisputeCategory.code, the 15 categories of the Huangshi report).

Flows (件 unless stated):
- med.received: every case registered (登记), on registered_at; med.received_village: those whose
  dispute arose in a village or community (村(社区)), for the village share (村级化解占比);
- med.accepted: cases accepted (受理), on accepted_at. The Huangshi report's 受理 is this figure;
- by source (案件来源): med.received_<source> and med.accepted_<source> for each CaseSource (当事人
  申请, 调委会主动调解, 公安机关移交, 审判机关委托, 政府部门指定). Source is not a filter dimension of
  performance (service / channel / topic / special_group / tier), and the channel keeps the intake
  channel, so each source is its own measure; the report's 接受委托移送调解 sums the three referred
  sources (REFERRED_SOURCES);
- med.ended: mediation concluded (调解终结: written or oral agreement, failed, terminated by a
  party), on the day it ended; med.declined: not accepted or refused by the other party (never
  mediated), on the same day;
- med.succeeded (调解成功: an agreement, written or oral), med.written_agreements,
  med.oral_agreements, on the day mediation ended; med.agreement_amount: the agreement's amount in
  whole yuan (rounded half up), on the same day;
- med.ended_on_time: concluded not later than the limit (the extension if any, else the one-month
  due day of Mediation Provisions 第33条 ◐); a case with no limit (never started) is on time;
- med.prevented_criminal / med.prevented_criminal_people (防止民转刑, 件 / 人) and
  med.prevented_group_petition / med.prevented_group_petition_people (防止群体性上访, 件 / 人)
  (第25条): on the day the first escalation report of that risk was resolved, else the day the case
  ended; a case still open with no resolved report does not count yet;
- med.jc_filed: joint applications for judicial confirmation (第33条), on filed_on;
  med.jc_confirmed: those the court confirmed, on decided_on;
- med.return_visits_done: return visits done (回访, 第31条), on done_at; med.performance_checked:
  cases whose performance a return visit established (履行、部分履行或未履行; the latest such visit
  counts), on that visit's day; med.performed: those found performed; med.satisfaction_rated /
  med.satisfied: visits recording satisfaction, and those 满意 or 基本满意.

The day a mediation ended is ended_at; a successful case without it (an agreement in force but no
end recorded) falls back to agreement_effective_on.

Stocks (个 / 人), carried forward: med.committees and med.committees_village (村(居) committees) per
active committee, from its establishment (else the registry's EPOCH); med.mediators and
med.mediators_full_time (专职) per active mediator, from EPOCH. Committees and mediators are entered
in the admin: both sources are swept without events.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.mediation.choices import (
    GRASSROOTS_TYPES,
    SUCCESS_OUTCOMES,
    CaseSource,
    CourtDecision,
    Employment,
    EscalationRisk,
    IntakeChannel,
    MediatorRole,
    Outcome,
    Performance,
    ReturnVisitStatus,
    Satisfaction,
)
from gongfa.mediation.models import (
    Agreement,
    CaseDocument,
    CaseMediator,
    CaseParty,
    Committee,
    Consent,
    DisputeCategory,
    EscalationReport,
    ExpertConsultation,
    JudicialConfirmation,
    MediationCase,
    MediationSession,
    Mediator,
    ReturnVisit,
)
from gongfa.network.choices import RegionLevel
from gongfa.performance.choices import MeasureKind
from gongfa.performance.registry import (
    EPOCH,
    Contribution,
    FactSource,
    Measure,
    register_measures,
    register_source,
    register_topic_labels,
)

if TYPE_CHECKING:
    from gongfa.audit.models import Event

SOURCE = "mediation.case"
COMMITTEE_SOURCE = "mediation.committee"
MEDIATOR_SOURCE = "mediation.mediator"
SERVICE = "mediation"
APP = "mediation"

# The intake channel on the performance channel dimension (core Channel). Referrals and the
# committee's own 排查 are entered by committee staff at the workbench; their source measures tell
# them apart.
CHANNELS: dict[str, str] = {
    IntakeChannel.PORTAL: Channel.PORTAL,
    IntakeChannel.WINDOW: Channel.WINDOW,
    IntakeChannel.VILLAGE_ROOM: Channel.VILLAGE_ROOM,
    IntakeChannel.HOTLINE: Channel.HOTLINE,
    IntakeChannel.REFERRAL: Channel.WORKBENCH,
    IntakeChannel.COMMITTEE: Channel.WORKBENCH,
}
MEDIATED_OUTCOMES = (Outcome.WRITTEN_AGREEMENT, Outcome.ORAL_AGREEMENT, Outcome.FAILED, Outcome.TERMINATED)
DECLINED_OUTCOMES = (Outcome.REFUSED, Outcome.NOT_ACCEPTED)
CHECKED_PERFORMANCE = (Performance.PERFORMED, Performance.PARTLY, Performance.NOT_PERFORMED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.FAIRLY)
# Models whose events concern a case (their rows carry case_id): an event on one refreshes its case.
CASE_CHILDREN: tuple[type[Model], ...] = (
    Agreement,
    CaseDocument,
    CaseMediator,
    CaseParty,
    Consent,
    EscalationReport,
    ExpertConsultation,
    JudicialConfirmation,
    MediationSession,
    ReturnVisit,
)

STOCK = MeasureKind.STOCK
MEASURES = [
    Measure("med.received", _("调解案件登记数"), description=_("登记的纠纷（含不予受理、一方拒绝调解），按登记日")),
    Measure("med.received_village", _("村(社区)纠纷登记数"), description=_("纠纷发生地为村(社区)的登记案件，按登记日")),
    Measure("med.accepted", _("调解案件受理数"), description=_("受理的案件，按受理日")),
    *[
        Measure(
            f"med.received_{source.value}",
            format_lazy(_("{label}登记数"), label=source.label),
            description=_("按案件来源，按登记日"),
        )
        for source in CaseSource
    ],
    *[
        Measure(
            f"med.accepted_{source.value}",
            format_lazy(_("{label}受理数"), label=source.label),
            description=_("按案件来源，按受理日"),
        )
        for source in CaseSource
    ],
    Measure("med.ended", _("调解终结数"), description=_("达成协议、调解不成或当事人要求终止，按终结日")),
    Measure("med.declined", _("不予受理及一方拒绝调解数"), description=_("未进入调解的案件，按终结日")),
    Measure("med.succeeded", _("调解成功数"), description=_("达成书面或口头协议，按终结日")),
    Measure("med.written_agreements", _("书面协议数"), description=_("按终结日")),
    Measure("med.oral_agreements", _("口头协议数"), description=_("按终结日")),
    Measure(
        "med.agreement_amount", _("协议涉及金额（元）"), unit=_("元"), description=_("调解成功案件的协议金额，取整到元")
    ),
    Measure("med.ended_on_time", _("期限内调结数"), description=_("终结日不晚于调解期限（延长的以延长后为准）")),
    Measure("med.prevented_criminal", _("防止民转刑件数"), description=_("第25条；按风险化解日，无则按终结日")),
    Measure("med.prevented_criminal_people", _("防止民转刑人数"), unit=_("人"), description=_("同上")),
    Measure(
        "med.prevented_group_petition", _("防止群体性上访件数"), description=_("第25条；按风险化解日，无则按终结日")
    ),
    Measure("med.prevented_group_petition_people", _("防止群体性上访人数"), unit=_("人"), description=_("同上")),
    Measure("med.jc_filed", _("申请司法确认数"), description=_("第33条；按申请日")),
    Measure("med.jc_confirmed", _("司法确认有效数"), description=_("法院裁定协议有效，按裁定日")),
    Measure("med.return_visits_done", _("已回访次数"), description=_("第31条；按回访日")),
    Measure(
        "med.performance_checked", _("回访确认履行情况的案件数"), description=_("以最近一次确认履行情况的回访为准")
    ),
    Measure("med.performed", _("回访确认已履行的案件数"), description=_("同上，履行情况为已履行")),
    Measure("med.satisfaction_rated", _("回访记录满意程度次数"), description=_("按回访日")),
    Measure("med.satisfied", _("回访满意（含基本满意）次数"), description=_("按回访日")),
    Measure("med.committees", _("人民调解委员会数"), unit=_("个"), kind=STOCK),
    Measure("med.committees_village", _("村(居)人民调解委员会数"), unit=_("个"), kind=STOCK),
    Measure("med.mediators", _("人民调解员数"), unit=_("人"), kind=STOCK),
    Measure("med.mediators_full_time", _("专职人民调解员数"), unit=_("人"), kind=STOCK),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)
CASE_MEASURES = tuple(m.code for m in MEASURES if m.kind != STOCK)


def yuan(amount: Decimal | None) -> int:
    """An amount in whole yuan, rounded half up (facts are integers)."""
    if amount is None:
        return 0
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ended_day(case: MediationCase) -> datetime.date | None:
    """The local day mediation ended (see the module docstring)."""
    if case.ended_at is not None:
        return timezone.localdate(case.ended_at)
    if case.outcome in SUCCESS_OUTCOMES:
        return case.agreement_effective_on
    return None


def _presiding_user(case: MediationCase) -> int:
    current = [m for m in case.mediators.all() if m.recused_at is None]
    presiding = [m for m in current if m.role == MediatorRole.PRESIDING] or current
    return presiding[0].mediator.user_id if presiding else 0


def _prevented_day(case: MediationCase, risk: str, ended: datetime.date | None) -> datetime.date | None:
    resolved = [
        report.resolved_at
        for report in case.escalations.all()
        if report.risk == risk and report.resolved_at is not None
    ]
    return timezone.localdate(min(resolved)) if resolved else ended


def contributions(case: MediationCase) -> Iterator[Contribution]:
    """The case's contributions now (the same function serves the incremental path and rebuild)."""
    agency = case.committee.agency
    base = Contribution(
        measure="",
        day=datetime.date.min,
        region_code=case.region.code,
        point_id=agency.point_id or 0,
        person_id=_presiding_user(case),
        agency_id=agency.pk,
        service=SERVICE,
        channel=CHANNELS.get(case.intake_channel, ""),
        topic=case.category.code,
    )

    def fact(measure: str, day: datetime.date, value: int = 1) -> Contribution:
        return base._replace(measure=measure, day=day, value=value)

    registered = timezone.localdate(case.registered_at)
    yield fact("med.received", registered)
    yield fact(f"med.received_{case.source}", registered)
    if case.region.level == RegionLevel.VILLAGE:
        yield fact("med.received_village", registered)
    if case.accepted_at is not None:
        accepted = timezone.localdate(case.accepted_at)
        yield fact("med.accepted", accepted)
        yield fact(f"med.accepted_{case.source}", accepted)
    ended = ended_day(case)
    if ended is not None and case.outcome in MEDIATED_OUTCOMES:
        yield fact("med.ended", ended)
        limit = case.extended_until or case.due_on
        if limit is None or ended <= limit:
            yield fact("med.ended_on_time", ended)
        if case.outcome in SUCCESS_OUTCOMES:
            yield fact("med.succeeded", ended)
            kind = "written" if case.outcome == Outcome.WRITTEN_AGREEMENT else "oral"
            yield fact(f"med.{kind}_agreements", ended)
            amount = yuan(case.agreement_amount)
            if amount:
                yield fact("med.agreement_amount", ended, amount)
    elif ended is not None and case.outcome in DECLINED_OUTCOMES:
        yield fact("med.declined", ended)
    for flag, risk, people, code in (
        (case.prevented_criminal, EscalationRisk.CRIMINAL, case.prevented_criminal_people, "criminal"),
        (
            case.prevented_group_petition,
            EscalationRisk.GROUP_PETITION,
            case.prevented_group_petition_people,
            "group_petition",
        ),
    ):
        day = _prevented_day(case, risk, ended) if flag else None
        if day is not None:
            yield fact(f"med.prevented_{code}", day)
            if people:
                yield fact(f"med.prevented_{code}_people", day, people)
    for confirmation in case.confirmations.all():
        yield fact("med.jc_filed", confirmation.filed_on)
        if confirmation.decision == CourtDecision.CONFIRMED and confirmation.decided_on is not None:
            yield fact("med.jc_confirmed", confirmation.decided_on)
    checked: tuple[datetime.datetime, str] | None = None
    for visit in case.return_visits.all():
        if visit.status != ReturnVisitStatus.DONE or visit.done_at is None:
            continue
        day = timezone.localdate(visit.done_at)
        yield fact("med.return_visits_done", day)
        if visit.satisfaction:
            yield fact("med.satisfaction_rated", day)
            if visit.satisfaction in SATISFIED:
                yield fact("med.satisfied", day)
        if visit.performance in CHECKED_PERFORMANCE and (checked is None or visit.done_at >= checked[0]):
            checked = (visit.done_at, visit.performance)
    if checked is not None:
        day = timezone.localdate(checked[0])
        yield fact("med.performance_checked", day)
        if checked[1] == Performance.PERFORMED:
            yield fact("med.performed", day)


def cases_of_event(event: Event) -> Iterable[int]:
    """The case an event concerns: its subject, or the case of a child row (agreement, visit …)."""
    model = event.subject_type.model_class()
    if model is MediationCase:
        return [int(event.subject_id)]
    if model in CASE_CHILDREN and str(event.subject_id).isdigit():
        assert model is not None
        return list(model._default_manager.filter(pk=int(event.subject_id)).values_list("case_id", flat=True))
    return []


def queryset() -> QuerySet[MediationCase]:
    return (
        MediationCase.objects.select_related("region", "category", "committee__agency")
        .prefetch_related("mediators__mediator", "confirmations", "return_visits", "escalations")
        .only(
            "pk",
            "region__code",
            "region__level",
            "category__code",
            "committee__agency__point_id",
            "committee__agency_id",
            "source",
            "intake_channel",
            "outcome",
            "registered_at",
            "accepted_at",
            "ended_at",
            "due_on",
            "extended_until",
            "agreement_effective_on",
            "agreement_amount",
            "prevented_criminal",
            "prevented_criminal_people",
            "prevented_group_petition",
            "prevented_group_petition_people",
        )
    )


def committee_contributions(committee: Committee) -> Iterator[Contribution]:
    agency = committee.agency
    if not agency.is_active:
        return
    base = Contribution(
        measure="med.committees",
        day=committee.established_on or EPOCH,
        region_code=agency.region.code,
        point_id=agency.point_id or 0,
        agency_id=agency.pk,
        service=SERVICE,
    )
    yield base
    if committee.committee_type in GRASSROOTS_TYPES:
        yield base._replace(measure="med.committees_village")


def _committees() -> QuerySet[Committee]:
    return Committee.objects.select_related("agency__region")


def mediator_contributions(mediator: Mediator) -> Iterator[Contribution]:
    if not mediator.is_active or not mediator.user.is_active:
        return
    agency = mediator.committee.agency
    base = Contribution(
        measure="med.mediators",
        day=EPOCH,
        region_code=agency.region.code,
        point_id=agency.point_id or 0,
        person_id=mediator.user_id,
        agency_id=agency.pk,
        service=SERVICE,
    )
    yield base
    if mediator.employment == Employment.FULL_TIME:
        yield base._replace(measure="med.mediators_full_time")


def _mediators() -> QuerySet[Mediator]:
    return Mediator.objects.select_related("user", "committee__agency__region")


register_source(
    FactSource(
        name=SOURCE,
        model=MediationCase,
        contribute=contributions,
        queryset=queryset,
        subjects_of_event=cases_of_event,
        created_field="registered_at",
        app=APP,
        measures=CASE_MEASURES,
    )
)
register_source(
    FactSource(
        name=COMMITTEE_SOURCE,
        model=Committee,
        contribute=committee_contributions,
        queryset=_committees,
        app=APP,
        measures=("med.committees", "med.committees_village"),
        without_events=True,
    )
)
register_source(
    FactSource(
        name=MEDIATOR_SOURCE,
        model=Mediator,
        contribute=mediator_contributions,
        queryset=_mediators,
        app=APP,
        measures=("med.mediators", "med.mediators_full_time"),
        without_events=True,
    )
)


def category_names() -> dict[str, str]:
    """The dispute categories' names: a case's facts carry its category in the topic dimension."""
    return dict(DisputeCategory.objects.values_list("code", "name"))


register_topic_labels(category_names)
