"""Who manages which outreach records (one rule for every part of the app).

- Administrators: everywhere.
- Supervisors (督办主管): their supervised region subtrees.
- Window staff (窗口工作人员): the subtree of each active posting's place (a centre's staff
  register the county's publicity events, volunteers and typical cases).
- Everyone else manages nothing here; advisers see their own log, and lawyers, workers and
  mediators their own public-good archive (checked in each part's selectors).
"""

from __future__ import annotations

from django.db.models import Q

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.models import Region, StaffPosting, subtree_bounds
from gongfa.network.scope import ScopeKind, scope_for

MANAGER_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR, Role.WINDOW_STAFF})
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


def _ranges(user: User) -> tuple[tuple[str, str], ...] | None:
    """None: everywhere; else the code ranges this person manages (maybe none)."""
    if not user.is_authenticated or (user.role not in MANAGER_ROLES and not user.is_superuser):
        return ()
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_ranges
    postings = StaffPosting.objects.filter(user=user, is_active=True).select_related("point__region", "agency__region")
    return tuple(sorted({subtree_bounds(p.region.code, p.region.level) for p in postings}))


def managed_region_q(user: User, code_field: str) -> Q:
    """Condition on `code_field` (a path to a Region.code): in a subtree `user` manages."""
    ranges = _ranges(user)
    if ranges is None:
        # Not Q(): an empty Q vanishes when OR-ed (Q(mine) | Q() is Q(mine)), which would hide
        # everything else from an administrator.
        return EVERYTHING
    if not ranges:
        return NOTHING
    condition = Q()
    for low, high in ranges:
        condition |= Q(**{f"{code_field}__range": (low, high)})
    return condition


def can_manage(user: User, region: Region) -> bool:
    ranges = _ranges(user)
    if ranges is None:
        return True
    return any(low <= region.code <= high for low, high in ranges)


def is_manager(user: User) -> bool:
    ranges = _ranges(user)
    return ranges is None or bool(ranges)
