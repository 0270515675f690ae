"""Running an evaluation over service points: values per point from DailyFact, bands, weights,
typed scores, grades, ranks, recomputing a draft and finalising. Figures computed by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import Region, ServicePoint
from gongfa.performance.choices import EvaluationComponent, EvaluationRunStatus, SubjectKind
from gongfa.performance.compute_subjects import subject_values
from gongfa.performance.models import EvaluationInput, EvaluationItem, EvaluationResult, EvaluationScheme, Indicator
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.performance.services.evaluation import (
    check_new_run,
    enter_scores,
    finalise_run,
    recompute_run,
    run_evaluation,
    score_field,
)
from gongfa.testing.factories import UserFactory, build_network, post

OCT = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))

INDICATORS = {
    "wo_received": {"name": "工单受理量", "numerator": {"measures": ["wo.received"]}, "unit": "count", "decimals": 0},
    "wo_close_on_time_rate": {
        "name": "按时办结率",
        "numerator": {"measures": ["wo.closed_on_time"]},
        "denominator": {"measures": ["wo.closed"]},
        "scale": 100,
        "unit": "percent",
    },
    "wo_satisfaction_rate": {
        "name": "满意率",
        "numerator": {"measures": ["wo.rated_satisfied"]},
        "denominator": {"measures": ["wo.rated"]},
        "scale": 100,
        "unit": "percent",
    },
}
GRADES = [
    {"min": 90, "grade": "优秀"},
    {"min": 80, "grade": "良好"},
    {"min": 60, "grade": "合格"},
    {"min": 0, "grade": "不合格"},
]


def indicators():
    return {
        code: Indicator.objects.update_or_create(code=code, defaults={"denominator": None, "scale": 1, **fields})[0]
        for code, fields in INDICATORS.items()
    }


def facts(point, village, day, **values):
    """DailyFact rows for a point: facts(point, village, day, received=200) → wo.received."""
    apply_daily_deltas(
        {
            Contribution(f"wo.{name}", day, region_code=village.code, point_id=point.pk).key: value
            for name, value in values.items()
        }
    )


@pytest.fixture
def net(db):
    return build_network(townships=1, villages_per_township=1)


@pytest.fixture
def supervisor(net):
    user = UserFactory(role=Role.SUPERVISOR, real_name="郑主任")
    post(user, net.centre)
    return user


@pytest.fixture
def scheme(net):
    found = indicators()
    scheme = EvaluationScheme.objects.create(
        code="points", name="平台考评", subject_kind=SubjectKind.POINT, grade_bands=GRADES
    )
    rows = [
        ("quantity", "服务数量", EvaluationComponent.INDICATOR, found["wo_received"], 20, []),
        (
            "timeliness",
            "办理时效",
            EvaluationComponent.INDICATOR,
            found["wo_close_on_time_rate"],
            30,
            [{"min": 95, "score": 100}, {"min": 90, "score": 80}, {"min": 80, "score": 60}],
        ),
        (
            "satisfaction",
            "群众满意度",
            EvaluationComponent.CITIZEN,
            None,
            30,
            [{"min": 95, "score": 100}, {"min": 90, "score": 85}, {"min": 85, "score": 70}, {"min": 80, "score": 60}],
        ),
        ("self", "自评", EvaluationComponent.SELF, None, 10, []),
        ("third_party", "第三方评估", EvaluationComponent.THIRD_PARTY, None, 10, []),
    ]
    for order, (code, name, component, indicator, weight, bands) in enumerate(rows, start=1):
        EvaluationItem.objects.create(
            scheme=scheme,
            order=order,
            code=code,
            name=name,
            component=component,
            indicator=indicator,
            weight=weight,
            bands=bands,
        )
    return scheme


@pytest.fixture
def october(net):
    """centre: 200 received, 96/100 closed on time, 45 of 50 ratings satisfied (40 × 5, 5 × 4, 5 × 3);
    station: 120 received, 37/40 on time, 19 of 20 satisfied; room: nothing. A September fact and
    another county's point must not count."""
    village = net.villages[0]
    station = net.stations[net.townships[0].code]
    day = datetime.date(2026, 10, 15)
    facts(net.centre, village, day, received=200, closed=100, closed_on_time=96, rated=50, rated_5=40, rated_4=5)
    facts(net.centre, village, day, rated_3=5)
    facts(station, village, day, received=120, closed=40, closed_on_time=37, rated=20, rated_5=19, rated_2=1)
    facts(net.centre, village, datetime.date(2026, 9, 30), received=1000)
    other = build_network(prefix="330103", townships=1, villages_per_township=1, name="邻")
    facts(other.centre, other.villages[0], day, received=5000)
    return {"centre": net.centre, "station": station, "room": net.rooms[village.code]}


