"""Evaluation (绩效考评): checking a scheme, running it over a period, typed scores, finalising.

A scheme (EvaluationScheme) lists items whose weights total exactly 100 %. Each item gives every
subject (a service point, an agency or a person, by scheme.subject_kind) a score out of 100:

- component "indicator": the item's indicator over the period, read per subject from DailyFact
  (compute_subjects: one query for every indicator of the run);
- "citizen": the satisfaction rate (满意率, indicator wo_satisfaction_rate unless the item names
  another indicator), so the region's 满意 setting applies;
- "self" / "third_party": a score typed for the run (EvaluationInput, 0–100);
- "legal_aid_quality": the legal-aid quality index (legalaid.services.quality.quality_index) of the
  provider (person schemes) or the provider agency (agency schemes).

How an item's value becomes its score (the scoring rule follows from the stored item):
- bands: [{"min": 95, "score": 100}, {"min": 90, "score": 80}, …] read from the top, the first band
  the value reaches gives the score; a lower-is-better indicator uses "max" (value ≤ max); below
  the last band: 0;
- no bands, a count-like indicator (unit not % or 分): share of the best (以最高者为满分) — the
  subject's value ÷ the best value among the run's subjects × 100 (so a scheme does not depend on
  the period's length or the size of the region);
- no bands otherwise (a rate, a typed score, the quality index): the value itself, 0–100.
A subject without data for an item scores 0 on it, and the explanation says 无数据.

weighted = score × weight ÷ 100 (two places); total = Σ weighted; grade by scheme.grade_bands (first
band whose min the total reaches); ranks by total, ties share a rank (1, 1, 3).

A run (EvaluationRun) is a draft until finalised: a draft's results are recomputed on demand and
after typed scores change; finalising recomputes once more and freezes them. Each run keeps its own
results, so earlier runs stay as history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import Label, stored_text
from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region, ServicePoint
from gongfa.network.scope import scope_for
from gongfa.performance.choices import Direction, EvaluationComponent, EvaluationRunStatus, SubjectKind, Unit
from gongfa.performance.compute import Value
from gongfa.performance.compute_subjects import subject_values
from gongfa.performance.models import (
    EvaluationInput,
    EvaluationItem,
    EvaluationResult,
    EvaluationRun,
    EvaluationScheme,
    Indicator,
)

CHANNEL = Channel.WORKBENCH
SATISFACTION_INDICATOR = "wo_satisfaction_rate"
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")
TYPED = (EvaluationComponent.SELF, EvaluationComponent.THIRD_PARTY)
VALUE_UNITS = (Unit.PERCENT, Unit.SCORE)
MAX_TITLE = 128
MAX_PERIOD_DAYS = 366 * 3

# Agencies rated by a scheme with the legal-aid quality index: those whose people handle legal aid.
PROVIDER_AGENCY_KINDS = (AgencyKind.LAW_FIRM, AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE, AgencyKind.LEGAL_AID_CENTRE)
# People rated by a scheme without the quality index: front-line staff (窗口人员、法律顾问、坐席).
FRONT_LINE_ROLES = (Role.WINDOW_STAFF, Role.VILLAGE_ADVISOR, Role.HOTLINE_AGENT)

ER = EvaluationRunStatus
EVALUATION_TRANSITIONS = TransitionTable(
    "evaluation_run",
    EvaluationRunStatus,
    [Transition("finalise", (ER.DRAFT,), ER.FINAL, _("定稿"))],
)


# --- numbers as the explanations write them ---------------------------------------------------------


def fmt(value: Decimal | int | float) -> str:
    """92.50 → "92.5", 80.00 → "80", never an exponent."""
    number = Decimal(str(value))
    text = format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def fmt_weighted(value: Decimal) -> str:
    """A weighted score with at least one decimal: 24 → "24.0", 26.66 → "26.66"."""
    text = fmt(value)
    return text if "." in text else f"{text}.0"


def unit_text(unit: str) -> str:
    try:
        return stored_text(Unit(unit).label)
    except ValueError:
        return ""


# --- checking a scheme -----------------------------------------------------------------------------


def check_weights(weights: Iterable[Any], *, field: str | None = "weight") -> None:
    """The weights must total exactly 100 %: "权重合计 95%，应为 100%。" otherwise."""
    total = Decimal(0)
    for weight in weights:
        try:
            total += Decimal(str(weight))
        except InvalidOperation:
            raise DomainError(gettext("权重应为数字。"), code="invalid_weight", field=field) from None
    if total != HUNDRED:
        raise DomainError(
            gettext("权重合计 {fmt}%，应为 100%。").format(fmt=fmt(total)), code="weights_total", field=field
        )


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_bands(bands: Any, *, direction: str = Direction.HIGHER, label: Label | None = None) -> list[str]:
    """The problems of a band list (empty when well-formed): each band {"min": x, "score": s} (or
    "max" for a lower-is-better value), scores 0–100, read from the top: thresholds strictly
    falling ("min") or rising ("max") and scores strictly falling."""
    if bands in (None, []):
        return []
    label = gettext("评分档次") if label is None else label
    if not isinstance(bands, list):
        return [gettext("{label}应为列表。").format(label=label)]
    key = "max" if direction == Direction.LOWER else "min"
    other = "min" if key == "max" else "max"
    problems: list[str] = []
    previous: tuple[Decimal, Decimal] | None = None
    for index, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or "score" not in band or key not in band:
            hint = (
                gettext("越低越好的指标用 max（不超过）") if key == "max" else gettext("越高越好的指标用 min（不低于）")
            )
            problems.append(
                gettext("{label}第 {index} 档应写明 {key} 与 score（{hint}）。").format(
                    label=label, index=index, key=key, hint=hint
                )
            )
            continue
        if other in band:
            problems.append(gettext("{label}第 {index} 档不能同时写 min 和 max。").format(label=label, index=index))
        bound, score = _number(band[key]), _number(band["score"])
        if bound is None or score is None:
            problems.append(
                gettext("{label}第 {index} 档的 {key} 与 score 应为数字。").format(label=label, index=index, key=key)
            )
            continue
        if not 0 <= score <= HUNDRED:
            problems.append(
                gettext("{label}第 {index} 档的得分 {score} 应在 0 到 100 之间。").format(
                    label=label, index=index, score=fmt(score)
                )
            )
        if previous is not None:
            before_bound, before_score = previous
            if (key == "min" and bound >= before_bound) or (key == "max" and bound <= before_bound):
                order = gettext("从高到低") if key == "min" else gettext("从低到高")
                problems.append(
                    gettext("{label}第 {index} 档的界值 {bound} 应{order}排列（上一档 {before}）。").format(
                        label=label, index=index, bound=fmt(bound), order=order, before=fmt(before_bound)
                    )
                )
            if score >= before_score:
                problems.append(
                    gettext("{label}第 {index} 档的得分 {score} 应低于上一档的 {before}。").format(
                        label=label, index=index, score=fmt(score), before=fmt(before_score)
                    )
                )
        previous = (bound, score)
    return problems


def check_grade_bands(bands: Any) -> list[str]:
    """grade_bands: [{"min": 90, "grade": "优秀"}, …], mins strictly falling, grades named."""
    if not isinstance(bands, list) or not bands:
        return [gettext('等次划分至少要有一档，如 [{"min": 90, "grade": "优秀"}]。')]
    problems: list[str] = []
    previous: Decimal | None = None
    for index, band in enumerate(bands, start=1):
        bound = _number(band.get("min")) if isinstance(band, dict) else None
        grade = band.get("grade") if isinstance(band, dict) else None
        if bound is None or not isinstance(grade, str) or not grade.strip() or len(grade) > 16:
            problems.append(
                gettext("等次划分第 {index} 档应写明 min（分数）与 grade（等次名称，16 字以内）。").format(index=index)
            )
            continue
        if previous is not None and bound >= previous:
            problems.append(
                gettext("等次划分第 {index} 档的分数线 {bound} 应低于上一档的 {before}。").format(
                    index=index, bound=fmt(bound), before=fmt(previous)
                )
            )
        previous = bound
    return problems


@dataclass(frozen=True)
class ItemSpec:
    """An item as a form or a data file gives it, before it is stored."""

    code: str
    name: str
    component: str
    weight: Any
    indicator: Indicator | None = None
    bands: Any = None
    scoring: str = ""  # "", "bands", "value" or "share_of_best": only to check against the rest


def scoring_of(component: str, indicator: Indicator | None, bands: Any) -> str:
    """How an item is scored, from what is stored (see the module docstring)."""
    if bands:
        return "bands"
    if component in (EvaluationComponent.INDICATOR, EvaluationComponent.CITIZEN) and indicator is not None:
        return "value" if indicator.unit in VALUE_UNITS else "share_of_best"
    return "value"


def check_items(subject_kind: str, items: list[ItemSpec], grade_bands: Any) -> None:
    """A whole scheme's checks, every problem at once (field "items" / "weight" / "grade_bands")."""
    problems = Problems()
    if subject_kind not in SubjectKind.values:
        problems.add("subject_kind", gettext("考评对象应为服务平台、法律服务机构或工作人员。"), code="invalid_kind")
    if not items:
        problems.add("items", gettext("考评方案至少要有一个考评项目。"), code="no_items")
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        where = gettext("第 {index} 项“{value}”").format(index=index, value=item.name or item.code)
        if not item.code or item.code in seen:
            problems.add("items", gettext("{where}的项目代码为空或重复。").format(where=where), code="item_code")
        seen.add(item.code)
        if item.component not in EvaluationComponent.values:
            problems.add(
                "items",
                gettext("{where}的评分来源“{component}”不存在。").format(where=where, component=item.component),
                code="component",
            )
            continue
        weight = _number(item.weight)
        if weight is None or weight <= 0 or weight > HUNDRED:
            problems.add(
                "items",
                gettext("{where}的权重应为大于 0、不超过 100 的数字。").format(where=where),
                code="invalid_weight",
            )
        if item.component == EvaluationComponent.INDICATOR and item.indicator is None:
            problems.add("items", gettext("{where}须指定一个系统指标。").format(where=where), code="no_indicator")
        if item.component in (*TYPED, EvaluationComponent.LEGAL_AID_QUALITY) and item.indicator is not None:
            problems.add(
                "items",
                gettext("{where}的评分来源不取系统指标，不能指定指标。").format(where=where),
                code="extra_indicator",
            )
        if item.component == EvaluationComponent.LEGAL_AID_QUALITY and subject_kind == SubjectKind.POINT:
            problems.add(
                "items",
                gettext("{where}：法律援助质量指数只能考评承办人员或承办机构，不能考评服务平台。").format(where=where),
                code="quality",
            )
        direction = item.indicator.direction if item.indicator is not None else Direction.HIGHER
        for message in check_bands(
            item.bands, direction=direction, label=gettext("{where}的评分档次").format(where=where)
        ):
            problems.add("items", message, code="bands")
        actual = scoring_of(item.component, item.indicator, item.bands)
        if item.scoring and item.scoring != actual:
            wanted = {
                "bands": gettext("分档计分"),
                "value": gettext("按实际值计分"),
                "share_of_best": gettext("以最高者为满分按比例计分"),
            }
            problems.add(
                "items",
                gettext(
                    "{where}写明“{get}”，但按其指标与档次只能“{value}”（计数类指标不分档时按比例，比率类不分档时按实际值）。"
                ).format(where=where, get=wanted.get(item.scoring, item.scoring), value=wanted[actual]),
                code="scoring",
            )
    with problems.check():
        check_weights([item.weight for item in items if _number(item.weight) is not None])
    for message in check_grade_bands(grade_bands):
        problems.add("grade_bands", message, code="grade_bands")
    problems.raise_if_any()


