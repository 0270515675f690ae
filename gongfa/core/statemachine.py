"""Transition tables: one per case type, enforced by services (see audit.services.transition).

A table lists, for each action, the states it may start from and the state it leads to. Nothing
else may change a status field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext

from gongfa.core.errors import InvalidTransition
from gongfa.core.i18n import Label


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    label: Label
    reason_required: bool = False


class TransitionTable:
    def __init__(self, name: str, statuses: type[models.TextChoices], transitions: Iterable[Transition]) -> None:
        self.name = name
        self.statuses = statuses
        self.transitions = tuple(transitions)
        self._by_action: dict[str, Transition] = {}
        valid = set(statuses.values)
        for transition in self.transitions:
            if transition.action in self._by_action:
                raise ValueError(f"{name}: action {transition.action!r} defined twice")
            unknown = {transition.target, *transition.sources} - valid
            if unknown:
                raise ValueError(f"{name}: unknown statuses {sorted(unknown)} in {transition.action!r}")
            self._by_action[transition.action] = transition

    def label_of(self, status: str) -> str:
        try:
            return str(self.statuses(status).label)
        except ValueError:
            return status

    def get(self, current: str, action: str) -> Transition:
        transition = self._by_action.get(action)
        if transition is None:
            raise InvalidTransition(gettext("未知的操作：{action}。").format(action=action), code="unknown_action")
        if current not in transition.sources:
            raise InvalidTransition(
                gettext("当前状态为“{label_of}”，不能执行“{label}”。").format(
                    label_of=self.label_of(current), label=transition.label
                ),
                code="invalid_transition",
            )
        return transition

    def allowed_actions(self, current: str) -> list[Transition]:
        return [t for t in self.transitions if current in t.sources]

    def can(self, current: str, action: str) -> bool:
        transition = self._by_action.get(action)
        return transition is not None and current in transition.sources
