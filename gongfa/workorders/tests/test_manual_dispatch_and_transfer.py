import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import (
    create_work_order,
    dispatch_pending,
    dispatch_work_order,
    return_work_order,
    transfer_work_order,
)


@pytest.fixture
def assigned(network, citizen, staffed_village):
    village, clerk = staffed_village
    return create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order, clerk


def test_transfer_to_another_point_keeps_the_first_owner(network, assigned):
    order, clerk = assigned
    station = network.stations[network.townships[0].code]
    helper = UserFactory(real_name="站里的人")
    post(helper, station)
    moved = transfer_work_order(order=order, actor=clerk, place=station, reason="需要乡镇协调")
    assert (moved.owner_point, moved.owner_user, moved.status) == (station, helper, WorkOrderStatus.ASSIGNED)
    assert moved.first_owner_point == network.rooms[order.region.code]  # 首办 stays visible
    event = Event.objects.get(verb="workorders.workorder.transfer")
    assert event.reason == "需要乡镇协调" and event.data["to"] == station.name


def test_transfer_across_regions(network, assigned):
    order, clerk = assigned
    other = build_network(prefix="330103", name="乙")
    moved = transfer_work_order(order=order, actor=clerk, place=other.centre, reason="当事人在乙县")
    assert moved.owner_point == other.centre


def test_transfer_to_the_same_point_is_refused(network, assigned):
    order, clerk = assigned
    with pytest.raises(DomainError, match="不能转办给当前承办单位"):
        transfer_work_order(order=order, actor=clerk, place=order.owner_point, reason="再转一次")
    assert Event.objects.filter(verb="workorders.workorder.transfer").count() == 0


def test_transfer_needs_a_reason(network, assigned):
    order, clerk = assigned
    with pytest.raises(DomainError, match="转办须填写原因"):
        transfer_work_order(order=order, actor=clerk, place=network.centre, reason=" ")


def test_dispatch_to_an_inactive_person_is_refused(network, assigned, county_supervisor):
    order, clerk = assigned
    return_work_order(order=order, actor=clerk, reason="不属于本村")
    gone = UserFactory(real_name="已离职")
    post(gone, network.centre)
    gone.is_active = False
    gone.save()
    with pytest.raises(DomainError, match="已停用"):
        dispatch_work_order(order=order, actor=county_supervisor, place=network.centre, person=gone, reason="指派")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.NEW


def test_dispatch_to_someone_not_posted_there_is_refused(network, assigned, county_supervisor):
    order, clerk = assigned
    return_work_order(order=order, actor=clerk, reason="不属于本村")
    with pytest.raises(DomainError, match=r"不在“.*”在岗"):
        dispatch_work_order(order=order, actor=county_supervisor, place=network.centre, person=clerk, reason="指派")


def test_return_goes_to_the_desk_and_waits_for_a_person(network, assigned, county_supervisor):
    order, clerk = assigned
    returned = return_work_order(order=order, actor=clerk, reason="不属于本村事务")
    assert (returned.status, returned.owner_point, returned.owner_user) == (WorkOrderStatus.NEW, network.centre, None)
    assert returned.manual_dispatch
    assert dispatch_pending() == 0  # returned orders are not dispatched again automatically
    clerk2 = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk2, network.centre)
    done = dispatch_work_order(
        order=order, actor=county_supervisor, place=network.centre, person=clerk2, reason="中心窗口办理"
    )
    assert (done.status, done.owner_user, done.manual_dispatch) == (WorkOrderStatus.ASSIGNED, clerk2, False)
    assert "人工派单" in done.routing_reason


def test_manual_dispatch_needs_a_reason_and_a_new_order(network, assigned, county_supervisor):
    order, _ = assigned
    with pytest.raises(DomainError, match="须填写原因"):
        dispatch_work_order(order=order, actor=county_supervisor, place=network.centre, reason="")
    with pytest.raises(InvalidTransition, match="不能执行“派单”"):
        dispatch_work_order(order=order, actor=county_supervisor, place=network.centre, reason="改派")


def test_staff_of_another_county_cannot_act(network, assigned):
    order, _ = assigned
    other = build_network(prefix="330103", name="乙")
    outsider = UserFactory()
    post(outsider, other.centre)
    with pytest.raises(NotPermitted):
        transfer_work_order(order=order, actor=outsider, place=other.centre, reason="抢单")
    with pytest.raises(NotPermitted):
        return_work_order(order=order, actor=outsider, reason="退回")


def _codes_match(order: WorkOrder) -> bool:
    fresh = WorkOrder.objects.select_related("region", "owner_point__region", "owner_agency__region").get(pk=order.pk)
    place = fresh.owner_point or fresh.owner_agency
    return fresh.region_code == fresh.region.code and place is not None and fresh.owner_region_code == place.region.code


def test_region_codes_follow_every_hand_over(network, assigned):
    """The denormalised codes behind region-scoped queues stay equal to the real regions."""
    from gongfa.workorders.selectors import Action, visible_to

    order, clerk = assigned
    assert _codes_match(order)
    other = build_network(prefix="330103", name="乙")
    other_supervisor = UserFactory(role=Role.SUPERVISOR)
    post(other_supervisor, other.centre)
    assert not visible_to(other_supervisor, Action.ACT).filter(pk=order.pk).exists()
    transfer_work_order(order=order, actor=clerk, place=other.centre, reason="当事人在乙县")
    assert _codes_match(order)
    # The receiving county's supervisor now sees and may act on it; the order's own region is unchanged.
    assert visible_to(other_supervisor, Action.ACT).filter(pk=order.pk).exists()
    assert WorkOrder.objects.get(pk=order.pk).region_code == network.villages[0].code
    return_work_order(order=order, actor=other_supervisor, reason="退回原县")
    assert _codes_match(order)
