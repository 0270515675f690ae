"""The audited reveal of the requester's full phone number."""

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.audit.models import PersonalDataAccess
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.services import submit_question


@pytest.fixture
def setup(network):
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, network.rooms[network.villages[0].code])
    citizen = CitizenFactory(phone="13712345678", real_name="王小明")
    order = submit_question(requester=citizen, village=network.villages[0], text="<b>问题</b>")
    return clerk, citizen, order


def test_the_page_offers_the_audited_reveal(client, setup):
    clerk, _citizen, order = setup
    client.force_login(clerk)
    page = client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    assert "137****5678" in page and "13712345678" not in page
    assert "查看完整号码（将被记录）" in page


def test_revealing_the_phone_is_recorded(client, setup):
    clerk, citizen, order = setup
    client.force_login(clerk)
    response = client.post(
        reverse("workbench:reveal_requester", args=[order.tracking_number]), {"field": "phone"}, HTTP_HX_REQUEST="true"
    )
    assert "13712345678" in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.person, access.field) == (clerk, citizen, "phone")
    assert access.context == f"workorder:{order.tracking_number}"


def test_revealing_without_javascript_shows_the_whole_page(client, setup):
    clerk, _, order = setup
    client.force_login(clerk)
    response = client.post(reverse("workbench:reveal_requester", args=[order.tracking_number]), {"field": "phone"})
    page = response.content.decode()
    assert "13712345678" in page and "办理记录" in page


def test_revealing_needs_access_to_the_order(client, setup, network):
    _, _, order = setup
    outsider = UserFactory(role=Role.WINDOW_STAFF)
    post(outsider, network.rooms[network.villages[1].code])
    client.force_login(outsider)
    response = client.post(reverse("workbench:reveal_requester", args=[order.tracking_number]), {"field": "phone"})
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_revealing_an_unknown_field_is_refused(client, setup):
    clerk, _, order = setup
    client.force_login(clerk)
    response = client.post(reverse("workbench:reveal_requester", args=[order.tracking_number]), {"field": "password"})
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_an_anonymous_callers_phone_is_revealed_and_logged(client, network):
    from gongfa.accounts.choices import Role
    from gongfa.audit.models import PersonalDataAccess
    from gongfa.core.choices import Channel
    from gongfa.testing.factories import UserFactory, post
    from gongfa.workorders.services import create_work_order

    agent = UserFactory(role=Role.HOTLINE_AGENT)
    post(agent, network.centre)
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="问题",
        contact_phone="13533334444",
        received_by=agent,
        handle_myself=True,
    ).order
    client.force_login(agent)
    page = client.get(f"/workbench/orders/{order.tracking_number}/").content.decode()
    assert "13533334444" not in page and "135****4444" in page
    response = client.post(
        f"/workbench/orders/{order.tracking_number}/reveal/", {"field": "phone"}, HTTP_HX_REQUEST="true"
    )
    assert "13533334444" in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert access.person is None and access.context == f"workorder:{order.tracking_number}"
    assert client.post(f"/workbench/orders/{order.tracking_number}/reveal/", {"field": "id_number"}).status_code == 404
