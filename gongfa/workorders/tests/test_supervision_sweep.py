"""The SLA sweep: notices to the nearest supervisor, escalation up the chain, idempotent."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.choices import ResultCode, SupervisionStatus
from gongfa.workorders.models import SupervisionNotice, WorkOrder
from gongfa.workorders.services import acknowledge_notice, answer_work_order, create_work_order, sweep_overdue

T0 = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC)  # a Monday, 09:00 in Beijing


@pytest.fixture
def late_order(network, citizen, staffed_village, township_supervisor, county_supervisor):
    village, clerk = staffed_village
    with time_machine.travel(T0, tick=False):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    return order, clerk


def _at(days: float):
    return time_machine.travel(T0 + datetime.timedelta(days=days), tick=False)


def test_nothing_happens_before_the_deadline(late_order):
    with _at(1):
        result = sweep_overdue()
    assert (result.raised, result.escalated) == (0, 0)


def test_overdue_raises_to_the_nearest_supervisor_then_escalates(
    late_order, township_supervisor, county_supervisor, django_capture_on_commit_callbacks
):
    order, clerk = late_order
    assert order.resolve_due is not None
    overdue_day = (order.resolve_due - T0).days + 1
    with _at(overdue_day), django_capture_on_commit_callbacks(execute=True):  # notices go after commit
        first = sweep_overdue()
        again = sweep_overdue()
    assert (first.raised, again.raised, again.escalated) == (1, 0, 0)  # idempotent
    notice = SupervisionNotice.objects.get()
    assert notice.supervisor == township_supervisor and notice.level == 4
    assert Notification.objects.filter(recipient=township_supervisor, kind="supervision").count() == 1
    assert Notification.objects.filter(recipient=clerk, kind="supervision").count() == 1
    with _at(overdue_day + 0.5):
        assert sweep_overdue().escalated == 0  # not yet escalation_hours (24) later
    with _at(overdue_day + 1.1):
        escalated = sweep_overdue()
    assert escalated.escalated == 1
    top = SupervisionNotice.objects.order_by("level").first()
    assert top is not None and top.supervisor == county_supervisor and top.level == 3
    assert top.escalated_from == notice
    with _at(overdue_day + 3):
        assert sweep_overdue().escalated == 0  # nobody above the county in this network


def test_notices_resolve_once_the_order_is_answered(late_order):
    order, clerk = late_order
    overdue_day = (order.resolve_due - T0).days + 1
    with _at(overdue_day):
        sweep_overdue()
        answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
        result = sweep_overdue()
    assert result.resolved == 1
    assert SupervisionNotice.objects.get().status == SupervisionStatus.RESOLVED


def test_an_acknowledged_notice_is_not_raised_again(late_order, township_supervisor):
    order, _ = late_order
    overdue_day = (order.resolve_due - T0).days + 1
    with _at(overdue_day):
        sweep_overdue()
        acknowledge_notice(notice=SupervisionNotice.objects.get(), actor=township_supervisor)
        assert sweep_overdue().raised == 0
    assert SupervisionNotice.objects.count() == 1


def test_only_the_addressee_acknowledges(late_order, county_supervisor):
    from gongfa.core.errors import NotPermitted

    order, _ = late_order
    with _at((order.resolve_due - T0).days + 1):
        sweep_overdue()
    with pytest.raises(NotPermitted):
        acknowledge_notice(notice=SupervisionNotice.objects.get(), actor=county_supervisor)


def test_the_owner_is_never_their_own_supervisor(network, citizen):
    station = network.stations[network.townships[0].code]
    boss = UserFactory(role="supervisor")
    post(boss, station)
    with time_machine.travel(T0, tick=False):
        order = create_work_order(
            channel=Channel.PORTAL, region=network.villages[2], text="问题", requester=citizen
        ).order
    WorkOrder.objects.filter(pk=order.pk).update(owner_user=boss)
    with _at(30):
        assert sweep_overdue().raised == 0


def test_the_management_command_runs_the_same_sweep(late_order):
    order, _ = late_order
    out = StringIO()
    with _at((order.resolve_due - T0).days + 1):
        call_command("sweep_sla", stdout=out)
    assert "新督办 1 件" in out.getvalue()
