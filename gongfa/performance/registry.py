"""What the domain apps count (计量): measures, derived measures and fact sources.

Each domain app registers its own in a `measures.py` module (found by autodiscovery when this app
is ready, as the admin finds admin.py). This module imports no domain app, so mediation,
appointments and outreach add their measures when they land with no change here.

- A Measure is a named number summed per day (a flow: orders received, closed on time, seconds of
  review) or carried forward (a stock: villages with an adviser).
- A DerivedMeasure stands for a sum of measures that depends on a region's settings (满意 counts
  the grades the region's setting names).
- A FactSource turns one subject (a work order, a legal-aid case …) into Contributions: the
  measure, the day, the dimensions and the value. The same function serves the incremental path
  and the rebuild, so the two cannot disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Model, Q, QuerySet

from gongfa.core.i18n import Label
from gongfa.performance.choices import MeasureKind

if TYPE_CHECKING:
    from gongfa.audit.models import Event
    from gongfa.network.models import Region

# Stock measures that do not come with a date (a village exists) count from this day.
EPOCH = datetime.date(2000, 1, 1)

# Dimensions an indicator may filter on, with the Contribution field each reads.
FILTER_DIMENSIONS = {
    "service": "service",
    "channel": "channel",
    "topic": "topic",
    "special_group": "special_groups",
    "tier": "tier",
}
ANY_SPECIAL_GROUP = "any"


class Contribution(NamedTuple):
    """One subject's part of a day's fact (贡献)."""

    measure: str
    day: datetime.date
    region_code: str = ""
    point_id: int = 0
    person_id: int = 0
    agency_id: int = 0
    service: str = ""
    channel: str = ""
    topic: str = ""
    special_groups: int = 0
    tier: str = ""
    value: int = 1

    @property
    def key(self) -> tuple[Any, ...]:
        return tuple(self[:-1])


KEY_FIELDS: tuple[str, ...] = Contribution._fields[:-1]


@dataclass(frozen=True)
class Measure:
    code: str
    name: Label
    unit: Label = "件"
    kind: str = MeasureKind.FLOW
    description: Label = ""
    app: str = ""


@dataclass(frozen=True)
class DerivedMeasure:
    """A measure that stands for a sum of registered measures chosen by a region's settings."""

    code: str
    name: str
    expand: Callable[[Region | None, datetime.date], list[str]]
    unit: str = "件"
    description: Label = ""
    app: str = ""


@dataclass(frozen=True)
class FactSource:
    """A kind of subject whose state contributes facts.

    - queryset(): the subjects with what contribute() reads (select_related / prefetch_related);
    - contribute(subject): its contributions now;
    - subjects_of_event(event): which subjects of this source an audit event changed (default: the
      event's own subject when it is of this model);
    - created_field: the subject's first moment; a subject created after a day never contributes
      to it (the rebuild of a date range reads only the subjects created by its end);
    - without_events: subjects that can appear with no audit event (regions and points entered in
      the admin): the periodic sweep picks up those without a ledger yet.
    """

    name: str
    model: type[Model]
    contribute: Callable[[Any], Iterable[Contribution]]
    queryset: Callable[[], QuerySet[Any]]
    subjects_of_event: Callable[[Event], Iterable[int]] | None = None
    created_field: str = ""
    app: str = ""
    measures: tuple[str, ...] = field(default=())
    without_events: bool = False

    def rebuild_filter(self, end: datetime.date) -> Q:
        if not self.created_field:
            return Q()
        from gongfa.performance.periods import day_end

        return Q(**{f"{self.created_field}__lt": day_end(end)})


_measures: dict[str, Measure] = {}
_derived: dict[str, DerivedMeasure] = {}
_sources: dict[str, FactSource] = {}
_topic_labels: list[Callable[[], dict[str, str]]] = []


def register_topic_labels(labels: Callable[[], dict[str, str]]) -> None:
    """A domain app's names for the codes it writes in the facts' topic dimension (work orders:
    their topics; mediation: its dispute categories). Read when a page labels a topic mix; an app
    registered earlier keeps its name for a code both use."""
    if labels not in _topic_labels:
        _topic_labels.append(labels)


def topic_labels() -> dict[str, str]:
    names: dict[str, str] = {}
    for labels in _topic_labels:
        for code, name in labels().items():
            names.setdefault(code, name)
    return names


def register_measure(measure: Measure) -> Measure:
    if measure.code in _derived:
        raise ValueError(f"measure {measure.code!r} is already a derived measure")
    _measures[measure.code] = measure
    return measure


def register_measures(measures: Iterable[Measure]) -> None:
    for measure in measures:
        register_measure(measure)


def register_derived_measure(measure: DerivedMeasure) -> DerivedMeasure:
    if measure.code in _measures:
        raise ValueError(f"derived measure {measure.code!r} is already a measure")
    _derived[measure.code] = measure
    return measure


def register_source(source: FactSource) -> FactSource:
    _sources[source.name] = source
    return source


def measure(code: str) -> Measure | None:
    return _measures.get(code)


def derived_measure(code: str) -> DerivedMeasure | None:
    return _derived.get(code)


def is_known(code: str) -> bool:
    return code in _measures or code in _derived


def measures() -> list[Measure]:
    return sorted(_measures.values(), key=lambda item: item.code)


def derived_measures() -> list[DerivedMeasure]:
    return sorted(_derived.values(), key=lambda item: item.code)


def sources() -> list[FactSource]:
    return list(_sources.values())


def source(name: str) -> FactSource:
    return _sources[name]


def expand(code: str, region: Region | None, on: datetime.date) -> list[str]:
    """The registered measures a measure code stands for in a region (itself, unless derived)."""
    derived = _derived.get(code)
    if derived is None:
        return [code]
    return derived.expand(region, on)


def kind_of(code: str) -> str:
    found = _measures.get(code)
    return found.kind if found is not None else MeasureKind.FLOW
