"""Coverage of a county (or any region) by people's mediation (《人民调解法》第8–10条、第34条): the
villages and townships without a committee, committees without a full-time mediator, with a
make-up the law does not allow or not yet notified to the basic court, and mediators without
insurance in force. Every list is computed
in a constant number of queries, whatever the size of the region.

A village (community) is covered by an active village or residents' committee whose agency sits in
that village; a township (street) by an active township or street committee sitting in it.
Industry, stationed and other committees cover no place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from gongfa.mediation import rules
from gongfa.mediation.choices import GRASSROOTS_TYPES, TOWNSHIP_TYPES, Employment
from gongfa.mediation.models import Committee, CommitteeMember, Mediator, MediatorInsurance
from gongfa.mediation.models.organisation import CommitteeQuerySet, MediatorQuerySet
from gongfa.mediation.services.organisation import composition_rule_problems
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region, RegionQuerySet, RegionSetting, ancestor_codes, level_of_code
from gongfa.network.region_settings import spec_for


def _covering(types: tuple[str, ...]) -> Exists:
    return Exists(
        Committee.objects.filter(
            agency__region=OuterRef("pk"), agency__is_active=True, committee_type__in=[str(t) for t in types]
        )
    )


def villages_without_committee(region: Region) -> RegionQuerySet:
    """Villages (communities) in `region` with no active village or residents' committee (第8条)."""
    return (
        Region.objects.subtree(region).filter(level=RegionLevel.VILLAGE).exclude(_covering(GRASSROOTS_TYPES))
    ).order_by("code")


def townships_without_committee(region: Region) -> RegionQuerySet:
    """Townships (streets) in `region` with no active township or street committee (第34条)."""
    return (
        Region.objects.subtree(region).filter(level=RegionLevel.TOWNSHIP).exclude(_covering(TOWNSHIP_TYPES))
    ).order_by("code")


def committees_in(region: Region) -> CommitteeQuerySet:
    """Active committees whose agency sits in `region` or below."""
    return Committee.objects.active().filter(agency__region__code__range=region.subtree_bounds())


def committees_without_full_time_mediator(region: Region) -> CommitteeQuerySet:
    """Active committees in `region` with no active full-time mediator (专职调解员)."""
    full_time = Mediator.objects.active().filter(committee=OuterRef("pk"), employment=Employment.FULL_TIME)
    return committees_in(region).exclude(Exists(full_time)).select_related("agency__region")


def committees_not_notified_to_court(region: Region) -> CommitteeQuerySet:
    """Active committees in `region` whose setting-up the bureau has not told the basic court of
    (第10条: court_notified_on empty)."""
    return committees_in(region).filter(court_notified_on__isnull=True).select_related("agency__region")


def mediators_without_insurance(region: Region, on: datetime.date | None = None) -> MediatorQuerySet:
    """Active mediators of active committees in `region` with no insurance policy in force on `on`."""
    on = on or timezone.localdate()
    in_force = MediatorInsurance.objects.filter(mediator=OuterRef("pk"), starts_on__lte=on, ends_on__gte=on)
    return (
        Mediator.objects.active()
        .filter(committee__agency__is_active=True, committee__agency__region__code__range=region.subtree_bounds())
        .exclude(Exists(in_force))
        .select_related("user", "committee__agency")
    )


def _multi_ethnic_by_code(region: Region, codes: set[str], on: datetime.date) -> dict[str, bool]:
    """The region setting mediation.multi_ethnic_area for each region code in `codes` (all inside
    `region`), nearest ancestor's latest setting in force winning, as network.region_setting reads
    it – in one query."""
    spec = spec_for(rules.MULTI_ETHNIC_AREA.key)
    rows = list(
        RegionSetting.objects.filter(key=spec.key, effective_from__lte=on)
        .filter(Q(region__code__in=region.ancestor_codes()) | Q(region__code__range=region.subtree_bounds()))
        .values_list("region__code", "region__level", "effective_from", "value")
    )
    found: dict[str, bool] = {}
    for code in codes:
        chain = set(ancestor_codes(code, level_of_code(code))) | {code}
        best = max((row for row in rows if row[0] in chain), key=lambda row: (row[1], row[2]), default=None)
        found[code] = bool(spec.default if best is None else best[3])
    return found


def committees_with_problems(region: Region, on: datetime.date | None = None) -> list[tuple[Committee, list[str]]]:
    """Active committees in `region` whose make-up breaks 第9条 (members, chair, women, smaller ethnic
    groups in a multi-ethnic area, the term), each with its problems. Three queries."""
    on = on or timezone.localdate()
    committees = list(
        committees_in(region)
        .select_related("agency__region")
        .prefetch_related(
            Prefetch("members", queryset=CommitteeMember.objects.filter(is_active=True), to_attr="active_members")
        )
    )
    multi_ethnic = _multi_ethnic_by_code(region, {c.agency.region.code for c in committees}, on)
    found: list[tuple[Committee, list[str]]] = []
    for committee in committees:
        members = [
            (m.role, m.gender, (m.ethnicity or "").strip() or "汉族") for m in getattr(committee, "active_members", [])
        ]
        problems = composition_rule_problems(
            members,
            multi_ethnic=multi_ethnic[committee.agency.region.code],
            term_starts_on=committee.term_starts_on,
            term_ends_on=committee.term_ends_on,
            on=on,
        )
        if problems:
            found.append((committee, problems))
    return found


@dataclass
class Coverage:
    """The coverage view of one region on one day."""

    region: Region
    on: datetime.date
    villages_without_committee: list[Region] = field(default_factory=list)
    townships_without_committee: list[Region] = field(default_factory=list)
    committees_without_full_time_mediator: list[Committee] = field(default_factory=list)
    committees_with_problems: list[tuple[Committee, list[str]]] = field(default_factory=list)
    mediators_without_insurance: list[Mediator] = field(default_factory=list)
    committees_not_notified_to_court: list[Committee] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not (
            self.villages_without_committee
            or self.townships_without_committee
            or self.committees_without_full_time_mediator
            or self.committees_with_problems
            or self.mediators_without_insurance
            or self.committees_not_notified_to_court
        )


def coverage(region: Region, on: datetime.date | None = None) -> Coverage:
    """Every list of the coverage view for `region` (eight queries, whatever its size)."""
    on = on or timezone.localdate()
    return Coverage(
        region=region,
        on=on,
        villages_without_committee=list(villages_without_committee(region)),
        townships_without_committee=list(townships_without_committee(region)),
        committees_without_full_time_mediator=list(committees_without_full_time_mediator(region)),
        committees_with_problems=committees_with_problems(region, on),
        mediators_without_insurance=list(mediators_without_insurance(region, on)),
        committees_not_notified_to_court=list(committees_not_notified_to_court(region)),
    )