def check_scheme(scheme: EvaluationScheme) -> None:
    """The stored scheme's checks (the admin, a form, and every run call it)."""
    items = [
        ItemSpec(
            code=item.code,
            name=item.name,
            component=item.component,
            weight=item.weight,
            indicator=item.indicator,
            bands=item.bands,
        )
        for item in scheme.items.select_related("indicator").order_by("order")
    ]
    check_items(scheme.subject_kind, items, scheme.grade_bands)


# --- who is rated ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    id: int
    name: str


def _has_quality(items: Iterable[EvaluationItem]) -> bool:
    return any(item.component == EvaluationComponent.LEGAL_AID_QUALITY for item in items)


# Indicators that only a village adviser has (per village served): a person scheme reading one rates
# the advisers of the region's villages, not every front-line member of staff.
ADVISER_ONLY_INDICATORS = frozenset({"out_visits_per_village"})


def _rates_advisers(items: Iterable[EvaluationItem]) -> bool:
    return any(item.indicator is not None and item.indicator.code in ADVISER_ONLY_INDICATORS for item in items)


def subjects_of(kind: str, region: Region, items: Iterable[EvaluationItem]) -> list[Subject]:
    """Who a run rates, in one query:
    - points: the active service points in the region's subtree;
    - agencies: the active agencies there (only legal-aid providers' kinds when the scheme reads the
      quality index; never the justice bureau itself);
    - people: with the quality index, the legal-aid providers whose agency is in the subtree;
      with an adviser-only indicator (visits per village served), the village advisers of its
      villages; otherwise the front-line staff posted at a point or agency there and the village
      advisors of its villages."""
    low, high = region.subtree_bounds()
    if kind == SubjectKind.POINT:
        rows = ServicePoint.objects.filter(is_active=True, region__code__range=(low, high)).order_by("name", "pk")
        return [Subject(pk, name) for pk, name in rows.values_list("pk", "name")]
    if kind == SubjectKind.AGENCY:
        agencies = Agency.objects.filter(is_active=True, region__code__range=(low, high))
        if _has_quality(items):
            agencies = agencies.filter(kind__in=PROVIDER_AGENCY_KINDS)
        else:
            agencies = agencies.exclude(kind=AgencyKind.JUSTICE_BUREAU)
        return [Subject(pk, name) for pk, name in agencies.order_by("name", "pk").values_list("pk", "name")]
    if _has_quality(items):
        people = User.objects.filter(
            is_active=True, legalaid_profile__agency__region__code__range=(low, high)
        ).distinct()
    else:
        posted = Q(postings__is_active=True, postings__role__in=FRONT_LINE_ROLES) & (
            Q(postings__point__region__code__range=(low, high)) | Q(postings__agency__region__code__range=(low, high))
        )
        advising = Q(advisor_assignments__is_active=True, advisor_assignments__village__code__range=(low, high))
        wanted = advising if _rates_advisers(items) else posted | advising
        people = User.objects.filter(is_active=True).filter(wanted).distinct()
    named = people.order_by("real_name", "username", "pk").values_list("pk", "real_name", "username")
    return [Subject(pk, real_name or username) for pk, real_name, username in named]


