"""Queries of volunteers, the expert pool and training (志愿者、专家库、业务培训), each in the
reader's region scope (outreach.selectors.access):

- volunteers a manager sees, their counts by status and "active volunteers" (approved, with a
  service in the last 12 months);
- the expert pool: the field codes an expert may have (work-order topics and mediation dispute
  categories), the experts a manager keeps, and suggested experts for a matter (field match
  first, then the nearest region);
- 专家会诊 waiting in the manager's region (mediation's requested expert consultations), and the
  expert calls a person may see (their own, the region's consultations, orders they can see);
- training courses of a year with their person-hours, and who may be recorded as an attendee.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.mediation.choices import ConsultationStatus
from gongfa.mediation.models import DisputeCategory, ExpertConsultation
from gongfa.network.models import Region, StaffPosting
from gongfa.outreach.choices import VolunteerStatus
from gongfa.outreach.models import Expert, ExpertCall, TrainingCourse, Volunteer
from gongfa.outreach.selectors.access import managed_region_q
from gongfa.workorders.models import Topic

ACTIVE_MONTHS = 12
SUGGESTIONS = 8
POOL_LIMIT = 2000  # experts read to rank suggestions (a pool is a few hundred people)
ATTENDEE_LIMIT = 500


# --- volunteers ---------------------------------------------------------------------------------


def months_ago(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def active_since(today: datetime.date | None = None) -> datetime.date:
    """The first service date that still counts a volunteer as active (12 months back)."""
    return months_ago(today or timezone.localdate(), ACTIVE_MONTHS)


def active_q(today: datetime.date | None = None) -> Q:
    return Q(status=VolunteerStatus.APPROVED, last_active_on__gte=active_since(today))


def managed_volunteers(user: User) -> QuerySet[Volunteer]:
    """The volunteers registered in regions `user` manages (region joined)."""
    return Volunteer.objects.filter(managed_region_q(user, "region__code")).select_related("region")


def active_volunteers(user: User, today: datetime.date | None = None) -> QuerySet[Volunteer]:
    """志愿者在岗: approved volunteers with a service date in the last 12 months."""
    return managed_volunteers(user).filter(active_q(today))


def volunteer_counts(user: User, today: datetime.date | None = None) -> dict[str, int]:
    """Counts by status and the active count, in one query."""
    aggregates = {status: Count("pk", filter=Q(status=status)) for status in VolunteerStatus.values}
    aggregates["active"] = Count("pk", filter=active_q(today))
    found = Volunteer.objects.filter(managed_region_q(user, "region__code")).aggregate(**aggregates)
    return {key: value or 0 for key, value in found.items()}


def volunteer_for(user: User, pk: int) -> Volunteer | None:
    return managed_volunteers(user).select_related("decided_by", "user").filter(pk=pk).first()


# --- the expert pool ----------------------------------------------------------------------------


def field_choices() -> list[tuple[str, str]]:
    """The codes an expert's fields may take: the active work-order topics, then the active
    dispute categories whose code is not a topic's (one code, one label)."""
    choices = [(code, name) for code, name in Topic.objects.filter(is_active=True).values_list("code", "name")]
    seen = {code for code, _ in choices}
    for code, name in DisputeCategory.objects.filter(is_active=True).values_list("code", "name"):
        if code not in seen:
            choices.append((code, f"{name}纠纷"))
            seen.add(code)
    return choices


def field_labels() -> dict[str, str]:
    return dict(field_choices())


def managed_experts(user: User) -> QuerySet[Expert]:
    return Expert.objects.filter(managed_region_q(user, "region__code")).select_related("region")


def expert_for(user: User, pk: int) -> Expert | None:
    return managed_experts(user).filter(pk=pk).first()


def shared_levels(a: str, b: str) -> int:
    """How many levels two region codes share (5: the same village … 0: other provinces)."""
    shared = 0
    for length in (2, 4, 6, 9, 12):
        if a[:length] != b[:length]:
            break
        shared += 1
    return shared


@dataclass(frozen=True)
class Suggestion:
    expert: Expert
    matched: tuple[str, ...]  # the fields asked for that the expert has
    nearness: int  # shared_levels of the expert's region and the matter's


def expert_pool() -> list[Expert]:
    """The experts in the pool (在库), bounded, with their region: one query."""
    return list(Expert.objects.filter(is_active=True).select_related("region").order_by("name", "pk")[:POOL_LIMIT])


