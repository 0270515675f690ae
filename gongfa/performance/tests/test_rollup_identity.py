"""The incremental path and the rebuild give identical fact rows (issue: "a rebuild and the
incremental path give identical rows"), late events land on their own day, and a refresh is safe
to repeat."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongfa.core.choices import Channel
from gongfa.performance.models import DailyFact, FactLedger, PendingRefresh, RollupFact
from gongfa.performance.registry import EPOCH
from gongfa.performance.rollup import mark_pending, rebuild, refresh_pending, refresh_subjects, sweep
from gongfa.workorders.choices import CallbackOutcome, Rating, ResultCode, ReturnVisitKind, SpecialGroup
from gongfa.workorders.models import Rectification, ReturnVisit
from gongfa.workorders.services import (
    accept_work_order,
    answer_work_order,
    close_work_order,
    complete_rectification,
    complete_return_visit,
    create_work_order,
    log_callback,
    rate_work_order,
)

BEIJING = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, tzinfo=BEIJING)


def daily_rows():
    return sorted(
        DailyFact.objects.values_list(
            "measure",
            "day",
            "region_code",
            "point_id",
            "person_id",
            "agency_id",
            "service",
            "channel",
            "topic",
            "special_groups",
            "tier",
            "value",
        )
    )


def rollup_rows():
    return sorted(
        RollupFact.objects.values_list(
            "grain", "period", "level", "region_code", "measure", "service", "channel", "dim", "dim_value", "value"
        )
    )


@pytest.fixture
def history(network, citizen, clerk, county_supervisor):
    from gongfa.accounts.choices import Role
    from gongfa.testing.factories import UserFactory, post

    agent = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席")
    post(agent, network.centre)
    """A: hotline, 11-02, accepted, called back, answered and closed the same day, rated 5.
    B: portal, an elderly citizen, 11-03, closed 11-20 (after its deadline), rated 非常不满意 on 11-27
       (a week later): the return visit is done 11-28 and the rectification 12-02.
    C: portal, 11-05, still open."""
    with time_machine.travel(at(11, 2), tick=False) as clock:
        a = create_work_order(
            channel=Channel.HOTLINE,
            region=network.villages[0],
            text="邻居装修把我家墙震裂了",
            requester=citizen,
            received_by=agent,
        ).order
        accept_work_order(order=a, actor=clerk)
        log_callback(order=a, actor=clerk, outcome=CallbackOutcome.REACHED, notes="已联系")
        answer_work_order(order=a, actor=clerk, answer="可以协商，也可申请调解。")
        close_work_order(order=a, actor=clerk, result_code=ResultCode.ANSWERED)
        rate_work_order(order=a, actor=citizen, rating=Rating.VERY_SATISFIED)
        clock.move_to(at(11, 3))
        b = create_work_order(
            channel=Channel.PORTAL,
            region=network.villages[0],
            text="儿子不给赡养费",
            requester=citizen,
            special_groups=SpecialGroup.ELDERLY,
        ).order
        clock.move_to(at(11, 5))
        c = create_work_order(
            channel=Channel.PORTAL, region=network.villages[0], text="工资被拖欠", requester=citizen
        ).order
        clock.move_to(at(11, 20))
        answer_work_order(order=b, actor=clerk, answer="可起诉要求支付赡养费。", close_with=ResultCode.ANSWERED)
        clock.move_to(at(11, 27))
        rate_work_order(order=b, actor=citizen, rating=Rating.VERY_DISSATISFIED, comment="没解决")
        clock.move_to(at(11, 28))
        visit = ReturnVisit.objects.get(order=b, kind=ReturnVisitKind.DISSATISFIED)
        complete_return_visit(visit=visit, actor=visit.assignee or county_supervisor, outcome="已回访，解释了程序")
        clock.move_to(at(12, 2))
        rectification = Rectification.objects.get(order=b)
        complete_rectification(rectification=rectification, actor=clerk, measures="加强答复说明")
        clock.move_to(at(12, 3))
        yield {"A": a, "B": b, "C": c}


@pytest.mark.django_db
def test_incremental_and_rebuild_give_identical_rows(history):
    assert PendingRefresh.objects.exists()  # marked in the events' transactions
    sweep()
    incremental_daily, incremental_rollup = daily_rows(), rollup_rows()
    assert incremental_daily and incremental_rollup
    rebuild(EPOCH, datetime.date(2026, 12, 31))
    assert daily_rows() == incremental_daily
    assert rollup_rows() == incremental_rollup


@pytest.mark.django_db
def test_a_range_rebuild_keeps_the_other_months(history):
    sweep()
    before_daily, before_rollup = daily_rows(), rollup_rows()
    DailyFact.objects.filter(day__month=12).update(value=99)  # corrupt December only
    rebuild(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    assert daily_rows() == before_daily and rollup_rows() == before_rollup


@pytest.mark.django_db
def test_a_late_rating_counts_on_its_own_day(history):
    refresh_pending()
    b = history["B"]
    rated = DailyFact.objects.filter(measure="wo.rated_1").values_list("day", "person_id", "special_groups")
    assert list(rated) == [(datetime.date(2026, 11, 27), b.owner_user_id, SpecialGroup.ELDERLY)]
    closed_late = DailyFact.objects.filter(measure="wo.closed", day=datetime.date(2026, 11, 20)).count()
    on_time = DailyFact.objects.filter(measure="wo.closed_on_time", day=datetime.date(2026, 11, 20)).count()
    assert (closed_late, on_time) == (1, 0)
    assert DailyFact.objects.get(measure="wo.rectification_done").day == datetime.date(2026, 12, 2)
    # Due 7 days after the rating (11-27 → 12-04): done 12-02, on time.
    assert DailyFact.objects.get(measure="wo.rectification_done_on_time").day == datetime.date(2026, 12, 2)


@pytest.mark.django_db
def test_refreshing_twice_changes_nothing(history):
    refresh_pending()
    rows = daily_rows()
    ids = list(FactLedger.objects.filter(source="workorders.workorder").values_list("subject_id", flat=True))
    assert refresh_subjects("workorders.workorder", ids) == {}
    mark_pending("workorders.workorder", ids)
    refresh_pending()
    assert daily_rows() == rows
    assert not PendingRefresh.objects.exists()


@pytest.mark.django_db
def test_a_mark_renewed_during_a_refresh_stays_for_the_next_run(history, monkeypatch):
    from gongfa.performance import rollup

    refresh_pending()
    order = history["C"]
    mark_pending("workorders.workorder", [order.pk])
    original = rollup.refresh_subjects

    def change_meanwhile(source, ids):
        result = original(source, ids)
        mark_pending("workorders.workorder", [order.pk])  # another change committed meanwhile
        return result

    monkeypatch.setattr(rollup, "refresh_subjects", change_meanwhile)
    rollup.refresh_pending(max_batches=1)
    assert PendingRefresh.objects.filter(subject_id=order.pk).exists()


@pytest.mark.django_db
def test_readiness_names_the_backlog_without_failing(history, client):
    response = client.get("/readyz")  # 503 when another part is not ready here (the search index)
    detail = response.json()["checks"]["statistics"]
    assert detail["ok"] and detail["detail"].startswith("待更新 ")
    refresh_pending()
    assert client.get("/readyz").json()["checks"]["statistics"]["detail"] == "统计已是最新"
