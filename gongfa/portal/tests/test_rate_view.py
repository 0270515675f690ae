import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.choices import ResultCode, ReturnVisitKind, WorkOrderStatus
from gongfa.workorders.models import ReturnVisit, WorkOrder
from gongfa.workorders.services import answer_work_order, submit_question


@pytest.fixture
def clerk(network):
    user = UserFactory(role=Role.WINDOW_STAFF)
    post(user, network.rooms[network.villages[0].code])
    return user


@pytest.fixture
def answered(network, clerk):
    """A closed order (answered and closed): it may be rated."""
    citizen = CitizenFactory()
    order = submit_question(requester=citizen, village=network.villages[0], text="问题")
    return answer_work_order(order=order, actor=clerk, answer="这是答复", close_with=ResultCode.ANSWERED), citizen


def test_the_answer_and_rating_form_are_shown(client, answered):
    order, citizen = answered
    client.force_login(citizen)
    page = client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode()
    assert "这是答复" in page
    assert "<legend" in page and "非常满意" in page and "非常不满意" in page


def test_an_answered_but_open_item_cannot_be_rated_yet(client, network, clerk):
    citizen = CitizenFactory()
    order = submit_question(requester=citizen, village=network.villages[0], text="问题")
    answer_work_order(order=order, actor=clerk, answer="这是答复")
    client.force_login(citizen)
    page = client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode()
    assert "这是答复" in page and "<legend" not in page and "办结后，您可以在这里评价" in page
    response = client.post(reverse("portal:rate_item", args=[order.tracking_number]), {"rating": "4"})
    assert response.status_code == 400 and "事项办结后才能评价。" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_rating_a_closed_item(client, answered):
    order, citizen = answered
    client.force_login(citizen)
    response = client.post(reverse("portal:rate_item", args=[order.tracking_number]), {"rating": "4", "comment": "好"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.rating == 4
    page = client.get(response["Location"]).content.decode()
    assert "感谢您的评价" in page and "您的评价" in page and "<legend" not in page


def test_a_bad_rating_opens_a_return_visit(client, answered):
    order, citizen = answered
    client.force_login(citizen)
    client.post(reverse("portal:rate_item", args=[order.tracking_number]), {"rating": "2", "comment": "没解决"})
    assert ReturnVisit.objects.filter(order=order, kind=ReturnVisitKind.DISSATISFIED).exists()


def test_rating_twice_is_explained(client, answered):
    order, citizen = answered
    client.force_login(citizen)
    client.post(reverse("portal:rate_item", args=[order.tracking_number]), {"rating": "5"})
    response = client.post(reverse("portal:rate_item", args=[order.tracking_number]), {"rating": "1"})
    assert response.status_code == 400
    assert WorkOrder.objects.get(pk=order.pk).rating == 5


@pytest.mark.parametrize(
    ("data", "message"), [({}, "请选择一个评价等级。"), ({"rating": "9"}, "请选择 1–5 之间的评价等级。")]
)
def test_bad_ratings_are_explained(client, answered, data, message):
    order, citizen = answered
    client.force_login(citizen)
    response = client.post(reverse("portal:rate_item", args=[order.tracking_number]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_another_citizen_gets_404_not_403(client, answered):
    order, _ = answered
    client.force_login(CitizenFactory())
    assert client.get(reverse("portal:item_detail", args=[order.tracking_number])).status_code == 404
    response = client.post(reverse("portal:rate_item", args=[order.tracking_number]), {"rating": "1"})
    assert response.status_code == 404
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_my_items_lists_only_my_own(client, answered, network):
    order, citizen = answered
    other = submit_question(requester=CitizenFactory(), village=network.villages[1], text="别人的问题")
    client.force_login(citizen)
    page = client.get(reverse("portal:my_items")).content.decode()
    assert order.tracking_number in page and other.tracking_number not in page


def test_my_items_query_count_does_not_grow(client, network, django_assert_max_num_queries):
    citizen = CitizenFactory()
    submit_question(requester=citizen, village=network.villages[0], text="一")
    client.force_login(citizen)
    client.get(reverse("portal:my_items"))
    with django_assert_max_num_queries(10) as baseline:
        client.get(reverse("portal:my_items"))
    for i in range(15):
        submit_question(requester=citizen, village=network.villages[i % len(network.villages)], text=f"问题{i}")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        page = client.get(reverse("portal:my_items")).content.decode()
    assert page.count("GF") >= 16
