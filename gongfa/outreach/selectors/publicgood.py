"""Reading the public-good archive (公益法律服务档案与积分): who may see whose archive, the scheme in
force for a year, and the year's results per person and per firm, computed with aggregate queries
(a constant number of queries for a whole region's table).

Region (documented choice): a person belongs to the regions of their active postings (service
point or agency); a manager (outreach.selectors.access) sees and decides for people with an active
posting in a subtree they manage; administrators see everyone. A firm (律师事务所/基层法律服务所)
belongs to its own region, and its row totals the people whose practice agency it is.

Firm result: hours and cases are its members' sums; its points are the average of its members'
points (so a large firm does not reach the cap by size alone), with the band of that average;
`minimum_met` counts members who met the yearly minimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.models import Agency, Region, StaffPosting
from gongfa.outreach import points
from gongfa.outreach.choices import RecordStatus
from gongfa.outreach.models import PointsScheme, PublicGoodRecord
from gongfa.outreach.selectors.access import managed_region_q
from gongfa.outreach.services.publicgood_sources import PRACTICE_KINDS, practitioner_q

ARCHIVE_ROLES = frozenset({Role.LAWYER, Role.MEDIATOR, Role.VILLAGE_ADVISOR})
ZERO = Decimal(0)
TENTH = Decimal("0.1")


# ---------------------------------------------------------------------------------------------
# Access


def _posting_q(actor: User) -> Q | None:
    """None: the actor sees everyone; else the condition on StaffPosting for their regions."""
    by_point = managed_region_q(actor, "point__region__code")
    if not by_point:  # Q(): everywhere
        return None
    return by_point | managed_region_q(actor, "agency__region__code")


def people_in_region(actor: User) -> QuerySet[User]:
    condition = _posting_q(actor)
    users = User.objects.filter(is_active=True)
    if condition is None:
        return users
    return users.filter(pk__in=StaffPosting.objects.filter(condition, is_active=True).values("user_id"))


def may_decide(actor: User, person: User) -> bool:
    """A manager of one of the person's posting regions (administrators: everyone)."""
    if not actor.is_authenticated or actor.pk == person.pk:
        return False
    condition = _posting_q(actor)
    if condition is None:
        return True
    return StaffPosting.objects.filter(condition, user=person, is_active=True).exists()


def may_view_archive(actor: User, person: User) -> bool:
    return actor.is_authenticated and (actor.pk == person.pk or may_decide(actor, person))


def region_of_person(person: User) -> Region | None:
    posting = (
        StaffPosting.objects.filter(user=person, is_active=True)
        .select_related("point__region", "agency__region")
        .order_by("started_on", "pk")
        .first()
    )
    return posting.region if posting is not None else None


def pending_entries(actor: User) -> QuerySet[PublicGoodRecord]:
    """待认定: pending manual entries of people in the actor's regions, not their own, oldest first."""
    return (
        PublicGoodRecord.objects.filter(status=RecordStatus.PENDING, person__in=people_in_region(actor))
        .exclude(person=actor)
        .exclude(submitted_by=actor)
        .select_related("person", "agency")
        .order_by("created_at", "pk")
    )


def visible_record(actor: User, pk: int) -> PublicGoodRecord | None:
    record = (
        PublicGoodRecord.objects.select_related("person", "agency", "submitted_by", "decided_by").filter(pk=pk).first()
    )
    if record is None or not may_view_archive(actor, record.person):
        return None
    return record


# ---------------------------------------------------------------------------------------------
# Schemes and scores


def scheme_for(year: int) -> PointsScheme | None:
    """The scheme in force: the latest active one whose first year is not after `year`."""
    return (
        PointsScheme.objects.filter(is_active=True, valid_from_year__lte=year)
        .order_by("-valid_from_year", "-pk")
        .first()
    )


def default_year() -> int:
    return timezone.localdate().year


