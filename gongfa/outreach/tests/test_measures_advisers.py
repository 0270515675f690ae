"""The advisers' facts (outreach/measures/advisers.py): each log entry's counts by kind and its
timeliness, the villages-served stock per adviser, and the incremental path — an audit event on a
log entry or an appointment re-contributes the village — agreeing with the rebuild."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from gongfa.audit.services import record_event
from gongfa.network.models import AdvisorAssignment
from gongfa.outreach.measures.advisers import (
    _logs,
    _villages,
    assignment_contributions,
    log_contributions,
    village_contributions,
)
from gongfa.outreach.models import AdvisorLog
from gongfa.outreach.reports import load_definitions
from gongfa.outreach.tests.test_coverage_formulas import NOV, NOV_END, appoint, make_log, poor, value_of
from gongfa.performance.choices import SubjectKind
from gongfa.performance.compute import indicator_values
from gongfa.performance.compute_subjects import subject_values
from gongfa.performance.models import DailyFact, Indicator, PendingRefresh
from gongfa.performance.registry import EPOCH
from gongfa.performance.rollup import refresh_pending
from gongfa.testing.factories import MiniNetwork, UserFactory, build_network

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def net() -> MiniNetwork:
    return build_network()


def facts_of_log(log: AdvisorLog) -> Counter[str]:
    found: Counter[str] = Counter()
    for item in log_contributions(_logs().get(pk=log.pk)):
        assert item.day == log.occurred_on
        assert item.person_id == log.advisor_id
        assert item.region_code == log.village.code
        found[item.measure] += item.value
    return found


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("visit", {}, {"out.log_visits": 1}),
        ("lecture", {"audience": 45}, {"out.log_talks": 1, "out.log_talk_audience": 45}),
        ("lecture", {}, {"out.log_talks": 1}),
        ("consultation", {}, {"out.log_consultations": 1}),
        ("document", {"document_title": "借款合同"}, {"out.log_documents": 1}),
        ("village_rules", {"document_title": "村规民约"}, {"out.log_village_rules": 1}),
        ("mediation", {}, {"out.log_mediations": 1}),
        ("wechat_group", {"group_members": 300, "questions_answered": 7}, {"out.log_wechat_questions": 7}),
        ("major_decision", {"topic": "土地征收"}, {}),
    ],
)
def test_each_kind_counts_its_own(net: MiniNetwork, kind: str, extra: dict, expected: dict) -> None:
    log = make_log(net.villages[0], timezone.localdate(), kind=kind, **extra)
    assert facts_of_log(log) == Counter({"out.logs": 1, "out.logs_timely": 1, **expected})


def test_a_log_entered_late_is_not_timely(net: MiniNetwork) -> None:
    today = timezone.localdate()
    on_time = make_log(net.villages[0], today - datetime.timedelta(days=3))
    late = make_log(net.villages[0], today - datetime.timedelta(days=4))
    assert facts_of_log(on_time)["out.logs_timely"] == 1
    assert facts_of_log(late)["out.logs_timely"] == 0
    assert facts_of_log(late)["out.logs"] == 1


def test_a_village_counts_its_first_log_day_of_each_covered_month(net: MiniNetwork) -> None:
    village = net.villages[0]
    poor(village)
    appoint(village, D(2026, 9, 1), ended=D(2026, 10, 15))
    appoint(village, D(2026, 11, 2))
    for day in (D(2026, 9, 20), D(2026, 9, 3), D(2026, 10, 3), D(2026, 11, 10), D(2026, 11, 1)):
        make_log(village, day)
    facts = sorted((c.measure, c.day, c.value) for c in village_contributions(_villages().get(pk=village.pk)))
    assert facts == [
        ("out.active_village_months", D(2026, 9, 3), 1),  # the first log day of September
        # October: the adviser left on 10-15, nobody in post on 10-31
        ("out.active_village_months", D(2026, 11, 1), 1),  # covered on 11-30 (from 11-02)
        ("out.poverty_villages", EPOCH, 1),
        ("out.poverty_villages_with_advisor", D(2026, 9, 1), 1),
        ("out.poverty_villages_with_advisor", D(2026, 10, 15), -1),
        ("out.poverty_villages_with_advisor", D(2026, 11, 2), 1),
    ]


def test_an_ordinary_village_has_no_poverty_facts(net: MiniNetwork) -> None:
    appoint(net.villages[1], D(2026, 1, 1))
    assert list(village_contributions(_villages().get(pk=net.villages[1].pk))) == []


def test_the_villages_an_adviser_serves(net: MiniNetwork) -> None:
    advisor = UserFactory()
    first = AdvisorAssignment.objects.create(advisor=advisor, village=net.villages[0], started_on=D(2026, 1, 5))
    second = AdvisorAssignment.objects.create(
        advisor=advisor, village=net.villages[1], started_on=D(2026, 2, 1), ended_on=D(2026, 6, 30), is_active=False
    )
    assert [(c.measure, c.day, c.person_id, c.value) for c in assignment_contributions(first)] == [
        ("out.advisor_villages", D(2026, 1, 5), advisor.pk, 1)
    ]
    assert [(c.day, c.value) for c in assignment_contributions(second)] == [(D(2026, 2, 1), 1), (D(2026, 6, 30), -1)]


def test_visits_per_village_by_adviser(net: MiniNetwork) -> None:
    """Person-level values (the evaluation's path): visits ÷ villages served at the period end."""
    busy, idle = UserFactory(), UserFactory()
    for village in net.villages[:2]:
        AdvisorAssignment.objects.create(advisor=busy, village=village, started_on=D(2026, 1, 1))
    AdvisorAssignment.objects.create(advisor=idle, village=net.villages[2], started_on=D(2026, 1, 1))
    for day in (D(2026, 11, 3), D(2026, 11, 10), D(2026, 11, 17)):
        make_log(net.villages[0], day, advisor=busy)
    make_log(net.villages[1], D(2026, 11, 4), advisor=busy, kind="lecture", audience=20)  # a talk, not a visit
    value_of("out_visits_per_village", net.county)  # loads the indicators and rebuilds the facts
    indicator = Indicator.objects.get(code="out_visits_per_village")
    values = subject_values(
        [indicator], SubjectKind.PERSON, region=net.county, start=NOV, end=NOV_END, subject_ids=[busy.pk, idle.pk]
    )
    assert values[busy.pk]["out_visits_per_village"].value == Decimal("1.5")  # 3 visits, 2 villages
    assert values[idle.pk]["out_visits_per_village"].value == Decimal("0.0")
    county = value_of("out_visits_per_village", net.county)
    assert (county.numerator, county.denominator) == (3, 3)


def out_rows() -> list[tuple[str, datetime.date, int]]:
    """The advisers' facts (the other outreach sources have no subjects here but the townships,
    which only the rebuild and the sweep count)."""
    facts = DailyFact.objects.filter(measure__startswith="out.").exclude(measure="out.townships")
    return sorted(facts.values_list("measure", "day", "value"))


def test_events_refresh_the_village_as_the_rebuild_would(net: MiniNetwork) -> None:
    """The incremental path: a log's event (any verb, subject the log) and an appointment's event
    mark the village and the log; refreshing them gives what a rebuild gives."""
    load_definitions()
    village = net.villages[0]
    assignment = appoint(village, D(2026, 10, 1))
    record_event(assignment, "network.advisor_assigned", region=village)
    log = make_log(village, D(2026, 11, 12), kind="lecture", audience=30)
    record_event(log, "outreach.advisor_log.record", region=village)
    assert set(PendingRefresh.objects.values_list("source", "subject_id")) >= {
        ("outreach.village", village.pk),
        ("outreach.advisorlog", log.pk),
        ("outreach.advisor_assignment", assignment.pk),
    }
    refresh_pending()
    codes = ["out_advisor_activity_rate", "out_log_talks", "cov_village_advisor_rate"]
    indicators = list(Indicator.objects.filter(code__in=codes))
    incremental = indicator_values(indicators, net.townships[0], NOV, NOV_END)
    assert incremental["out_advisor_activity_rate"].value == Decimal("100.0")  # 1 of 1 covered village
    assert incremental["out_log_talks"].value == Decimal(1)
    incremental_rows = sorted(
        DailyFact.objects.filter(measure__startswith="out.").values_list("measure", "day", "value")
    )
    rebuilt = value_of("out_advisor_activity_rate", net.townships[0])
    assert rebuilt.value == Decimal("100.0")
    rebuilt_rows = out_rows()
    assert incremental_rows == rebuilt_rows


def test_removing_a_log_takes_its_month_away(net: MiniNetwork) -> None:
    village = net.villages[0]
    appoint(village, D(2026, 1, 1))
    log = make_log(village, D(2026, 11, 12))
    assert value_of("out_advisor_activity_rate", village).value == Decimal("100.0")
    pk = log.pk
    log.delete()
    log.pk = pk
    record_event(log, "outreach.advisor_log.delete", region=village)
    refresh_pending()
    indicator = Indicator.objects.get(code="out_advisor_activity_rate")
    assert indicator_values([indicator], village, NOV, NOV_END)["out_advisor_activity_rate"].value == Decimal("0.0")
