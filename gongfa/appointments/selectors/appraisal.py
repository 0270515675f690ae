"""Who sees and acts on which appraisal referrals (司法鉴定委托引导), which institutions are eligible,
and the institution's queue with its clocks.

- Creating and following a referral: legal-aid reviewers, window staff and 12348 hotline agents act
  for the region subtree of each of their active postings (the posting's point or agency region);
  supervisors for their supervised subtrees; administrators everywhere.
- The institution's steps (accept, decline, agreement, extension, opinion): staff posted at the
  referral's institution as 司法鉴定人 (APPRAISER) or 受理人员 (NOTARY_CLERK).
- Eligible institutions for a referral (`eligible_institutions`): active, listed (is_listed) agencies
  of kind appraisal_institution registered (InstitutionCategory) for the category or for its parent
  (a parent category covers all its sub-categories), in the referral region's CITY subtree; when the
  city has none, in its PROVINCE subtree. Ordered by id (the order the random draw sees).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import AppraisalStatus
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region, StaffPosting, subtree_bounds
from gongfa.network.scope import ScopeKind, scope_for

# Who may register a referral for a citizen (and withdraw it, or record guidance).
CREATOR_ROLES = frozenset({Role.LEGAL_AID_REVIEWER, Role.WINDOW_STAFF, Role.HOTLINE_AGENT, Role.SUPERVISOR})
# Who acts for the institution.
INSTITUTION_ROLES = frozenset({Role.APPRAISER, Role.NOTARY_CLERK})
DUE_SOON_DAYS = 2  # a clock "due soon": due within this many calendar days (today included)


# ---------------------------------------------------------------------------------------------
# Who acts


def creator_ranges(user: User | AnonymousUser | None) -> tuple[tuple[str, str], ...] | None:
    """The region code ranges `user` may register referrals in (None: everywhere)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_ranges
    if scope.kind != ScopeKind.STAFF or not isinstance(user, User):
        return ()
    cached = getattr(user, "_appraisal_creator_ranges", None)
    if cached is not None:
        return cached
    postings = StaffPosting.objects.filter(user=user, is_active=True, role__in=CREATOR_ROLES).select_related(
        "point__region", "agency__region"
    )
    ranges = tuple(sorted({subtree_bounds(p.region.code, p.region.level) for p in postings}))
    user._appraisal_creator_ranges = ranges  # type: ignore[attr-defined]
    return ranges


def may_create_in(user: User | AnonymousUser | None, region: Region) -> bool:
    ranges = creator_ranges(user)
    if ranges is None:
        return True
    return any(low <= region.code <= high for low, high in ranges)


def institution_ids_of(user: User | AnonymousUser | None) -> frozenset[int]:
    """The appraisal institutions where `user` is posted as appraiser or intake clerk."""
    if not isinstance(user, User) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_appraisal_institution_ids", None)
    if cached is not None:
        return cached
    ids = frozenset(
        StaffPosting.objects.filter(
            user=user,
            is_active=True,
            role__in=INSTITUTION_ROLES,
            agency__kind=AgencyKind.APPRAISAL_INSTITUTION,
        ).values_list("agency_id", flat=True)
    )
    user._appraisal_institution_ids = ids  # type: ignore[attr-defined]
    return ids


def acts_for_institution(user: User | AnonymousUser | None, referral: AppraisalReferral) -> bool:
    return referral.institution_id is not None and referral.institution_id in institution_ids_of(user)


def _region_condition(ranges: tuple[tuple[str, str], ...]) -> Q:
    condition = Q(pk__in=[])
    for low, high in ranges:
        condition |= Q(region__code__range=(low, high))
    return condition


def visible_referrals(user: User | AnonymousUser | None) -> QuerySet[AppraisalReferral]:
    """The referrals `user` may see: those of their region scope (creators, supervisors), and those
    sent to their institution (its staff). Each once; nobody else sees any."""
    ranges = creator_ranges(user)
    if ranges is None:
        return AppraisalReferral.objects.all()
    condition = _region_condition(ranges)
    institutions = institution_ids_of(user)
    if institutions:
        condition |= Q(institution_id__in=institutions)
    return AppraisalReferral.objects.filter(condition)


def region_referrals(user: User) -> QuerySet[AppraisalReferral]:
    """The referrals of the user's region scope (the referrals list of region staff)."""
    ranges = creator_ranges(user)
    if ranges is None:
        return AppraisalReferral.objects.all()
    return AppraisalReferral.objects.filter(_region_condition(ranges))


# ---------------------------------------------------------------------------------------------
# Institutions


def covering_category_ids(category: AppraisalCategory) -> list[int]:
    """The category and its parent: an institution registered for either covers it."""
    return [category.pk] if category.parent_id is None else [category.pk, category.parent_id]


