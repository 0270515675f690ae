"""The target search: search-as-you-type fragments grouped by tier and region, and the order
page's no-JavaScript filter (a GET that reloads the page with the filtered radio list)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.testing.factories import UserFactory, build_network, post
from gongfa.workbench.tests.conftest import make_order

SEARCH = reverse("workbench:target_search")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_the_fragment_lists_matches_grouped(agent_client, network):
    region = network.villages[0].code
    fragment = agent_client.get(
        SEARCH, {"target_q": "2镇", "region": region, "name": "place", "id": "id_transfer_place"}
    ).content.decode()
    assert "<legend>公共法律服务工作站 · 示范2镇</legend>" in fragment
    assert "<legend>公共法律服务工作室 · 示范2镇</legend>" in fragment
    assert "示范1镇" not in fragment and 'name="place"' in fragment and 'id="id_transfer_place_1_1"' in fragment
    empty = agent_client.get(SEARCH, {"target_q": "火星", "region": region}).content.decode()
    assert "没有找到匹配的服务点或机构" in empty


def test_bad_parameters_fall_back_safely(agent_client, network):
    fragment = agent_client.get(
        SEARCH, {"name": "<script>", "id": '"><img>', "value": "x", "region": "abc"}
    ).content.decode()
    assert "<script>" not in fragment and "<img>" not in fragment
    assert 'name="place"' in fragment  # the agent's own county, from their post


def test_a_kept_choice_stays_listed(agent_client, network):
    station = network.stations[network.townships[0].code]
    fragment = agent_client.get(
        SEARCH, {"target_q": "2镇", "region": network.villages[0].code, "value": f"point:{station.pk}"}
    ).content.decode()
    assert f'value="point:{station.pk}" id="id_place_kept" checked' in fragment


def test_the_search_takes_a_bounded_number_of_queries(agent_client, network):
    def count(region: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert agent_client.get(SEARCH, {"target_q": "村", "region": region}).status_code == 200
        return len(queries)

    small = count(network.villages[0].code)
    big = build_network(prefix="330104", name="大", townships=4, villages_per_township=6)
    for village in big.villages:
        post(UserFactory(role=Role.WINDOW_STAFF), big.rooms[village.code])
    assert count(big.villages[0].code) == small


def test_citizens_cannot_search(client, network, citizen):
    client.force_login(citizen)
    assert client.get(SEARCH, {"target_q": "镇"}).status_code in (302, 403, 404)


def test_order_page_filters_without_javascript(client, network, room_clerk, station_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    detail = reverse("workbench:order_detail", args=[order.tracking_number])
    page = client.get(detail).content.decode()
    assert '<form id="target-filter" method="get"' in page
    assert 'form="target-filter"' in page.split('id="action-transfer"')[1].split("</details>")[0]
    filtered = client.get(detail, {"target_q": "2镇"}).content.decode()
    transfer = filtered.split('id="id_transfer_place_options"')[1].split('id="id_transfer_person"')[0]
    assert "示范2镇公共法律服务工作站" in transfer and "示范1镇公共法律服务工作站" not in transfer
