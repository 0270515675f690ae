"""What the village legal advisers' pages read (村(居)法律顾问工作): who is an adviser and which
villages they serve, the mediation cases a log entry may link, the ledger (台账) of a month, the
coverage view (覆盖与履职) and the villages an adviser visited too rarely in a month.

Every list here costs a constant number of queries, whatever the number of villages or entries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.mediation.models import MediationCase
from gongfa.mediation.selectors import mediating
from gongfa.network.choices import RegionLevel
from gongfa.network.models import AdvisorAssignment, Region, RegionSetting, ancestor_codes, level_of_code
from gongfa.network.region_settings import spec_for
from gongfa.outreach import rules
from gongfa.outreach.models import AdvisorLog, Attachment, WorkLogKind
from gongfa.outreach.selectors.access import can_manage, managed_region_q

# A linked mediation case is chosen from the most recent ones (a select on a phone).
LINKABLE_CASES = 50


def active_assignments(user: User) -> QuerySet[AdvisorAssignment]:
    return AdvisorAssignment.objects.filter(advisor=user, is_active=True, village__level=RegionLevel.VILLAGE)


def served_villages(user: User) -> list[Region]:
    """The villages `user` serves now (an active appointment), by code."""
    if not user.is_authenticated:
        return []
    ids = active_assignments(user).values("village_id")
    return list(Region.objects.filter(pk__in=ids).order_by("code"))


def serves(user: User, village: Region) -> bool:
    return active_assignments(user).filter(village=village).exists()


def is_advisor(user: User) -> bool:
    """A village legal adviser: the role, or anyone (a lawyer, say) with an active appointment."""
    if not user.is_authenticated:
        return False
    return user.role == Role.VILLAGE_ADVISOR or active_assignments(user).exists()


def active_kinds() -> list[WorkLogKind]:
    return list(WorkLogKind.objects.filter(is_active=True).order_by("order", "code"))


def kind_by_code(code: str) -> WorkLogKind | None:
    if not code:
        return None
    return WorkLogKind.objects.filter(code=code, is_active=True).first()


def linkable_cases(user: User) -> QuerySet[MediationCase]:
    """The mediation cases an adviser may link to a log entry: those that happened in a village
    they serve, and those they are a (not recused) mediator on."""
    villages = active_assignments(user).values("village_id")
    mine = mediating(user).values("pk")
    return MediationCase.objects.filter(Q(region_id__in=villages) | Q(pk__in=mine)).order_by("-pk")


# ---------------------------------------------------------------------------------------------
# Region settings for many villages at once


def settings_by_code(key: str, codes: set[str], on: datetime.date | None = None) -> dict[str, Any]:
    """The region setting `key` for each region code, nearest ancestor's latest setting in force
    winning, as network.selectors.region_setting reads it for one region – in one query."""
    on = on or timezone.localdate()
    spec = spec_for(key)
    rows = list(
        RegionSetting.objects.filter(key=key, effective_from__lte=on).values_list(
            "region__code", "region__level", "effective_from", "value"
        )
    )
    found: dict[str, Any] = {}
    for code in codes:
        if not rows:
            found[code] = spec.default
            continue
        chain = set(ancestor_codes(code, level_of_code(code))) | {code}
        best = max((row for row in rows if row[0] in chain), key=lambda row: (row[1], row[2]), default=None)
        found[code] = spec.default if best is None else best[3]
    return found


# ---------------------------------------------------------------------------------------------
# The ledger (工作台账)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def previous_month(day: datetime.date | None = None) -> tuple[int, int]:
    day = day or timezone.localdate()
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


@dataclass
class KindTotal:
    kind: WorkLogKind
    entries: int = 0
    hours: Decimal = Decimal(0)
    audience: int = 0
    days_in_village: Decimal = Decimal(0)


@dataclass
class VillageLedger:
    village: Region
    logs: list[AdvisorLog] = field(default_factory=list)


@dataclass
class Ledger:
    """One month of log entries, grouped by village, with the totals per kind."""

    year: int
    month: int
    villages: list[VillageLedger] = field(default_factory=list)
    totals: list[KindTotal] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return sum(len(v.logs) for v in self.villages)

    @property
    def hours(self) -> Decimal:
        return sum((t.hours for t in self.totals), Decimal(0))

    def all_logs(self) -> list[AdvisorLog]:
        return [log for village in self.villages for log in village.logs]


def ledger_logs(
    year: int, month: int, *, advisor: User | None = None, village: Region | None = None, within: Q | None = None
) -> QuerySet[AdvisorLog]:
    """The month's entries of one adviser or village; `within` narrows them (a manager's regions)."""
    logs = AdvisorLog.objects.in_month(year, month)
    if within is not None:
        logs = logs.filter(within)
    if advisor is not None:
        logs = logs.filter(advisor=advisor)
    if village is not None:
        logs = logs.filter(village=village)
    return (
        logs.select_related("village", "kind", "advisor", "work_order", "mediation_case")
        .prefetch_related("attachments")
        .order_by("village__code", "occurred_on", "pk")
    )


def ledger(
    year: int, month: int, *, advisor: User | None = None, village: Region | None = None, within: Q | None = None
) -> Ledger:
    """The month's ledger of one adviser or one village (two queries)."""
    result = Ledger(year=year, month=month)
    by_village: dict[int, VillageLedger] = {}
    totals: dict[int, KindTotal] = {}
    for log in ledger_logs(year, month, advisor=advisor, village=village, within=within):
        group = by_village.get(log.village_id)
        if group is None:
            group = by_village[log.village_id] = VillageLedger(log.village)
            result.villages.append(group)
        group.logs.append(log)
        total = totals.setdefault(log.kind_id, KindTotal(log.kind))
        total.entries += 1
        total.hours += log.hours or Decimal(0)
        total.audience += log.audience or 0
        total.days_in_village += log.days_in_village or Decimal(0)
    result.totals = sorted(totals.values(), key=lambda t: (t.kind.order, t.kind.code))
    return result


