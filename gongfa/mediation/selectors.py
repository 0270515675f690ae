"""Who sees and acts on which mediation cases, and the lookups the services and pages share."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from gongfa.accounts.models import User
from gongfa.mediation.models import CaseMediator, CaseParty, Committee, MediationCase, Mediator
from gongfa.mediation.models.cases import MediationCaseQuerySet
from gongfa.network.scope import ScopeKind, scope_for


class Action(StrEnum):
    VIEW = "view"
    HANDLE = "handle"  # the committee's staff and the case's own mediators: record, decide, close
    MANAGE = "manage"  # the committee (its postings) and supervisors: accept, assign, close


def _condition(user: User | AnonymousUser | None, action: Action) -> Q | None:
    """None: no restriction. A committee's staff (a posting at its agency) see and manage its cases;
    a mediator handles the cases they are (still) on; a supervisor sees and manages the cases of
    their region subtree; a citizen sees the cases they are a party to (or represent).

    Only single-valued joins (committee, region) appear in the condition itself; the many-valued
    ones (a case's mediators, its parties) are `pk IN (SELECT case_id …)` subqueries, so a case
    comes back once without wrapping the whole condition in a subquery of its own (which made
    PostgreSQL evaluate it for every case of a list: issue #13)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    if scope.kind == ScopeKind.CITIZEN:
        if action != Action.VIEW:
            return Q(pk__in=[])
        parties = CaseParty.objects.filter(Q(user_id=scope.user_id) | Q(representative_user_id=scope.user_id))
        return Q(pk__in=parties.values("case_id"))
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.region_q("region__code")
    if scope.kind == ScopeKind.STAFF:
        committee = Q(committee__agency_id__in=scope.agency_ids)
        if action == Action.MANAGE:
            return committee
        mine = CaseMediator.objects.filter(Q(mediator__user_id=scope.user_id), recused_at__isnull=True)
        return committee | Q(pk__in=mine.values("case_id"))
    return Q(pk__in=[])


def visible_to(user: User | AnonymousUser | None, action: Action = Action.VIEW) -> MediationCaseQuerySet:
    """The cases `user` may see (or handle, or manage), each once."""
    condition = _condition(user, action)
    if condition is None:
        return MediationCase.objects.all()
    return MediationCase.objects.filter(condition)


def mediating(user: User) -> MediationCaseQuerySet:
    """The cases `user` is a current (not recused) mediator on and may handle: visible_to(HANDLE)
    narrowed to them. A committee's staff handle every case they are on, so for them the list is
    the assignments alone (PostgreSQL cannot see that `(committee OR mine) AND mine` is `mine`).
    The mediator's id is looked up first and written into the query: PostgreSQL then knows from its
    statistics how many cases they have (through a join on user_id it guessed 2,579 for 8,998 and
    sorted them all by hand, issue #13); someone who is no mediator has none, without a count."""
    mediator = Mediator.objects.filter(user=user).values_list("pk", flat=True).first()
    if mediator is None:
        return MediationCase.objects.none()
    mine = CaseMediator.objects.filter(mediator_id=mediator, recused_at__isnull=True).values("case_id")
    if scope_for(user).kind == ScopeKind.STAFF:
        return MediationCase.objects.filter(pk__in=mine)
    return visible_to(user, Action.HANDLE).filter(pk__in=mine)


def committees_of(user: User) -> list[Committee]:
    """The committees whose agency the user is posted at."""
    scope = scope_for(user)
    return list(Committee.objects.filter(agency_id__in=scope.agency_ids).select_related("agency"))


def mediator_profile(user: User) -> Mediator | None:
    return Mediator.objects.filter(user=user).select_related("committee__agency").first()


class CasePaginator(Paginator):
    """A Paginator over a queryset of cases whose page is loaded by id: the sort and the slice run on
    the list's own columns in a subquery (`pk IN (SELECT id … ORDER BY … LIMIT 20 OFFSET n)`), and
    only the page's rows are joined to what select_related names, instead of every case of the
    list before the sort (issue #13). The same queries as a Paginator: the count, then the page."""

    def page(self, number: Any) -> Page:
        page = super().page(number)
        if isinstance(page.object_list, QuerySet) and isinstance(self.object_list, QuerySet):
            page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page
