"""Demonstration-site and standardisation scoring (示范点/规范化建设评分): the verbs.

- update_profile: what a point has (面积, 岗位, 开放时长, 入驻机构, 六统一), by a supervisor of its
  region;
- create_inspection: an inspection of a point against a sheet, for a level, open or covert, on
  site or remote; the computed items are scored at once, with their explanation;
- record_scores: the evaluators' scores of the other items (draft); each item between 0 and its
  points, every problem at once, naming the item;
- finalise_inspection: the total, the level's pass mark (a region setting), passed or not, and a
  rectification (整改, workorders' flow) for every item that lost points.

Each refuses with every problem at once and changes nothing; each writes an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.network.choices import PointTier
from gongfa.network.models import Agency, ServicePoint, StaffPosting
from gongfa.network.scope import scope_for
from gongfa.network.selectors import region_setting
from gongfa.performance import scoring_rules
from gongfa.performance.choices import InspectionMode, InspectionStatus, InspectionVenue, SiteLevel
from gongfa.performance.models import ItemScore, PointProfile, ScoringItem, ScoringSheet, SiteInspection
from gongfa.performance.scoring_settings import THRESHOLD_SETTING
from gongfa.workorders.services.feedback import open_site_rectification

MAX_AREA = Decimal("100000")
HOURS_IN_WEEK = Decimal("168")
MAX_POSTS = 20
POST_MAX_LENGTH = 32
NOTE_MAX_LENGTH = 500
CENT = Decimal("0.01")


def may_score(user: User, point: ServicePoint) -> bool:
    """Supervisors of the point's region (and administrators) keep its profile and score it."""
    if not (user.is_supervisor or user.is_administrator):
        return False
    return scope_for(user).covers_region(point.region)


def _require(user: User, point: ServicePoint) -> None:
    if not may_score(user, point):
        raise NotPermitted(gettext("您无权维护该服务平台的建设情况或评分。"))


# --- the profile --------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise InvalidOperation
    return number


def check_profile(
    *,
    point: ServicePoint,
    floor_area_m2: Any = None,
    weekly_hours: Any = None,
    posts: Iterable[str] = (),
    stationed_agencies: Iterable[Agency] = (),
    signage: Mapping[str, bool] | None = None,
) -> dict[str, Any]:
    """Every problem of a profile at once; writes nothing. Returns the values as stored."""
    problems = Problems()
    area: Decimal | None = None
    hours: Decimal | None = None
    try:
        area = _decimal(floor_area_m2)
        if area is not None and not (0 < area <= MAX_AREA):
            problems.add(
                "floor_area_m2",
                gettext("面积应大于 0 且不超过 {MAX_AREA}㎡。").format(MAX_AREA=MAX_AREA),
                code="out_of_range",
            )
        elif area is not None and area != area.quantize(Decimal("0.1")):
            problems.add("floor_area_m2", gettext("面积最多保留 1 位小数。"), code="invalid")
    except InvalidOperation:
        problems.add("floor_area_m2", gettext("面积请填数字。"), code="invalid")
    try:
        hours = _decimal(weekly_hours)
        if hours is not None and not (0 <= hours <= HOURS_IN_WEEK):
            problems.add("weekly_hours", gettext("每周开放时长应在 0 到 168 小时之间。"), code="out_of_range")
        elif hours is not None and hours != hours.quantize(Decimal("0.1")):
            problems.add("weekly_hours", gettext("每周开放时长最多保留 1 位小数。"), code="invalid")
    except InvalidOperation:
        problems.add("weekly_hours", gettext("每周开放时长请填数字。"), code="invalid")
    names = [str(name).strip() for name in posts if str(name).strip()]
    if len(names) > MAX_POSTS:
        problems.add(
            "posts",
            gettext("岗位最多 {MAX_POSTS} 个（现在 {len} 个）。").format(MAX_POSTS=MAX_POSTS, len=len(names)),
            code="too_many",
        )
    long = [name for name in names if len(name) > POST_MAX_LENGTH]
    if long:
        problems.add(
            "posts",
            gettext("岗位名称不能超过 {POST_MAX_LENGTH} 个字：{join}。").format(
                POST_MAX_LENGTH=POST_MAX_LENGTH, join="、".join(long)
            ),
            code="too_long",
        )
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        problems.add("posts", gettext("岗位重复：{join}。").format(join="、".join(doubled)), code="duplicate")
    agencies = list(stationed_agencies)
    low, high = point.region.subtree_bounds()
    ancestors = set(point.region.ancestor_codes())
    outside = [a.name for a in agencies if not (low <= a.region.code <= high or a.region.code in ancestors)]
    if outside:
        problems.add(
            "stationed_agencies",
            gettext("不在本平台所在区划的机构不能入驻：{join}。").format(join="、".join(outside)),
            code="out_of_region",
        )
    known = {key for key, _label in scoring_rules.SIGNAGE_CHECKS}
    ticks = dict(signage or {})
    unknown = sorted(set(ticks) - known)
    if unknown:
        problems.add("signage", gettext("未知的六统一项目：{join}。").format(join="、".join(unknown)), code="invalid")
    problems.raise_if_any()
    return {
        "floor_area_m2": area,
        "weekly_hours": hours,
        "posts": list(dict.fromkeys(names)),
        "stationed_agencies": agencies,
        "signage": {key: bool(ticks.get(key)) for key, _label in scoring_rules.SIGNAGE_CHECKS},
    }