def institutions_for(category: AppraisalCategory) -> QuerySet[Agency]:
    """Active, listed appraisal institutions registered for `category` (or its parent)."""
    return (
        Agency.objects.filter(
            kind=AgencyKind.APPRAISAL_INSTITUTION,
            is_active=True,
            is_listed=True,
            pk__in=_registered(category),
        )
        .select_related("region")
        .order_by("pk")
    )


def _registered(category: AppraisalCategory) -> QuerySet[Any, Any]:
    from gongfa.appointments.models import InstitutionCategory

    return InstitutionCategory.objects.filter(category_id__in=covering_category_ids(category)).values("institution_id")


@dataclass(frozen=True)
class Eligibility:
    institutions: list[Agency]
    area: Region | None  # the city or province searched last (named in the error when empty)


def _ancestor(region: Region, level: int) -> Region | None:
    if region.level == level:
        return region
    if region.level < level:
        return None
    code = region.code[: {RegionLevel.PROVINCE: 2, RegionLevel.CITY: 4}[RegionLevel(level)]].ljust(12, "0")
    return Region.objects.filter(code=code).first()


def eligibility(region: Region, category: AppraisalCategory) -> Eligibility:
    """The eligible institutions for a referral in `region` (the same city, else the province)."""
    base = institutions_for(category)
    area: Region | None = None
    for level in (RegionLevel.CITY, RegionLevel.PROVINCE):
        area = _ancestor(region, level)
        if area is None:
            continue
        low, high = subtree_bounds(area.code, area.level)
        found = list(base.filter(region__code__range=(low, high)))
        if found:
            return Eligibility(found, area)
    return Eligibility([], area or region)


def eligible_institutions(region: Region, category: AppraisalCategory) -> list[Agency]:
    return eligibility(region, category).institutions


def category_groups() -> list[tuple[AppraisalCategory, list[AppraisalCategory]]]:
    """The categories grouped by parent (for a select with optgroups), one query."""
    categories = list(AppraisalCategory.objects.order_by("sort_order", "code"))
    parents = [c for c in categories if c.parent_id is None]
    return [(p, [p, *[c for c in categories if c.parent_id == p.pk]]) for p in parents]


# ---------------------------------------------------------------------------------------------
# The institution's queue and its clocks


@dataclass(frozen=True)
class ReferralClock:
    label: str  # 受理决定期限 / 鉴定完成期限
    due: datetime.date
    days_left: int  # calendar days; negative when overdue
    state: str  # overdue | due_soon | running

    @property
    def overdue_days(self) -> int:
        return -self.days_left


def clock_of(referral: AppraisalReferral, today: datetime.date | None = None) -> ReferralClock | None:
    """The clock running for the institution: the acceptance decision while COMMISSIONED, the
    completion while IN_APPRAISAL; none otherwise."""
    today = today or timezone.localdate()
    if referral.status == AppraisalStatus.COMMISSIONED and referral.accept_due:
        label, due = "受理决定期限", referral.accept_due
    elif referral.status == AppraisalStatus.IN_APPRAISAL and referral.complete_due:
        label, due = "鉴定完成期限", referral.complete_due
    else:
        return None
    days = (due - today).days
    state = "overdue" if days < 0 else "due_soon" if days <= DUE_SOON_DAYS else "running"
    return ReferralClock(label, due, days, state)


LIST_FIELDS = (
    "number",
    "status",
    "matter",
    "applicant_name",
    "fee_waiver",
    "in_litigation",
    "selection_method",
    "accept_due",
    "complete_due",
    "created_at",
    "category__name",
    "institution__name",
    "region__name",
)


def listed(queryset: QuerySet[AppraisalReferral]) -> QuerySet[AppraisalReferral]:
    """What a list row reads, in one query."""
    return queryset.select_related("category", "institution", "region").only(*LIST_FIELDS)


def institution_queue(user: User, *, open_only: bool = True) -> QuerySet[AppraisalReferral]:
    """The referrals sent to the user's institutions, the nearest clock first (acceptance decisions
    waiting, then appraisals in progress by completion date, then the rest)."""
    queryset = AppraisalReferral.objects.filter(institution_id__in=institution_ids_of(user))
    if open_only:
        queryset = queryset.filter(
            status__in=(AppraisalStatus.COMMISSIONED, AppraisalStatus.ACCEPTED, AppraisalStatus.IN_APPRAISAL)
        )
    from django.db.models import Case, DateField, F, When

    due = Case(
        When(status=AppraisalStatus.COMMISSIONED, then=F("accept_due")),
        When(status=AppraisalStatus.IN_APPRAISAL, then=F("complete_due")),
        default=None,
        output_field=DateField(),
    )
    return listed(queryset).annotate(clock_due=due).order_by(F("clock_due").asc(nulls_last=True), "created_at", "pk")