# --- scoring one item ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    value: Decimal | None
    score: Decimal
    weighted: Decimal
    explanation: str

    def as_json(self, item: EvaluationItem, unit: str) -> dict[str, Any]:
        return {
            "code": item.code,
            "name": item.name,
            "component": item.component,
            "weight": fmt(item.weight),
            "value": None if self.value is None else fmt(self.value),
            "unit": unit,
            "score": fmt(self.score),
            "weighted": fmt_weighted(self.weighted),
            "explanation": self.explanation,
        }


def weighted_score(score: Decimal, weight: Decimal) -> Decimal:
    return (score * Decimal(weight) / HUNDRED).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _tail(score: Decimal, weight: Decimal) -> tuple[Decimal, str]:
    weighted = weighted_score(score, weight)
    return weighted, f"得 {fmt(score)} 分 × 权重 {fmt(weight)}% = {fmt_weighted(weighted)}"


def band_score(value: Decimal, bands: list[dict[str, Any]], direction: str) -> tuple[Decimal, dict[str, Any] | None]:
    """The score of the first band the value reaches (from the top), and that band; (0, None)
    below the last band."""
    key = "max" if direction == Direction.LOWER else "min"
    for band in bands:
        bound = Decimal(str(band[key]))
        if (value <= bound) if key == "max" else (value >= bound):
            return Decimal(str(band["score"])), band
    return Decimal(0), None


