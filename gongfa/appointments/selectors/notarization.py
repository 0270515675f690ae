"""Who sees and acts on which notarization cases (公证案件), and the notary office's queue with its
clocks (like the legal-aid reviewer queue, gongfa/legalaid/queue.py).

Scope (network.scope): an office's staff (a posting at its agency) see and act on its cases; a
supervisor those of offices in their region subtree; an administrator everything; a citizen sees
their own cases (the account that applied) and acts on none.

The clock of an open case:

| status | clock |
|---|---|
| 已申请 | none yet (starts on acceptance) |
| 已受理 | due_on: overdue / due today / due soon (≤ DUE_SOON_DAYS) / N working days left |
| 补充材料 / 核实中 | paused (第30条: not counted) |

A queue page costs a constant number of queries: the count, then the page's rows with their office,
matter and notary joined; the working days left are counted in Python over one calendar load.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import NOTARIZATION_OPEN, NOTARIZATION_PAUSED, NotarizationStatus
from gongfa.appointments.models import NotarialMatter, NotarizationCase
from gongfa.appointments.models.notarization import NotarizationCaseQuerySet
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, StaffPosting
from gongfa.network.scope import ScopeKind, scope_for

# The working calendar as one computation sees it (holidays loaded once per year): a page of clocks
# in one query. workdays has no public batch counter of working days between two dates.
from gongfa.workdays.services import _CalendarView

S = NotarizationStatus
DUE_SOON_DAYS = 2  # working days: "due soon" when this close
OFFICE_ROLES = (Role.NOTARY, Role.NOTARY_CLERK)
ALL_STATUSES = "all"


class Action(StrEnum):
    VIEW = "view"
    ACT = "act"  # the office's notaries and clerks, supervisors over its region, administrators


def _condition(user: User | AnonymousUser | None, action: Action) -> Q | None:
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.CITIZEN:
        return Q(user_id=scope.user_id) if action == Action.VIEW else Q(pk__in=[])
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_q("office__region__code") | Q(office_id__in=scope.agency_ids)
    if scope.kind == ScopeKind.STAFF:
        assert isinstance(user, User)
        if user.role not in OFFICE_ROLES:
            return Q(pk__in=[])
        return Q(office_id__in=scope.agency_ids)
    return Q(pk__in=[])


def visible_cases(user: User | AnonymousUser | None, action: Action = Action.VIEW) -> NotarizationCaseQuerySet:
    """The cases `user` may see (or act on)."""
    condition = _condition(user, action)
    if condition is None:
        return NotarizationCase.objects.all()
    return NotarizationCase.objects.filter(condition)


def cases_of(user: User) -> NotarizationCaseQuerySet:
    """A citizen's own cases (我的公证), newest first, with the matter and office."""
    return NotarizationCase.objects.filter(user=user).select_related("matter", "office").order_by("-applied_at")


def offices_of(user: User | AnonymousUser | None) -> list[Agency]:
    """The notary offices the user is posted at (their registering desk)."""
    scope = scope_for(user)
    if not scope.agency_ids:
        return []
    return list(Agency.objects.filter(pk__in=scope.agency_ids, kind=AgencyKind.NOTARY_OFFICE).order_by("name"))


def notaries_of(office: Agency) -> list[User]:
    """The notaries with an active posting at the office."""
    ids = StaffPosting.objects.filter(agency=office, is_active=True, role=Role.NOTARY).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def is_posted_notary(user: User, office: Agency) -> bool:
    return StaffPosting.objects.filter(user=user, agency=office, is_active=True, role=Role.NOTARY).exists()


# ---------------------------------------------------------------------------------------------
# The queue with clocks


class Clock(StrEnum):
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    RUNNING = "running"
    PAUSED = "paused"
    NONE = "none"


CLOCK_LABELS = {
    Clock.NOT_STARTED: _("待受理"),
    Clock.OVERDUE: _("已超期"),
    Clock.DUE_TODAY: _("今日到期"),
    Clock.DUE_SOON: _("即将到期"),
    Clock.RUNNING: _("计时中"),
    Clock.PAUSED: _("计时暂停"),
    Clock.NONE: "",
}


@dataclass(frozen=True)
class ClockState:
    kind: Clock
    due_on: datetime.date | None = None
    days_left: int | None = None  # working days left (negative: overdue by that many calendar days)

    @property
    def label(self) -> str:
        if self.kind == Clock.RUNNING and self.days_left is not None:
            return f"剩余 {self.days_left} 个工作日"
        if self.kind == Clock.DUE_SOON and self.days_left is not None:
            return gettext("即将到期（剩余 {days} 个工作日）").format(days=self.days_left)
        if self.kind == Clock.OVERDUE and self.days_left is not None:
            return gettext("已超期 {days} 日").format(days=-self.days_left)
        return str(CLOCK_LABELS[self.kind])

    @property
    def urgent(self) -> bool:
        return self.kind in (Clock.OVERDUE, Clock.DUE_TODAY, Clock.DUE_SOON)


