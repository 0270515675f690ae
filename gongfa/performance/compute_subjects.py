"""Indicator values per service point, agency or person (按服务平台、机构、人员取数).

compute.py answers per region (RollupFact); evaluations rate the points, agencies and people
beneath a region, which only DailyFact knows (its point_id, agency_id and person_id columns).
subject_values() reads them in ONE query per call, whatever the number of indicators and
subjects: DailyFact rows of the measures asked, grouped by the subject column, each (measure,
filters) pair summed with its own conditional aggregate. The values are then computed with
compute.evaluate and the same terms, so an indicator means here exactly what it means on the dashboards.

Which rows count:
- subject_ids given: the facts credited to these subjects, wherever the requester lives (a
  county centre answering a village's order is rated on it);
- otherwise: every subject credited with facts whose region_code lies in the region's subtree.
Facts credited to nobody (id 0) are never a subject.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, Sum

from gongfa.network.models import Region
from gongfa.performance import registry
from gongfa.performance.choices import MeasureKind, SubjectKind
from gongfa.performance.compute import Filters, Term, Value, _group_mask, evaluate, subtree_q, terms_of
from gongfa.performance.models import DailyFact, Indicator

SUBJECT_FIELDS = {
    SubjectKind.POINT: "point_id",
    SubjectKind.AGENCY: "agency_id",
    SubjectKind.PERSON: "person_id",
}


@dataclass(frozen=True)
class _Ask:
    measure: str
    filters: Filters


def _expansions(indicators: Iterable[Indicator], region: Region | None, on: datetime.date) -> dict[str, list[str]]:
    """Each measure code the indicators name → the registered measures it stands for (a derived
    measure reads the region's setting once here, not once per subject)."""
    found: dict[str, list[str]] = {}
    for indicator in indicators:
        for term in terms_of(indicator):
            for code in term.measures:
                if code not in found:
                    found[code] = registry.expand(code, region, on)
    return found


def _asks(indicators: Iterable[Indicator], expansions: dict[str, list[str]]) -> list[_Ask]:
    asks: dict[tuple[str, Filters], _Ask] = {}
    for indicator in indicators:
        for term in terms_of(indicator):
            filters = term.filters.narrowed(Filters())
            for code in term.measures:
                for measure in expansions[code]:
                    asks.setdefault((measure, filters), _Ask(measure, filters))
    return list(asks.values())


def _condition(ask: _Ask, start: datetime.date, end: datetime.date, bits_alias: str | None) -> Q:
    low = registry.EPOCH if registry.kind_of(ask.measure) == MeasureKind.STOCK else start
    condition = Q(measure=ask.measure, day__range=(low, end))
    for name, values in ask.filters.active().items():
        if name == "special_group":
            assert bits_alias is not None
            condition &= ~Q(**{bits_alias: 0})
            continue
        condition &= Q(**{f"{registry.FILTER_DIMENSIONS[name]}__in": values})
    return condition


def subject_sums(
    indicators: Sequence[Indicator],
    kind: str,
    *,
    region: Region | None,
    start: datetime.date,
    end: datetime.date,
    subject_ids: Iterable[int] | None = None,
    expansions: dict[str, list[str]] | None = None,
) -> dict[tuple[str, Filters, str, str], int]:
    """{(measure, filters, str(subject id), ""): value}, the shape compute.value_of reads (the
    subject's id stands where a region code would): one query (plus a derived measure's setting
    when expansions are not given)."""
    field = SUBJECT_FIELDS[SubjectKind(kind)]
    asks = _asks(indicators, expansions if expansions is not None else _expansions(indicators, region, end))
    found: dict[tuple[str, Filters, str, str], int] = {}
    if not asks:
        return found
    queryset = DailyFact.objects.filter(measure__in=sorted({ask.measure for ask in asks}), day__lte=end)
    if subject_ids is not None:
        ids = sorted({int(pk) for pk in subject_ids})
        if not ids:
            return found
        queryset = queryset.filter(**{f"{field}__in": ids})
    else:
        if region is not None:
            queryset = queryset.filter(subtree_q(region))
        queryset = queryset.exclude(**{field: 0})
    aggregates: dict[str, Any] = {}
    bit_aliases: dict[int, str] = {}
    for index, ask in enumerate(asks):
        alias = None
        groups = ask.filters.special_group
        if groups:
            mask = _group_mask(groups)
            alias = bit_aliases.get(mask)
            if alias is None:
                alias = bit_aliases[mask] = f"bits_{len(bit_aliases)}"
                queryset = queryset.annotate(**{alias: F("special_groups").bitand(mask)})
        aggregates[f"ask_{index}"] = Sum("value", filter=_condition(ask, start, end, alias))
    rows = queryset.values(field).annotate(**aggregates).order_by()
    for row in rows:
        subject = str(row[field])
        for index, ask in enumerate(asks):
            total = row[f"ask_{index}"]
            if total:
                found[(ask.measure, ask.filters, subject, "")] = int(total)
    return found


def subject_values(
    indicators: Sequence[Indicator],
    kind: str,
    *,
    region: Region | None,
    start: datetime.date,
    end: datetime.date,
    subject_ids: Iterable[int] | None = None,
) -> dict[int, dict[str, Value]]:
    """Each subject's value of each indicator over [start, end]: {subject id: {code: Value}}.
    With subject_ids every one of them is answered (empty values where it has no facts);
    otherwise the subjects found in the region's subtree. One query on the facts, plus one per
    derived measure's region setting (满意 grades), whatever the number of subjects."""
    ids = None if subject_ids is None else sorted({int(pk) for pk in subject_ids})
    expansions = _expansions(indicators, region, end)
    found = subject_sums(indicators, kind, region=region, start=start, end=end, subject_ids=ids, expansions=expansions)
    if ids is None:
        ids = sorted({int(code) for (_m, _f, code, _g) in found})
    return {
        subject: {indicator.code: _value(indicator, found, expansions, str(subject)) for indicator in indicators}
        for subject in ids
    }


def _term_total(
    term: Term, found: dict[tuple[str, Filters, str, str], int], expansions: dict[str, list[str]], subject: str
) -> int:
    filters = term.filters.narrowed(Filters())
    return sum(found.get((measure, filters, subject, ""), 0) for code in term.measures for measure in expansions[code])


def _value(
    indicator: Indicator,
    found: dict[tuple[str, Filters, str, str], int],
    expansions: dict[str, list[str]],
    subject: str,
) -> Value:
    """As compute.value_of, with the expansions read once for every subject."""
    terms = terms_of(indicator)
    numerator = _term_total(terms[0], found, expansions, subject)
    denominator = _term_total(terms[1], found, expansions, subject) if len(terms) > 1 else None
    return evaluate(indicator, numerator, denominator)
