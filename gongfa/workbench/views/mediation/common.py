"""What the mediation pages share: the case page's actions (one registry the modules add to), the
case lookup through the selectors, and the dry run that still asks the service when the form's own
checks failed, so every problem shows in one round."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error
from gongfa.core.i18n import Label
from gongfa.mediation.models import MediationCase
from gongfa.mediation.selectors import Action, visible_to
from gongfa.workbench.views.common import staff

FormFactory = Callable[[Any, Any, MediationCase], forms.Form]
# Runs the service with the form's cleaned data; returns the message shown after success.
Runner = Callable[[User, MediationCase, dict[str, Any]], str]
Offered = Callable[[MediationCase], bool]


@dataclass(frozen=True)
class CaseAction:
    """One form of the case page: offered when `offered(case)` holds and the person may act
    (MANAGE: the committee and supervisors; HANDLE: also the case's own mediators). The service
    decides in the end; the page only offers what it would take."""

    name: str
    label: Label
    make_form: FormFactory
    run: Runner
    offered: Offered
    manage: bool = False
    multipart: bool = False
    hint: Label = ""


ACTIONS: dict[str, CaseAction] = {}
# Where an action comes on the case page: the order of the work (intake 10, sessions 20, the
# agreement 30, follow-up 40, the file 80, closing 90), whatever order the modules load in.
STAGES: dict[str, int] = {}


def register(*actions: CaseAction, stage: int = 50) -> None:
    for action in actions:
        if action.name in ACTIONS and ACTIONS[action.name] != action:
            raise ValueError(gettext("案件操作 {name!r} 重复声明").format(name=action.name))
        ACTIONS[action.name] = action
        STAGES[action.name] = stage


def in_work_order() -> list[CaseAction]:
    """The registered actions in the order of the work (a stable sort: registration order within a stage)."""
    return sorted(ACTIONS.values(), key=lambda action: STAGES.get(action.name, 50))


def simple(form_class: type[forms.Form]) -> FormFactory:
    def make(data: Any, files: Any, case: MediationCase) -> forms.Form:
        return form_class(data, files)

    return make


def in_status(*statuses: str) -> Offered:
    def offered(case: MediationCase) -> bool:
        return case.status in statuses

    return offered


def by_table(transition: str) -> Offered:
    """Offered while the transition table allows `transition` from the case's status."""
    from gongfa.mediation.states import MEDIATION

    def offered(case: MediationCase) -> bool:
        return MEDIATION.can(case.status, transition)

    return offered


def case_for(request: HttpRequest, number: str) -> MediationCase:
    """The case if the person may see it; 404 otherwise (nobody learns that it exists)."""
    case = (
        visible_to(staff(request))
        .select_related("committee__agency__region", "region", "category", "work_order")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404(gettext("找不到该调解案件"))
    return case


def rights(user: User, case: MediationCase) -> tuple[bool, bool]:
    """(may handle, may manage) this case."""
    handle = visible_to(user, Action.HANDLE).filter(pk=case.pk).exists()
    manage = handle and visible_to(user, Action.MANAGE).filter(pk=case.pk).exists()
    return handle, manage


class _Rollback(Exception):
    pass


def dry_run(form: forms.Form, run: Callable[[], object]) -> None:
    """The form's own checks failed: ask the service too with what was clean, inside a transaction
    that is always rolled back (nothing is kept), and put its problems beside the form's (a field
    the form already faulted keeps only the form's message)."""
    try:
        with transaction.atomic():
            run()
            raise _Rollback
    except _Rollback:
        pass
    except DomainError as exc:
        add_domain_error(form, exc, skip_faulted=True)


def invite_url(request: HttpRequest, token: str) -> str:
    """The portal's invitation page for a token (第17条), absolute, to copy into an SMS or a chat."""
    try:
        path = reverse("portal:mediation_invite", kwargs={"token": token})
    except NoReverseMatch:
        path = f"/mediation/invite/{token}/"
    return request.build_absolute_uri(path)


def agreement_url(request: HttpRequest, token: str) -> str:
    """The portal's page where a party confirms the written agreement (第29条第2款)."""
    try:
        path = reverse("portal:mediation_agreement", kwargs={"token": token})
    except NoReverseMatch:
        path = f"/mediation/agreement/{token}/"
    return request.build_absolute_uri(path)


def choice_id(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
