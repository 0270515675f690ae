"""The legal-aid reviewer queue (法律援助审查工作台): the cases waiting for the agency's action, with
their statutory clocks, green channel first, nearest clock next.

Scope is selectors.visible_to(user, Action.REVIEW): an agency's staff see their agency's cases, a
supervisor the cases of their region subtree, an administrator everything.

The clock of a row (`clock_due`) depends on its status, one CASE expression for the list, the
filters and the counters alike:

| status | clock | source |
|---|---|---|
| 已受理待审查 / 审查中 / 先行提供援助 | decide within 7 days (第43条) | review_due |
| 已受理待审查, notified route | assign within 3 days (第36条) | assign_due (review_due is empty) |
| 待补充材料 | paused (第43条第2款) while la.supplement_pauses_clock; else still review_due | review_due |
| 决定给予援助 | assign within 3 days (第43条) | assign_due |
| 异议审查中 | the bureau's 5 days (第49条) | the open Objection's due |
| 结案审查 | none set by law: no clock (listed after every clocked case) | — |

A page (queue_page) costs three queries whatever its rows or depth: COUNT(*); the page's ids,
sorted on the application table alone (with a LEFT JOIN of the case's open objection for its
clock); then the page's rows by id, with the four relations of LIST_JOINED and only the columns a
row shows (ROW_FIELDS). The counters (queue_counts) are one aggregate query. The user's scope (their
postings) is read once per request and cached on the user. with_queue_relations(reviewer_queue(…))
also works in one query for a short list, but joins five tables; pages should use queue_page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, DateField, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.core.validators import contains_control_chars
from gongfa.legalaid.choices import ApplicationStatus, ProposalOutcome
from gongfa.legalaid.models import QUEUE_STATUSES, LegalAidApplication, LegalAidApplicationQuerySet, Objection
from gongfa.legalaid.selectors import Action, visible_to

S = ApplicationStatus

# The clock that runs in each status (see the module docstring).
REVIEW_CLOCK_STATUSES: tuple[str, ...] = (S.RECEIVED, S.UNDER_REVIEW, S.ADVANCE_AID)

ALL_STATUSES = "all"  # every status but drafts (a search in the agency's whole archive)
DUE_SOON_DAYS = 1  # "due soon": due today or within this many days
MAX_SEARCH_CHARS = 64
CASE_NUMBER = re.compile(r"^FY\d{11}$")  # intake._number: FY + year + 7-digit pk
MATTER_CODE = re.compile(r"^[a-z0-9_-]{1,48}$")


class Clock(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    PAUSED = "paused"


CLOCK_CHOICES: tuple[tuple[str, str], ...] = (
    (Clock.OVERDUE, "已超期"),
    (Clock.DUE_TODAY, "今日到期"),
    (Clock.DUE_SOON, "即将到期（1日内）"),
    (Clock.PAUSED, "计时暂停（待补充材料）"),
)
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    *((value, str(label)) for value, label in ApplicationStatus.choices if value in QUEUE_STATUSES),
    (ALL_STATUSES, "全部（含已办结）"),
)


@dataclass(frozen=True)
class QueueFilters:
    """What the reviewer narrowed the queue to. Build it with from_params (never trusts input)."""

    status: str = ""  # "" = QUEUE_STATUSES; a non-draft ApplicationStatus value; or "all"
    clock: str = ""  # "" | "overdue" | "due_today" | "due_soon" (today or tomorrow) | "paused"
    green_only: bool = False
    proposal: str = ""  # a ProposalOutcome value
    matter: str = ""  # a matter code (legalaid.eligibility / RegionalMatter)
    search: str = ""  # an exact case number (FY…), or the start of the applicant's name
    # Messages for the page (in Chinese) about values that were ignored; not part of equality.
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> QueueFilters:
        """Filters from query parameters (a QueryDict or a dict). A bad value is dropped, never
        raised: the page shows the list without it and the message in `errors`."""
        errors: list[str] = []

        def text(name: str) -> str:
            value = params.get(name, "")
            if isinstance(value, list | tuple):  # a plain dict of lists (parse_qs)
                value = value[-1] if value else ""
            return str(value if value is not None else "").strip()

        status = text("status")
        if status and status != ALL_STATUSES and (status not in S.values or status == S.DRAFT):
            errors.append("状态筛选条件无效，已忽略。")
            status = ""
        clock = text("clock")
        if clock and clock not in {member.value for member in Clock}:
            errors.append("期限筛选条件无效，已忽略。")
            clock = ""
        green = text("green_only").lower()
        green_only = green in {"1", "true", "on", "yes"}
        if green and not green_only and green not in {"0", "false", "off", "no"}:
            errors.append("绿色通道筛选条件无效，已忽略。")
        proposal = text("proposal")
        if proposal and proposal not in ProposalOutcome.values:
            errors.append("审查建议筛选条件无效，已忽略。")
            proposal = ""
        matter = text("matter")
        if matter and not MATTER_CODE.match(matter):
            errors.append("援助事项筛选条件无效，已忽略。")
            matter = ""
        search = " ".join(text("q").split()) or " ".join(text("search").split())
        if contains_control_chars(search):
            # A NUL would break the PostgreSQL query; the others match nothing anyway.
            errors.append("搜索内容含有不可见的控制字符，已忽略。")
            search = ""
        if len(search) > MAX_SEARCH_CHARS:
            errors.append(f"搜索内容不能超过 {MAX_SEARCH_CHARS} 个字，已截断。")
            search = search[:MAX_SEARCH_CHARS]
        if CASE_NUMBER.match(search.upper()):
            search = search.upper()
        return cls(
            status=status,
            clock=clock,
            green_only=green_only,
            proposal=proposal,
            matter=matter,
            search=search,
            errors=tuple(errors),
        )


OPEN_OBJECTION = "open_objection"


def clock_due_expression(objection_due: Any) -> Case:
    """The date the row's clock runs out (NULL: no clock, or paused). See the module docstring."""
    return Case(
        When(status__in=REVIEW_CLOCK_STATUSES, then=Coalesce(F("review_due"), F("assign_due"))),
        When(status=S.SUPPLEMENT_REQUESTED, review_paused_on__isnull=True, then=F("review_due")),
        When(status=S.GRANTED, then=F("assign_due")),
        When(status=S.OBJECTION_PENDING, then=objection_due),
        default=Value(None, output_field=DateField()),
        output_field=DateField(),
    )