def typed(run, scores):
    """{(item code, point): score} → the form's keys."""
    items = {item.code: item.pk for item in run.scheme.items.all()}
    return {score_field(items[code], point.pk): value for (code, point), value in scores.items()}


def results(run):
    return {r.subject_id: r for r in EvaluationResult.objects.filter(run=run)}


@pytest.mark.django_db
def test_values_per_point_in_one_query(net, october, scheme, django_assert_num_queries):
    found = list(Indicator.objects.filter(code__in=INDICATORS))
    ids = [p.pk for p in october.values()]
    with django_assert_num_queries(2):  # the facts, and the region's 满意 setting (once)
        values = subject_values(found, SubjectKind.POINT, region=net.county, start=OCT[0], end=OCT[1], subject_ids=ids)
    centre, station, room = (values[october[name].pk] for name in ("centre", "station", "room"))
    assert centre["wo_received"].value == Decimal(200)
    assert centre["wo_close_on_time_rate"].value == Decimal("96.0")
    assert centre["wo_satisfaction_rate"].value == Decimal("90.0")  # (40 + 5) / 50, grades 5 and 4
    assert station["wo_close_on_time_rate"].value == Decimal("92.5")
    assert station["wo_satisfaction_rate"].value == Decimal("95.0")
    assert room["wo_received"].value == Decimal(0) and room["wo_close_on_time_rate"].value is None
    # Without ids: the points credited with facts in the region's subtree.
    by_region = subject_values(found, SubjectKind.POINT, region=net.county, start=OCT[0], end=OCT[1])
    assert set(by_region) == {october["centre"].pk, october["station"].pk}


@pytest.mark.django_db
def test_a_run_scores_ranks_and_explains_every_point(net, october, scheme, supervisor):
    run = run_evaluation(supervisor, scheme, net.county, *OCT)
    enter_scores(
        supervisor,
        run,
        typed(
            run,
            {
                ("self", october["centre"]): "90",
                ("third_party", october["centre"]): "80",
                ("self", october["station"]): "100",
                ("third_party", october["station"]): "70",
                ("self", october["room"]): "60",
            },
        ),
    )
    found = results(run)
    centre, station, room = (found[october[name].pk] for name in ("centre", "station", "room"))
    # centre: 200/200 → 100 × 20% = 20; 96% → 100 × 30% = 30; 90% → 85 × 30% = 25.5; 9; 8 → 92.5
    assert (centre.total, centre.grade, centre.rank) == (Decimal("92.50"), "优秀", 1)
    # station: 120/200 → 60 × 20% = 12; 92.5% → 80 × 30% = 24; 95% → 100 × 30% = 30; 10; 7 → 83
    assert (station.total, station.grade, station.rank) == (Decimal("83.00"), "良好", 2)
    # room: no data anywhere but its self-assessment 60 × 10% = 6
    assert (room.total, room.grade, room.rank) == (Decimal("6.00"), "不合格", 3)
    explained = {item["code"]: item["explanation"] for item in station.breakdown}
    assert explained["timeliness"] == "按时办结率 92.5%，落在 ≥90% 档，得 80 分 × 权重 30% = 24.0"
    assert explained["quantity"] == "工单受理量 120件，为最高值 200件 的 60%，得 60 分 × 权重 20% = 12.0"
    assert explained["satisfaction"] == "满意率 95%，落在 ≥95% 档，得 100 分 × 权重 30% = 30.0"
    assert explained["third_party"] == "第三方评估 70分，按实际值计分，得 70 分 × 权重 10% = 7.0"
    room_explained = {item["code"]: item["explanation"] for item in room.breakdown}
    assert room_explained["timeliness"] == "按时办结率无数据，得 0 分 × 权重 30% = 0.0"
    assert room_explained["third_party"] == "第三方评估无数据，得 0 分 × 权重 10% = 0.0"
    assert room_explained["quantity"] == "工单受理量 0件，为最高值 200件 的 0%，得 0 分 × 权重 20% = 0.0"
    assert set(found) == {p.pk for p in october.values()}  # the other county's point is not rated
    assert Event.objects.filter(verb="performance.evaluation_run", subject_id=str(run.pk)).exists()


