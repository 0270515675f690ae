"""Fixtures for the API tests: a county with staff, a neighbouring county, tokens and clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.api.models import ApiToken, TokenScope
from gongfa.api.tokens import issue_token
from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory, MiniNetwork, UserFactory, build_network, post
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order

ALL_SCOPES = list(TokenScope.values)

# Engine gap (gongfa/workorders/services/common.py lock_for): for a supervisor, visible_to(ACT)
# joins owner_point/owner_agency with LEFT OUTER JOINs, and PostgreSQL refuses SELECT … FOR UPDATE
# on the nullable side of an outer join (NotSupportedError → 500). The fix is
# select_for_update(of=("self",)); remove this marker then (strict: an XPASS fails the run).


@pytest.fixture
def citizen(db: None) -> User:
    return CitizenFactory(real_name="李大爷", phone="13912345678")


@pytest.fixture
def staffed_village(network: MiniNetwork) -> tuple[Any, User]:
    """The first village, whose room has a window clerk on duty (orders from there go to them)."""
    village = network.villages[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, network.rooms[village.code])
    return village, clerk


@pytest.fixture
def county_supervisor(network: MiniNetwork) -> User:
    supervisor = UserFactory(role=Role.SUPERVISOR, real_name="郑主任", phone="13600000009")
    post(supervisor, network.centre)
    return supervisor


@pytest.fixture
def other_county(network: MiniNetwork) -> MiniNetwork:
    """A neighbouring county (same city) with its own supervisor."""
    return build_network(prefix="330103", name="邻")


@pytest.fixture
def other_supervisor(other_county: MiniNetwork) -> User:
    supervisor = UserFactory(role=Role.SUPERVISOR, real_name="王主任")
    post(supervisor, other_county.centre)
    return supervisor


@pytest.fixture
def integration_user(county_supervisor: User) -> User:
    """The account integrations act as in these tests: the county supervisor."""
    return county_supervisor


@pytest.fixture
def make_token(db: None) -> Callable[..., tuple[ApiToken, str]]:
    def make(user: User, scopes: list[str] | None = None, **kwargs: Any) -> tuple[ApiToken, str]:
        return issue_token(user=user, scopes=scopes or ALL_SCOPES, **kwargs)

    return make


def bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


class ApiClient:
    """A test client that sends a bearer token with every request (JSON bodies by default)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.client = Client()

    def get(self, path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.get(path, data, **bearer(self.token), **extra)

    def post(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.client.post(
            path, data if data is not None else {}, content_type="application/json", **bearer(self.token), **extra
        )


@pytest.fixture
def api_client(integration_user: User, make_token: Callable[..., tuple[ApiToken, str]]) -> ApiClient:
    """A county-supervisor token with every scope."""
    _, plain = make_token(integration_user)
    return ApiClient(plain)


@pytest.fixture
def order_at(citizen: User) -> Callable[..., WorkOrder]:
    """Create an order from a citizen in `village` through the engine (auto-dispatched)."""

    def make(village: Any, text: str = "老板拖欠工资三个月，怎么办？", **kwargs: Any) -> WorkOrder:
        kwargs.setdefault("requester", citizen)
        return create_work_order(channel=Channel.PORTAL, region=village, text=text, **kwargs).order

    return make


def create_body(region_code: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "region_code": region_code,
        "text": "老板拖欠工资三个月，怎么办？",
        "contact_phone": "13800001111",
    }
    body.update(extra)
    return body


def action_url(order: WorkOrder, action: str) -> str:
    return f"/api/v1/workorders/{order.tracking_number}/actions/{action}"


@pytest.fixture
def assigned(staffed_village: tuple[Any, User], order_at: Callable[..., WorkOrder]) -> WorkOrder:
    """An order dispatched to the staffed village's clerk (status assigned)."""
    return order_at(staffed_village[0])


@pytest.fixture
def clerk_api(staffed_village: tuple[Any, User], make_token: Callable[..., tuple[ApiToken, str]]) -> ApiClient:
    """The handling clerk's token with workorders:act and workorders:read."""
    _, plain = make_token(staffed_village[1], ["workorders:act", "workorders:read"])
    return ApiClient(plain)


@pytest.fixture
def outsider_api(other_supervisor: User, make_token: Callable[..., tuple[ApiToken, str]]) -> ApiClient:
    """A supervisor of the neighbouring county, with every scope."""
    _, plain = make_token(other_supervisor)
    return ApiClient(plain)