def totals_by(
    key: str, year: int, where: Q, *, status: str = RecordStatus.APPROVED
) -> dict[int, dict[str, points.SourceTotals]]:
    """`key` (person_id or agency_id) → source → totals of approved records in `year` (one query)."""
    rows = (
        PublicGoodRecord.objects.filter(where, status=status, occurred_on__year=year)
        .values(key, "source")
        .annotate(hours=Sum("hours"), cases=Sum("cases"), records=Count("pk"))
        .order_by()
    )
    found: dict[int, dict[str, points.SourceTotals]] = defaultdict(dict)
    for row in rows:
        found[row[key]][row["source"]] = points.SourceTotals(
            hours=Decimal(str(row["hours"] or 0)).quantize(TENTH),
            cases=int(row["cases"] or 0),
            records=int(row["records"]),
        )
    return found


def _score(scheme: points.Scheme | None, totals: dict[str, points.SourceTotals]) -> points.Score:
    if scheme is None:
        hours = sum((t.hours for t in totals.values()), ZERO)
        return points.Score(hours=hours, cases=sum(t.cases for t in totals.values()))
    return points.score(scheme, totals)


@dataclass(frozen=True)
class PersonRow:
    pk: int
    name: str
    role: str
    agency_id: int | None
    agency_name: str
    score: points.Score


@dataclass(frozen=True)
class FirmRow:
    pk: int
    name: str
    members: int
    hours: Decimal
    cases: int
    average_points: Decimal
    band: str
    members_meeting_minimum: int


@dataclass
class YearTable:
    year: int
    scheme: PointsScheme | None
    people: list[PersonRow] = field(default_factory=list)
    firms: list[FirmRow] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    agencies: list[tuple[int, str]] = field(default_factory=list)


def _practice(person_ids: Any) -> dict[int, tuple[int, str]]:
    postings = (
        StaffPosting.objects.filter(is_active=True, agency__kind__in=PRACTICE_KINDS, user_id__in=person_ids)
        .order_by("started_on", "pk")
        .values_list("user_id", "agency_id", "agency__name")
    )
    found: dict[int, tuple[int, str]] = {}
    for user_id, agency_id, name in postings:
        found.setdefault(user_id, (agency_id, name))
    return found


def year_table(actor: User, year: int, *, agency_id: int | None = None, band: str = "") -> YearTable:
    """公益法律服务积分表: the actor's region's people (lawyers and legal workers, mediators,
    village advisers, and anyone with records that year) and firms; five queries whatever the size."""
    found = scheme_for(year)
    scheme = points.scheme_of(found) if found is not None else None
    with_records = PublicGoodRecord.objects.filter(occurred_on__year=year, status=RecordStatus.APPROVED).values(
        "person_id"
    )
    people_qs = people_in_region(actor).filter(Q(role__in=ARCHIVE_ROLES) | practitioner_q() | Q(pk__in=with_records))
    people = list(people_qs.order_by("real_name", "pk").values_list("pk", "real_name", "username", "role"))
    ids = [pk for pk, *_ in people]
    totals = totals_by("person_id", year, Q(person_id__in=ids)) if ids else {}
    practice = _practice(ids) if ids else {}
    roles = dict(Role.choices)
    rows = []
    for pk, real_name, username, role in people:
        agency = practice.get(pk)
        rows.append(
            PersonRow(
                pk=pk,
                name=real_name or username,
                role=str(roles.get(role, role)),
                agency_id=agency[0] if agency else None,
                agency_name=agency[1] if agency else "",
                score=_score(scheme, totals.get(pk, {})),
            )
        )
    firm_qs = Agency.objects.filter(kind__in=PRACTICE_KINDS, is_active=True).filter(
        managed_region_q(actor, "region__code")
    )
    agencies = list(firm_qs.order_by("name", "pk").values_list("pk", "name"))
    table = YearTable(year=year, scheme=found, agencies=agencies)
    table.bands = [b.name for b in scheme.bands] if scheme else []
    table.firms = _firm_rows(agencies, rows, scheme)
    table.people = rows
    return narrowed(table, agency_id=agency_id, band=band)