def update_profile(
    *,
    point: ServicePoint,
    actor: User,
    floor_area_m2: Any = None,
    street_level: bool = False,
    weekly_hours: Any = None,
    posts: Iterable[str] = (),
    stationed_agencies: Iterable[Agency] = (),
    signage: Mapping[str, bool] | None = None,
) -> PointProfile:
    """Record what the point has (平台建设情况)."""
    _require(actor, point)
    values = check_profile(
        point=point,
        floor_area_m2=floor_area_m2,
        weekly_hours=weekly_hours,
        posts=posts,
        stationed_agencies=stationed_agencies,
        signage=signage,
    )
    with transaction.atomic():
        profile, created = PointProfile.objects.select_for_update().get_or_create(point=point)
        profile.floor_area_m2 = values["floor_area_m2"]
        profile.street_level = bool(street_level)
        profile.weekly_hours = values["weekly_hours"]
        profile.posts = values["posts"]
        profile.signage = values["signage"]
        profile.updated_at = timezone.now()
        profile.save()
        profile.stationed_agencies.set(values["stationed_agencies"])
        record_event(
            profile,
            "performance.profile_updated",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={
                "point": point.pk,
                "floor_area_m2": str(values["floor_area_m2"]) if values["floor_area_m2"] is not None else None,
                "street_level": bool(street_level),
                "weekly_hours": str(values["weekly_hours"]) if values["weekly_hours"] is not None else None,
                "posts": values["posts"],
                "stationed_agencies": [a.pk for a in values["stationed_agencies"]],
                "signage": values["signage"],
                "created": created,
            },
            region=point.region,
        )
    return profile


# --- inspections ---------------------------------------------------------------------------------


