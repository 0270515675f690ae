"""Who sees which legal-aid cases, and the lookups the services and pages share."""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, DateField, F, Q, When

from gongfa.accounts.models import User
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.eligibility import HardshipRule, MatterRule, national_matters
from gongfa.legalaid.models import (
    SUBMITTED_OPEN_STATUSES,
    HardshipStandard,
    LegalAidApplication,
    LegalAidApplicationQuerySet,
    RegionalMatter,
)
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region
from gongfa.network.scope import ScopeKind, scope_for


class Action(StrEnum):
    VIEW = "view"
    REVIEW = "review"  # decide, request supplements, assign: the agency's staff and supervisors


def _condition(user: User | AnonymousUser | None, action: Action) -> Q | None:
    """None: no restriction. Sensitive cases (domestic violence, minors, criminal) are kept to the
    agency, the provider and supervisors by this same rule (rules.md §1.16)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.CITIZEN:
        return Q(applicant_id=scope.user_id) if action == Action.VIEW else Q(pk__in=[])
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_q("region__code")
    if scope.kind == ScopeKind.STAFF:
        mine = Q(agency_id__in=scope.agency_ids)
        if action == Action.VIEW:
            mine |= (
                Q(provider_id=scope.user_id)
                | Q(received_point_id__in=scope.point_ids)
                | Q(peer_review_sample__reviewer_id=scope.user_id)  # a named peer reviewer (第57条)
            )
        return mine
    return Q(pk__in=[])


def visible_to(user: User | AnonymousUser | None, action: Action = Action.VIEW) -> LegalAidApplicationQuerySet:
    queryset = LegalAidApplication.objects.all()
    condition = _condition(user, action)
    return queryset if condition is None else queryset.filter(condition)


def cases_of_provider(user: User, limit: int = 100) -> list[LegalAidApplication]:
    """The open cases assigned to a lawyer (我承办的案件), the next deadline first: the deadline to
    sign the engagement papers (签订委托协议期限, the region's setting) while it runs, then the cases
    without a running deadline, longest assigned first. Each row gets `next_due`."""
    return list(
        LegalAidApplication.objects.filter(provider=user, status__in=SUBMITTED_OPEN_STATUSES)
        .annotate(
            next_due=Case(
                When(status=ApplicationStatus.ASSIGNED, then=F("engagement_due")),
                default=None,
                output_field=DateField(),
            )
        )
        .select_related("agency")
        .order_by(F("next_due").asc(nulls_last=True), F("assigned_at").asc(nulls_last=True), "pk")[:limit]
    )


def _region_codes(region: Region) -> list[str]:
    return [*region.ancestor_codes(), region.code]


def matters_for(region: Region) -> list[MatterRule]:
    """The matter catalogue (事项目录) in `region`: the national matters of 第24、29、31–33条 and the
    additions of the province, city or county above it."""
    regional = RegionalMatter.objects.filter(region__code__in=_region_codes(region), is_active=True).select_related(
        "region"
    )
    return [*national_matters(), *(row.rule() for row in regional)]


def matter_by_code(region: Region, code: str) -> MatterRule | None:
    return next((matter for matter in matters_for(region) if matter.code == code), None)


def hardship_rule_for(region: Region, on: datetime.date) -> HardshipRule | None:
    """The hardship standard in force on `on` for `region` (nearest region up the tree, latest date)."""
    row = (
        HardshipStandard.objects.filter(region__code__in=_region_codes(region), effective_from__lte=on)
        .select_related("region")
        .order_by("-region__level", "-effective_from")
        .first()
    )
    return row.rule() if row is not None else None


def legal_aid_centre_for(region: Region) -> Agency | None:
    """The legal aid agency that decides for `region`: the nearest one at county level or above
    (第12条); township stations and village rooms only receive and forward."""
    return (
        Agency.objects.filter(
            kind=AgencyKind.LEGAL_AID_CENTRE,
            is_active=True,
            region__code__in=_region_codes(region),
            region__level__lte=RegionLevel.COUNTY,
        )
        .select_related("region")
        .order_by("-region__level", "pk")
        .first()
    )


def is_practitioner(user: User) -> bool:
    """A lawyer or grassroots legal service worker (on the provider roster, or posted as a lawyer):
    who may be a duty lawyer (第14条) or a peer reviewer (第57条)."""
    from gongfa.accounts.choices import Role
    from gongfa.legalaid.models import ProviderProfile
    from gongfa.network.models import StaffPosting

    return (
        user.is_active
        and user.is_platform_staff
        and (
            ProviderProfile.objects.filter(user=user).exists()
            or StaffPosting.objects.filter(user=user, is_active=True, role=Role.LAWYER).exists()
        )
    )
