"""The signed rating link (/r/<token>/): no login; forged, expired and replayed links are refused
with a clear message and change nothing."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.choices import ResultCode
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order, submit_question
from gongfa.workorders.services.feedback import rating_link


@pytest.fixture
def clerk(network):
    user = UserFactory(role=Role.WINDOW_STAFF)
    post(user, network.rooms[network.villages[0].code])
    return user


@pytest.fixture
def closed(network, clerk):
    order = submit_question(requester=CitizenFactory(), village=network.villages[0], text="隐私问题内容")
    return answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)


def test_the_link_is_the_portal_url(closed):
    assert rating_link(closed).startswith("/r/")
    assert reverse("portal:rate_by_link", args=["abc"]) == "/r/abc/"


def test_rating_through_the_link_without_login(client, closed):
    link = rating_link(closed)
    page = client.get(link).content.decode()
    assert closed.tracking_number in page and "非常满意" in page
    assert "隐私问题内容" not in page  # the link may be forwarded: no personal content
    response = client.post(link, {"rating": "4", "comment": "很好"})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.rating == 4 and closed.rating_comment == "很好"
    page = client.get(response["Location"]).content.decode()
    assert "感谢您的评价" in page and "您已评价：满意" in page


def test_a_replayed_link_changes_nothing(client, closed):
    link = rating_link(closed)
    client.post(link, {"rating": "5"})
    response = client.post(link, {"rating": "1"})
    assert response.status_code == 400
    assert "该事项已评价，不能重复评价。" in response.content.decode()
    assert WorkOrder.objects.get(pk=closed.pk).rating == 5


def test_an_expired_link_is_explained(client, closed):
    link = rating_link(closed)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=16)):
        page = client.get(link)
        assert page.status_code == 400 and "评价链接已过期（有效期 15 天）" in page.content.decode()
        response = client.post(link, {"rating": "1"})
    assert response.status_code == 400 and "评价链接已过期" in response.content.decode()
    assert WorkOrder.objects.get(pk=closed.pk).rating is None


@pytest.mark.parametrize("tamper", ["forged", "other-number", "truncated"])
def test_a_forged_link_is_explained(client, closed, tamper):
    link = rating_link(closed)
    token = link.split("/")[2]
    bad = {
        "forged": token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
        "other-number": token.replace(closed.tracking_number, closed.tracking_number[:-1] + "9"),
        "truncated": token.split(":")[0],
    }[tamper]
    response = client.post(reverse("portal:rate_by_link", args=[bad]), {"rating": "1"})
    assert response.status_code == 400
    assert "评价链接无效，请核对短信中的链接。" in response.content.decode()
    assert WorkOrder.objects.get(pk=closed.pk).rating is None


def test_an_open_order_cannot_be_rated_by_link(client, network, clerk):
    order = submit_question(requester=CitizenFactory(), village=network.villages[0], text="问题")
    link = rating_link(order)
    page = client.get(link)
    assert page.status_code == 400 and "事项办结后才能评价。" in page.content.decode()
    response = client.post(link, {"rating": "3"})
    assert response.status_code == 400 and "事项办结后才能评价。" in response.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_bad_rating_values_are_explained(client, closed):
    response = client.post(rating_link(closed), {"rating": "7"})
    assert response.status_code == 400 and "请选择 1–5 之间的评价等级。" in response.content.decode()
    assert WorkOrder.objects.get(pk=closed.pk).rating is None