@pytest.mark.django_db
def test_a_draft_is_recomputed_and_a_final_run_is_frozen_history(net, october, scheme, supervisor):
    first = run_evaluation(supervisor, scheme, net.county, *OCT)
    assert results(first)[october["station"].pk].total == Decimal("66.00")  # 12 + 24 + 30, nothing typed
    facts(october["station"], net.villages[0], datetime.date(2026, 10, 20), closed_on_time=3)  # 40/40 late facts
    recompute_run(supervisor, first)
    assert results(first)[october["station"].pk].total == Decimal("72.00")  # timeliness 100 × 30% = 30
    finalise_run(supervisor, first)
    first.refresh_from_db()
    assert first.status == EvaluationRunStatus.FINAL and first.finalised_at is not None
    assert Event.objects.filter(verb="performance.evaluationrun.finalise", subject_id=str(first.pk)).exists()

    facts(october["station"], net.villages[0], datetime.date(2026, 10, 21), received=500)
    with pytest.raises(DomainError, match="已定稿"):
        recompute_run(supervisor, first)
    with pytest.raises(DomainError, match="已定稿"):
        finalise_run(supervisor, first)
    with pytest.raises(DomainError, match="已定稿"):
        enter_scores(supervisor, first, typed(first, {("self", october["room"]): "50"}))
    second = run_evaluation(supervisor, scheme, net.county, *OCT)
    # The station now leads on quantity (620 vs 200) in the new run; the final run keeps its figures.
    assert results(second)[october["station"].pk].rank == 1
    assert results(first)[october["station"].pk].total == Decimal("72.00")
    assert results(first)[october["centre"].pk].rank == 1


@pytest.mark.django_db
def test_typed_scores_out_of_range_are_all_refused_and_nothing_changes(net, october, scheme, supervisor):
    run = run_evaluation(supervisor, scheme, net.county, *OCT)
    before = list(EvaluationResult.objects.filter(run=run).values_list("subject_id", "total"))
    with pytest.raises(DomainError) as caught:
        enter_scores(
            supervisor,
            run,
            typed(
                run,
                {
                    ("self", october["centre"]): "101",
                    ("third_party", october["station"]): "-5",
                    ("self", october["room"]): "很好",
                    ("self", october["station"]): "88",
                },
            ),
        )
    messages = {p.field: p.message for p in caught.value.problems}
    items = {item.code: item.pk for item in scheme.items.all()}
    centre, station = october["centre"], october["station"]
    assert messages == {
        score_field(items["self"], centre.pk): f"“{centre.name}”的“自评”得分应在 0 到 100 之间。",
        score_field(items["third_party"], station.pk): f"“{station.name}”的“第三方评估”得分应在 0 到 100 之间。",
        score_field(items["self"], october["room"].pk): f"“{october['room'].name}”的“自评”得分应为数字。",
    }
    assert not EvaluationInput.objects.exists()
    assert list(EvaluationResult.objects.filter(run=run).values_list("subject_id", "total")) == before
    with pytest.raises(DomainError, match="不属于本次考评"):
        enter_scores(supervisor, run, {score_field(items["timeliness"], centre.pk): "80"})  # not a typed item