def check_inspection(
    *,
    point: ServicePoint | None,
    sheet: ScoringSheet | None,
    site_level: str,
    mode: str,
    venue: str,
    inspected_on: datetime.date | None,
    inspectors: str,
    today: datetime.date | None = None,
) -> None:
    """Every problem of a new inspection at once; writes nothing."""
    problems = Problems()
    if point is None:
        problems.add("point", gettext("请选择服务平台。"), code="required")
    if sheet is None:
        problems.add("sheet", gettext("请选择评分表。"), code="required")
    elif not sheet.is_active:
        problems.add("sheet", gettext("评分表“{name}”已停用。").format(name=sheet.name), code="inactive")
    elif point is not None and sheet.tiers and point.tier not in sheet.tiers:
        tiers = "、".join(str(PointTier(t).label) if t in PointTier.values else t for t in sheet.tiers)
        problems.add(
            "sheet", gettext("评分表“{name}”只适用于{tiers}。").format(name=sheet.name, tiers=tiers), code="wrong_tier"
        )
    if site_level not in SiteLevel.values:
        problems.add("site_level", gettext("请选择评定级别。"), code="required")
    if mode not in InspectionMode.values:
        problems.add("mode", gettext("请选择检查方式（明查或暗访）。"), code="required")
    if venue not in InspectionVenue.values:
        problems.add("venue", gettext("请选择检查形式（实地或远程）。"), code="required")
    if inspected_on is None:
        problems.add("inspected_on", gettext("请填写检查日期。"), code="required")
    elif inspected_on > (today or timezone.localdate()):
        problems.add("inspected_on", gettext("检查日期不能晚于今天。"), code="future")
    text = (inspectors or "").strip()
    if not text:
        problems.add("inspectors", gettext("请填写检查人员。"), code="required")
    elif len(text) > 255:
        problems.add("inspectors", gettext("检查人员不能超过 255 个字。"), code="too_long")
    problems.raise_if_any()


def _profile_of(point: ServicePoint) -> PointProfile | None:
    return PointProfile.objects.filter(point=point).prefetch_related("stationed_agencies").first()


def _compute(inspection: SiteInspection, items: Iterable[ScoringItem]) -> None:
    """Score (again) the inspection's computed items."""
    profile = _profile_of(inspection.point)
    for item in items:
        if not item.computed_by or scoring_rules.rule(item.computed_by) is None:
            continue
        score, explanation = scoring_rules.compute_item(
            item.computed_by, inspection.point, profile, inspection.inspected_on, item.parameters, item.points
        )
        ItemScore.objects.update_or_create(
            inspection=inspection,
            item=item,
            defaults={"score": score, "computed": True, "explanation": explanation},
        )


def _items(sheet: ScoringSheet) -> list[ScoringItem]:
    return list(
        ScoringItem.objects.filter(category__sheet=sheet)
        .select_related("category")
        .order_by("category__order", "order")
    )


def create_inspection(
    *,
    point: ServicePoint,
    sheet: ScoringSheet,
    actor: User,
    site_level: str,
    mode: str,
    venue: str,
    inspected_on: datetime.date,
    inspectors: str,
) -> SiteInspection:
    """Open an inspection (检查评分) and score its computed items."""
    _require(actor, point)
    check_inspection(
        point=point,
        sheet=sheet,
        site_level=site_level,
        mode=mode,
        venue=venue,
        inspected_on=inspected_on,
        inspectors=inspectors,
    )
    with transaction.atomic():
        inspection = SiteInspection.objects.create(
            sheet=sheet,
            point=point,
            site_level=site_level,
            mode=mode,
            venue=venue,
            inspected_on=inspected_on,
            inspectors=inspectors.strip(),
            created_by=actor,
        )
        _compute(inspection, _items(sheet))
        record_event(
            inspection,
            "performance.inspection_created",
            actor=actor,
            channel=Channel.WORKBENCH,
            to_status=InspectionStatus.DRAFT,
            reason=f"{stored_text(InspectionMode(mode).label)}·{stored_text(InspectionVenue(venue).label)}",
            data={
                "point": point.pk,
                "sheet": sheet.code,
                "site_level": site_level,
                "mode": mode,
                "venue": venue,
                "inspected_on": inspected_on.isoformat(),
            },
            region=point.region,
        )
    return inspection


