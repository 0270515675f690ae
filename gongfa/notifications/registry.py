"""What can be subscribed to (通知订阅项): event kinds and recipient resolvers, registered by the
apps that own them.

Each app declares, in its own `notifications.py` module (found by autodiscovery when the
notifications app is ready, as the admin finds `admin.py`):
- the event kinds (audit event verbs) that may give someone work, with a function that turns
  the event into the values its message templates may use ({number}, {link}, …);
- recipient resolvers: named functions from an event to the people who must act on it.
The subscription table (models.Subscription) joins the two as data; this module imports no app,
so no app's import of notifications can cycle back.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongfa.core.i18n import Label

if TYPE_CHECKING:
    from gongfa.accounts.models import User
    from gongfa.audit.models import Event

# Every event kind may use these in its templates, besides its own placeholders.
COMMON_PLACEHOLDERS = ("reason", "actor")

ContextBuilder = Callable[["Event"], dict[str, str]]
Resolve = Callable[["Event"], Iterable["User | None"]]


@dataclass(frozen=True)
class EventKind:
    """An audit event verb that someone can be notified of (e.g. 工单派单)."""

    verb: str
    label: Label
    context: ContextBuilder
    placeholders: tuple[str, ...]

    @property
    def all_placeholders(self) -> tuple[str, ...]:
        return (*COMMON_PLACEHOLDERS, *self.placeholders)


@dataclass(frozen=True)
class Resolver:
    """Who is notified (接收人): a named function from the event to the people who must act."""

    name: str
    label: Label
    resolve: Resolve


_event_kinds: dict[str, EventKind] = {}
_resolvers: dict[str, Resolver] = {}


def register_event_kind(
    verb: str, label: Label, *, context: ContextBuilder, placeholders: Iterable[str] = ()
) -> EventKind:
    kind = EventKind(verb, label, context, tuple(placeholders))
    _event_kinds[verb] = kind
    return kind


def register_resolver(name: str, label: Label, resolve: Resolve) -> Resolver:
    resolver = Resolver(name, label, resolve)
    _resolvers[name] = resolver
    return resolver


def event_kind(verb: str) -> EventKind | None:
    return _event_kinds.get(verb)


def resolver(name: str) -> Resolver | None:
    return _resolvers.get(name)


def event_kind_choices() -> list[tuple[str, str]]:
    """Choices for Subscription.event_kind (a callable, so apps registered later are included)."""
    return sorted(((kind.verb, f"{kind.label}（{kind.verb}）") for kind in _event_kinds.values()), key=lambda c: c[0])


def resolver_choices() -> list[tuple[str, Label]]:
    return sorted(((r.name, r.label) for r in _resolvers.values()), key=lambda c: c[0])


_FORMATTER = string.Formatter()


def placeholders_in(template: str) -> list[str]:
    """The {names} a template uses. Raises ValueError for broken braces; only plain names are
    allowed ({a.b} or {a[0]} could reach into objects), which the caller reports."""
    return [field for _, field, _, _ in _FORMATTER.parse(template) if field is not None]


def render(template: str, values: dict[str, str]) -> str:
    """Fill a template's {names}; an unknown name renders empty (a rule never breaks sending)."""
    parts: list[str] = []
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError:
        return template
    for literal, field, _, _ in parsed:
        parts.append(literal)
        if field is not None:
            parts.append(str(values.get(field, "")))
    return "".join(parts)
