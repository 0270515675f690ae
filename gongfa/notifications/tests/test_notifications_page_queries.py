"""The workbench notifications page costs the same number of queries for 3 notices or 60."""

from django.urls import reverse

from gongfa.notifications.services import notify

URL = reverse("workbench:notifications")


def _page_queries(client, person, count, django_assert_max_num_queries, limit):
    for i in range(count):
        notify(person, f"通知{i}", body="内容", link="/workbench/")
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_page_does_not_grow_with_the_list(client, network, advisor_village, django_assert_max_num_queries):
    _, advisor = advisor_village
    client.force_login(advisor)
    few = _page_queries(client, advisor, 3, django_assert_max_num_queries, 30)
    many = _page_queries(client, advisor, 57, django_assert_max_num_queries, 30)
    assert many == few