def manageable_villages(user: User) -> QuerySet[Region]:
    """The villages in the region subtrees this supervisor (or administrator) manages."""
    return Region.objects.filter(level=RegionLevel.VILLAGE).filter(managed_region_q(user, "code"))


def manageable_advisors(user: User) -> QuerySet[User]:
    """The advisers appointed (now or before) to a village this person manages."""
    villages = manageable_villages(user).values("pk")
    ids = AdvisorAssignment.objects.filter(village_id__in=villages).values("advisor_id")
    return User.objects.filter(pk__in=ids).order_by("real_name", "pk")


def visible_attachment(user: User, pk: int) -> Attachment | None:
    """A log entry's photo or material, for the adviser who logged it or a manager of its village;
    None for anyone else (nobody learns that it exists)."""
    found = Attachment.objects.select_related("log__village").filter(pk=pk, log__isnull=False).first()
    if found is None or found.log is None:
        return None
    if found.log.advisor_id == user.pk or can_manage(user, found.log.village):
        return found
    return None


# ---------------------------------------------------------------------------------------------
# Coverage (覆盖与履职)


@dataclass
class VillageRow:
    village: Region
    advisors: list[User]
    last_log_on: datetime.date | None
    silent_days: int

    @property
    def covered(self) -> bool:
        return bool(self.advisors)

    @property
    def active(self) -> bool:
        """Covered, and the advisers logged something within the silent-days window."""
        if not self.advisors or self.last_log_on is None:
            return False
        return (timezone.localdate() - self.last_log_on).days < self.silent_days


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Coverage:
    """The coverage view of a region: every village with its advisers and their last entry."""

    region: Region | None
    rows: list[VillageRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def without_advisor(self) -> list[VillageRow]:
        return [row for row in self.rows if not row.covered]

    @property
    def silent(self) -> list[VillageRow]:
        return [row for row in self.rows if row.covered and not row.active]

    @property
    def active(self) -> list[VillageRow]:
        return [row for row in self.rows if row.active]

    @property
    def poverty(self) -> list[VillageRow]:
        return [row for row in self.rows if row.village.is_poverty_village]

    @property
    def poverty_without_advisor(self) -> list[VillageRow]:
        return [row for row in self.poverty if not row.covered]

    @property
    def covered_count(self) -> int:
        return self.total - len(self.without_advisor)

    @property
    def coverage_rate(self) -> float | None:
        return _rate(self.covered_count, self.total)

    @property
    def active_rate(self) -> float | None:
        return _rate(len(self.active), self.covered_count)

    @property
    def poverty_coverage_rate(self) -> float | None:
        return _rate(len(self.poverty) - len(self.poverty_without_advisor), len(self.poverty))


def coverage(villages: QuerySet[Region], region: Region | None = None) -> Coverage:
    """Coverage of `villages` (a queryset of villages): three queries, whatever their number."""
    # The log's own village: its advisers now (an entry by a former adviser does not count).
    serving = AdvisorAssignment.objects.filter(village=OuterRef("village_id"), is_active=True).values("advisor_id")
    last = (
        AdvisorLog.objects.filter(village=OuterRef("pk"), advisor_id__in=serving)
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )
    rows = list(villages.annotate(last_log_on=Subquery(last)).order_by("code"))
    assignments = (
        AdvisorAssignment.objects.filter(is_active=True, village_id__in=villages.values("pk"), advisor__is_active=True)
        .select_related("advisor")
        .order_by("advisor__real_name", "pk")
    )
    advisors: dict[int, list[User]] = defaultdict(list)
    for assignment in assignments:
        advisors[assignment.village_id].append(assignment.advisor)
    silent = settings_by_code(rules.ADVISOR_SILENT_DAYS.key, {v.code for v in rows})
    return Coverage(
        region=region,
        rows=[
            VillageRow(v, advisors.get(v.pk, []), getattr(v, "last_log_on", None), int(silent[v.code])) for v in rows
        ],
    )


# ---------------------------------------------------------------------------------------------
# Expected activity (每村每月到村服务次数)


@dataclass(frozen=True)
class Shortfall:
    advisor: User
    village: Region
    visits: int
    expected: int


def visit_shortfalls(year: int, month: int) -> list[Shortfall]:
    """Advisers whose visits (kinds that count as a visit) to a village they served through the
    whole month fell short of the village's setting outreach.advisor_monthly_visits (four queries)."""
    first, last = month_bounds(year, month)
    assignments = list(
        AdvisorAssignment.objects.filter(
            is_active=True, advisor__is_active=True, started_on__lte=first, village__level=RegionLevel.VILLAGE
        )
        .select_related("advisor", "village")
        .order_by("advisor_id", "village__code")
    )
    if not assignments:
        return []
    counts = {
        (row["advisor_id"], row["village_id"]): row["n"]
        for row in AdvisorLog.objects.filter(
            kind__counts_as_visit=True,
            occurred_on__range=(first, last),
            advisor_id__in={a.advisor_id for a in assignments},
        )
        .values("advisor_id", "village_id")
        .annotate(n=Count("pk"))
    }
    expected = settings_by_code(rules.ADVISOR_MONTHLY_VISITS.key, {a.village.code for a in assignments}, last)
    found = []
    for a in assignments:
        wanted = int(expected[a.village.code])
        visits = counts.get((a.advisor_id, a.village_id), 0)
        if wanted > 0 and visits < wanted:
            found.append(Shortfall(a.advisor, a.village, visits, wanted))
    return found
