"""Fixtures for the workbench pages: a small network with people at each level."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order


@pytest.fixture
def room_clerk(network):
    """Staffs the first village's room (orders from that village go to them)."""
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事", username="room_clerk")
    post(clerk, network.rooms[network.villages[0].code])
    return clerk


@pytest.fixture
def station_clerk(network):
    """Staffs the first township's station (villages 2 and 3 have nobody in their rooms)."""
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="吴干事", username="station_clerk")
    post(clerk, network.stations[network.townships[0].code])
    return clerk


@pytest.fixture
def other_clerk(network):
    """Staffs the second township's station: sees none of the first township's orders."""
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="冯干事", username="other_clerk")
    post(clerk, network.stations[network.townships[1].code])
    return clerk


@pytest.fixture
def agent(network):
    user = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席", username="agent")
    post(user, network.centre)
    return user


@pytest.fixture
def county_supervisor(network):
    user = UserFactory(role=Role.SUPERVISOR, real_name="郑主任", username="county_sup", phone="13600000009")
    post(user, network.centre)
    return user


@pytest.fixture
def township_supervisor(network):
    user = UserFactory(role=Role.SUPERVISOR, real_name="钱站长", username="township_sup", phone="13600000008")
    post(user, network.stations[network.townships[0].code])
    return user


@pytest.fixture
def citizen(db):
    return CitizenFactory(real_name="李大爷", phone="13912345678")


def make_order(village, *, requester=None, text="老板拖欠工资两个月", **kwargs: Any) -> WorkOrder:
    """A portal order from `village` (dispatched automatically)."""
    if requester is None:
        requester = CitizenFactory()
    return create_work_order(channel=Channel.PORTAL, region=village, text=text, requester=requester, **kwargs).order


def set_due(order: WorkOrder, hours: float) -> WorkOrder:
    """Move the resolve deadline `hours` from now (negative: overdue)."""
    WorkOrder.objects.filter(pk=order.pk).update(
        resolve_due=timezone.now() + datetime.timedelta(hours=hours), near_due_at=None
    )
    order.refresh_from_db()
    return order


def act(client, order: WorkOrder, action: str, data: dict[str, Any] | None = None):
    """POST one order action through its own URL."""
    from django.urls import reverse

    return client.post(reverse("workbench:order_action", args=[order.tracking_number, action]), data or {})


def assert_refused(response, message: str) -> str:
    """The page comes back with status 400 and the message in the error summary."""
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    summary = page.split('class="error-summary"')[1].split("</ul>")[0] if 'class="error-summary"' in page else ""
    assert message in summary, summary or page[:2000]
    assert "<title>错误：" in page
    return page


def assert_done(client, response, message: str) -> str:
    """Success: a redirect to the order page, which shows the message."""
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"]).content.decode()
    assert message in page
    return page


# The legal-aid fixtures (a reviewer, a hardship standard, a migrant worker, lawyers, frozen time).
from gongfa.legalaid.tests.conftest import _media, frozen, law_firm, lawyers, reviewer, standard, worker  # noqa: E402, F401