def score_item(
    *,
    label: str,
    value: Decimal | None,
    unit: str,
    weight: Decimal,
    bands: list[dict[str, Any]],
    direction: str,
    scoring: str,
    best: Decimal | None = None,
) -> Scored:
    """One item for one subject: its score out of 100, weighted, and the sentence explaining it."""
    if value is None:
        weighted, tail = _tail(Decimal(0), weight)
        return Scored(None, Decimal(0), weighted, f"{label}无数据，{tail}")
    shown = f"{label} {fmt(value)}{unit}"
    if scoring == "bands":
        score, band = band_score(value, bands, direction)
        weighted, tail = _tail(score, weight)
        op, key = ("≤", "max") if direction == Direction.LOWER else ("≥", "min")
        if band is None:
            last = fmt(Decimal(str(bands[-1][key])))
            return Scored(value, score, weighted, f"{shown}，未达到最低档（{op}{last}{unit}），{tail}")
        bound = fmt(Decimal(str(band[key])))
        return Scored(value, score, weighted, f"{shown}，落在 {op}{bound}{unit} 档，{tail}")
    if scoring == "share_of_best":
        if not best or best <= 0:
            weighted, tail = _tail(Decimal(0), weight)
            return Scored(value, Decimal(0), weighted, f"{shown}，各对象最高值为 0，{tail}")
        score = min(HUNDRED, max(Decimal(0), value / best * HUNDRED)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
        weighted, tail = _tail(score, weight)
        return Scored(value, score, weighted, f"{shown}，为最高值 {fmt(best)}{unit} 的 {fmt(score)}%，{tail}")
    score = min(HUNDRED, max(Decimal(0), value))
    weighted, tail = _tail(score, weight)
    return Scored(value, score, weighted, f"{shown}，按实际值计分，{tail}")


def grade_of(total: Decimal, grade_bands: list[dict[str, Any]]) -> str:
    for band in grade_bands:
        if total >= Decimal(str(band["min"])):
            return str(band["grade"])
    return ""


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """Ranks of totals already sorted from the highest: ties share a rank (1, 1, 3)."""
    ranks: list[int] = []
    for index, total in enumerate(totals):
        ranks.append(ranks[-1] if index and total == totals[index - 1] else index + 1)
    return ranks


# --- computing a run -------------------------------------------------------------------------------


def _quality_values(run: EvaluationRun, kind: str, subject_ids: list[int]) -> dict[int, Decimal | None]:
    from gongfa.legalaid.services.quality import quality_index

    if not subject_ids:
        return {}
    if kind == SubjectKind.PERSON:
        # Unsaved stand-ins: quality_index reads only their pk (no query to fetch them).
        providers = [User(pk=pk) for pk in subject_ids]
        index = quality_index(start=run.period_start, end=run.period_end, providers=providers, region=run.region)
        rows = index.providers
    else:
        agencies = [Agency(pk=pk) for pk in subject_ids]
        index = quality_index(start=run.period_start, end=run.period_end, agencies=agencies, region=run.region)
        rows = index.agencies
    return {row.id: row.index for row in rows}


def compute_results(run: EvaluationRun) -> list[EvaluationResult]:
    """Every subject's result for the run (not saved): a fixed number of queries whatever the
    number of subjects and items."""
    scheme = run.scheme
    items = list(scheme.items.select_related("indicator").order_by("order"))
    kind = scheme.subject_kind
    subjects = subjects_of(kind, run.region, items)
    ids = [subject.id for subject in subjects]
    citizen_default: Indicator | None = None
    if any(i.component == EvaluationComponent.CITIZEN and i.indicator is None for i in items):
        citizen_default = Indicator.objects.filter(code=SATISFACTION_INDICATOR).first()
    indicator_of: dict[int, Indicator | None] = {}
    for item in items:
        if item.component == EvaluationComponent.INDICATOR:
            indicator_of[item.pk] = item.indicator
        elif item.component == EvaluationComponent.CITIZEN:
            indicator_of[item.pk] = item.indicator or citizen_default
    indicators = list({ind.code: ind for ind in indicator_of.values() if ind is not None}.values())
    values: dict[int, dict[str, Value]] = {}
    if indicators and ids:
        values = subject_values(
            indicators, kind, region=run.region, start=run.period_start, end=run.period_end, subject_ids=ids
        )
    typed: dict[tuple[int, int], Decimal] = {}
    if any(item.component in TYPED for item in items):
        typed = {
            (item_id, subject_id): score
            for item_id, subject_id, score in EvaluationInput.objects.filter(run=run).values_list(
                "item_id", "subject_id", "score"
            )
        }
    quality: dict[int, Decimal | None] = {}
    if _has_quality(items):
        quality = _quality_values(run, kind, ids)

    def raw(item: EvaluationItem, subject_id: int) -> Decimal | None:
        if item.component in TYPED:
            return typed.get((item.pk, subject_id))
        if item.component == EvaluationComponent.LEGAL_AID_QUALITY:
            return quality.get(subject_id)
        indicator = indicator_of.get(item.pk)
        if indicator is None:
            return None
        found = values.get(subject_id, {}).get(indicator.code)
        return None if found is None else found.value

    now = timezone.now()
    rows: list[tuple[Subject, Decimal, list[dict[str, Any]]]] = []
    table = {(item.pk, subject.id): raw(item, subject.id) for item in items for subject in subjects}
    for subject in subjects:
        breakdown: list[dict[str, Any]] = []
        total = Decimal(0)
        for item in items:
            indicator = indicator_of.get(item.pk)
            scoring = scoring_of(item.component, indicator, item.bands)
            best = None
            if scoring == "share_of_best":
                present = [v for (item_id, _s), v in table.items() if item_id == item.pk and v is not None]
                best = max(present, default=None)
            unit = unit_text(indicator.unit) if indicator is not None else "分"
            if item.component == EvaluationComponent.LEGAL_AID_QUALITY:
                unit = ""
            scored = score_item(
                label=indicator.name if indicator is not None else item.name,
                value=table[(item.pk, subject.id)],
                unit=unit,
                weight=Decimal(item.weight),
                bands=list(item.bands or []),
                direction=indicator.direction if indicator is not None else Direction.HIGHER,
                scoring=scoring,
                best=best,
            )
            total += scored.weighted
            breakdown.append(scored.as_json(item, unit))
        rows.append((subject, total, breakdown))
    rows.sort(key=lambda row: (-row[1], row[0].name, row[0].id))
    ranks = competition_ranks([row[1] for row in rows])
    return [
        EvaluationResult(
            run=run,
            subject_kind=kind,
            subject_id=subject.id,
            subject_name=subject.name[:128],
            total=total,
            grade=grade_of(total, list(scheme.grade_bands or [])),
            rank=rank,
            breakdown=breakdown,
            computed_at=now,
        )
        for (subject, total, breakdown), rank in zip(rows, ranks, strict=True)
    ]


def _store(run: EvaluationRun) -> list[EvaluationResult]:
    results = compute_results(run)
    EvaluationResult.objects.filter(run=run).delete()
    return EvaluationResult.objects.bulk_create(results)


# --- the verbs -------------------------------------------------------------------------------------


def may_evaluate(actor: User, region: Region) -> bool:
    scope = scope_for(actor)
    return scope.sees_everything or scope.covers_region(region)


def runs_visible_to(actor: User) -> Any:
    """The runs a supervisor may see: those of regions in their subtrees (all for administrators)."""
    scope = scope_for(actor)
    runs = EvaluationRun.objects.select_related("scheme", "region", "created_by")
    if scope.sees_everything:
        return runs
    if not scope.region_ranges:
        return runs.none()
    return runs.filter(scope.region_q("region__code"))


def check_new_run(
    *,
    actor: User,
    scheme: EvaluationScheme | None,
    region: Region | None,
    start: datetime.date | None,
    end: datetime.date | None,
    title: str = "",
) -> None:
    """Every problem of a new run at once; writes nothing."""
    problems = Problems()
    if scheme is None:
        problems.add("scheme", gettext("请选择考评方案。"), code="required")
    elif not scheme.is_active:
        problems.add("scheme", gettext("该考评方案已停用。"), code="inactive")
    else:
        with problems.check():
            check_scheme(scheme)
    if region is None:
        problems.add("region", gettext("请选择考评区划。"), code="required")
    elif not may_evaluate(actor, region):
        problems.add("region", gettext("您只能考评本人负责区划内的对象。"), code="out_of_scope")
    if start is None:
        problems.add("period_start", gettext("请填写起始日期。"), code="required")
    if end is None:
        problems.add("period_end", gettext("请填写截止日期。"), code="required")
    if start is not None and end is not None:
        if start > end:
            problems.add("period_end", gettext("截止日期不能早于起始日期。"), code="invalid_period")
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            problems.add("period_end", gettext("考评期间不能超过三年。"), code="invalid_period")
        if end > timezone.localdate():
            problems.add("period_end", gettext("截止日期不能晚于今天。"), code="future_period")
    if len((title or "").strip()) > MAX_TITLE:
        problems.add("title", gettext("名称不能超过 {MAX_TITLE} 个字。").format(MAX_TITLE=MAX_TITLE), code="too_long")
    problems.raise_if_any()


def run_evaluation(
    actor: User,
    scheme: EvaluationScheme,
    region: Region,
    start: datetime.date,
    end: datetime.date,
    *,
    title: str = "",
) -> EvaluationRun:
    """发起考评: a draft run of the scheme over the region's subjects for [start, end], computed now."""
    check_new_run(actor=actor, scheme=scheme, region=region, start=start, end=end, title=title)
    name = (title or "").strip() or f"{region.name}{scheme.name}（{start:%Y-%m-%d}至{end:%Y-%m-%d}）"[:MAX_TITLE]
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            scheme=scheme,
            region=region,
            title=name,
            period_start=start,
            period_end=end,
            created_by=actor,
        )
        results = _store(run)
        record_event(
            run,
            "performance.evaluation_run",
            actor=actor,
            channel=CHANNEL,
            data={"scheme": scheme.code, "period": [start.isoformat(), end.isoformat()], "subjects": len(results)},
            region=region,
        )
    return run