def with_clock(queryset: LegalAidApplicationQuerySet, *, join: bool = True) -> LegalAidApplicationQuerySet:
    """The queryset annotated with clock_due.

    The objection's due date comes from the case's one open objection (outcome empty: the state
    table allows a new objection only after the previous one was decided, so there is at most one).
    join=True reads it through a LEFT JOIN on that condition: for the lists, filters and counters
    over a whole queue. A correlated subquery in the CASE would cost the same to run, but PostgreSQL
    charges its cost to every row whatever the branch, and at 100,000 cases the inflated estimate
    chose parallel workers and JIT compilation (25–60 ms against 2–9 ms; benchmarks/legalaid_queue.py).
    join=False reads it with that subquery: for a page's rows loaded by id (50 rows, an honest
    estimate), which keeps that query at the four joins of LIST_JOINED."""
    if join:
        queryset = queryset.annotate(
            **{OPEN_OBJECTION: FilteredRelation("objections", condition=Q(objections__outcome=""))}
        )
        return queryset.annotate(clock_due=clock_due_expression(F(f"{OPEN_OBJECTION}__due")))
    latest_open = Subquery(
        Objection.objects.filter(application=OuterRef("pk"), outcome="").order_by("-lodged_at").values("due")[:1],
        output_field=DateField(),
    )
    return queryset.annotate(clock_due=clock_due_expression(latest_open))


