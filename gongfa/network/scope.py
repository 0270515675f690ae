"""Who may see what: the one place that turns a user into the set of regions, points and
agencies they act for. Every selector builds its queryset filter from a Scope.

- administrators: everything;
- supervisors: the region subtree of each of their active postings;
- other staff: the service points and agencies of their active postings (village advisors also
  the rooms of the villages they serve); 12348 hotline agents may also read (not act on) the
  records of their posting's region, to see a caller's history;
- citizens: their own records only (the selectors filter by requester);
- anyone else, including staff without an active posting: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.choices import PointTier
from gongfa.network.models import AdvisorAssignment, Region, ServicePoint, StaffPosting, subtree_bounds


class ScopeKind(StrEnum):
    NOBODY = "nobody"
    CITIZEN = "citizen"
    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    user_id: int | None = None
    region_ranges: tuple[tuple[str, str], ...] = ()
    # Regions whose records this person may read but not act on (12348 hotline agents answer
    # callers from anywhere in their region and need each caller's history).
    view_region_ranges: tuple[tuple[str, str], ...] = ()
    point_ids: frozenset[int] = field(default_factory=frozenset)
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        return self.kind in {ScopeKind.STAFF, ScopeKind.SUPERVISOR, ScopeKind.ADMINISTRATOR}

    @property
    def sees_everything(self) -> bool:
        return self.kind == ScopeKind.ADMINISTRATOR

    def region_q(self, code_field: str, *, view: bool = False) -> Q:
        """Condition: `code_field` (a path to a Region.code) lies in one of the supervised subtrees
        (with view=True: in one of the subtrees this person may read)."""
        condition = Q()
        for low, high in self.view_region_ranges if view else self.region_ranges:
            condition |= Q(**{f"{code_field}__range": (low, high)})
        return condition

    def covers_region(self, region: Region) -> bool:
        if self.sees_everything:
            return True
        return any(low <= region.code <= high for low, high in self.region_ranges)


NOBODY = Scope(kind=ScopeKind.NOBODY)
_CACHE_ATTR = "_gongfa_scope"


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    assert isinstance(user, User)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _compute_scope(user: User) -> Scope:
    if user.is_superuser or user.role == Role.ADMINISTRATOR:
        return Scope(kind=ScopeKind.ADMINISTRATOR, user_id=user.pk)
    if user.role == Role.CITIZEN:
        return Scope(kind=ScopeKind.CITIZEN, user_id=user.pk)
    postings = list(
        StaffPosting.objects.filter(user=user, is_active=True).select_related("point__region", "agency__region")
    )
    point_ids = {p.point_id for p in postings if p.point_id is not None}
    agency_ids = {p.agency_id for p in postings if p.agency_id is not None}
    point_ids.update(
        ServicePoint.objects.filter(
            tier=PointTier.ROOM,
            region_id__in=AdvisorAssignment.objects.filter(advisor=user, is_active=True).values("village_id"),
        ).values_list("pk", flat=True)
    )
    if user.role == Role.SUPERVISOR:
        ranges = tuple(sorted({subtree_bounds(p.region.code, p.region.level) for p in postings}))
        if not ranges:
            return Scope(kind=ScopeKind.NOBODY, user_id=user.pk)
        return Scope(
            kind=ScopeKind.SUPERVISOR,
            user_id=user.pk,
            region_ranges=ranges,
            point_ids=frozenset(point_ids),
            agency_ids=frozenset(agency_ids),
        )
    if not point_ids and not agency_ids:
        return Scope(kind=ScopeKind.NOBODY, user_id=user.pk)
    view_ranges: tuple[tuple[str, str], ...] = ()
    if user.role == Role.HOTLINE_AGENT:
        view_ranges = tuple(sorted({subtree_bounds(p.region.code, p.region.level) for p in postings}))
    return Scope(
        kind=ScopeKind.STAFF,
        user_id=user.pk,
        view_region_ranges=view_ranges,
        point_ids=frozenset(point_ids),
        agency_ids=frozenset(agency_ids),
    )
