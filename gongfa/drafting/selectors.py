"""Who sees and edits which drafting interviews (access rules on the queryset, like every app)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from gongfa.network.scope import ScopeKind, scope_for

if TYPE_CHECKING:
    from gongfa.drafting.models import Interview, InterviewQuerySet


def _condition(user: Any) -> Q | None:
    """None: no restriction. A citizen: their own. Staff: what they drafted, what was drafted at
    their points, and drafts handed to them for review. Supervisors: their region."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.CITIZEN:
        return Q(citizen_id=scope.user_id)
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_q("region__code")
    if scope.kind == ScopeKind.STAFF:
        return (
            Q(drafted_by_id=scope.user_id)
            | Q(point_id__in=scope.point_ids)
            | Q(review_order__owner_user_id=scope.user_id)
            | Q(work_order__owner_user_id=scope.user_id)
        )
    return Q(pk__in=[])


def visible_interviews(queryset: InterviewQuerySet, user: Any) -> InterviewQuerySet:
    condition = _condition(user)
    return queryset if condition is None else queryset.filter(condition)


def drafts_of_order(order: Any) -> list[Interview]:
    """The drafts made from a work order and the one it was opened to review (the order's page
    links them; whoever sees the order reaches them by its link, where the access rule applies)."""
    from gongfa.drafting.models import Interview

    return list(
        Interview.objects.filter(Q(work_order=order) | Q(review_order=order))
        .select_related("template")
        .order_by("created_at", "pk")
    )


def can_edit(user: Any, interview: Interview) -> bool:
    """Supervisors read; the citizen, the staff who drafted it, staff of its point and its
    reviewer write."""
    scope = scope_for(user)
    if scope.kind == ScopeKind.SUPERVISOR:
        return False
    from gongfa.drafting.models import Interview

    return Interview.objects.filter(pk=interview.pk).visible_to(user).exists()
