"""A small publicity world for the publicity tests (imported by the other test_publicity_* and
test_outreach_publicity_* modules): a county with two townships, a window clerk at the county
centre (manages the county), a station clerk (manages the first township only), a supervisor of
another county, and helpers that plan and hold events."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.models import Region
from gongfa.outreach.choices import AudienceGroup, EventType
from gongfa.outreach.models import PublicityEvent
from gongfa.outreach.selectors.access import can_manage
from gongfa.outreach.services import publicity as svc
from gongfa.testing.factories import MiniNetwork, UserFactory, build_network, post


@dataclass
class World:
    net: MiniNetwork
    other: MiniNetwork
    clerk: User  # county centre: the whole county
    station_clerk: User  # first township only
    outsider: User  # window staff of the other county
    admin: User

    @property
    def village(self) -> Region:
        return self.net.villages[0]

    @property
    def far_village(self) -> Region:
        """A village of the second township (outside the station clerk's)."""
        return self.net.villages[-1]


def build_world() -> World:
    net = build_network()
    other = build_network(prefix="330103", townships=1, villages_per_township=1, name="邻")
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="普法干事")
    post(clerk, net.centre)
    station_clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="站点干事")
    post(station_clerk, net.stations[net.townships[0].code])
    outsider = UserFactory(role=Role.WINDOW_STAFF, real_name="邻县干事")
    post(outsider, other.centre)
    admin = UserFactory(role=Role.ADMINISTRATOR, real_name="管理员")
    return World(net, other, clerk, station_clerk, outsider, admin)


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def plan_event(world: World, **overrides: object) -> PublicityEvent:
    values: dict[str, object] = {
        "actor": world.clerk,
        "event_type": EventType.LECTURE,
        "theme": "民法典进村",
        "held_on": timezone.localdate(),
        "organiser": "县司法局",
        "region": world.village,
    }
    values.update(overrides)
    return svc.plan_event(**values)  # type: ignore[arg-type]


def hold(world: World, event: PublicityEvent, audience: int = 80, **overrides: object) -> PublicityEvent:
    values: dict[str, object] = {
        "actor": world.clerk,
        "event": event,
        "held_on": event.held_on,
        "audience_size": audience,
        "audience_groups": [AudienceGroup.VILLAGERS, AudienceGroup.ELDERLY],
        "accessible_formats": ["large_print"],
    }
    values.update(overrides)
    return svc.hold_event(**values)  # type: ignore[arg-type]


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_the_world_scopes(world: World) -> None:
    assert can_manage(world.clerk, world.far_village)
    assert can_manage(world.station_clerk, world.village)
    assert not can_manage(world.station_clerk, world.far_village)
    assert not can_manage(world.outsider, world.village)
