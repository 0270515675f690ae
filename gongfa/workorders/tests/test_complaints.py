"""Complaints go to the supervisor above the person complained about, never to that person."""

from gongfa.accounts.choices import Role
from gongfa.catalog.selectors import service_type_by_code
from gongfa.core.choices import Channel
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.selectors import Action, visible_to
from gongfa.workorders.services import create_work_order


def test_a_complaint_about_a_room_clerk_goes_to_the_township_supervisor(
    network, citizen, staffed_village, township_supervisor, county_supervisor
):
    village, clerk = staffed_village
    order = create_work_order(
        channel=Channel.PORTAL,
        region=village,
        text="工作人员态度很差",
        requester=citizen,
        service_type=service_type_by_code("complaint"),
        complained_user=clerk,
    ).order
    assert order.owner_user == township_supervisor
    assert "上级督办主管" in order.routing_reason
    assert not visible_to(clerk, Action.VIEW).filter(pk=order.pk).exists()


def test_a_complaint_about_a_supervisor_goes_above_them(network, citizen, township_supervisor, county_supervisor):
    order = create_work_order(
        channel=Channel.PORTAL,
        region=network.villages[0],
        text="站长推诿",
        requester=citizen,
        complained_user=township_supervisor,
    ).order
    assert order.owner_user == county_supervisor


def test_without_a_supervisor_the_centre_takes_it_and_the_person_is_never_chosen(network, citizen):
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, network.centre)
    order = create_work_order(
        channel=Channel.PORTAL,
        region=network.villages[0],
        text="中心窗口刁难",
        requester=citizen,
        complained_user=clerk,
    ).order
    assert order.owner_point == network.centre
    assert order.owner_user is None
