"""Quality inspection of hotline calls (话务质检): a supervisor samples answered calls of a region
and period and scores each against the checklist kept as data (QualityChecklistItem).

rules.md §4 / practice.md: at least 5 % of calls sampled (质检率 ≥ 5%)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import contains_control_chars
from gongfa.network.models import Region
from gongfa.network.scope import scope_for
from gongfa.workorders.choices import CallOutcome
from gongfa.workorders.models import CallRecord, QualityChecklistItem, QualityInspection

DEFAULT_SAMPLE_RATE = 0.05  # rules.md §4: quality inspection of at least 5 % of calls
COMMENT_MAX = 2000


@dataclass(frozen=True)
class Period:
    """A range of local days, both included."""

    start: datetime.date
    end: datetime.date

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        low = timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))
        high = timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))
        return low, high


def _rank(call_id: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}\n{call_id}".encode()).hexdigest()


def sample_calls(region: Region, period: Period, rate: float = DEFAULT_SAMPLE_RATE) -> list[CallRecord]:
    """The calls to inspect: answered calls of the region's subtree in the period not inspected yet,
    enough to bring the period's inspected share up to `rate` (at least one when any is answered).
    Deterministic: the same calls come back for the same region and period (ordered by a hash of
    the call id salted with the region and period), so two supervisors see the same sample."""
    if not 0 < rate <= 1:
        raise DomainError(gettext("抽样比例应在 0 到 1 之间。"), code="invalid_rate", field="rate")
    low, high = period.bounds()
    bounds = region.subtree_bounds()
    answered = CallRecord.objects.filter(
        outcome=CallOutcome.ANSWERED, received_at__gte=low, received_at__lt=high, region_code__range=bounds
    )
    total = answered.count()
    if total == 0:
        return []
    inspected = answered.filter(inspection__isnull=False).count()
    wanted = max(1, -(-int(total * rate * 1000) // 1000)) - inspected  # ceil without float noise
    if wanted <= 0:
        return []
    candidates = list(answered.filter(inspection__isnull=True).values_list("pk", "call_id"))
    salt = f"{region.code}:{period.start.isoformat()}:{period.end.isoformat()}"
    chosen = sorted(candidates, key=lambda pair: _rank(pair[1], salt))[:wanted]
    ids = [pk for pk, _ in chosen]
    rows = {c.pk: c for c in CallRecord.objects.select_related("agent", "queue", "order").filter(pk__in=ids)}
    return [rows[pk] for pk in ids]


def active_checklist() -> list[QualityChecklistItem]:
    return list(QualityChecklistItem.objects.filter(is_active=True).order_by("sort_order", "pk"))


def may_inspect(inspector: User, call: CallRecord) -> bool:
    """Supervisors covering the call's region, and administrators."""
    if not (inspector.is_active and (inspector.is_supervisor or inspector.is_administrator)):
        return False
    scope = scope_for(inspector)
    if scope.sees_everything:
        return True
    return bool(call.region_code) and any(low <= call.region_code <= high for low, high in scope.region_ranges)


def _score(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw).strip() if raw is not None else ""
    if text.lstrip("-").isdigit():
        return int(text)
    return None


def inspect_call(call: CallRecord, inspector: User, scores: Mapping[str, Any], comment: str = "") -> QualityInspection:
    """Score one answered call against the active checklist; every problem at once (a missing or
    unknown item, a score that is not a whole number, negative or above the item's points, a call
    not answered, an inspector who does not supervise the call's region, a call already
    inspected). The inspection keeps the checklist as it was."""
    if not may_inspect(inspector, call):
        raise NotPermitted(gettext("只有管辖该来电所在区划的督办主管可以质检。"))
    problems = Problems()
    if call.outcome != CallOutcome.ANSWERED:
        problems.add("call", gettext("只能质检已接听的通话。"), code="call_not_answered")
    if QualityInspection.objects.filter(call=call).exists():
        problems.add("call", gettext("该通话已质检。"), code="already_inspected")
    items = active_checklist()
    if not items:
        problems.add("scores", gettext("质检评分项为空，请先在管理后台设置。"), code="no_checklist")
    known = {item.code for item in items}
    parsed: dict[str, int] = {}
    for item in items:
        if item.code not in scores or scores[item.code] in (None, ""):
            problems.add(
                f"score_{item.code}", gettext("请为“{text}”评分。").format(text=item.text), code="missing_score"
            )
            continue
        value = _score(scores[item.code])
        if value is None:
            problems.add(
                f"score_{item.code}", gettext("“{text}”的得分应为整数。").format(text=item.text), code="invalid_score"
            )
        elif value < 0:
            problems.add(
                f"score_{item.code}",
                gettext("“{text}”的得分不能为负数。").format(text=item.text),
                code="negative_score",
            )
        elif value > item.max_points:
            problems.add(
                f"score_{item.code}",
                gettext("“{text}”的得分不能超过 {max_points} 分。").format(text=item.text, max_points=item.max_points),
                code="score_above_max",
            )
        else:
            parsed[item.code] = value
    for code in scores:
        if code not in known:
            problems.add(
                f"score_{str(code)[:40]}",
                gettext("未知的评分项：{value}。").format(value=str(code)[:40]),
                code="unknown_item",
            )
    text = (comment or "").strip()
    if len(text) > COMMENT_MAX or contains_control_chars(text):
        problems.add(
            "comment",
            gettext("质检意见不能超过 {COMMENT_MAX} 个字符。").format(COMMENT_MAX=COMMENT_MAX),
            code="invalid_comment",
        )
    problems.raise_if_any()
    snapshot = [{"code": i.code, "text": i.text, "guidance": i.guidance, "max_points": i.max_points} for i in items]
    try:
        with transaction.atomic():
            inspection = QualityInspection.objects.create(
                call=call,
                inspector=inspector,
                items=snapshot,
                scores=parsed,
                total=sum(parsed.values()),
                max_total=sum(i.max_points for i in items),
                comment=text,
            )
            from gongfa.performance import rollup
            from gongfa.workorders.measures_hotline import SOURCE

            rollup.mark_changed(SOURCE, [call.pk])
    except IntegrityError:  # a concurrent inspection of the same call
        raise DomainError(gettext("该通话已质检。"), code="already_inspected", field="call") from None
    return inspection
