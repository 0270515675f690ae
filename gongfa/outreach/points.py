"""Public-good points (公益法律服务积分): the pure computation from a year's totals per source to
points, the band and whether the yearly minimum is met, and `check_scheme`, the validation of a
points scheme's rules and bands (kept as data in PointsScheme, practice.md §c).

Nothing here touches the database: the selectors sum the records with aggregate queries and hand
the totals to `score`, so the rules can be tested as a table.

Rules, per source (a PublicGoodSource value)::

    {"legal_aid_case": {"per_case": 15}, "duty_shift": {"per_hour": 1},
     "duty_help": {"per_record": 2, "cap": 20}, ...}

- ``per_hour`` × hours + ``per_case`` × legal-aid cases + ``per_record`` × records, then capped by
  the optional ``cap`` (the most points a year from that source);
- the total is capped at the scheme's ``max_points``;
- bands are ``[min, max)`` ranges (``max`` null: open above), sorted, without gaps or overlaps,
  starting at 0; a score is in the band whose range holds it (59.9 → 不合格, 60 → 合格);
- the minimum is met with ≥ minimum_hours hours OR ≥ minimum_legal_aid_cases legal-aid cases
  (司法部 2019: ≥ 50 hours a year or ≥ 2 legal-aid cases).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

from gongfa.core.errors import Problems
from gongfa.outreach.choices import PublicGoodSource

RATE_KEYS = ("per_hour", "per_case", "per_record")
RULE_KEYS = (*RATE_KEYS, "cap")
ZERO = Decimal(0)
# A rate or cap beyond this is a typo (the seeded rates are 1–15 points).
MAX_RATE = Decimal(1000)


@dataclass(frozen=True)
class SourceTotals:
    """One source's totals for a person (or firm) and year."""

    hours: Decimal = ZERO
    cases: int = 0
    records: int = 0


@dataclass(frozen=True)
class Band:
    name: str
    low: Decimal
    high: Decimal | None  # None: open above

    def holds(self, score: Decimal) -> bool:
        return score >= self.low and (self.high is None or score < self.high)


@dataclass(frozen=True)
class Scheme:
    """What `score` needs of a PointsScheme (built with `scheme_of`)."""

    rules: Mapping[str, Mapping[str, Any]]
    bands: Sequence[Band]
    minimum_hours: Decimal = Decimal(50)
    minimum_cases: int = 2
    max_points: Decimal = Decimal(100)


@dataclass(frozen=True)
class Score:
    """A year's result (年度公益法律服务结果)."""

    hours: Decimal
    cases: int
    by_source: dict[str, Decimal] = field(default_factory=dict)  # points per source, each capped
    uncapped: Decimal = ZERO  # the sum of by_source before max_points
    total: Decimal = ZERO
    band: str = ""
    minimum_met: bool = False
    met_by: str = ""  # "hours", "cases", "hours+cases" or ""


def _dec(value: Any) -> Decimal:
    if value is None or value == "":
        return ZERO
    return Decimal(str(value))


def scheme_of(obj: Any) -> Scheme:
    """A Scheme from a PointsScheme (or anything with its attributes)."""
    return Scheme(
        rules=obj.rules or {},
        bands=bands_of(obj.bands or []),
        minimum_hours=_dec(obj.minimum_hours),
        minimum_cases=int(obj.minimum_legal_aid_cases or 0),
        max_points=_dec(obj.max_points),
    )


def bands_of(raw: Sequence[Mapping[str, Any]]) -> list[Band]:
    """The bands of a valid scheme, lowest first."""
    bands = [Band(str(b["band"]), _dec(b.get("min")), None if b.get("max") is None else _dec(b["max"])) for b in raw]
    return sorted(bands, key=lambda b: b.low)


def band_for(score: Decimal, bands: Sequence[Band]) -> str:
    for band in bands:
        if band.holds(score):
            return band.name
    return ""


def source_points(rule: Mapping[str, Any], totals: SourceTotals) -> Decimal:
    """One source's points: rates × totals, capped by the rule's cap when it has one."""
    points = (
        _dec(rule.get("per_hour")) * totals.hours
        + _dec(rule.get("per_case")) * totals.cases
        + _dec(rule.get("per_record")) * totals.records
    )
    cap = rule.get("cap")
    if cap is not None:
        points = min(points, _dec(cap))
    return points


def score(scheme: Scheme, totals: Mapping[str, SourceTotals]) -> Score:
    """The year's result from its totals per source (sources the rules do not name score 0)."""
    by_source: dict[str, Decimal] = {}
    hours = ZERO
    cases = 0
    for source, found in totals.items():
        hours += found.hours
        cases += found.cases
        rule = scheme.rules.get(source)
        if rule:
            by_source[source] = source_points(rule, found)
    uncapped = sum(by_source.values(), ZERO)
    total = min(uncapped, scheme.max_points)
    by_hours = hours >= scheme.minimum_hours
    by_cases = scheme.minimum_cases > 0 and cases >= scheme.minimum_cases
    met_by = "+".join(name for name, met in (("hours", by_hours), ("cases", by_cases)) if met)
    return Score(
        hours=hours,
        cases=cases,
        by_source=by_source,
        uncapped=uncapped,
        total=total,
        band=band_for(total, scheme.bands),
        minimum_met=by_hours or by_cases,
        met_by=met_by,
    )


# ---------------------------------------------------------------------------------------------
# Validation of a scheme (the admin form's clean)