@pytest.mark.django_db
def test_a_blank_score_clears_it(net, october, scheme, supervisor):
    run = run_evaluation(supervisor, scheme, net.county, *OCT)
    enter_scores(supervisor, run, typed(run, {("self", october["room"]): "60"}))
    assert results(run)[october["room"].pk].total == Decimal("6.00")
    assert enter_scores(supervisor, run, typed(run, {("self", october["room"]): ""})) == 1
    assert not EvaluationInput.objects.exists()
    assert results(run)[october["room"].pk].total == Decimal("0.00")


@pytest.mark.django_db
def test_ties_share_a_rank(net, october, scheme, supervisor):
    EvaluationItem.objects.filter(scheme=scheme).exclude(code="self").delete()
    EvaluationItem.objects.filter(scheme=scheme, code="self").update(weight=100)
    run = run_evaluation(supervisor, scheme, net.county, *OCT)
    enter_scores(
        supervisor,
        run,
        typed(
            run,
            {("self", october["centre"]): "80", ("self", october["station"]): "80", ("self", october["room"]): "70"},
        ),
    )
    found = results(run)
    assert [found[october[n].pk].rank for n in ("centre", "station", "room")] == [1, 1, 3]


@pytest.mark.django_db
def test_a_new_run_reports_every_problem_at_once(net, scheme):
    township_supervisor = UserFactory(role=Role.SUPERVISOR)
    post(township_supervisor, net.stations[net.townships[0].code])
    EvaluationItem.objects.filter(scheme=scheme, code="self").update(weight=5)
    with pytest.raises(DomainError) as caught:
        check_new_run(
            actor=township_supervisor,
            scheme=scheme,
            region=net.county,
            start=datetime.date(2026, 10, 31),
            end=datetime.date(2026, 10, 1),
            title="考" * 129,
        )
    fields = {p.field: p.message for p in caught.value.problems}
    assert fields == {
        "weight": "权重合计 95%，应为 100%。",
        "region": "您只能考评本人负责区划内的对象。",
        "period_end": "截止日期不能早于起始日期。",
        "title": "名称不能超过 128 个字。",
    }


@pytest.mark.django_db
def test_only_supervisors_of_the_region_touch_a_run(net, october, scheme, supervisor):
    run = run_evaluation(supervisor, scheme, net.county, *OCT)
    outsider = UserFactory(role=Role.SUPERVISOR)
    post(outsider, build_network(prefix="330104", townships=1, villages_per_township=1, name="外").centre)
    with pytest.raises(NotPermitted):
        recompute_run(outsider, run)
    with pytest.raises(NotPermitted):
        enter_scores(outsider, run, {})


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_points(net, october, scheme, supervisor):
    run = run_evaluation(supervisor, scheme, net.county, *OCT)
    with CaptureQueriesContext(connection) as few:
        recompute_run(supervisor, run)
    township = net.townships[0]
    for n in range(6):
        village = Region.objects.create(
            code=f"{township.code[:9]}{n + 2:03d}", name=f"新村{n}", level=RegionLevel.VILLAGE, parent=township
        )
        point = ServicePoint.objects.create(name=f"新村{n}工作室", tier=PointTier.ROOM, region=village)
        facts(point, village, datetime.date(2026, 10, 3), received=n + 1, closed=2, closed_on_time=1)
    with CaptureQueriesContext(connection) as many:
        recompute_run(supervisor, run)
    assert len(many) == len(few)
    assert EvaluationResult.objects.filter(run=run).count() == 9