def clock_q(clock: str, today: datetime.date) -> Q:
    """The condition for a clock bucket over a queryset annotated by with_clock."""
    if clock == Clock.OVERDUE:
        return Q(clock_due__lt=today)
    if clock == Clock.DUE_TODAY:
        return Q(clock_due=today)
    if clock == Clock.DUE_SOON:
        return Q(clock_due__gte=today, clock_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
    if clock == Clock.PAUSED:
        return Q(status=S.SUPPLEMENT_REQUESTED, review_paused_on__isnull=False)
    raise ValueError(f"unknown clock bucket {clock!r}")


def reviewer_queue(
    user: User | AnonymousUser | None, filters: QueueFilters | None = None, today: datetime.date | None = None
) -> LegalAidApplicationQuerySet:
    """The cases `user` may act on as a reviewer, filtered, annotated with clock_due, green channel
    first, then the nearest clock (no clock last), then oldest (pk). Relations are not loaded: page
    through queue_ids and load a page with queue_rows (or with_queue_relations)."""
    filters = filters or QueueFilters()
    today = today or timezone.localdate()
    queryset = visible_to(user, Action.REVIEW)
    if filters.status == ALL_STATUSES:
        queryset = queryset.exclude(status=S.DRAFT)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.filter(status__in=QUEUE_STATUSES)
    queryset = with_clock(queryset)
    if filters.clock:
        queryset = queryset.filter(clock_q(filters.clock, today))
    if filters.green_only:
        queryset = queryset.filter(green_channel=True)
    if filters.proposal:
        queryset = queryset.filter(proposal_outcome=filters.proposal)
    if filters.matter:
        queryset = queryset.filter(matter_code=filters.matter)
    if filters.search:
        if CASE_NUMBER.match(filters.search):
            queryset = queryset.filter(number=filters.search)
        else:
            queryset = queryset.filter(applicant_name__startswith=filters.search)
    return queryset.order_by("-green_channel", F("clock_due").asc(nulls_last=True), "pk")


# What a row shows. Four relations at most are joined (see the module docstring).
LIST_JOINED = ("agency", "region", "provider", "provider_agency")


# The columns a QueueRow reads (queue_rows loads only these: the application row is wide, with four
# JSON columns decoded per row; loading every column of the five tables took twice as long to build
# a page of 50 rows: 14.8 against 7.4 ms at 100,000 cases in benchmarks/legalaid_queue.py).
ROW_FIELDS = (
    "number",
    "route",
    "status",
    "applicant_name",
    "matter_name",
    "proposal_outcome",
    "green_channel",
    "review_days_used",
    "review_paused_on",
    "agency__name",
    "region__name",
    "provider__real_name",
    "provider__username",
    "provider_agency__name",
)


def with_queue_relations(queryset: LegalAidApplicationQuerySet) -> LegalAidApplicationQuerySet:
    """The queryset with what a queue row shows, in the same query (no query per row)."""
    return queryset.select_related(*LIST_JOINED)


def queue_ids(queryset: LegalAidApplicationQuerySet) -> QuerySet[LegalAidApplication, int]:
    """The ordered queue narrowed to ids: paging (and the sort behind a deep page) touches the
    application table alone, not its wide joined rows."""
    return queryset.select_related(None).values_list("pk", flat=True)


@dataclass(frozen=True)
class QueueRow:
    """One line of the reviewer queue; personal data masked (DESIGN invariant)."""

    pk: int
    number: str
    masked_name: str
    matter_name: str
    status: str
    status_label: str
    proposal_outcome: str
    proposal_label: str
    clock_due: datetime.date | None
    days_left: int | None  # negative: overdue by that many days; None: no clock or paused
    clock_paused: bool
    review_days_used: int
    green_channel: bool
    route: str
    agency_name: str
    region_name: str
    provider_name: str  # "" until a provider is assigned
    provider_agency_name: str

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS


def row_of(application: LegalAidApplication, today: datetime.date) -> QueueRow:
    """A row from an application loaded with_clock and with_queue_relations (no query)."""
    due: datetime.date | None = getattr(application, "clock_due", None)
    provider = application.provider if application.provider_id else None
    provider_agency = application.provider_agency if application.provider_agency_id else None
    return QueueRow(
        pk=application.pk,
        number=application.number or "",
        masked_name=application.masked_name,
        matter_name=application.matter_name,
        status=application.status,
        status_label=str(application.get_status_display()),
        proposal_outcome=application.proposal_outcome,
        proposal_label=str(application.get_proposal_outcome_display()) if application.proposal_outcome else "",
        clock_due=due,
        days_left=None if due is None else (due - today).days,
        clock_paused=application.status == S.SUPPLEMENT_REQUESTED and application.review_paused_on is not None,
        review_days_used=application.review_days_used,
        green_channel=application.green_channel,
        route=application.route,
        agency_name=application.agency.name,
        region_name=application.region.name,
        provider_name=provider.display_name if provider is not None else "",
        provider_agency_name=provider_agency.name if provider_agency is not None else "",
    )


def queue_rows(ids: Iterable[int], today: datetime.date | None = None) -> list[QueueRow]:
    """The rows for ids already chosen (and ordered) by a visible queue (see queue_ids): one query."""
    today = today or timezone.localdate()
    wanted = list(ids)
    if not wanted:
        return []
    loaded = (
        with_queue_relations(with_clock(LegalAidApplication.objects.filter(pk__in=wanted), join=False))
        .only(*ROW_FIELDS)
        .order_by()
    )
    by_pk = {application.pk: application for application in loaded}
    return [row_of(by_pk[pk], today) for pk in wanted if pk in by_pk]


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    number: int
    pages: int
    per_page: int

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def queue_page(
    user: User | AnonymousUser | None,
    filters: QueueFilters | None = None,
    *,
    page: int | str | None = 1,
    per_page: int = 50,
    today: datetime.date | None = None,
) -> QueuePage:
    """One page of the queue in three queries (COUNT(*), the page's ids, its rows), whatever the
    page's size or depth. A page number out of range or not a number gives the nearest page."""
    from django.core.paginator import Paginator

    today = today or timezone.localdate()
    paginator = Paginator(queue_ids(reviewer_queue(user, filters, today)), per_page)
    current = paginator.get_page(page)
    rows = queue_rows(list(current.object_list), today)
    return QueuePage(
        rows=rows, total=paginator.count, number=current.number, pages=paginator.num_pages, per_page=per_page
    )


@dataclass(frozen=True)
class QueueCounts:
    """The counters above the queue (the default queue: every status that needs the agency).
    due_soon counts what the "due soon" filter shows (due today or tomorrow), so it includes
    due_today."""

    total: int
    overdue: int
    due_today: int
    due_soon: int
    paused: int
    green: int


def queue_counts(user: User | AnonymousUser | None, today: datetime.date | None = None) -> QueueCounts:
    """The counters in one aggregate query (conditional aggregation over the default queue)."""
    today = today or timezone.localdate()
    queryset = with_clock(visible_to(user, Action.REVIEW).filter(status__in=QUEUE_STATUSES)).order_by()
    # COUNT(status), a column that is never NULL: lets PostgreSQL count from an index where it can.
    totals = queryset.aggregate(
        total=Count("status"),
        overdue=Count("status", filter=clock_q(Clock.OVERDUE, today)),
        due_today=Count("status", filter=clock_q(Clock.DUE_TODAY, today)),
        due_soon=Count("status", filter=clock_q(Clock.DUE_SOON, today)),
        paused=Count("status", filter=clock_q(Clock.PAUSED, today)),
        green=Count("status", filter=Q(green_channel=True)),
    )
    return QueueCounts(**{name: int(value or 0) for name, value in totals.items()})


__all__ = [
    "CLOCK_CHOICES",
    "LIST_JOINED",
    "QUEUE_STATUSES",
    "STATUS_CHOICES",
    "Clock",
    "QueueCounts",
    "QueueFilters",
    "QueuePage",
    "QueueRow",
    "clock_due_expression",
    "queue_counts",
    "queue_ids",
    "queue_page",
    "queue_rows",
    "reviewer_queue",
    "with_queue_relations",
]