def narrowed(table: YearTable, *, agency_id: int | None = None, band: str = "") -> YearTable:
    """The table with only one firm's people (and that firm) and/or one band's rows (no query)."""
    people, firms = table.people, table.firms
    if agency_id:
        people = [r for r in people if r.agency_id == agency_id]
        firms = [f for f in firms if f.pk == agency_id]
    if band:
        people = [r for r in people if r.score.band == band]
        firms = [f for f in firms if f.band == band]
    return YearTable(
        year=table.year, scheme=table.scheme, people=people, firms=firms, bands=table.bands, agencies=table.agencies
    )


def _firm_rows(
    agencies: Iterable[tuple[int, str]], people: list[PersonRow], scheme: points.Scheme | None
) -> list[FirmRow]:
    members: dict[int, list[PersonRow]] = defaultdict(list)
    for row in people:
        if row.agency_id is not None:
            members[row.agency_id].append(row)
    firms = []
    for pk, name in agencies:
        group = members.get(pk, [])
        average = (sum((r.score.total for r in group), ZERO) / len(group)).quantize(Decimal("0.1")) if group else ZERO
        firms.append(
            FirmRow(
                pk=pk,
                name=name,
                members=len(group),
                hours=sum((r.score.hours for r in group), ZERO),
                cases=sum(r.score.cases for r in group),
                average_points=average,
                band=points.band_for(average, scheme.bands) if scheme and group else "",
                members_meeting_minimum=sum(1 for r in group if r.score.minimum_met),
            )
        )
    return firms


@dataclass(frozen=True)
class Archive:
    person: User
    year: int
    scheme: PointsScheme | None
    score: points.Score
    records: list[PublicGoodRecord]
    breakdown: list[tuple[str, points.SourceTotals, Decimal]]


def archive(person: User, year: int) -> Archive:
    """A person's archive for a year: every record (pending and rejected too) and the breakdown of
    approved ones per source with their points."""
    from gongfa.outreach.choices import PublicGoodSource

    found = scheme_for(year)
    scheme = points.scheme_of(found) if found is not None else None
    totals = totals_by("person_id", year, Q(person=person)).get(person.pk, {})
    result = _score(scheme, totals)
    labels = dict(PublicGoodSource.choices)
    breakdown = [
        (str(labels.get(source, source)), sums, result.by_source.get(source, ZERO))
        for source, sums in sorted(totals.items())
    ]
    records = list(
        PublicGoodRecord.objects.filter(person=person, occurred_on__year=year)
        .select_related("agency", "decided_by")
        .order_by("-occurred_on", "-pk")
    )
    return Archive(person=person, year=year, scheme=found, score=result, records=records, breakdown=breakdown)


# ---------------------------------------------------------------------------------------------
# The public directory


@dataclass(frozen=True)
class ListedResult:
    name: str
    band: str
    hours: Decimal
    minimum_met: bool


def listed_results(agency: Agency, year: int) -> list[ListedResult]:
    """公益法律服务 on a firm's directory page: only people at the agency who agreed to be listed
    (StaffPosting.listed_publicly), their band and hours for `year`; three queries."""
    if agency.kind not in PRACTICE_KINDS:
        return []
    listed = list(
        StaffPosting.objects.filter(agency=agency, is_active=True, listed_publicly=True, user__is_active=True)
        .order_by("user__real_name", "pk")
        .values_list("user_id", "user__real_name", "user__username")
        .distinct()
    )
    if not listed:
        return []
    ids = [pk for pk, *_ in listed]
    found = scheme_for(year)
    scheme = points.scheme_of(found) if found is not None else None
    totals = totals_by("person_id", year, Q(person_id__in=ids))
    results = []
    seen: set[int] = set()
    for pk, real_name, username in listed:
        if pk in seen:
            continue
        seen.add(pk)
        result = _score(scheme, totals.get(pk, {}))
        results.append(
            ListedResult(
                name=real_name or username, band=result.band, hours=result.hours, minimum_met=result.minimum_met
            )
        )
    return results
