# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""Quality inspection (话务质检): the sample, the checklist's checks, who may inspect; and the
hotline KPIs (answer rate, average handling time, sample rate)."""

import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.errors import DomainError, NotPermitted, ValidationFailed
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.models import QualityInspection
from gongfa.workorders.selectors_calls import calls_visible_to, hotline_kpis, region_kpis
from gongfa.workorders.services.calls import CallRow, import_call_records
from gongfa.workorders.services.quality import Period, inspect_call, sample_calls
from gongfa.workorders.tests.hotline_fixtures import agent, checklist, local, queue  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)
PERIOD = Period(DAY, DAY)


@pytest.fixture
def calls(queue, agent):
    """38 answered calls (2 min each, one of 4 min), 2 abandoned."""
    rows = []
    for n in range(40):
        received = local(2026, 12, 1, 9, 0) + datetime.timedelta(minutes=10 * n)
        answered = n >= 2
        rows.append(
            CallRow(
                call_id=f"Q-{n:03d}",
                queue="12348",
                received_at=received,
                answered_at=received + datetime.timedelta(seconds=10) if answered else None,
                ended_at=received + datetime.timedelta(seconds=(250 if n == 2 else 130) if answered else 30),
                agent_code="a1001" if answered else "",
            )
        )
    import_call_records(rows)
    from gongfa.workorders.models import CallRecord

    return {c.call_id: c for c in CallRecord.objects.all()}


@pytest.fixture
def supervisor(network):
    user = UserFactory(role=Role.SUPERVISOR, real_name="郑主任")
    post(user, network.centre)
    return user


def full_scores(items):
    return {item.code: item.max_points for item in items}


def test_the_sample_is_five_percent_deterministic_and_skips_inspected(network, calls, checklist, supervisor):
    first = sample_calls(network.county, PERIOD)
    assert len(first) == 2  # ceil(38 × 5 %)
    assert [c.pk for c in sample_calls(network.county, PERIOD)] == [c.pk for c in first]
    assert all(c.outcome == "answered" for c in first)
    inspect_call(first[0], supervisor, full_scores(checklist))
    rest = sample_calls(network.county, PERIOD)
    assert [c.pk for c in rest] == [first[1].pk]
    assert sample_calls(network.townships[0], PERIOD) == []  # no call counts there
    with pytest.raises(DomainError):
        sample_calls(network.county, PERIOD, rate=0)


def test_an_inspection_keeps_the_checklist_and_totals(calls, checklist, supervisor):
    call = calls["Q-010"]
    scores = full_scores(checklist) | {"attitude": 3}
    inspection = inspect_call(call, supervisor, scores, "态度可以更耐心")
    assert inspection.total == 98 and inspection.max_total == 100
    assert [i["code"] for i in inspection.items] == [i.code for i in checklist]
    checklist[0].max_points = 50
    checklist[0].save()
    inspection.refresh_from_db()
    assert inspection.items[0]["max_points"] == 5


def test_every_problem_of_an_inspection_at_once(calls, checklist, supervisor):
    scores = full_scores(checklist)
    del scores["greeting"]
    scores["listening"] = 99
    scores["clarity"] = -1
    scores["closing"] = "很好"
    scores["made_up"] = 3
    with pytest.raises(ValidationFailed) as caught:
        inspect_call(calls["Q-000"], supervisor, scores)  # Q-000 was abandoned
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("call", "call_not_answered"),
        ("score_greeting", "missing_score"),
        ("score_listening", "score_above_max"),
        ("score_clarity", "negative_score"),
        ("score_closing", "invalid_score"),
        ("score_made_up", "unknown_item"),
    }
    assert not QualityInspection.objects.exists()


def test_twice_is_refused_and_only_supervisors_of_the_region_inspect(network, calls, checklist, supervisor, agent):
    call = calls["Q-010"]
    inspect_call(call, supervisor, full_scores(checklist))
    with pytest.raises(DomainError) as caught:
        inspect_call(call, supervisor, full_scores(checklist))
    assert [p.code for p in caught.value.problems] == ["already_inspected"]
    elsewhere = UserFactory(role=Role.SUPERVISOR)
    post(elsewhere, network.stations[network.townships[0].code])
    for outsider in (agent, elsewhere):
        with pytest.raises(NotPermitted):
            inspect_call(calls["Q-011"], outsider, full_scores(checklist))


def test_kpis_answer_rate_handling_time_and_sample_rate(network, calls, checklist, supervisor):
    inspect_call(calls["Q-010"], supervisor, full_scores(checklist))
    kpis = region_kpis(network.county, DAY, DAY)
    assert (kpis.received, kpis.answered, kpis.abandoned, kpis.inspected) == (40, 38, 2, 1)
    assert kpis.answer_rate == pytest.approx(38 / 40)
    assert kpis.average_talk_seconds == pytest.approx((240 + 37 * 120) / 38)
    assert kpis.sample_rate == pytest.approx(1 / 38)
    assert (
        region_kpis(network.county, DAY + datetime.timedelta(days=1), DAY + datetime.timedelta(days=1)).answer_rate
        is None
    )
    assert hotline_kpis(calls_visible_to(supervisor)).received == 40


def test_only_supervisors_and_administrators_list_calls(network, calls, agent):
    assert not calls_visible_to(agent).exists()
    elsewhere = UserFactory(role=Role.SUPERVISOR)
    post(elsewhere, network.stations[network.townships[0].code])
    assert not calls_visible_to(elsewhere).exists()
    assert calls_visible_to(UserFactory(role=Role.ADMINISTRATOR)).count() == 40
