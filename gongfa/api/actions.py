"""Case actions over the API: one mechanism for every case router (legal aid, mediation).

Each action of a case is a POST ``/cases/{<key>}/actions/<name>`` that answers the case as the
caller then sees it. A router declares its actions once (``CaseActions``: the names and labels,
who may call them, the token scope, the answer's shape) and registers each view with
``@registry.action(name, summary)``: the operation gets its door and scope (``api_door``), a
stable operation id (``<prefix><name>``) and every refusal's shape (``ERRORS``), and the events
its service writes are recorded with channel API (接口). ``add_unknown_action_route`` (last, after
every action) answers an unknown name with 400 ``unknown_action`` listing the names offered, and
stays out of the schema. ``for_steps`` turns the steps a transition table allows now into the
actions that take them ("next actions"), and ``run_with`` runs a service together with the API's
own lookup problems (an unknown id), reporting them all at once.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db import transaction
from django.http import HttpRequest
from ninja import Router

from gongfa.api.base import Schema
from gongfa.api.schemas import ErrorOut
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problem, Problems, ValidationFailed

# Every refusal an action may answer, in the one error shape (gongfa.api.api).
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 404, 409, 422), ErrorOut)

View = TypeVar("View", bound=Callable[..., Any])


class UnknownAction(DomainError):
    code = "unknown_action"
    status = 400


@dataclass(frozen=True)
class CaseActions:
    """The actions of one case router.

    ``labels``: every action the router offers, in the order they are listed, with its label.
    ``table_actions``: a transition table's step → the actions that take it (several steps may
    share an action, one step may be taken by several). ``acting_via``: the domain's context that
    records its events with a channel.
    """

    router: Router
    key: str  # the path parameter naming the case ("pk", "number")
    key_type: Any  # its annotation (RowIdPath, CaseNumberPath)
    operation_prefix: str  # operation ids are <prefix><action>
    auth: Any
    answer: type[Schema]
    audience: Audience
    scope: str
    acting_via: Callable[[str], AbstractContextManager[object]]
    labels: Mapping[str, str]
    table_actions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def path(self, name: str) -> str:
        return f"/cases/{{{self.key}}}/actions/{name}"

    def via_api(self, view: View) -> View:
        """`view` with its events recorded as coming through the API, behind the router's door."""

        @functools.wraps(view)
        def via_api(*args: Any, **kwargs: Any) -> Any:
            with self.acting_via(Channel.API):
                return view(*args, **kwargs)

        return cast(View, api_door(self.audience, scope=self.scope)(via_api))

    def action(self, name: str, summary: str) -> Callable[[View], View]:
        """Register the view of the action `name` (one of `labels`)."""
        assert name in self.labels, name
        register = self.router.post(
            self.path(name),
            auth=self.auth,
            response={200: self.answer, **ERRORS},
            summary=summary,
            operation_id=f"{self.operation_prefix}{name}",
        )

        def decorate(view: View) -> View:
            return register(self.via_api(view))

        return decorate

    def unknown(self, action: str) -> UnknownAction:
        return UnknownAction(f"未知的操作：{action}（可用：{'、'.join(self.names)}）。", field="action")

    def add_unknown_action_route(self) -> None:
        """The catch-all for a name no action has: 400 naming the actions offered (after the same
        door and the same check of the case's key as the actions). Register it after every action:
        the first matching route answers."""

        def unknown_action(request: HttpRequest, **values: Any) -> None:
            raise self.unknown(str(values["action"]))

        # ninja reads the operation's parameters from its signature: the key under its own name.
        unknown_action.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest),
                inspect.Parameter(self.key, inspect.Parameter.KEYWORD_ONLY, annotation=self.key_type),
                inspect.Parameter("action", inspect.Parameter.KEYWORD_ONLY, annotation=str),
            ],
            return_annotation=None,
        )
        unknown_action.__name__ = f"unknown_{self.operation_prefix}"
        door = api_door(self.audience, scope=self.scope)(unknown_action)
        self.router.post(self.path("{action}"), auth=self.auth, response=ERRORS, include_in_schema=False)(door)

    def for_steps(self, steps: Iterable[str]) -> list[str]:
        """The actions that take these table steps, each once, in the order of `labels`."""
        wanted = {name for step in steps for name in self.table_actions.get(step, ())}
        return [name for name in self.labels if name in wanted]


class _Rollback(Exception):
    pass


def run_with(problems: Problems, call: Callable[[], object], *, keep: Callable[[Problem], bool] | None = None) -> None:
    """Run a service with the API's own lookup problems (an unknown id): the service's checks are
    reported with them, all at once; if the service would have succeeded despite them, what it
    wrote is rolled back. The case's state and the caller's rights (409, 403) come first.

    ``keep`` chooses the service's problems to report; by default each one whose field has none
    yet (the lookup's problem about a field stands for it)."""
    try:
        with transaction.atomic():
            call()
            if problems:
                raise _Rollback
    except _Rollback:
        pass
    except DomainError as exc:
        if type(exc) not in (DomainError, ValidationFailed):
            raise
        for problem in exc.problems:
            if keep(problem) if keep is not None else not problems.has(problem.field):
                problems.add(problem.field, problem.message, code=problem.code)
    problems.raise_if_any()


__all__ = ["ERRORS", "CaseActions", "UnknownAction", "run_with"]
