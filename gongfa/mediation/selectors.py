"""Who sees and acts on which mediation cases, and the lookups the services and pages share."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from gongfa.accounts.models import User
from gongfa.mediation.models import Committee, MediationCase, Mediator
from gongfa.mediation.models.cases import MediationCaseQuerySet
from gongfa.network.scope import ScopeKind, scope_for


class Action(StrEnum):
    VIEW = "view"
    HANDLE = "handle"  # the committee's staff and the case's own mediators: record, decide, close
    MANAGE = "manage"  # the committee (its postings) and supervisors: accept, assign, close


def _condition(user: User | AnonymousUser | None, action: Action) -> Q | None:
    """None: no restriction. A committee's staff (a posting at its agency) see and manage its cases;
    a mediator handles the cases they are (still) on; a supervisor sees and manages the cases of
    their region subtree; a citizen sees the cases they are a party to (or represent)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.CITIZEN:
        if action != Action.VIEW:
            return Q(pk__in=[])
        return Q(parties__user_id=scope.user_id) | Q(parties__representative_user_id=scope.user_id)
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_q("region__code")
    if scope.kind == ScopeKind.STAFF:
        committee = Q(committee__agency_id__in=scope.agency_ids)
        if action == Action.MANAGE:
            return committee
        return committee | Q(mediators__mediator__user_id=scope.user_id, mediators__recused_at__isnull=True)
    return Q(pk__in=[])


def visible_to(user: User | AnonymousUser | None, action: Action = Action.VIEW) -> MediationCaseQuerySet:
    """The cases `user` may see (or handle, or manage). Joins over parties and mediators can repeat
    a case: the pk subquery keeps each once."""
    condition = _condition(user, action)
    if condition is None:
        return MediationCase.objects.all()
    return MediationCase.objects.filter(pk__in=MediationCase.objects.filter(condition).values("pk"))


def committees_of(user: User) -> list[Committee]:
    """The committees whose agency the user is posted at."""
    scope = scope_for(user)
    return list(Committee.objects.filter(agency_id__in=scope.agency_ids).select_related("agency"))


def mediator_profile(user: User) -> Mediator | None:
    return Mediator.objects.filter(user=user).select_related("committee__agency").first()
