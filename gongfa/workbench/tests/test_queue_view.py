import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.services import answer_work_order, submit_question


@pytest.fixture
def clerk(network):
    user = UserFactory(role=Role.WINDOW_STAFF)
    post(user, network.rooms[network.villages[0].code])
    return user


def _submit(network, n, village_index=0):
    return [
        submit_question(requester=CitizenFactory(), village=network.villages[village_index], text=f"问题{i}")
        for i in range(n)
    ]


def test_queue_shows_new_orders_of_my_point_with_masked_phones(client, network, clerk):
    mine = _submit(network, 2)
    others = _submit(network, 1, village_index=1)
    client.force_login(clerk)
    page = client.get(reverse("workbench:queue")).content.decode()
    for order in mine:
        assert order.tracking_number in page
        assert order.requester.masked_phone in page
        assert order.requester.phone not in page
    assert others[0].tracking_number not in page


def test_queue_query_count_does_not_grow_with_rows(client, network, clerk, django_assert_max_num_queries):
    _submit(network, 3)
    client.force_login(clerk)
    client.get(reverse("workbench:queue"))  # warm caches (content types, session)
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("workbench:queue"))
    _submit(network, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("workbench:queue")).content.decode()
    assert page.count("GF") >= 28


def test_status_filter_and_counts(client, network, clerk):
    first, second = _submit(network, 2)
    answer_work_order(order=first, actor=clerk, answer="答复")
    client.force_login(clerk)
    page = client.get(reverse("workbench:queue"), {"status": "answered"}).content.decode()
    assert first.tracking_number in page and second.tracking_number not in page
    assert "<strong>1</strong>待答复" in page and "<strong>1</strong>已答复" in page


def test_an_unknown_status_falls_back_to_new(client, network, clerk):
    order = _submit(network, 1)[0]
    client.force_login(clerk)
    response = client.get(reverse("workbench:queue"), {"status": "bogus"})
    assert response.status_code == 200
    assert order.tracking_number in response.content.decode()


def test_htmx_requests_get_only_the_table(client, network, clerk):
    _submit(network, 1)
    client.force_login(clerk)
    page = client.get(reverse("workbench:queue"), HTTP_HX_REQUEST="true").content.decode()
    assert "<table>" in page and "<html" not in page


def test_staff_without_posting_are_told_why_the_queue_is_empty(client, network):
    _submit(network, 1)
    client.force_login(UserFactory(role=Role.WINDOW_STAFF))
    page = client.get(reverse("workbench:queue")).content.decode()
    assert "您还没有在岗的岗位" in page
    assert "GF" not in page.split("<tbody>")[1]


def test_citizens_are_refused(client, network):
    client.force_login(CitizenFactory())
    assert client.get(reverse("workbench:queue")).status_code == 403


def test_anonymous_goes_to_staff_login(client, db):
    response = client.get(reverse("workbench:queue"))
    assert response.status_code == 302 and reverse("accounts:staff_login") in response["Location"]