def suggest_experts(
    fields: list[str], region: Region | None, limit: int = SUGGESTIONS, *, pool: list[Expert] | None = None
) -> list[Suggestion]:
    """Active experts for a matter: those with a field asked for first (more matches first), then
    the nearest region, then by name. Experts with no matching field follow, nearest first, so
    a pool without the field still offers someone. One query (the pool is read whole, bounded;
    JSON containment cannot be asked of SQLite), none when `pool` is given."""
    wanted = [code for code in fields if code]
    pool = expert_pool() if pool is None else pool
    ranked = []
    for expert in pool:
        matched = tuple(code for code in wanted if code in (expert.fields or []))
        near = shared_levels(expert.region.code, region.code) if region is not None else 0
        ranked.append(Suggestion(expert, matched, near))
    ranked.sort(key=lambda s: (-len(s.matched), -s.nearness, s.expert.name, s.expert.pk))
    return ranked[:limit]


# --- expert calls and 专家会诊 ---------------------------------------------------------------------


def pending_consultations(user: User) -> QuerySet[ExpertConsultation]:
    """Mediation's expert consultations still waiting (已申请会诊) on cases in regions `user`
    manages, oldest first, with their case and the calls already made."""
    calls = ExpertCall.objects.select_related("expert").order_by("called_at", "pk")
    return (
        ExpertConsultation.objects.filter(status=ConsultationStatus.REQUESTED)
        .filter(managed_region_q(user, "case__region__code"))
        .select_related("case__region", "case__category")
        .prefetch_related(Prefetch("expert_calls", queryset=calls))
        .order_by("requested_at", "pk")
    )


def consultation_for(user: User, pk: int) -> ExpertConsultation | None:
    return pending_consultations(user).filter(pk=pk).first()


def calls_seen_by(user: User) -> QuerySet[ExpertCall]:
    """Calls `user` made, calls on mediation consultations of regions they manage, and calls on
    work orders they can see (workorders.selectors.visible_to: a call's purpose tells of the
    order, so region management alone does not show it)."""
    from gongfa.workorders.selectors import visible_to

    if managed_region_q(user, "pk") == Q():  # everywhere (an empty Q would vanish from an OR)
        condition = Q()
    else:
        condition = (
            Q(called_by=user)
            | (
                Q(mediation_consultation__isnull=False)
                & managed_region_q(user, "mediation_consultation__case__region__code")
            )
            | Q(work_order_id__in=visible_to(user).values("pk"))
        )
    return (
        ExpertCall.objects.filter(condition)
        .select_related("expert__region", "work_order", "mediation_consultation__case", "called_by")
        .order_by("-called_at", "-pk")
    )


def call_for(user: User, pk: int) -> ExpertCall | None:
    return calls_seen_by(user).filter(pk=pk).first()


def calls_on_order(order_id: int) -> list[ExpertCall]:
    return list(
        ExpertCall.objects.filter(work_order_id=order_id)
        .select_related("expert", "called_by")
        .order_by("called_at", "pk")
    )


# --- training -----------------------------------------------------------------------------------


def managed_trainings(user: User, year: int) -> QuerySet[TrainingCourse]:
    """The year's courses in regions `user` manages, newest first, with their attendee count."""
    return (
        TrainingCourse.objects.filter(managed_region_q(user, "region__code"), held_on__year=year)
        .select_related("region")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-held_on", "-pk")
    )


def person_hours(course: TrainingCourse) -> Decimal:
    """学时 × (platform attendees + other attendees); needs the attendee_count annotation."""
    people = getattr(course, "attendee_count", 0) + course.other_attendees
    return course.hours * people


def training_totals(courses: list[TrainingCourse]) -> dict[str, Decimal | int]:
    return {
        "courses": len(courses),
        "people": sum(getattr(c, "attendee_count", 0) + c.other_attendees for c in courses),
        "person_hours": sum((person_hours(c) for c in courses), Decimal("0")),
    }


def training_years(user: User) -> list[int]:
    years = {
        d.year for d in TrainingCourse.objects.filter(managed_region_q(user, "region__code")).dates("held_on", "year")
    }
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def attendee_candidates(user: User, region: Region | None = None) -> QuerySet[User]:
    """Platform users who may be recorded as attendees: staff (not citizens) with an active
    posting at a place in a region `user` manages (within `region` when given)."""
    postings = StaffPosting.objects.filter(is_active=True).filter(
        managed_region_q(user, "point__region__code") | managed_region_q(user, "agency__region__code")
    )
    if region is not None:
        low, high = region.subtree_bounds()
        postings = postings.filter(
            Q(point__region__code__range=(low, high)) | Q(agency__region__code__range=(low, high))
        )
    return (
        User.objects.filter(pk__in=postings.values("user_id"), is_active=True)
        .exclude(role=Role.CITIZEN)
        .order_by("real_name", "pk")
    )