def _lock_draft(actor: User, run: EvaluationRun) -> EvaluationRun:
    if not may_evaluate(actor, run.region):
        raise NotPermitted(gettext("您无权处理该考评。"))
    locked = EvaluationRun.objects.select_for_update().select_related("scheme", "region").get(pk=run.pk)
    if locked.status != EvaluationRunStatus.DRAFT:
        raise DomainError(gettext("该考评已定稿，结果不能再修改。"), code="final")
    return locked


def recompute_run(actor: User, run: EvaluationRun) -> EvaluationRun:
    """重新计算 a draft run (after late facts or typed scores); a final run is refused."""
    with transaction.atomic():
        locked = _lock_draft(actor, run)
        results = _store(locked)
        record_event(
            locked,
            "performance.evaluation_recomputed",
            actor=actor,
            channel=CHANNEL,
            data={"subjects": len(results)},
            region=locked.region,
        )
    return locked


def finalise_run(actor: User, run: EvaluationRun) -> EvaluationRun:
    """定稿: recompute once more and freeze the results (they stay as the run's history)."""
    with transaction.atomic():
        locked = _lock_draft(actor, run)
        _store(locked)
        locked.finalised_at = timezone.now()
        transition(
            locked,
            EVALUATION_TRANSITIONS,
            "finalise",
            actor=actor,
            channel=CHANNEL,
            region=locked.region,
            extra_update_fields=("finalised_at",),
        )
    return locked