def check_scores(
    inspection: SiteInspection, scores: Mapping[str, Any], notes: Mapping[str, str] | None = None
) -> dict[str, Decimal | None]:
    """The evaluators' scores keyed by item code (blank: not scored yet), every problem at once,
    each on "scores.<code>" / "notes.<code>" and naming the item; writes nothing."""
    notes = notes or {}
    problems = Problems()
    if inspection.status != InspectionStatus.DRAFT:
        problems.add(None, gettext("该检查评分已定稿，不能再修改。"), code="final")
    items = {item.code: item for item in _items(inspection.sheet)}
    cleaned: dict[str, Decimal | None] = {}
    for code in list(scores) + [code for code in notes if code not in scores]:
        if code not in items:
            problems.add(f"scores.{code}", gettext("评分表中没有项目“{code}”。").format(code=code), code="unknown_item")
    for code, item in items.items():
        if code not in scores:
            continue
        raw = scores[code]
        field = f"scores.{code}"
        if item.computed_by:
            problems.add(field, gettext("“{name}”由系统计算，不能手工填写。").format(name=item.name), code="computed")
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            cleaned[code] = None
            continue
        try:
            score = _decimal(raw)
        except InvalidOperation:
            problems.add(field, gettext("“{name}”的得分请填数字。").format(name=item.name), code="invalid")
            continue
        assert score is not None
        if score < 0:
            problems.add(field, gettext("“{name}”的得分不能为负数。").format(name=item.name), code="negative")
        elif score > item.points:
            problems.add(
                field,
                gettext("“{name}”的得分不能超过该项分值 {points} 分。").format(name=item.name, points=item.points),
                code="above_points",
            )
        elif score != score.quantize(CENT):
            problems.add(field, gettext("“{name}”的得分最多保留两位小数。").format(name=item.name), code="invalid")
        else:
            cleaned[code] = score
            note = str(notes.get(code) or "").strip()
            if len(note) > NOTE_MAX_LENGTH:
                problems.add(
                    f"notes.{code}",
                    gettext("“{name}”的扣分说明不能超过 {NOTE_MAX_LENGTH} 个字。").format(
                        name=item.name, NOTE_MAX_LENGTH=NOTE_MAX_LENGTH
                    ),
                )
            elif score < item.points and not note:
                problems.add(
                    f"notes.{code}",
                    gettext("请说明“{name}”扣分的原因（将列入整改）。").format(name=item.name),
                    code="required",
                )
    problems.raise_if_any()
    return cleaned


def record_scores(
    *, inspection: SiteInspection, actor: User, scores: Mapping[str, Any], notes: Mapping[str, str] | None = None
) -> SiteInspection:
    """Save the evaluators' scores (draft); the computed items are scored again from today's
    profile and facts."""
    _require(actor, inspection.point)
    notes = notes or {}
    with transaction.atomic():
        locked = (
            SiteInspection.objects.select_for_update().select_related("sheet", "point__region").get(pk=inspection.pk)
        )
        cleaned = check_scores(locked, scores, notes)
        items = _items(locked.sheet)
        by_code = {item.code: item for item in items}
        for code, score in cleaned.items():
            if score is None:
                ItemScore.objects.filter(inspection=locked, item=by_code[code]).delete()
                continue
            note = str(notes.get(code) or "").strip() if score < by_code[code].points else ""
            ItemScore.objects.update_or_create(
                inspection=locked,
                item=by_code[code],
                defaults={"score": score, "computed": False, "explanation": "", "note": note},
            )
        _compute(locked, items)
        record_event(
            locked,
            "performance.inspection_scored",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={"scores": {code: str(score) if score is not None else None for code, score in cleaned.items()}},
            region=locked.point.region,
        )
    return locked


