"""When an order turns 即将超时: in the last quarter of its time limit, at most the last 24 hours.

A portal message answered within 24 hours is near due in its last 6 hours, not the moment it
arrives; a 7-working-day hotline order in its last 24 hours. The model and the queue filters agree,
a pause moves the moment with the deadline, and orders without it keep the plain 24-hour window."""

import datetime

import pytest
import time_machine

from gongfa.core.choices import Channel
from gongfa.workorders.choices import SlaState
from gongfa.workorders.models import WorkOrder, near_due_from
from gongfa.workorders.services import accept_work_order, create_work_order, pause_clock, resume_clock

START = datetime.datetime(2026, 11, 24, 2, 0, tzinfo=datetime.UTC)  # a Tuesday, 10:00 in Beijing
H = datetime.timedelta(hours=1)


def _state_both_ways(order: WorkOrder, at: datetime.datetime) -> tuple[SlaState, SlaState]:
    """The model's state and the state whose queryset filter finds the order, at `at`."""
    order.refresh_from_db()
    found = [state for state in SlaState if WorkOrder.objects.sla_state(state, now=at).filter(pk=order.pk).exists()]
    assert len(found) == 1, found
    return order.sla_state(at), found[0]


@pytest.mark.parametrize(
    ("limit", "window"),
    [
        (datetime.timedelta(hours=24), datetime.timedelta(hours=6)),
        (datetime.timedelta(days=9), datetime.timedelta(hours=24)),
        (datetime.timedelta(hours=2), datetime.timedelta(minutes=30)),
        (datetime.timedelta(0), datetime.timedelta(0)),
    ],
)
def test_the_window_is_a_quarter_of_the_limit_at_most_a_day(limit, window):
    assert near_due_from(START, START + limit) == START + limit - window
    assert near_due_from(START, None) is None


@pytest.mark.django_db
def test_a_portal_message_is_on_time_when_it_arrives_and_near_due_in_its_last_six_hours(citizen, staffed_village):
    village, _ = staffed_village
    with time_machine.travel(START, tick=False):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="邻居占路", requester=citizen).order
    assert order.resolve_due == START + 24 * H
    assert order.near_due_at == START + 18 * H
    assert _state_both_ways(order, START + H) == (SlaState.ON_TIME, SlaState.ON_TIME)
    assert _state_both_ways(order, START + 17 * H) == (SlaState.ON_TIME, SlaState.ON_TIME)
    assert _state_both_ways(order, START + 19 * H) == (SlaState.NEAR_DUE, SlaState.NEAR_DUE)
    assert _state_both_ways(order, START + 25 * H) == (SlaState.OVERDUE, SlaState.OVERDUE)


@pytest.mark.django_db
def test_a_hotline_order_is_near_due_in_its_last_day(staffed_village, hotline_agent):
    village, _ = staffed_village
    with time_machine.travel(START, tick=False):
        order = create_work_order(
            channel=Channel.HOTLINE, region=village, text="工资被拖欠三个月", contact_phone="13912345678",
            received_by=hotline_agent,
        ).order  # fmt: skip
    assert order.resolve_due is not None and order.resolve_due - START > datetime.timedelta(days=5)
    assert order.near_due_at == order.resolve_due - 24 * H
    assert _state_both_ways(order, order.resolve_due - 25 * H)[0] == SlaState.ON_TIME
    assert _state_both_ways(order, order.resolve_due - 23 * H) == (SlaState.NEAR_DUE, SlaState.NEAR_DUE)


@pytest.mark.django_db
def test_a_pause_moves_the_near_due_moment_with_the_deadline(citizen, staffed_village):
    village, clerk = staffed_village
    with time_machine.travel(START, tick=False):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="邻居占路", requester=citizen).order
        accept_work_order(order=order, actor=clerk)
    with time_machine.travel(START + H, tick=False):
        pause_clock(order=order, actor=clerk, reason="等群众补充材料")
    with time_machine.travel(START + 4 * H, tick=False):
        resumed = resume_clock(order=order, actor=clerk)
    assert resumed.resolve_due == START + 27 * H
    assert resumed.near_due_at == START + 21 * H


@pytest.mark.django_db
def test_an_order_without_the_moment_keeps_the_plain_24_hour_window(citizen, staffed_village):
    village, _ = staffed_village
    with time_machine.travel(START, tick=False):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="邻居占路", requester=citizen).order
    WorkOrder.objects.filter(pk=order.pk).update(near_due_at=None)
    assert _state_both_ways(order, START + H) == (SlaState.NEAR_DUE, SlaState.NEAR_DUE)
