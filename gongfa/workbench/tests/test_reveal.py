import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.audit.models import PersonalDataAccess
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import submit_question


@pytest.fixture
def setup(network):
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, network.rooms[network.villages[0].code])
    citizen = CitizenFactory(phone="13712345678", real_name="王小明")
    order = submit_question(requester=citizen, village=network.villages[0], text="<b>问题</b>")
    return clerk, citizen, order


def test_detail_shows_the_question_escaped_and_masked_contact(client, setup):
    clerk, _citizen, order = setup
    client.force_login(clerk)
    page = client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    assert "&lt;b&gt;问题&lt;/b&gt;" in page
    assert "137****5678" in page and "13712345678" not in page
    assert "王*" in page and "王小明" not in page
    assert "就近派至" in page  # the routing reason is shown


def test_answering_through_the_page(client, setup):
    clerk, _, order = setup
    client.force_login(clerk)
    response = client.post(
        reverse("workbench:answer_order", args=[order.tracking_number]), {"answer": "可以申请劳动仲裁"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ANSWERED and order.answer == "可以申请劳动仲裁"
    page = client.get(reverse("workbench:order_detail", args=[order.tracking_number])).content.decode()
    assert "提交答复" not in page  # no second answer form


def test_an_empty_answer_is_explained(client, setup):
    clerk, _, order = setup
    client.force_login(clerk)
    response = client.post(reverse("workbench:answer_order", args=[order.tracking_number]), {"answer": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写答复内容。" in page and 'class="error-summary"' in page
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.NEW


def test_answering_twice_is_explained(client, setup):
    clerk, _, order = setup
    client.force_login(clerk)
    client.post(reverse("workbench:answer_order", args=[order.tracking_number]), {"answer": "一"})
    response = client.post(reverse("workbench:answer_order", args=[order.tracking_number]), {"answer": "二"})
    assert response.status_code == 400
    assert "不能执行“答复”" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).answer == "一"


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
