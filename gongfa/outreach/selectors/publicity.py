"""What the publicity pages read (普法): the records a person manages, a plan's progress against
its targets (per campaign), an event's survey summary, the culture-site coverage of a region's
townships and the schools' vice-principal appointment rate. Each is a fixed number of queries
(aggregates, no per-row queries)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.network.choices import RegionLevel
from gongfa.network.models import CODE_PREFIX_LENGTH, Region
from gongfa.network.selectors import region_setting
from gongfa.outreach import rules
from gongfa.outreach.choices import EventStatus, EventType
from gongfa.outreach.models import (
    CultureSite,
    PlanCampaign,
    PublicityEvent,
    PublicityPlan,
    PublicityPrompt,
    School,
    VicePrincipal,
)
from gongfa.outreach.selectors.access import managed_region_q

# An event counts towards the targets once it was held (evaluated and archived ones too).
DONE = (EventStatus.HELD, EventStatus.EVALUATED, EventStatus.ARCHIVED)
# The targets are region settings (outreach.rules: ≥ 95 % of townships with a culture site, every
# school a vice-principal); these are their defaults.
SITE_COVERAGE_TARGET = Decimal(rules.SITE_COVERAGE_TARGET.default)
VICE_PRINCIPAL_TARGET = Decimal(rules.VICE_PRINCIPAL_TARGET.default)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# What a person manages


def managed_regions(user: User, *, lowest: int = RegionLevel.VILLAGE, limit: int = 2000) -> list[Region]:
    """Regions (county and below) a person may pick as a place, in code order."""
    return list(
        Region.objects.filter(managed_region_q(user, "code"), level__gte=RegionLevel.COUNTY, level__lte=lowest)
        .order_by("code")
        .only("pk", "code", "name", "level")[:limit]
    )


def managed_events(user: User) -> QuerySet[PublicityEvent]:
    return PublicityEvent.objects.filter(managed_region_q(user, "region__code"))


def managed_plans(user: User) -> QuerySet[PublicityPlan]:
    return PublicityPlan.objects.filter(managed_region_q(user, "region__code"))


def managed_prompts(user: User) -> QuerySet[PublicityPrompt]:
    return PublicityPrompt.objects.filter(managed_region_q(user, "region__code"))


def managed_sites(user: User) -> QuerySet[CultureSite]:
    return CultureSite.objects.filter(managed_region_q(user, "region__code"))


def managed_schools(user: User) -> QuerySet[School]:
    return School.objects.filter(managed_region_q(user, "region__code"))


def event_rows(user: User, status: str = "", year: int | None = None) -> QuerySet[PublicityEvent]:
    """The event list: newest first, with the place and plan in the same query."""
    events = managed_events(user).select_related("region", "point", "plan", "campaign")
    if status in EventStatus.values:
        events = events.filter(status=status)
    if year:
        events = events.filter(held_on__year=year)
    return events.order_by("-held_on", "-pk")


def plan_rows(user: User) -> QuerySet[PublicityPlan]:
    """Plans with their held events and audience (one query)."""
    done = Q(events__status__in=DONE)
    return (
        managed_plans(user)
        .select_related("region")
        .annotate(held_events=Count("events", filter=done), audience=Sum("events__audience_size", filter=done))
        .order_by("-year", "region__code")
    )


# ---------------------------------------------------------------------------------------------
# A plan's progress


@dataclass(frozen=True)
class Measure:
    label: str
    done: int
    target: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.done, self.target)

    @property
    def met(self) -> bool:
        return self.done >= self.target


@dataclass(frozen=True)
class CampaignProgress:
    campaign: PlanCampaign
    events: Measure
    audience: Measure


@dataclass(frozen=True)
class PlanProgress:
    plan: PublicityPlan
    events: Measure
    audience: Measure
    constitution_talks: Measure
    planned: int
    cancelled: int
    campaigns: list[CampaignProgress] = field(default_factory=list)


def plan_progress(plan: PublicityPlan) -> PlanProgress:
    """Held events, audience and constitution talks against the plan's targets, and the same per
    campaign: two aggregate queries whatever the number of events or campaigns."""
    done = Q(status__in=DONE)
    totals = PublicityEvent.objects.filter(plan=plan).aggregate(
        events=Count("pk", filter=done),
        audience=Sum("audience_size", filter=done),
        talks=Count("pk", filter=done & Q(event_type=EventType.CONSTITUTION_TALK)),
        planned=Count("pk", filter=Q(status=EventStatus.PLANNED)),
        cancelled=Count("pk", filter=Q(status=EventStatus.CANCELLED)),
    )
    in_campaign = Q(events__status__in=DONE, events__plan=plan)
    campaigns = (
        PlanCampaign.objects.filter(plan=plan)
        .annotate(held=Count("events", filter=in_campaign), audience=Sum("events__audience_size", filter=in_campaign))
        .order_by("starts_on", "pk")
    )
    return PlanProgress(
        plan=plan,
        events=Measure(gettext("活动场次"), totals["events"] or 0, plan.target_events),
        audience=Measure(gettext("受众人次"), totals["audience"] or 0, plan.target_audience),
        constitution_talks=Measure(gettext("宪法宣讲场次"), totals["talks"] or 0, plan.target_constitution_talks),
        planned=totals["planned"] or 0,
        cancelled=totals["cancelled"] or 0,
        campaigns=[
            CampaignProgress(
                campaign=c,
                events=Measure(gettext("活动场次"), c.held or 0, c.target_events),
                audience=Measure(gettext("受众人次"), c.audience or 0, c.target_audience),
            )
            for c in campaigns
        ],
    )


# ---------------------------------------------------------------------------------------------
# An event's survey


@dataclass(frozen=True)
class SurveySummary:
    count: int
    average: Decimal | None
    learned: int

    @property
    def learned_rate(self) -> Decimal | None:
        return percent(self.learned, self.count)


def survey_summary(event: PublicityEvent) -> SurveySummary:
    row = event.survey_responses.aggregate(
        n=Count("pk"), avg=Avg("rating"), learned=Count("pk", filter=Q(learned=True))
    )
    average = None
    if row["avg"] is not None:
        average = Decimal(str(row["avg"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return SurveySummary(count=row["n"] or 0, average=average, learned=row["learned"] or 0)


# ---------------------------------------------------------------------------------------------
# Culture-site coverage and the vice-principal appointment rate


@dataclass(frozen=True)
class Coverage:
    region: Region
    townships: list[Region]
    covered: list[Region]
    uncovered: list[Region]
    target: Decimal = SITE_COVERAGE_TARGET

    @property
    def rate(self) -> Decimal | None:
        return percent(len(self.covered), len(self.townships))

    @property
    def met(self) -> bool:
        rate = self.rate
        return rate is not None and rate >= self.target


def _townships(region: Region) -> list[Region]:
    if region.level == RegionLevel.TOWNSHIP:
        return [region]
    return list(Region.objects.subtree(region).filter(level=RegionLevel.TOWNSHIP).order_by("code"))


def site_coverage(region: Region) -> Coverage:
    """Townships with at least one active culture site (in the township or one of its villages)
    over all townships of `region`, against the region's target: three queries."""
    townships = _townships(region)
    width = CODE_PREFIX_LENGTH[RegionLevel.TOWNSHIP]
    codes = CultureSite.objects.filter(is_active=True, region__code__range=region.subtree_bounds()).values_list(
        "region__code", flat=True
    )
    with_site = {code[:width] for code in codes}
    covered = [t for t in townships if t.code[:width] in with_site]
    uncovered = [t for t in townships if t.code[:width] not in with_site]
    target = Decimal(region_setting(region, rules.SITE_COVERAGE_TARGET.key))
    return Coverage(region=region, townships=townships, covered=covered, uncovered=uncovered, target=target)