def typed_items(run: EvaluationRun) -> list[EvaluationItem]:
    return [item for item in run.scheme.items.order_by("order") if item.component in TYPED]


def score_field(item_id: int, subject_id: int) -> str:
    return f"score_{item_id}_{subject_id}"


def parse_score(raw: Any) -> Decimal | None:
    """A typed score: blank → None; otherwise a number 0–100 with at most two decimals."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    number = _number(raw.strip() if isinstance(raw, str) else raw)
    if number is None:
        raise DomainError(gettext("应为数字。"), code="invalid_score")
    if not 0 <= number <= HUNDRED:
        raise DomainError(gettext("应在 0 到 100 之间。"), code="score_out_of_range")
    if number != number.quantize(TWO_PLACES):
        raise DomainError(gettext("最多保留两位小数。"), code="score_places")
    return number.quantize(TWO_PLACES)


def check_scores(
    run: EvaluationRun, scores: Mapping[str, Any]
) -> tuple[dict[tuple[int, int], Decimal | None], list[Subject], list[EvaluationItem]]:
    """Every typed score at once (keys score_<item id>_<subject id>); writes nothing. Returns the
    parsed scores (None: cleared), the run's subjects and its typed items."""
    problems = Problems()
    if run.status != EvaluationRunStatus.DRAFT:
        problems.add(None, gettext("该考评已定稿，不能再录入分数。"), code="final")
    items = typed_items(run)
    subjects = subjects_of(run.scheme.subject_kind, run.region, run.scheme.items.select_related("indicator"))
    by_field = {score_field(item.pk, subject.id): (item, subject) for item in items for subject in subjects}
    parsed: dict[tuple[int, int], Decimal | None] = {}
    for name, raw in scores.items():
        found = by_field.get(name)
        if found is None:
            problems.add(
                None, gettext("提交的分数不属于本次考评的录入项目或考评对象，请刷新页面后重新录入。"), code="unknown"
            )
            continue
        item, subject = found
        try:
            parsed[(item.pk, subject.id)] = parse_score(raw)
        except DomainError as exc:
            problems.add(
                name,
                gettext("“{name}”的“{name2}”得分{message}").format(
                    name=subject.name, name2=item.name, message=exc.message
                ),
                code=exc.code,
            )
    problems.raise_if_any()
    return parsed, subjects, items


