"""改派 by the agent who registered a call, the automatic suggestion without dispatching, and the
places an agent may send an order to (issue #16 items 1–2)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import accept_work_order, create_work_order
from gongfa.workorders.services.dispatch import (
    can_redirect,
    dispatch_at_intake,
    dispatch_targets_for,
    draft_order,
    redirect_registered_order,
    suggest_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(network):
    user = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席", username="agent")
    post(user, network.centre)
    return user


@pytest.fixture
def station_clerk(network):
    user = UserFactory(role=Role.WINDOW_STAFF, real_name="吴干事", username="station_clerk")
    post(user, network.stations[network.townships[0].code])
    return user


@pytest.fixture
def other_clerk(network):
    user = UserFactory(role=Role.WINDOW_STAFF, real_name="冯干事", username="other_clerk")
    post(user, network.stations[network.townships[1].code])
    return user


def _call(network, agent, village=0):
    return create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[village],
        text="工地老板拖欠工资",
        contact_phone="13800000123",
        received_by=agent,
    ).order


def test_the_registering_agent_redirects_an_order_not_yet_accepted(network, agent, station_clerk, other_clerk):
    order = _call(network, agent)
    assert order.owner_point == network.stations[network.townships[0].code]
    assert can_redirect(order, agent)
    other_station = network.stations[network.townships[1].code]
    changed = redirect_registered_order(order, agent, other_station, "来电人其实住在2镇")
    assert (changed.owner_point, changed.owner_user, changed.status) == (other_station, other_clerk, "assigned")
    assert "孙坐席改派：来电人其实住在2镇" in changed.routing_reason
    event = Event.objects.filter(verb="workorders.workorder.redirect").get()
    assert (event.actor, event.reason, event.from_status, event.to_status) == (
        agent,
        "来电人其实住在2镇",
        "assigned",
        "assigned",
    )
    assert event.data["to"] == other_station.name


def test_redirect_needs_a_reason_and_a_place_all_at_once(network, agent, station_clerk):
    order = _call(network, agent)
    with pytest.raises(DomainError) as refused:
        redirect_registered_order(order, agent, None, "  ")
    assert {p.field for p in refused.value.problems} == {"place", "reason"}
    order.refresh_from_db()
    assert order.owner_user == station_clerk and not Event.objects.filter(verb__endswith=".redirect").exists()


def test_only_the_registering_agent_may_redirect(network, agent, station_clerk):
    order = _call(network, agent)
    colleague = UserFactory(role=Role.HOTLINE_AGENT, username="colleague")
    post(colleague, network.centre)
    assert not can_redirect(order, colleague)
    with pytest.raises(NotPermitted):
        redirect_registered_order(order, colleague, network.centre, "试试")


def test_no_redirect_once_accepted(network, agent, station_clerk):
    order = _call(network, agent)
    accept_work_order(order=order, actor=station_clerk)
    order.refresh_from_db()
    assert not can_redirect(order, agent)
    with pytest.raises(DomainError, match="已被受理"):
        redirect_registered_order(order, agent, network.centre, "派错了")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.IN_PROGRESS


def test_redirect_to_the_same_place_and_person_is_refused(network, agent, station_clerk):
    order = _call(network, agent)
    with pytest.raises(DomainError, match="已在该单位"):
        redirect_registered_order(order, agent, order.owner_point, "再派一次", person=station_clerk)


def test_a_redirect_names_a_person_posted_there(network, agent, station_clerk, other_clerk):
    order = _call(network, agent)
    with pytest.raises(DomainError, match="不在"):
        redirect_registered_order(order, agent, network.centre, "派错了", person=other_clerk)


def test_suggest_target_writes_nothing(network, station_clerk):
    draft = draft_order(region=network.villages[2], text="老板拖欠工资")
    events = Event.objects.count()
    suggestion = suggest_target(draft)
    assert suggestion is not None
    assert suggestion.place == network.stations[network.townships[0].code]
    assert suggestion.person == station_clerk and "无在岗人员" in suggestion.reason
    assert Event.objects.count() == events and not WorkOrder.objects.exists()


def test_dispatch_at_intake_takes_the_suggestion_or_the_agents_choice(network, agent, station_clerk, other_clerk):
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[2],
        text="欠薪",
        contact_phone="13800000123",
        received_by=agent,
        auto_dispatch=False,
    ).order
    assert order.status == WorkOrderStatus.NEW
    dispatch_at_intake(order=order, actor=agent, place=network.stations[network.townships[1].code])
    order.refresh_from_db()
    assert order.owner_user == other_clerk and "孙坐席登记时选择派至" in order.routing_reason
    suggested = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[2],
        text="欠薪",
        contact_phone="13800000124",
        received_by=agent,
        auto_dispatch=False,
    ).order
    dispatch_at_intake(order=suggested, actor=agent, place=network.stations[network.townships[0].code])
    suggested.refresh_from_db()
    assert suggested.owner_user == station_clerk and "无在岗人员" in suggested.routing_reason


def test_dispatch_targets_are_grouped_by_tier_and_region_and_filtered(network, agent, station_clerk):
    build_network(prefix="330103", name="邻近")  # another county: not offered
    targets = dispatch_targets_for(agent, network.villages[0])
    labels = [group.label for group in targets.groups]
    assert labels[0] == "公共法律服务中心 · 示范县"
    assert "公共法律服务工作站 · 示范1镇" in labels
    assert "公共法律服务工作室 · 示范1镇" in labels and "公共法律服务工作室 · 示范2镇" in labels
    assert labels[-1] == "法律服务机构"
    names = [option.name for group in targets.groups for option in group.options]
    assert len(names) == 1 + 2 + 6 + 1 and not any("邻近" in name for name in names)
    assert ("吴干事（示范1镇公共法律服务工作站）") in [label for _, label in targets.people]
    narrowed = dispatch_targets_for(agent, network.villages[0], "2镇")
    assert {option.name for group in narrowed.groups for option in group.options} == {
        "示范2镇公共法律服务工作站",
        "示范2镇1村公共法律服务工作室",
        "示范2镇2村公共法律服务工作室",
        "示范2镇3村公共法律服务工作室",
    }
    assert dispatch_targets_for(agent, network.villages[0], "没有这个地方").groups == []


def test_dispatch_targets_take_a_bounded_number_of_queries(network, agent, station_clerk):
    with CaptureQueriesContext(connection) as small:
        dispatch_targets_for(agent, network.villages[0])
    more = build_network(prefix="330104", name="大")
    for village in more.villages:
        post(UserFactory(role=Role.WINDOW_STAFF), more.rooms[village.code])
    with CaptureQueriesContext(connection) as large:
        dispatch_targets_for(agent, more.villages[0])
    assert len(large) == len(small) <= 5


def test_citizens_get_no_targets(network):
    citizen = UserFactory(role=Role.CITIZEN)
    assert dispatch_targets_for(citizen, network.villages[0]).groups == []


def test_the_staff_timeline_says_where_the_order_was_redirected(network, agent, station_clerk, other_clerk):
    from gongfa.workorders.timeline import order_timeline

    order = _call(network, agent)
    other_station = network.stations[network.townships[1].code]
    redirect_registered_order(order, agent, other_station, "来电人其实住在2镇")
    details = [entry.detail for entry in order_timeline(order)]
    assert f"改派至{other_station.name}" in details
