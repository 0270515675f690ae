"""Quality control of legal-aid cases (质量控制, 《法律援助法》第57、59条; rules.md §1.14).

- score_case: a closed case scored against the checklist (legalaid/data/quality_checklist.json) by
  the provider (自查), the agency (机构评查, also at the closing review) or a peer (同行评估);
- sample_for_peer_review / assign_peer_reviewer: the reproducible draw of closed cases for peer
  review and who reviews them;
- quality_index: per provider and per provider agency, the reviewed cases, mean score, share
  优秀, satisfaction, on-time closing and the composite 质量指数, in one aggregate query.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import (
    LegalAidApplication,
    PeerReviewSample,
    ProgressUpdate,
    ProviderProfile,
    QualityReview,
)
from gongfa.legalaid.selectors import Action, is_practitioner
from gongfa.legalaid.services.common import CHANNEL, lock_as_party, lock_for
from gongfa.network.models import Agency, Region, StaffPosting
from gongfa.network.region_settings import (
    LA_CLOSING_REPORT_DAYS,
    LA_QUALITY_BASIC_MIN,
    LA_QUALITY_EXCELLENT_MIN,
    LA_QUALITY_GOOD_MIN,
    LA_QUALITY_INDEX_ON_TIME_WEIGHT,
    LA_QUALITY_INDEX_SATISFACTION_WEIGHT,
    LA_QUALITY_INDEX_SCORE_WEIGHT,
)
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.network.selectors import region_setting

DEFAULT_CHECKLIST = Path(__file__).resolve().parent.parent / "data" / "quality_checklist.json"
# Reviews that count for the quality index: the provider's own self-check does not.
INDEPENDENT_KINDS = (QualityReview.Kind.AGENCY_REVIEW, QualityReview.Kind.PEER_REVIEW)
MAX_COMMENT_CHARS = 2000
TWO_PLACES = Decimal("0.01")


# --- the checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    max: int
    basis: str
    guide: str = ""


@dataclass(frozen=True)
class Checklist:
    """The scoring sheet (评查标准): items with their maximum points, summing to `total`."""

    version: str
    title: str
    total: int
    items: tuple[ChecklistItem, ...]
    source: str = ""

    def item(self, code: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.code == code), None)


@functools.cache
def _load_checklist(path: str) -> Checklist:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        items = tuple(
            ChecklistItem(
                code=str(entry["code"]),
                label=str(entry["label"]),
                max=entry["max"],
                basis=str(entry["basis"]),
                guide=str(entry.get("guide", "")),
            )
            for entry in raw["items"]
        )
        sheet = Checklist(
            version=str(raw["version"]).strip(),
            title=str(raw.get("title", "")),
            total=raw.get("total", 100),
            items=items,
            source=str(raw.get("source", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(
            gettext("办案质量评查标准文件无法读取：{path}（{exc}）").format(path=path, exc=exc)
        ) from exc
    codes = [item.code for item in sheet.items]
    if not sheet.version or not items or len(set(codes)) != len(codes):
        raise ImproperlyConfigured(gettext("办案质量评查标准须有版本号和互不重复的评查项目：{path}").format(path=path))
    if any(isinstance(item.max, bool) or not isinstance(item.max, int) or item.max <= 0 for item in items):
        raise ImproperlyConfigured(gettext("评查项目的分值须为正整数：{path}").format(path=path))
    if sum(item.max for item in items) != sheet.total:
        raise ImproperlyConfigured(
            gettext("评查项目分值合计须为 {total} 分：{path}").format(total=sheet.total, path=path)
        )
    return sheet


def checklist() -> Checklist:
    """The checklist in use: settings.LEGALAID_QUALITY_CHECKLIST (a region's own file) or the
    platform default. Validated on load: unique codes, positive integer points, sum = total."""
    return _load_checklist(str(getattr(settings, "LEGALAID_QUALITY_CHECKLIST", None) or DEFAULT_CHECKLIST))


def _points(value: Any, item: ChecklistItem) -> int:
    if isinstance(value, bool):
        value = None
    elif isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int):
        raise DomainError(
            gettext("“{label}”的得分应为整数。").format(label=item.label),
            code="invalid_score",
            field=f"scores.{item.code}",
        )
    if not 0 <= value <= item.max:
        raise DomainError(
            gettext("“{label}”的得分应在 0 到 {max} 分之间。").format(label=item.label, max=item.max),
            code="score_out_of_range",
            field=f"scores.{item.code}",
        )
    return value


def validate_scores(sheet: Checklist, scores: Any) -> dict[str, int]:
    """Every item of the checklist scored, as an integer from 0 to its maximum; nothing else."""
    if not isinstance(scores, Mapping):
        raise DomainError(gettext("请逐项填写评查得分。"), code="invalid_scores", field="scores")
    unknown = sorted(str(code) for code in scores if sheet.item(str(code)) is None)
    if unknown:
        raise DomainError(
            gettext("评查标准（{version}）中没有这些项目：{join}。").format(
                version=sheet.version, join="、".join(unknown)
            ),
            code="unknown_item",
            field="scores",
        )
    problems = Problems()
    missing = [item for item in sheet.items if item.code not in scores]
    if missing:
        problems.add(
            f"scores.{missing[0].code}",
            gettext("以下评查项目尚未评分：{join}。").format(join="、".join(item.label for item in missing)),
            code="missing_item",
        )
    points: dict[str, int] = {}
    for item in sheet.items:
        if item.code in scores:
            with problems.check():
                points[item.code] = _points(scores[item.code], item)
    problems.raise_if_any()
    return points


def check_score_case(*, kind: str, scores: Any, comments: str = "") -> tuple[Checklist, dict[str, int], str]:
    """A review's kind, every item's score and the comments' length, every problem at once; writes
    nothing. Returns the checklist, the points per item and the comments as stored."""
    problems = Problems()
    if kind not in QualityReview.Kind.values:
        problems.add("kind", gettext("评查方式不正确。"), code="invalid_kind")
    sheet = checklist()
    points: dict[str, int] = {}
    with problems.check():
        points = validate_scores(sheet, scores)
    text = (comments or "").strip()
    if len(text) > MAX_COMMENT_CHARS:
        problems.add(
            "comments",
            gettext("评查意见不能超过 {MAX_COMMENT_CHARS} 个字。").format(MAX_COMMENT_CHARS=MAX_COMMENT_CHARS),
            code="too_long",
        )
    problems.raise_if_any()
    return sheet, points, text


# --- grades --------------------------------------------------------------------------------


def grade_thresholds(region: Region | None, on: datetime.date | None = None) -> list[tuple[int, str]]:
    """(minimum score, grade) from the highest grade down; below the last minimum: 不合格."""
    thresholds = [
        (region_setting(region, LA_QUALITY_EXCELLENT_MIN.key, on), QualityReview.Grade.EXCELLENT.value),
        (region_setting(region, LA_QUALITY_GOOD_MIN.key, on), QualityReview.Grade.GOOD.value),
        (region_setting(region, LA_QUALITY_BASIC_MIN.key, on), QualityReview.Grade.BASIC.value),
    ]
    return sorted(thresholds, key=lambda pair: pair[0], reverse=True)


def grade_for(total: Decimal, thresholds: list[tuple[int, str]]) -> str:
    for minimum, grade in thresholds:
        if total >= minimum:
            return grade
    return QualityReview.Grade.FAIL.value


# --- who may review ------------------------------------------------------------------------


def _practice_agencies(user: User) -> set[int]:
    """The agencies a person practises at: the provider roster and their active postings."""
    agencies = set(ProviderProfile.objects.filter(user=user).values_list("agency_id", flat=True))
    agencies.update(
        StaffPosting.objects.filter(user=user, is_active=True, agency__isnull=False).values_list("agency_id", flat=True)
    )
    return agencies


def check_peer_reviewer(reviewer: User, application: LegalAidApplication) -> None:
    """A peer reviewer is a practitioner who neither handled the case nor practises at the
    handling provider's agency (回避: no one reviews their own or their firm's work)."""
    if not is_practitioner(reviewer):
        raise NotPermitted(gettext("同行评估须由律师或基层法律服务工作者进行。"))
    if reviewer.pk == application.provider_id or (
        application.provider_agency_id is not None and application.provider_agency_id in _practice_agencies(reviewer)
    ):
        raise DomainError(
            gettext("评估人是本案承办人员或与其同属一个执业机构，应当回避。"),
            code="conflict_of_interest",
            field="reviewer",
        )


def _lock_for_review(actor: User, application: LegalAidApplication, kind: str) -> LegalAidApplication:
    if kind == QualityReview.Kind.SELF_CHECK:
        return lock_as_party(actor, application, provider=True)
    if kind == QualityReview.Kind.AGENCY_REVIEW:
        return lock_for(actor, application, Action.REVIEW)
    locked = LegalAidApplication.objects.select_for_update().filter(pk=application.pk).first()
    if locked is None:
        raise NotPermitted(gettext("您无权评查该法律援助案件，或案件不存在。"))
    check_peer_reviewer(actor, locked)
    sample = PeerReviewSample.objects.filter(application=locked).first()
    if sample is None:
        raise DomainError(gettext("该案件未被抽取为同行评估案件。"), code="not_sampled")
    if sample.reviewer_id is not None and sample.reviewer_id != actor.pk:
        raise NotPermitted(gettext("该案件已指定其他同行评估人。"))
    return locked


def score_case(
    *,
    application: LegalAidApplication,
    actor: User,
    kind: str,
    scores: Mapping[str, Any],
    comments: str = "",
) -> QualityReview:
    """办案质量评查 (第57条): score a closed case (the agency may also score it at the closing
    review) item by item against the checklist; the total gives the grade by the region's
    thresholds (la.quality_*_min). A 不合格 grade needs written comments. One review per case,
    kind and reviewer. Self-check: the case's provider; agency review: the agency's staff or a
    supervisor; peer review: a practitioner outside the provider's agency, on a sampled case."""
    sheet, points, text = check_score_case(kind=kind, scores=scores, comments=comments)
    with transaction.atomic():
        locked = _lock_for_review(actor, application, kind)
        allowed = [ApplicationStatus.CLOSED]
        if kind == QualityReview.Kind.AGENCY_REVIEW:
            allowed.append(ApplicationStatus.CLOSING_REVIEW)
        if locked.status not in allowed:
            stage = gettext("结案审查或已结案") if len(allowed) > 1 else gettext("已结案")
            raise DomainError(gettext("只有{stage}的案件才能进行质量评查。").format(stage=stage), code="not_closed")
        if QualityReview.objects.filter(application=locked, kind=kind, reviewer=actor).exists():
            raise DomainError(gettext("您已对本案进行过同一方式的评查。"), code="already_reviewed", field="kind")
        total = Decimal(sum(points.values()))
        grade = grade_for(total, grade_thresholds(locked.agency.region))
        if grade == QualityReview.Grade.FAIL and not text:
            raise DomainError(gettext("评为不合格的，请填写评查意见。"), code="required", field="comments")
        try:
            with transaction.atomic():
                review = QualityReview.objects.create(
                    application=locked,
                    kind=kind,
                    reviewer=actor,
                    scores=points,
                    total=total,
                    grade=grade,
                    comments=text,
                    checklist_version=sheet.version,
                )
        except IntegrityError:
            raise DomainError(
                gettext("您已对本案进行过同一方式的评查。"), code="already_reviewed", field="kind"
            ) from None
        record_event(
            locked,
            "legalaid.quality_review",
            actor=actor,
            channel=CHANNEL,
            data={"kind": kind, "total": str(total), "grade": grade, "checklist_version": sheet.version},
            region=locked.region,
        )
    return review