def responsible_person(point: ServicePoint) -> User | None:
    """Who answers for a point's rectifications: a supervisor posted at the point, else the first
    person posted there; None when nobody is (the point itself is then the owner)."""
    postings = (
        StaffPosting.objects.filter(point=point, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    chosen = sorted(postings, key=lambda posting: (posting.role != Role.SUPERVISOR, posting.pk))
    return chosen[0].user if chosen else None


def threshold_for(inspection: SiteInspection) -> Decimal:
    spec = THRESHOLD_SETTING[SiteLevel(inspection.site_level)]
    return Decimal(region_setting(inspection.point.region, spec.key, on=inspection.inspected_on))


def check_finalise(
    inspection: SiteInspection, rectification_due: datetime.date | None, today: datetime.date | None = None
) -> list[ItemScore]:
    """Every problem of finalising at once; returns the scores. Writes nothing."""
    problems = Problems()
    if inspection.status != InspectionStatus.DRAFT:
        problems.add(None, gettext("该检查评分已定稿。"), code="final")
    scores = list(inspection.scores.select_related("item"))
    scored = {score.item_id for score in scores}
    missing = [item.name for item in _items(inspection.sheet) if item.pk not in scored]
    if missing:
        problems.add(
            None,
            gettext("还有 {len} 项未评分：{join}。").format(len=len(missing), join="、".join(missing)),
            code="incomplete",
        )
    if rectification_due is not None and rectification_due < (today or timezone.localdate()):
        problems.add("rectification_due", gettext("整改期限不能早于今天。"), code="past")
    problems.raise_if_any()
    return scores


def finalise_inspection(
    *, inspection: SiteInspection, actor: User, rectification_due: datetime.date | None = None
) -> SiteInspection:
    """定稿: the total, the pass mark of the level in the point's region, passed or not, and a
    rectification for every item below its points (deadline: `rectification_due`, else the
    region's RECTIFICATION_DAYS)."""
    _require(actor, inspection.point)
    with transaction.atomic():
        locked = (
            SiteInspection.objects.select_for_update().select_related("sheet", "point__region").get(pk=inspection.pk)
        )
        if locked.status == InspectionStatus.DRAFT:
            _compute(locked, _items(locked.sheet))
        scores = check_finalise(locked, rectification_due)
        total = sum((score.score for score in scores), Decimal("0"))
        threshold = threshold_for(locked)
        owner = responsible_person(locked.point)
        opened = []
        for score in scores:
            if score.score >= score.item.points:
                continue
            lost = score.item.points - score.score
            why = score.note or score.explanation
            issue = f"{score.item.name}：扣 {lost} 分" + (f"（{why}）" if why else "")
            rectification = open_site_rectification(
                point=locked.point,
                issue=issue[:255],
                due_on=rectification_due,
                responsible_user=owner,
                actor=actor,
                reason=f"{locked.sheet.name} {locked.inspected_on.isoformat()} 检查扣分",
            )
            score.rectification = rectification
            score.save(update_fields=["rectification"])
            opened.append(rectification.pk)
        locked.total, locked.threshold, locked.passed = total, threshold, total >= threshold
        locked.status, locked.finalised_at = InspectionStatus.FINAL, timezone.now()
        locked.save(update_fields=["total", "threshold", "passed", "status", "finalised_at"])
        record_event(
            locked,
            "performance.inspection_finalised",
            actor=actor,
            channel=Channel.WORKBENCH,
            from_status=InspectionStatus.DRAFT,
            to_status=InspectionStatus.FINAL,
            reason=f"得分 {total}，{stored_text(SiteLevel(locked.site_level).label)}分数线 {threshold}，"
            + ("达标" if locked.passed else "未达标"),
            data={
                "total": str(total),
                "threshold": str(threshold),
                "passed": locked.passed,
                "mode": locked.mode,
                "venue": locked.venue,
                "rectifications": opened,
            },
            region=locked.point.region,
        )
    return locked


__all__ = [
    "DomainError",
    "check_finalise",
    "check_inspection",
    "check_profile",
    "check_scores",
    "create_inspection",
    "finalise_inspection",
    "may_score",
    "record_scores",
    "responsible_person",
    "threshold_for",
    "update_profile",
]