@dataclass(frozen=True)
class Appointment:
    region: Region
    schools: int
    appointed: int
    without: Sequence[School]
    target: Decimal = VICE_PRINCIPAL_TARGET

    @property
    def rate(self) -> Decimal | None:
        return percent(self.appointed, self.schools)

    @property
    def met(self) -> bool:
        rate = self.rate
        return rate is not None and rate >= self.target


def has_vice_principal() -> Exists:
    return Exists(VicePrincipal.objects.filter(school=OuterRef("pk"), is_active=True))


def school_appointment(region: Region) -> Appointment:
    """Active schools with an active vice-principal over active schools, and the schools without
    one, against the region's target: three queries."""
    schools = School.objects.filter(is_active=True, region__code__range=region.subtree_bounds())
    totals = schools.aggregate(n=Count("pk"), appointed=Count("pk", filter=Q(has_vice_principal())))
    without = list(
        schools.filter(~has_vice_principal()).select_related("region").order_by("region__code", "name")[:500]
    )
    target = Decimal(region_setting(region, rules.VICE_PRINCIPAL_TARGET.key))
    return Appointment(
        region=region, schools=totals["n"] or 0, appointed=totals["appointed"] or 0, without=without, target=target
    )


def school_rows(user: User) -> QuerySet[School]:
    """Schools with their active vice-principals' count (one query)."""
    return (
        managed_schools(user)
        .select_related("region")
        .annotate(active_vps=Count("vice_principals", filter=Q(vice_principals__is_active=True)))
        .order_by("region__code", "name")
    )


def top_region(user: User) -> Region | None:
    """The widest region a person manages (for the coverage and appointment figures)."""
    regions = Region.objects.filter(managed_region_q(user, "code"), level__gte=RegionLevel.COUNTY).order_by(
        "level", "code"
    )
    return regions.first()