# --- peer-review sampling ------------------------------------------------------------------


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, the day after end 00:00) in the platform's time zone."""
    low = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    high = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return low, high


def _check_period(start: Any, end: Any) -> None:
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        raise DomainError(gettext("请填写起止日期。"), code="required", field="period_start")
    if start > end:
        raise DomainError(gettext("结束日期不能早于开始日期。"), code="invalid_period", field="period_end")


def _may_manage(actor: User, agency: Agency) -> bool:
    scope = scope_for(actor)
    if scope.sees_everything or agency.pk in scope.agency_ids:
        return True
    return scope.kind == ScopeKind.SUPERVISOR and scope.covers_region(agency.region)


def sample_for_peer_review(
    *,
    agency: Agency,
    period_start: datetime.date,
    period_end: datetime.date,
    percent: int | str | Decimal,
    seed: int | None = None,
    actor: User | None = None,
) -> list[PeerReviewSample]:
    """同行评估抽查 (第57条): draw ⌈percent % × N⌉ of the agency's N cases closed in the period
    (at least one when N > 0). Cases drawn before (in any period) count towards that quota and are
    never drawn again, so repeating a draw for the same period adds nothing. The draw is
    random.Random(seed) over the candidates in id order: the same seed and data give the same
    cases; without a seed one is generated and stored on each sample, so every draw can be
    replayed. actor None is the system (a scheduled job); otherwise the agency's staff or a
    supervisor over its region. Returns the new samples."""
    _check_period(period_start, period_end)
    try:
        share = Decimal(str(percent).strip())
    except InvalidOperation:
        raise DomainError(gettext("抽查比例应为数字。"), code="invalid_percent", field="percent") from None
    if not share.is_finite() or not Decimal(0) < share <= Decimal(100) or share.quantize(TWO_PLACES) == 0:
        raise DomainError(gettext("抽查比例应大于 0、不超过 100。"), code="invalid_percent", field="percent")
    share = share.quantize(TWO_PLACES)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise DomainError(gettext("随机种子应为整数。"), code="invalid_seed", field="seed")
    if actor is not None and not _may_manage(actor, agency):
        raise NotPermitted(gettext("您无权为该法律援助机构抽取同行评估案件。"))
    draw_seed = secrets.randbelow(2**31) if seed is None else seed
    low, high = _day_bounds(period_start, period_end)
    with transaction.atomic():
        # One draw per agency at a time (the quota is read, then filled).
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        closed = list(
            LegalAidApplication.objects.filter(
                agency=agency, status=ApplicationStatus.CLOSED, closed_at__gte=low, closed_at__lt=high
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        drawn = set(PeerReviewSample.objects.filter(application_id__in=closed).values_list("application_id", flat=True))
        quota = max(1, math.ceil(Decimal(len(closed)) * share / 100)) if closed else 0
        candidates = [pk for pk in closed if pk not in drawn]
        needed = min(max(0, quota - len(drawn)), len(candidates))
        # Not a security draw: reproducibility from the stored seed is the point.
        picks = sorted(random.Random(draw_seed).sample(candidates, needed))  # noqa: S311
        samples = PeerReviewSample.objects.bulk_create(
            [
                PeerReviewSample(
                    application_id=pk,
                    agency=agency,
                    period_start=period_start,
                    period_end=period_end,
                    percent=share,
                    seed=draw_seed,
                    sampled_by=actor,
                )
                for pk in picks
            ]
        )
        record_event(
            agency,
            "legalaid.peer_review_sampled",
            actor=actor,
            channel=CHANNEL,
            data={
                "period": [period_start.isoformat(), period_end.isoformat()],
                "percent": str(share),
                "seed": draw_seed,
                "closed": len(closed),
                "drawn": picks,
            },
            region=agency.region,
        )
    return list(
        PeerReviewSample.objects.filter(pk__in=[s.pk for s in samples])
        .select_related("application")
        .order_by("application_id")
    )


def assign_peer_reviewer(*, sample: PeerReviewSample, actor: User, reviewer: User) -> PeerReviewSample:
    """指定同行评估人: the agency's staff name a practitioner outside the provider's agency."""
    with transaction.atomic():
        application = lock_for(actor, sample.application, Action.REVIEW)
        locked = PeerReviewSample.objects.select_for_update().get(pk=sample.pk)
        if QualityReview.objects.filter(application=application, kind=QualityReview.Kind.PEER_REVIEW).exists():
            raise DomainError(
                gettext("该案件已完成同行评估，不能再更换评估人。"), code="already_reviewed", field="reviewer"
            )
        try:
            check_peer_reviewer(reviewer, application)
        except NotPermitted as exc:
            raise DomainError(exc.message, code="invalid_reviewer", field="reviewer") from None
        locked.reviewer = reviewer
        locked.save(update_fields=["reviewer"])
        record_event(
            application,
            "legalaid.peer_reviewer_assigned",
            actor=actor,
            channel=CHANNEL,
            data={"reviewer": reviewer.pk},
            region=application.region,
        )
    return locked


# --- the quality index ---------------------------------------------------------------------


@dataclass(frozen=True)
class QualityRow:
    """One provider's (or provider agency's) quality figures over the period.

    closed_cases: cases closed in the period; reviewed_cases: those with an agency or peer review;
    mean_score: mean of the reviewed cases' scores (a case's score = mean of its agency/peer
    review totals); excellent_share: share (0–1) of reviewed cases scoring ≥ la.quality_excellent_min;
    satisfaction: mean work-order rating (1–5) of the rated cases; on_time_share: share (0–1) of
    closed cases whose report came within la.closing_report_days (None when that is 0);
    index: the composite 质量指数 (0–100), None until a case is reviewed.
    """

    id: int
    name: str
    closed_cases: int
    reviewed_cases: int
    mean_score: Decimal | None
    excellent_share: Decimal | None
    satisfaction: Decimal | None
    on_time_share: Decimal | None
    index: Decimal | None


@dataclass(frozen=True)
class QualityIndex:
    start: datetime.date
    end: datetime.date
    providers: list[QualityRow]
    agencies: list[QualityRow]
    weights: dict[str, int] = field(default_factory=dict)
    closing_report_days: int = 0


@dataclass
class _Tally:
    name: str
    closed: int = 0
    reviewed: int = 0
    score_sum: Decimal = Decimal(0)
    excellent: int = 0
    rated: int = 0
    rating_sum: int = 0
    on_time: int = 0

    def add(self, row: dict[str, Any]) -> None:
        self.closed += row["closed"]
        self.reviewed += row["reviewed"]
        self.score_sum += Decimal(str(row["score_sum"] or 0))
        self.excellent += row["excellent"]
        self.rated += row["rated"]
        self.rating_sum += int(row["rating_sum"] or 0)
        self.on_time += row.get("on_time", 0)


def _ratio(part: Decimal | int, whole: int, places: str) -> Decimal | None:
    return None if whole == 0 else (Decimal(part) / whole).quantize(Decimal(places))


def composite_index(
    mean_score: Decimal | None,
    satisfaction: Decimal | None,
    on_time_share: Decimal | None,
    weights: Mapping[str, int],
) -> Decimal | None:
    """质量指数 = Σ wᵢ·xᵢ / Σ wᵢ over the components present, with
    x_score = mean score (0–100), x_satisfaction = (mean rating − 1) × 25 (1→0, 5→100),
    x_on_time = on-time share × 100; weights la.quality_index_*_weight (default 70/30/0).
    None without a reviewed case (the score is the index's anchor)."""
    if mean_score is None:
        return None
    parts: list[tuple[int, Decimal]] = [(weights.get("score", 0), mean_score)]
    if satisfaction is not None:
        parts.append((weights.get("satisfaction", 0), (satisfaction - 1) * 25))
    if on_time_share is not None:
        parts.append((weights.get("on_time", 0), on_time_share * 100))
    total_weight = sum(weight for weight, _ in parts)
    if total_weight == 0:
        return mean_score.quantize(Decimal("0.1"))
    weighted = sum((Decimal(weight) * value for weight, value in parts), Decimal(0))
    return (weighted / total_weight).quantize(Decimal("0.1"))


def _row(key: int, tally: _Tally, weights: Mapping[str, int], with_on_time: bool) -> QualityRow:
    mean_score = None if tally.reviewed == 0 else (tally.score_sum / tally.reviewed).quantize(TWO_PLACES)
    satisfaction = _ratio(tally.rating_sum, tally.rated, "0.01")
    on_time_share = _ratio(tally.on_time, tally.closed, "0.0001") if with_on_time else None
    return QualityRow(
        id=key,
        name=tally.name,
        closed_cases=tally.closed,
        reviewed_cases=tally.reviewed,
        mean_score=mean_score,
        excellent_share=_ratio(tally.excellent, tally.reviewed, "0.0001"),
        satisfaction=satisfaction,
        on_time_share=on_time_share,
        index=composite_index(mean_score, satisfaction, on_time_share, weights),
    )


def _pks(objects: Iterable[Any]) -> list[int]:
    return [getattr(obj, "pk", obj) for obj in objects]


def quality_index(
    *,
    start: datetime.date,
    end: datetime.date,
    providers: Iterable[User] | None = None,
    agencies: Iterable[Agency] | None = None,
    region: Region | None = None,
) -> QualityIndex:
    """质量指数 per provider and per provider agency (承办机构) over the cases closed from `start`
    to `end` (inclusive): see QualityRow for each figure and composite_index for the formula.

    providers: only these providers' cases; agencies: only cases decided by these legal aid
    agencies or handled by these provider agencies. region: whose settings apply (thresholds,
    weights, la.closing_report_days): one formula for every row compared; None: the defaults.
    The caller limits providers/agencies to what the viewer may see.

    On time: the report came within la.closing_report_days of the matter's end, taken as the last
    progress note before the report (第46条 notes record the judgment or settlement), else the
    engagement, else the assignment (the case has no "concluded on" date of its own).

    Aggregated in the database: one grouped query (plus one per setting when `region` is given),
    whatever the number of providers and cases.
    """
    _check_period(start, end)
    low, high = _day_bounds(start, end)
    on = end
    excellent_min = region_setting(region, LA_QUALITY_EXCELLENT_MIN.key, on)
    closing_days = region_setting(region, LA_CLOSING_REPORT_DAYS.key, on)
    weights = {
        "score": region_setting(region, LA_QUALITY_INDEX_SCORE_WEIGHT.key, on),
        "satisfaction": region_setting(region, LA_QUALITY_INDEX_SATISFACTION_WEIGHT.key, on),
        "on_time": region_setting(region, LA_QUALITY_INDEX_ON_TIME_WEIGHT.key, on),
    }
    cases = LegalAidApplication.objects.filter(
        status=ApplicationStatus.CLOSED, closed_at__gte=low, closed_at__lt=high, provider__isnull=False
    )
    if providers is not None:
        cases = cases.filter(provider_id__in=_pks(providers))
    if agencies is not None:
        agency_ids = _pks(agencies)
        cases = cases.filter(Q(agency_id__in=agency_ids) | Q(provider_agency_id__in=agency_ids))
    case_score = (
        QualityReview.objects.filter(application=OuterRef("pk"), kind__in=INDEPENDENT_KINDS)
        .values("application")
        .annotate(mean=Avg("total"))
        .values("mean")[:1]
    )
    cases = cases.annotate(case_score=Subquery(case_score, output_field=DecimalField(max_digits=6, decimal_places=2)))
    aggregates: dict[str, Any] = {
        "closed": Count("pk"),
        "reviewed": Count("pk", filter=Q(case_score__isnull=False)),
        "score_sum": Sum("case_score"),
        "excellent": Count("pk", filter=Q(case_score__gte=excellent_min)),
        "rated": Count("pk", filter=Q(work_order__rating__isnull=False)),
        "rating_sum": Sum("work_order__rating"),
    }
    if closing_days:
        last_note = (
            ProgressUpdate.objects.filter(application=OuterRef("pk"), created_at__lte=OuterRef("closing_report_at"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        cases = cases.annotate(matter_end=Coalesce(Subquery(last_note), "engaged_at", "assigned_at"))
        aggregates["on_time"] = Count(
            "pk", filter=Q(closing_report_at__lte=F("matter_end") + datetime.timedelta(days=closing_days))
        )
    rows = (
        cases.values(
            "provider_id", "provider__real_name", "provider__username", "provider_agency_id", "provider_agency__name"
        )
        .annotate(**aggregates)
        .order_by()
    )
    by_provider: dict[int, _Tally] = {}
    by_agency: dict[int, _Tally] = {}
    for row in rows:
        name = row["provider__real_name"] or row["provider__username"]
        by_provider.setdefault(row["provider_id"], _Tally(name=name)).add(row)
        if row["provider_agency_id"] is not None:
            by_agency.setdefault(row["provider_agency_id"], _Tally(name=row["provider_agency__name"])).add(row)
    with_on_time = bool(closing_days)
    provider_rows = [_row(key, tally, weights, with_on_time) for key, tally in by_provider.items()]
    agency_rows = [_row(key, tally, weights, with_on_time) for key, tally in by_agency.items()]

    def order(row: QualityRow) -> tuple[bool, Decimal, str]:
        return (row.index is None, -(row.index or Decimal(0)), row.name)

    return QualityIndex(
        start=start,
        end=end,
        providers=sorted(provider_rows, key=order),
        agencies=sorted(agency_rows, key=order),
        weights=weights,
        closing_report_days=closing_days,
    )
