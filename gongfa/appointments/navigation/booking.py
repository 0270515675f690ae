"""The menu entries of notarization booking (公证预约).

Workbench:
- 预约管理 (the office's day of bookings, with the schedule a link away): notary clerks and
  notaries posted at a notary office; supervisors and administrators once an office they oversee
  takes bookings (it has an active bookable resource).
- 代约公证 (booking on a citizen's behalf): 12348 hotline agents and window staff, once some notary
  office takes bookings.
Portal: 我的预约 for signed-in citizens.

Each check costs at most one query per request (cached on the user, like the scope)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.navigation import Area, NavEntry, register
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.network.scope import scope_for

_CACHE = "_gongfa_booking_nav"


def _cached(user: User, key: str, compute: Callable[[], bool]) -> bool:
    found: dict[str, bool] = getattr(user, _CACHE, None) or {}
    if key not in found:
        found[key] = compute()
        setattr(user, _CACHE, found)
    return found[key]


def posted_at_notary_office(user: User) -> bool:
    """An active posting at an active notary office (no query without an agency posting)."""
    agency_ids = scope_for(user).agency_ids
    if not agency_ids:
        return False
    return _cached(
        user,
        "posted",
        lambda: Agency.objects.filter(pk__in=agency_ids, kind=AgencyKind.NOTARY_OFFICE, is_active=True).exists(),
    )


def oversees_a_booking_office(user: User) -> bool:
    """A supervisor or administrator over a notary office that takes bookings."""
    from gongfa.appointments.selectors.booking import manageable_offices

    return _cached(
        user,
        "oversees",
        lambda: manageable_offices(user).filter(booking_resources__is_active=True).exists(),
    )


def manages_bookings(user: User) -> bool:
    if user.role in (Role.NOTARY_CLERK, Role.NOTARY):
        return posted_at_notary_office(user)
    return oversees_a_booking_office(user)


def books_on_behalf(user: User) -> bool:
    """Hotline and window staff with a posting, once a notary office takes bookings."""
    if not scope_for(user).is_staff:
        return False
    return _cached(
        user,
        "any_office",
        lambda: Agency.objects.filter(
            kind=AgencyKind.NOTARY_OFFICE, is_active=True, booking_resources__is_active=True
        ).exists(),
    )


register(
    NavEntry(
        key="workbench.bookings",
        label=_("预约管理"),
        url_name="workbench:bookings",
        roles=frozenset({Role.NOTARY_CLERK, Role.NOTARY, Role.SUPERVISOR, Role.ADMINISTRATOR}),
        when=manages_bookings,
        order=47,
        testid="bookings-link",
    ),
    NavEntry(
        key="workbench.booking_on_behalf",
        label=_("代约公证"),
        url_name="workbench:booking_new",
        roles=frozenset({Role.HOTLINE_AGENT, Role.WINDOW_STAFF}),
        when=books_on_behalf,
        order=48,
        testid="booking-on-behalf-link",
    ),
    NavEntry(
        key="portal.my_bookings",
        label=_("我的预约"),
        url_name="portal:notarization_my_bookings",
        roles=frozenset({Role.CITIZEN}),
        area=Area.PORTAL,
        order=62,
        testid="portal-my-bookings-link",
    ),
)
