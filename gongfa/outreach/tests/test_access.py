"""The one access rule of outreach (selectors/access.py)."""

import pytest
from django.db.models import Q

from gongfa.accounts.choices import Role
from gongfa.network.models import Region
from gongfa.outreach.selectors.access import can_manage, is_manager, managed_region_q
from gongfa.testing.factories import UserFactory, build_network, post, staff


@pytest.fixture
def two(db):
    return build_network(prefix="330102", name="甲"), build_network(prefix="330103", name="乙")


def _codes(user, qs=None):
    return set((qs or Region.objects.all()).filter(managed_region_q(user, "code")).values_list("code", flat=True))


def test_an_administrator_manages_everything_also_when_or_ed(two):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert _codes(admin) == set(Region.objects.values_list("code", flat=True))
    # OR-ed with another condition it still means everything (an empty Q() would vanish).
    mine = Region.objects.filter(Q(pk=-1) | managed_region_q(admin, "code"))
    assert mine.count() == Region.objects.count()


def test_a_supervisor_manages_their_subtree_only(two):
    a, b = two
    supervisor = staff(Role.SUPERVISOR, at=a.centre)
    codes = _codes(supervisor)
    assert a.villages[0].code in codes and a.county.code in codes
    assert b.villages[0].code not in codes
    assert can_manage(supervisor, a.villages[1]) and not can_manage(supervisor, b.county)


def test_window_staff_manage_their_place_subtree(two):
    a, _b = two
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, a.stations[a.townships[0].code])
    codes = _codes(clerk)
    assert a.townships[0].code in codes
    assert a.townships[1].code not in codes
    assert is_manager(clerk)


@pytest.mark.parametrize("role", [Role.LAWYER, Role.VILLAGE_ADVISOR, Role.CITIZEN, Role.HOTLINE_AGENT])
def test_others_manage_nothing(two, role):
    a, _b = two
    user = staff(role, at=a.centre) if role != Role.CITIZEN else UserFactory(role=role)
    assert _codes(user) == set()
    assert not is_manager(user)
    assert not can_manage(user, a.county)