def _number(problems: Problems, field_name: str, where: str, value: Any, *, allow_none: bool = False) -> Decimal | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        problems.add(field_name, gettext("{where}须是数字。").format(where=where), code="not_a_number")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.add(field_name, gettext("{where}须是数字。").format(where=where), code="not_a_number")
        return None
    if not number.is_finite():
        problems.add(field_name, gettext("{where}须是数字。").format(where=where), code="not_a_number")
        return None
    if number < 0:
        problems.add(
            field_name,
            gettext("{where}不能为负数（现在是 {value}）。").format(where=where, value=value),
            code="negative",
        )
        return None
    return number


def _check_rules(problems: Problems, rules: Any) -> None:
    if not isinstance(rules, dict):
        problems.add(
            "rules", gettext('计分规则须是以来源为键的对象，如 {"duty_shift": {"per_hour": 1}}。'), code="rules_shape"
        )
        return
    labels = dict(PublicGoodSource.choices)
    for source, rule in rules.items():
        if source not in labels:
            known = "、".join(PublicGoodSource.values)
            problems.add(
                "rules",
                gettext("计分规则中的来源“{source}”不存在（可用：{known}）。").format(source=source, known=known),
                code="unknown_source",
            )
            continue
        label = labels[source]
        if not isinstance(rule, dict):
            problems.add(
                "rules",
                gettext('“{label}”的规则须是对象，如 {{"per_hour": 1}}。').format(label=label),
                code="rule_shape",
            )
            continue
        unknown = [key for key in rule if key not in RULE_KEYS]
        if unknown:
            problems.add(
                "rules",
                gettext("“{label}”的规则含未知项 {join}（可用：{join2}）。").format(
                    label=label, join="、".join(map(str, unknown)), join2="、".join(RULE_KEYS)
                ),
                code="unknown_rule_key",
            )
        if not any(key in rule for key in RATE_KEYS):
            problems.add(
                "rules",
                gettext("“{label}”的规则须至少有 per_hour、per_case 或 per_record 之一。").format(label=label),
                code="no_rate",
            )
        for key in RULE_KEYS:
            if key in rule:
                number = _number(problems, "rules", f"“{label}”的 {key}", rule[key])
                if number is not None and number > MAX_RATE:
                    problems.add(
                        "rules",
                        gettext("“{label}”的 {key} 不能超过 {MAX_RATE}。").format(
                            label=label, key=key, MAX_RATE=MAX_RATE
                        ),
                        code="too_large",
                    )


def _band_text(band: Mapping[str, Any]) -> str:
    high = "∞" if band.get("max") is None else band.get("max")
    return f"“{band.get('band')}”[{band.get('min')}, {high})"


def _check_bands(problems: Problems, bands: Any) -> None:
    if not isinstance(bands, list) or not bands:
        problems.add(
            "bands", gettext('等次须是非空列表，如 [{"band": "合格", "min": 60, "max": 80}]。'), code="bands_shape"
        )
        return
    parsed: list[tuple[Decimal, Decimal | None, Mapping[str, Any]]] = []
    names: set[str] = set()
    for index, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or not str(band.get("band") or "").strip():
            problems.add(
                "bands",
                gettext("第 {index} 个等次须有名称（band）、下限（min）和上限（max）。").format(index=index),
                code="band_shape",
            )
            continue
        name = str(band["band"]).strip()
        if name in names:
            problems.add("bands", gettext("等次“{name}”重复。").format(name=name), code="band_duplicate")
        names.add(name)
        low = _number(problems, "bands", gettext("等次“{name}”的下限").format(name=name), band.get("min"))
        high = _number(
            problems, "bands", gettext("等次“{name}”的上限").format(name=name), band.get("max"), allow_none=True
        )
        if low is None or (high is None and band.get("max") is not None):
            continue
        if high is not None and high <= low:
            problems.add(
                "bands",
                gettext("等次“{name}”的上限 {high} 须大于下限 {low}。").format(name=name, high=high, low=low),
                code="band_empty",
            )
            continue
        parsed.append((low, high, band))
    if problems.has("bands"):
        return
    parsed.sort(key=lambda item: item[0])
    if parsed[0][0] != 0:
        problems.add(
            "bands",
            gettext("最低的等次须从 0 分起（{band_text}）。").format(band_text=_band_text(parsed[0][2])),
            code="band_gap",
        )
    for (_low_a, high_a, a), (low_b, _high_b, b) in itertools.pairwise(parsed):
        if high_a is None or high_a > low_b:
            problems.add(
                "bands",
                gettext("等次{band_text}与{band_text2}重叠。").format(
                    band_text=_band_text(a), band_text2=_band_text(b)
                ),
                code="band_overlap",
            )
        elif high_a < low_b:
            problems.add(
                "bands",
                gettext("等次{band_text}与{band_text2}之间有空档（{high_a}–{low_b} 分无等次）。").format(
                    band_text=_band_text(a), band_text2=_band_text(b), high_a=high_a, low_b=low_b
                ),
                code="band_gap",
            )
    if parsed[-1][1] is not None:
        problems.add(
            "bands",
            gettext("最高的等次须不设上限（max 为 null）：{band_text}。").format(band_text=_band_text(parsed[-1][2])),
            code="band_gap",
        )


def check_scheme(rules: Any, bands: Any, *, minimum_hours: Any = 0, max_points: Any = 0) -> None:
    """Refuse (ValidationFailed/DomainError with every problem, fields "rules", "bands",
    "minimum_hours", "max_points") a scheme with unknown sources, negative or absurd rates,
    overlapping bands (naming both), gaps between bands, or negative minimums."""
    problems = Problems()
    _check_rules(problems, rules)
    _check_bands(problems, bands)
    _number(problems, "minimum_hours", gettext("年度最低公益服务时长"), minimum_hours)
    _number(problems, "max_points", gettext("积分上限"), max_points)
    problems.raise_if_any()