def clock_of(
    case: NotarizationCase, today: datetime.date | None = None, calendar: _CalendarView | None = None
) -> ClockState:
    """The clock of one case (see the module docstring)."""
    today = today or timezone.localdate()
    if case.status == S.APPLIED:
        return ClockState(Clock.NOT_STARTED)
    if case.status in NOTARIZATION_PAUSED:
        return ClockState(Clock.PAUSED, case.due_on)
    if case.status != S.ACCEPTED or case.due_on is None:
        return ClockState(Clock.NONE, case.due_on)
    due = case.due_on
    if due < today:
        return ClockState(Clock.OVERDUE, due, -(today - due).days)
    if due == today:
        return ClockState(Clock.DUE_TODAY, due, 0)
    left = working_days_left(today, due, calendar)
    return ClockState(Clock.DUE_SOON if left <= DUE_SOON_DAYS else Clock.RUNNING, due, left)


def working_days_left(today: datetime.date, due: datetime.date, calendar: _CalendarView | None = None) -> int:
    """Working days after today up to and including `due`. One calendar view serves a whole page
    (its holidays are loaded once per year), so a queue page's clocks cost one query, not one a row."""
    view = calendar or _CalendarView()
    left, day = 0, today
    while day < due:
        day += datetime.timedelta(days=1)
        if view.is_working_day(day):
            left += 1
    return left


@dataclass(frozen=True)
class QueueFilters:
    """What the notary narrowed the queue to. Build it with from_params (a bad value is dropped)."""

    status: str = ""  # "" = the open statuses; a NotarizationStatus value; or "all"
    matter: int | None = None
    notary: int | None = None
    mine: bool = False
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> QueueFilters:
        errors: list[str] = []

        def text(name: str) -> str:
            value = params.get(name, "")
            return str(value if value is not None else "").strip()

        def number(name: str, label: str) -> int | None:
            raw = text(name)
            if not raw:
                return None
            if not raw.isdigit() or len(raw) > 12:
                errors.append(f"{label}筛选条件无效，已忽略。")
                return None
            return int(raw)

        status = text("status")
        if status and status != ALL_STATUSES and status not in S.values:
            errors.append("状态筛选条件无效，已忽略。")
            status = ""
        mine = text("mine").lower() in {"1", "true", "on", "yes"}
        return cls(
            status=status,
            matter=number("matter", "公证事项"),
            notary=number("notary", "公证员"),
            mine=mine,
            errors=tuple(errors),
        )


def queue(user: User | AnonymousUser | None, filters: QueueFilters | None = None) -> NotarizationCaseQuerySet:
    """The cases `user` works (Action.ACT), filtered, nearest deadline first: running clocks by
    due date, then paused ones, then applications waiting for acceptance (oldest first)."""
    filters = filters or QueueFilters()
    queryset = visible_cases(user, Action.ACT)
    if filters.status == ALL_STATUSES:
        pass
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.filter(status__in=NOTARIZATION_OPEN)
    if filters.matter is not None:
        queryset = queryset.filter(matter_id=filters.matter)
    if filters.notary is not None:
        queryset = queryset.filter(notary_id=filters.notary)
    if filters.mine and isinstance(user, User):
        queryset = queryset.filter(notary_id=user.pk)
    rank = Case(
        When(status=S.ACCEPTED, then=Value(0)),
        When(status__in=NOTARIZATION_PAUSED, then=Value(1)),
        When(status=S.APPLIED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.annotate(clock_rank=rank).order_by("clock_rank", "due_on", "applied_at", "pk")


@dataclass(frozen=True)
class QueueRow:
    case: NotarizationCase
    clock: ClockState


def queue_rows(cases: Iterable[NotarizationCase], today: datetime.date | None = None) -> list[QueueRow]:
    """Rows with their clocks (the cases should come with office, matter and notary joined)."""
    today = today or timezone.localdate()
    calendar = _CalendarView()
    return [QueueRow(case, clock_of(case, today, calendar)) for case in cases]


def with_row_relations(queryset: NotarizationCaseQuerySet) -> NotarizationCaseQuerySet:
    return queryset.select_related("office", "matter__parent", "notary")


def queue_counts(user: User | AnonymousUser | None, today: datetime.date | None = None) -> dict[str, int]:
    """Counts of the open cases by clock bucket (one query)."""
    from django.db.models import Count

    today = today or timezone.localdate()
    base = visible_cases(user, Action.ACT).filter(status__in=NOTARIZATION_OPEN)
    return base.aggregate(
        open=Count("pk"),
        waiting=Count("pk", filter=Q(status=S.APPLIED)),
        paused=Count("pk", filter=Q(status__in=NOTARIZATION_PAUSED)),
        overdue=Count("pk", filter=Q(status=S.ACCEPTED, due_on__lt=today)),
        due_today=Count("pk", filter=Q(status=S.ACCEPTED, due_on=today)),
    )


def matters_for_filter() -> list[NotarialMatter]:
    return list(NotarialMatter.objects.filter(is_active=True).select_related("parent").order_by("sort_order", "code"))
