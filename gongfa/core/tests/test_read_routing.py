"""Read routing (gongfa.core.dbrouting) against a replica that never catches up.

The "replica" is a second PostgreSQL connection to the test database: it sees only committed rows,
and each test's rows are never committed, so it behaves like a replica infinitely far behind. A
page that reads from it misses everything the test wrote; a page that reads the primary sees it.
That makes the routing itself observable: who reads where, when.
"""

from __future__ import annotations

import time

import pytest
import time_machine
from django.db import connection, connections
from django.urls import reverse

from gongfa.core import dbrouting
from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order

pytestmark = pytest.mark.django_db

ALIAS = "replica_test"


@pytest.fixture
def stale_replica(db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a second connection must not see the test's uncommitted rows")
    connections.settings[ALIAS] = dict(connections["default"].settings_dict)
    # Connect now, directly: the test case only lets its declared aliases open connections lazily.
    connections[ALIAS].connect()
    settings.DATABASE_REPLICA_ALIASES = [ALIAS]
    settings.DATABASE_ROUTERS = ["gongfa.core.dbrouting.ReplicaRouter"]
    settings.READ_YOUR_WRITES_SECONDS = 5
    settings.REPLICA_MAX_LAG_SECONDS = 10
    dbrouting.forget_lag()
    yield ALIAS
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]
    dbrouting.forget_lag()


@pytest.fixture
def citizen(network):
    return CitizenFactory()


