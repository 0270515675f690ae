"""Mediation's performance facts (mediation/measures.py): what each case contributes, on which
local day and with which dimensions; the events that refresh a case (its own and its children's);
the committee and mediator stocks; a rebuild gives the incremental rows."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Sum

from gongfa.audit.services import record_event
from gongfa.mediation.choices import (
    CaseSource,
    CommitteeType,
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
from gongfa.mediation.measures import (
    COMMITTEE_SOURCE,
    MEDIATOR_SOURCE,
    SOURCE,
    cases_of_event,
    committee_contributions,
    contributions,
    mediator_contributions,
    queryset,
    yuan,
)
from gongfa.mediation.models import (
    CaseMediator,
    EscalationReport,
    JudicialConfirmation,
    MediationCase,
    Mediator,
    ReturnVisit,
)
from gongfa.mediation.services.common import note
from gongfa.mediation.testing import build_world, make_case, make_mediator
from gongfa.performance import registry
from gongfa.performance.choices import Grain
from gongfa.performance.models import DailyFact, PendingRefresh, RollupFact
from gongfa.performance.models.facts import ALL
from gongfa.performance.registry import EPOCH
from gongfa.performance.rollup import rebuild, refresh_pending, refresh_subjects, sweep

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=BEIJING)


def shaped(world, status: str = "in_mediation", category: str = "neighbour", **fields) -> MediationCase:
    """A case of make_case with its fields set directly (no services)."""
    case = make_case(world, status, category_code=category)
    fields.setdefault("registered_at", at(11, 2))
    MediationCase.objects.filter(pk=case.pk).update(**fields)
    return case


def facts_of(case: MediationCase) -> Counter[tuple[str, datetime.date]]:
    """measure, day → value of the case's contributions (read through the source's queryset)."""
    found: Counter[tuple[str, datetime.date]] = Counter()
    for item in contributions(queryset().get(pk=case.pk)):
        found[(item.measure, item.day)] += item.value
    return found


@pytest.fixture
def world():
    return build_world()


def test_every_measure_is_registered_with_its_app():
    codes = {m.code for m in registry.measures() if m.app == "mediation"}
    assert {"med.received", "med.accepted", "med.succeeded", "med.agreement_amount", "med.mediators"} <= codes
    for source in CaseSource.values:
        assert f"med.received_{source}" in codes and f"med.accepted_{source}" in codes
    assert registry.measure("med.committees").kind == "stock"  # type: ignore[union-attr]
    assert registry.measure("med.agreement_amount").unit == "元"  # type: ignore[union-attr]
    names = {source.name for source in registry.sources()}
    assert {SOURCE, COMMITTEE_SOURCE, MEDIATOR_SOURCE} <= names


def test_a_written_agreement_contributes_on_each_day(world):
    case = shaped(
        world,
        "agreement_effective",
        source=CaseSource.OWN_INITIATIVE,
        intake_channel=IntakeChannel.HOTLINE,
        registered_at=at(11, 2),
        accepted_at=at(11, 3),
        due_on=datetime.date(2026, 12, 3),
        outcome=Outcome.WRITTEN_AGREEMENT,
        ended_at=at(11, 20),
        agreement_effective_on=datetime.date(2026, 11, 20),
        agreement_amount=Decimal("12345.50"),
    )
    nov = datetime.date
    assert facts_of(case) == Counter(
        {
            ("med.received", nov(2026, 11, 2)): 1,
            ("med.received_own_initiative", nov(2026, 11, 2)): 1,
            ("med.received_village", nov(2026, 11, 2)): 1,
            ("med.accepted", nov(2026, 11, 3)): 1,
            ("med.accepted_own_initiative", nov(2026, 11, 3)): 1,
            ("med.ended", nov(2026, 11, 20)): 1,
            ("med.ended_on_time", nov(2026, 11, 20)): 1,
            ("med.succeeded", nov(2026, 11, 20)): 1,
            ("med.written_agreements", nov(2026, 11, 20)): 1,
            ("med.agreement_amount", nov(2026, 11, 20)): 12346,
        }
    )


def test_the_dimensions_are_the_dispute_the_committee_and_the_presiding_mediator(world):
    case = shaped(world, "in_mediation", category="labour", intake_channel=IntakeChannel.REFERRAL)
    # an assisting mediator and a recused one do not take the person dimension
    CaseMediator.objects.filter(case=case).update(recused_at=at(11, 3), recusal_basis="declaration")
    CaseMediator.objects.create(case=case, mediator=world.mediators[0], role=MediatorRole.ASSISTING)
    CaseMediator.objects.create(case=case, mediator=world.mediators[1], role=MediatorRole.PRESIDING)
    (received, *_rest) = contributions(queryset().get(pk=case.pk))
    agency = world.township_committee.agency
    assert received.measure == "med.received"
    assert received.region_code == world.net.villages[0].code
    assert received.agency_id == agency.pk
    assert received.person_id == world.mediators[1].user_id
    assert received.service == "mediation"
    assert received.topic == "labour"
    assert received.channel == "workbench"  # 委托移送 is entered at the workbench; its source tells it apart
    unassigned = shaped(world, "applied", intake_channel=IntakeChannel.VILLAGE_ROOM, region=world.net.townships[0])
    (first, *_others) = contributions(queryset().get(pk=unassigned.pk))
    assert first.person_id == 0 and first.channel == "village_room"
    assert ("med.received_village", datetime.date(2026, 11, 2)) not in facts_of(unassigned)  # a township dispute


def test_days_are_local_days(world):
    # 1 December 01:00 in Beijing is still 30 November in UTC
    late = datetime.datetime(2026, 11, 30, 17, tzinfo=datetime.UTC)
    case = shaped(world, "accepted", registered_at=late, accepted_at=late)
    assert set(facts_of(case)) == {
        ("med.received", datetime.date(2026, 12, 1)),
        ("med.received_party_application", datetime.date(2026, 12, 1)),
        ("med.received_village", datetime.date(2026, 12, 1)),
        ("med.accepted", datetime.date(2026, 12, 1)),
        ("med.accepted_party_application", datetime.date(2026, 12, 1)),
    }


@pytest.mark.parametrize(
    ("due_on", "extended_until", "on_time"),
    [
        (None, None, True),  # never given a limit
        (datetime.date(2026, 11, 20), None, True),  # the last day counts
        (datetime.date(2026, 11, 19), None, False),
        (datetime.date(2026, 11, 10), datetime.date(2026, 11, 20), True),  # the extension decides
        (datetime.date(2026, 11, 10), datetime.date(2026, 11, 19), False),
    ],
)
def test_on_time_against_the_limit_or_its_extension(world, due_on, extended_until, on_time):
    case = shaped(
        world, "failed", outcome=Outcome.FAILED, ended_at=at(11, 20, 23), due_on=due_on, extended_until=extended_until
    )
    facts = facts_of(case)
    assert facts[("med.ended", datetime.date(2026, 11, 20))] == 1
    assert facts[("med.ended_on_time", datetime.date(2026, 11, 20))] == (1 if on_time else 0)
    assert facts[("med.succeeded", datetime.date(2026, 11, 20))] == 0


@pytest.mark.parametrize(
    ("outcome", "ended", "declined", "succeeded", "oral"),
    [
        (Outcome.ORAL_AGREEMENT, 1, 0, 1, 1),
        (Outcome.TERMINATED, 1, 0, 0, 0),
        (Outcome.REFUSED, 0, 1, 0, 0),
        (Outcome.NOT_ACCEPTED, 0, 1, 0, 0),
        (Outcome.NONE, 0, 0, 0, 0),
    ],
)
def test_outcomes(world, outcome, ended, declined, succeeded, oral):
    case = shaped(world, "in_mediation", outcome=outcome, ended_at=at(11, 9) if outcome else None)
    facts = facts_of(case)
    day = datetime.date(2026, 11, 9)
    assert (
        facts[("med.ended", day)],
        facts[("med.declined", day)],
        facts[("med.succeeded", day)],
        facts[("med.oral_agreements", day)],
    ) == (ended, declined, succeeded, oral)


def test_a_success_without_an_end_moment_counts_on_the_agreements_day(world):
    case = shaped(
        world,
        "agreement_effective",
        outcome=Outcome.ORAL_AGREEMENT,
        agreement_effective_on=datetime.date(2026, 11, 14),
        agreement_amount=Decimal("0.49"),  # rounds to nothing: no amount fact
    )
    facts = facts_of(case)
    assert facts[("med.succeeded", datetime.date(2026, 11, 14))] == 1
    assert not [key for key in facts if key[0] == "med.agreement_amount"]


def test_amounts_round_half_up_to_whole_yuan():
    assert [yuan(None), yuan(Decimal("0.49")), yuan(Decimal("0.50")), yuan(Decimal("2873.80"))] == [0, 0, 1, 2874]


def test_prevented_escalations_count_on_the_resolution_else_the_end(world):
    case = shaped(
        world,
        "failed",
        outcome=Outcome.FAILED,
        ended_at=at(11, 25),
        prevented_criminal=True,
        prevented_criminal_people=3,
        prevented_group_petition=True,
        prevented_group_petition_people=20,
    )
    EscalationReport.objects.create(
        case=case, risk=EscalationRisk.CRIMINAL, description="扬言报复", people=3, resolved_at=at(11, 12)
    )
    EscalationReport.objects.create(  # a later resolution of the same risk does not move the day
        case=case, risk=EscalationRisk.CRIMINAL, description="再次争执", people=2, resolved_at=at(11, 18)
    )
    EscalationReport.objects.create(  # unresolved: the group petition counts on the end
        case=case, risk=EscalationRisk.GROUP_PETITION, description="欲集体上访", people=20
    )
    facts = facts_of(case)
    assert facts[("med.prevented_criminal", datetime.date(2026, 11, 12))] == 1
    assert facts[("med.prevented_criminal_people", datetime.date(2026, 11, 12))] == 3
    assert facts[("med.prevented_group_petition", datetime.date(2026, 11, 25))] == 1
    assert facts[("med.prevented_group_petition_people", datetime.date(2026, 11, 25))] == 20


def test_an_open_case_without_a_resolution_does_not_count_a_prevention_yet(world):
    case = shaped(world, "in_mediation", prevented_criminal=True, prevented_criminal_people=4)
    assert not [key for key in facts_of(case) if key[0].startswith("med.prevented")]


def test_judicial_confirmation_and_return_visits(world):
    case = shaped(world, "jc_confirmed", outcome=Outcome.WRITTEN_AGREEMENT, ended_at=at(11, 2))
    JudicialConfirmation.objects.create(
        case=case,
        court="示范县人民法院",
        filed_on=datetime.date(2026, 11, 5),
        decision=CourtDecision.CONFIRMED,
        decided_on=datetime.date(2026, 11, 9),
    )
    JudicialConfirmation.objects.create(case=case, court="示范县人民法院", filed_on=datetime.date(2026, 11, 6))
    visits = [
        (at(11, 10), Performance.NOT_PERFORMED, Satisfaction.DISSATISFIED),
        (at(11, 20), Performance.PERFORMED, Satisfaction.SATISFIED),
        (at(11, 25), Performance.NOT_DUE, Satisfaction.FAIRLY),  # later, but says nothing of performance
    ]
    for done_at, performance, satisfaction in visits:
        ReturnVisit.objects.create(
            case=case,
            status=ReturnVisitStatus.DONE,
            due_on=done_at.date(),
            done_at=done_at,
            performance=performance,
            satisfaction=satisfaction,
        )
    ReturnVisit.objects.create(case=case, due_on=datetime.date(2026, 11, 28))  # still due: nothing
    facts = facts_of(case)
    day = datetime.date
    assert facts[("med.jc_filed", day(2026, 11, 5))] == facts[("med.jc_filed", day(2026, 11, 6))] == 1
    assert facts[("med.jc_confirmed", day(2026, 11, 9))] == 1
    assert sum(v for (m, _d), v in facts.items() if m == "med.jc_confirmed") == 1
    assert sum(v for (m, _d), v in facts.items() if m == "med.return_visits_done") == 3
    # the latest visit that established performance decides, once per case
    assert [(m, d) for (m, d) in facts if m in ("med.performance_checked", "med.performed")] == [
        ("med.performance_checked", day(2026, 11, 20)),
        ("med.performed", day(2026, 11, 20)),
    ]
    assert sum(v for (m, _d), v in facts.items() if m == "med.satisfaction_rated") == 3
    assert sum(v for (m, _d), v in facts.items() if m == "med.satisfied") == 2


def test_events_on_the_case_and_on_its_rows_refresh_the_case(world):
    case = shaped(world, "in_mediation")
    visit = ReturnVisit.objects.create(case=case, due_on=datetime.date(2026, 11, 28))
    assert list(cases_of_event(note_event(case))) == [case.pk]
    child = record_event(visit, "mediation.returnvisit.done", actor=None, region=case.region)
    assert list(cases_of_event(child)) == [case.pk]
    other = record_event(world.township_committee, "mediation.committee.edit", actor=None)
    assert list(cases_of_event(other)) == []
    gone = record_event(visit, "mediation.returnvisit.done", actor=None)
    ReturnVisit.objects.filter(pk=visit.pk).delete()
    assert list(cases_of_event(gone)) == []


def note_event(case: MediationCase):
    from gongfa.audit.models import Event

    note(case, "reminder", actor=None)
    return Event.objects.filter(verb="mediation.mediationcase.reminder").latest("pk")


def test_the_incremental_path_follows_the_case(world):
    case = shaped(world, "in_mediation", accepted_at=at(11, 3))
    note(case, "document_added", actor=None)
    assert PendingRefresh.objects.filter(source=SOURCE, subject_id=case.pk).exists()
    refresh_pending()
    assert DailyFact.objects.get(measure="med.accepted", region_code=world.net.villages[0].code).value == 1
    # the case fails: an event on it brings the new facts, the old ones stay
    MediationCase.objects.filter(pk=case.pk).update(outcome=Outcome.FAILED, ended_at=at(11, 30), status="failed")
    note(case, "document_added", actor=None)
    refresh_pending()
    county = world.net.county.code
    month = datetime.date(2026, 11, 1)
    rollup = dict(
        RollupFact.objects.filter(
            grain=Grain.MONTH, region_code=county, period=month, service=ALL, channel=ALL, dim=""
        ).values_list("measure", "value")
    )
    assert rollup["med.accepted"] == 1 and rollup["med.ended"] == 1 and "med.succeeded" not in rollup


def test_committee_and_mediator_stocks(world):
    Mediator.objects.filter(pk=world.mediators[1].pk).update(employment=Employment.PART_TIME)
    retired = make_mediator(world.village_committee, "退岗调解")
    Mediator.objects.filter(pk=retired.pk).update(is_active=False)
    committees = Counter(c.measure for c in committee_contributions(world.village_committee))
    assert committees == Counter({"med.committees": 1, "med.committees_village": 1})
    assert [c.measure for c in committee_contributions(world.township_committee)] == ["med.committees"]
    assert world.township_committee.committee_type == CommitteeType.TOWNSHIP
    retired.refresh_from_db()
    assert list(mediator_contributions(retired)) == []
    sweep()  # committees and mediators have no events: the sweep finds them
    county = world.net.county.code
    stock = dict(
        RollupFact.objects.filter(
            grain=Grain.MONTH, region_code=county, period=EPOCH, service=ALL, channel=ALL, dim=""
        ).values_list("measure", "value")
    )
    assert stock["med.committees"] == 3 and stock["med.committees_village"] == 1
    assert stock["med.mediators"] == 3 and stock["med.mediators_full_time"] == 2


def test_rebuild_gives_the_incremental_rows(world):
    first = shaped(world, "failed", accepted_at=at(11, 3), outcome=Outcome.FAILED, ended_at=at(11, 9))
    second = shaped(world, "in_mediation", category="labour", registered_at=at(10, 30), accepted_at=at(11, 1))
    with_visit = shaped(world, "performed", outcome=Outcome.ORAL_AGREEMENT, ended_at=at(11, 4))
    ReturnVisit.objects.create(
        case=with_visit,
        status=ReturnVisitStatus.DONE,
        due_on=datetime.date(2026, 11, 8),
        done_at=at(11, 8),
        performance=Performance.PERFORMED,
    )
    refresh_subjects(SOURCE, [first.pk, second.pk, with_visit.pk])
    sweep()
    columns = ("measure", "day", "region_code", "person_id", "agency_id", "topic", "channel", "value")
    daily = sorted(DailyFact.objects.filter(measure__startswith="med.").values_list(*columns))
    rollup = sorted(
        RollupFact.objects.filter(measure__startswith="med.").values_list("grain", "period", "measure", "value")
    )
    assert daily and rollup
    rebuild(EPOCH, datetime.date(2026, 12, 31))
    assert sorted(DailyFact.objects.filter(measure__startswith="med.").values_list(*columns)) == daily
    assert (
        sorted(RollupFact.objects.filter(measure__startswith="med.").values_list("grain", "period", "measure", "value"))
        == rollup
    )


def test_the_services_events_bring_the_facts(world):
    """Through the real steps: acceptance (受理) and failure (调解不成) write their events on the case."""
    from gongfa.mediation.services.acceptance import accept_case
    from gongfa.mediation.services.outcome import record_failure

    with time_machine.travel(at(11, 27), tick=False):
        applied = make_case(world, "applied", category_code="housing_homestead")
        accept_case(actor=world.chair, case=applied)
        handled = make_case(world, "in_mediation")
        record_failure(actor=world.mediators[0].user, case=handled, reason="双方对赔偿数额分歧过大")
    refresh_pending()
    day = datetime.date(2026, 11, 27)
    facts = dict(
        DailyFact.objects.filter(day=day, measure__in=["med.accepted", "med.ended", "med.ended_on_time"])
        .values("measure")
        .annotate(total=Sum("value"))
        .values_list("measure", "total")
    )
    assert facts == {"med.accepted": 1, "med.ended": 1, "med.ended_on_time": 1}
    accepted = DailyFact.objects.get(day=day, measure="med.accepted")
    assert accepted.topic == "housing_homestead" and accepted.agency_id == world.township_committee.agency_id
