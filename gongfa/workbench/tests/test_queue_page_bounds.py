"""The workbench queues with a page number that is huge, junk or hostile: the nearest page, never
a 500 (the API answers 422 instead; see gongfa/api/tests/test_api_text_input.py)."""

import pytest

from .conftest import make_order

JUNK = ["99999999999999999999", "1e400", "-5", "abc", "\x00", "inf", "0"]


@pytest.mark.parametrize("page", JUNK)
def test_the_order_queue_shows_the_nearest_page(client, county_supervisor, network, page):
    order = make_order(network.villages[0])
    client.force_login(county_supervisor)
    response = client.get("/workbench/queue/", {"page": page})
    assert response.status_code == 200
    assert order.tracking_number in response.content.decode()


@pytest.mark.parametrize("page", JUNK)
def test_the_legal_aid_queue_shows_the_nearest_page(client, reviewer, page):
    client.force_login(reviewer)
    assert client.get("/workbench/legal-aid/", {"page": page}).status_code == 200
