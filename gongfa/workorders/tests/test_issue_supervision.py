"""A supervisor's own supervision notice (督办人发起督办, issue #16 item 7)."""

import datetime

import pytest
from django.utils import timezone

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.network.models import RegionSetting
from gongfa.network.region_settings import SUPERVISION_MAX_DAYS
from gongfa.notifications.models import Notification
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workorders.choices import SupervisionKind, SupervisionStatus
from gongfa.workorders.models import SupervisionNotice
from gongfa.workorders.services import acknowledge_notice, answer_work_order, submit_question, sweep_overdue
from gongfa.workorders.services.supervision import issue_supervision


def soon(days: float = 2) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def other_county_supervisor(network):
    other = build_network(prefix="330103", name="邻")
    supervisor = UserFactory(role="supervisor", real_name="王主任")
    post(supervisor, other.centre)
    return supervisor


@pytest.fixture
def order(citizen, staffed_village):
    village, _ = staffed_village
    return submit_question(requester=citizen, village=village, text="邻居占用宅基地")


def test_a_supervisor_issues_a_notice_and_the_owner_and_place_staff_are_told(
    order, staffed_village, county_supervisor, network, django_capture_on_commit_callbacks
):
    _, clerk = staffed_village
    colleague = UserFactory(role="window_staff", real_name="吴干事")
    post(colleague, network.rooms[staffed_village[0].code])
    with django_capture_on_commit_callbacks(execute=True):  # the subscription table tells them
        notice = issue_supervision(order=order, supervisor=county_supervisor, reason="群众多次来电催办", due_at=soon())
    assert notice.kind == SupervisionKind.MANUAL and notice.region == network.county
    assert notice.status == SupervisionStatus.OPEN and notice.supervisor == county_supervisor
    told = {n.recipient_id: n for n in Notification.objects.filter(kind="supervision")}
    assert set(told) == {clerk.pk, colleague.pk}
    assert "群众多次来电催办" in told[clerk.pk].body and county_supervisor.display_name in told[clerk.pk].body
    # The owner is texted (where they have a phone and have not muted 督办); the colleague is not.
    assert told[clerk.pk].sms_requested == bool(clerk.phone) and not told[colleague.pk].sms_requested
    event = Event.objects.get(verb="workorders.supervision_issued")
    assert event.actor == county_supervisor and event.reason == "群众多次来电催办"
    acknowledge_notice(notice=notice, actor=county_supervisor)
    assert SupervisionNotice.objects.get(pk=notice.pk).status == SupervisionStatus.ACKNOWLEDGED


def test_answering_the_order_resolves_it_and_the_sweep_leaves_it_until_then(order, staffed_village, county_supervisor):
    notice = issue_supervision(order=order, supervisor=county_supervisor, reason="催办", due_at=soon())
    sweep_overdue()  # the order is not overdue: the sweep resolves its own notices, not this one
    assert SupervisionNotice.objects.get(pk=notice.pk).status == SupervisionStatus.OPEN
    answer_work_order(order=order, actor=staffed_village[1], answer="已答复")
    fresh = SupervisionNotice.objects.get(pk=notice.pk)
    assert fresh.status == SupervisionStatus.RESOLVED and fresh.resolved_at is not None


def test_a_second_live_notice_from_the_same_region_is_refused(order, county_supervisor, township_supervisor):
    issue_supervision(order=order, supervisor=county_supervisor, reason="催办", due_at=soon())
    with pytest.raises(DomainError) as caught:
        issue_supervision(order=order, supervisor=county_supervisor, reason="再催", due_at=soon())
    assert [p.code for p in caught.value.problems] == ["already_supervised"]
    # Another region (the township) may issue its own.
    issue_supervision(order=order, supervisor=township_supervisor, reason="乡镇督办", due_at=soon())
    assert SupervisionNotice.objects.filter(kind=SupervisionKind.MANUAL).count() == 2


def test_only_a_supervisor_of_the_orders_region(order, staffed_village, other_county_supervisor):
    _, clerk = staffed_village
    for person in (clerk, other_county_supervisor):
        with pytest.raises(DomainError) as caught:
            issue_supervision(order=order, supervisor=person, reason="催办", due_at=soon())
        assert "not_your_region" in [p.code for p in caught.value.problems]
    assert not SupervisionNotice.objects.exists()


@pytest.mark.parametrize(
    ("reason", "due", "codes"),
    [
        ("", 2, ["reason_required"]),
        ("长" * 256, 2, ["too_long"]),
        ("催办", None, ["required"]),
        ("催办", -0.1, ["due_in_past"]),
        ("催办", 31, ["due_too_far"]),
        ("  ", -1, ["reason_required", "due_in_past"]),
    ],
)
def test_bad_inputs_are_all_reported_and_change_nothing(order, county_supervisor, reason, due, codes):
    with pytest.raises(DomainError) as caught:
        issue_supervision(
            order=order, supervisor=county_supervisor, reason=reason, due_at=None if due is None else soon(due)
        )
    assert [p.code for p in caught.value.problems] == codes
    assert not SupervisionNotice.objects.exists() and not Notification.objects.filter(kind="supervision").exists()


def test_the_longest_deadline_is_a_region_setting(order, county_supervisor, network):
    RegionSetting.objects.create(region=network.county, key=SUPERVISION_MAX_DAYS.key, value=60)
    issue_supervision(order=order, supervisor=county_supervisor, reason="催办", due_at=soon(45))


def test_an_answered_order_is_not_supervised(order, staffed_village, county_supervisor):
    answer_work_order(order=order, actor=staffed_village[1], answer="已答复")
    with pytest.raises(DomainError) as caught:
        issue_supervision(order=order, supervisor=county_supervisor, reason="催办", due_at=soon())
    assert [p.code for p in caught.value.problems] == ["order_answered"]