def _my_items(client) -> str:
    response = client.get(reverse("portal:my_items"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_reporting_page_reads_the_replica(stale_replica, client, network, citizen):
    order = create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="工资被拖欠三个月", requester=citizen
    ).order
    client.force_login(citizen)
    # Written outside any request by this browser: the list reads the (stale) replica.
    assert order.tracking_number not in _my_items(client)


def test_a_user_sees_their_own_new_order_at_once_then_reads_move_back_to_the_replica(
    stale_replica, client, network, citizen
):
    client.force_login(citizen)
    response = client.post(reverse("portal:ask"), {"village": network.villages[0].code, "text": "工资被拖欠"})
    assert response.status_code == 302
    order = WorkOrder.objects.get(requester=citizen)
    assert dbrouting.COOKIE_NAME in response.cookies
    # The next requests read the primary: the new order is there on every page, every time.
    for _ in range(3):
        assert order.tracking_number in _my_items(client)
    # Another browser of the same user (no cookie) is pinned too, by the user's mark.
    other = client.__class__()
    other.force_login(citizen)
    assert order.tracking_number in _my_items(other)
    # Past READ_YOUR_WRITES_SECONDS the list reads the replica again (which never caught up here).
    with time_machine.travel(time.time() + 6, tick=False):
        assert order.tracking_number not in _my_items(client)


def test_another_users_reads_are_not_pinned(stale_replica, client, network, citizen):
    client.force_login(citizen)
    client.post(reverse("portal:ask"), {"village": network.villages[0].code, "text": "工资被拖欠"})
    neighbour = CitizenFactory()
    create_work_order(channel=Channel.PORTAL, region=network.villages[0], text="邻居装修", requester=neighbour)
    other = client.__class__()
    other.force_login(neighbour)
    assert "邻居装修" not in _my_items(other)  # the neighbour wrote nothing through a request: replica


def test_a_lagging_replica_is_not_used(stale_replica, settings, client, network, citizen):
    order = create_work_order(channel=Channel.PORTAL, region=network.villages[0], text="工资", requester=citizen).order
    client.force_login(citizen)
    settings.REPLICA_MAX_LAG_SECONDS = -1  # every replica counts as too far behind
    dbrouting.forget_lag()
    assert order.tracking_number in _my_items(client)


def test_an_unreachable_replica_is_not_used_and_readiness_says_so(stale_replica, client, network, citizen):
    order = create_work_order(channel=Channel.PORTAL, region=network.villages[0], text="工资", requester=citizen).order
    connections[ALIAS].close()
    connections.settings[ALIAS] = {**connections.settings[ALIAS], "PORT": "1", "HOST": "127.0.0.1"}
    del connections[ALIAS]
    dbrouting.forget_lag()
    client.force_login(citizen)
    assert order.tracking_number in _my_items(client)
    assert "unreachable" in dbrouting.replica_check()


def test_readiness_reports_the_lag(stale_replica):
    assert dbrouting.replica_check() == f"{ALIAS}: 0.0 s behind"


def test_writes_and_migrations_always_go_to_the_primary():
    router = dbrouting.ReplicaRouter()
    with dbrouting.replica_reads():
        assert router.db_for_write(WorkOrder) == "default"
    assert router.allow_migrate("default", "workorders") is True
    assert router.allow_migrate(ALIAS, "workorders") is False


def test_a_task_that_wrote_reads_its_own_rows_from_the_primary(stale_replica, network, citizen):
    order = create_work_order(channel=Channel.PORTAL, region=network.villages[0], text="工资", requester=citizen).order
    with dbrouting.replica_reads():
        assert not WorkOrder.objects.filter(pk=order.pk).exists()  # before writing: the replica
        WorkOrder.objects.filter(pk=order.pk).update(contact_name="王先生")
        assert WorkOrder.objects.filter(pk=order.pk, contact_name="王先生").exists()  # after: the primary


def test_reference_tables_are_never_loaded_from_a_replica(stale_replica, network, citizen):
    from gongfa.workorders.classify import active_topics

    assert active_topics()  # the topics come from a data migration; the stale replica sees them too
    from gongfa.workorders.models import Topic

    Topic.objects.create(code="zz_fresh", name="新类别", sort_order=999)
    with dbrouting.replica_reads():
        assert "zz_fresh" in [topic.code for topic in active_topics()]


def test_outside_replica_reads_everything_reads_the_primary(stale_replica, network, citizen):
    order = create_work_order(channel=Channel.PORTAL, region=network.villages[0], text="工资", requester=citizen).order
    assert WorkOrder.objects.filter(pk=order.pk).exists()
    with dbrouting.replica_reads():
        assert not WorkOrder.objects.filter(pk=order.pk).exists()  # the stale replica


def test_an_api_tokens_writes_pin_the_token_and_not_its_users_browser(stale_replica, client, network, citizen):
    from django.core.cache import cache

    from gongfa.api.models import TokenScope
    from gongfa.api.tokens import issue_token

    token, plain = issue_token(user=citizen, scopes=[TokenScope.WORKORDERS_CREATE])
    api = client.__class__(headers={"Authorization": f"Bearer {plain}"})
    created = api.post(
        "/api/v1/workorders",
        {"region_code": network.villages[0].code, "text": "工资被拖欠三个月"},
        content_type="application/json",
        headers={"Idempotency-Key": "rw-1"},
    )
    assert created.status_code == 201, created.content
    assert dbrouting.COOKIE_NAME not in created.cookies  # an API client gets no browser cookie
    assert cache.get(dbrouting._token_key(token.pk)) and not cache.get(dbrouting._user_key(citizen.pk))
    # The same person's browser was not pinned by the integration's write: the list reads the replica
    # (an integration submitting all day under a supervisor's account leaves their dashboards alone).
    client.force_login(citizen)
    assert created.json()["tracking_number"] not in _my_items(client)
    # The token's own reads are pinned by its writes, and by its user's writes in a browser.
    with dbrouting.replica_reads():
        dbrouting.api_pinned(citizen.pk, token.pk)
        assert WorkOrder.objects.filter(requester=citizen).exists()  # pinned: the primary
    client.post(reverse("portal:ask"), {"village": network.villages[0].code, "text": "邻居装修把墙震裂了"})
    with time_machine.travel(time.time() + 3, tick=False):
        cache.delete(dbrouting._token_key(token.pk))
        with dbrouting.replica_reads():
            dbrouting.api_pinned(citizen.pk, token.pk)
            assert WorkOrder.objects.filter(requester=citizen).exists()  # the user's mark: the primary
    with time_machine.travel(time.time() + 6, tick=False), dbrouting.replica_reads():
        dbrouting.api_pinned(citizen.pk, token.pk)
        assert not WorkOrder.objects.filter(requester=citizen).exists()  # no recent write: the replica