def enter_scores(actor: User, run: EvaluationRun, scores: Mapping[str, Any], note: str = "") -> int:
    """录入自评、第三方评分: every score checked first (all problems at once, nothing saved), then
    stored (a blank clears a score) and the draft's results recomputed. Returns how many changed."""
    if not may_evaluate(actor, run.region):
        raise NotPermitted(gettext("您无权处理该考评。"))
    parsed, _subjects, _items = check_scores(run, scores)
    with transaction.atomic():
        locked = _lock_draft(actor, run)
        existing = {(i.item_id, i.subject_id): i for i in EvaluationInput.objects.filter(run=locked)}
        now = timezone.now()
        created: list[EvaluationInput] = []
        updated: list[EvaluationInput] = []
        removed: list[int] = []
        for (item_id, subject_id), score in parsed.items():
            current = existing.get((item_id, subject_id))
            if score is None:
                if current is not None:
                    removed.append(current.pk)
            elif current is None:
                created.append(
                    EvaluationInput(
                        run=locked,
                        item_id=item_id,
                        subject_id=subject_id,
                        score=score,
                        note=note[:255],
                        entered_by=actor,
                        entered_at=now,
                    )
                )
            elif current.score != score:
                current.score, current.entered_by, current.entered_at = score, actor, now
                updated.append(current)
        EvaluationInput.objects.bulk_create(created)
        EvaluationInput.objects.bulk_update(updated, ["score", "entered_by", "entered_at"])
        EvaluationInput.objects.filter(pk__in=removed).delete()
        changed = len(created) + len(updated) + len(removed)
        if changed:
            _store(locked)
            record_event(
                locked,
                "performance.evaluation_scores_entered",
                actor=actor,
                channel=CHANNEL,
                data={"changed": changed},
                region=locked.region,
            )
    return changed
