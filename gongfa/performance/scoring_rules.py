"""Computed items of a scoring sheet (系统计算的评分项目): what the platform's own data can answer.

Each rule is a function (point, profile, inspection date, item.parameters, item points) →
(score, explanation): the score between 0 and the item's points (two decimals, half up) and a
sentence an evaluator and the point can check by hand. A sheet's item names its rule in
`computed_by`; the loader checks the name and the parameters (`check`).

Rules and their parameters (defaults in brackets):
- opening_hours: weekly opening hours against `min_hours` [40]; full points at or above, else in
  proportion.
- staffing: people with an active posting at the point against `min_staff` per tier
  [centre 5, station 2, room 1]; full points at or above, else in proportion.
- posts: the windows (岗位) of the profile against `required` [法律咨询, 法律援助, 人民调解, 综合服务:
  Qingdao's "4+X"]; in proportion to those present.
- signage: the 六统一 checks ticked on the profile, in proportion (six checks).
- floor_area: the floor area against `min_area_by_level` (region level → ㎡) [city 200, county 100]:
  full points or none.
- street_level: on the street's ground floor (临街一层): full points or none.
- stationed_agencies: the kinds of agency stationed there against `required_kinds`
  [legal_aid_centre, mediation_committee]; in proportion.
- satisfaction / on_time_rate: an indicator (`indicator`: wo_satisfaction_rate /
  wo_close_on_time_rate) over the point's own facts for the `days` [365] up to the inspection date,
  banded: `bands` [[95, 1], [90, 0.8], [85, 0.6], [0, 0]] gives the share of the points at or above
  each value; no data in the period gives none.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.i18n import Label, stored_text
from gongfa.network.choices import AgencyKind, RegionLevel

if TYPE_CHECKING:
    from gongfa.network.models import ServicePoint
    from gongfa.performance.models import PointProfile

Result = tuple[Decimal, str]
RuleFunction = Callable[["ServicePoint", "PointProfile | None", datetime.date, dict[str, Any], Decimal], Result]

SIGNAGE_CHECKS: tuple[tuple[str, Label], ...] = (
    ("name", _("统一名称")),
    ("logo", _("统一标识")),
    ("layout", _("统一场所设置")),
    ("services", _("统一服务内容")),
    ("process", _("统一工作流程")),
    ("rules", _("统一管理制度")),
)
DEFAULT_POSTS = ("法律咨询", "法律援助", "人民调解", "综合服务")
DEFAULT_MIN_STAFF = {"centre": 5, "station": 2, "room": 1}
DEFAULT_MIN_AREA = {str(int(RegionLevel.CITY)): 200, str(int(RegionLevel.COUNTY)): 100}
DEFAULT_AGENCY_KINDS = (AgencyKind.LEGAL_AID_CENTRE.value, AgencyKind.MEDIATION_COMMITTEE.value)
DEFAULT_BANDS = ((95, 1), (90, "0.8"), (85, "0.6"), (0, 0))
CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def share_of(points: Decimal, have: Decimal | int, need: Decimal | int) -> Decimal:
    """points × have ÷ need, capped at the points, two decimals."""
    if Decimal(need) <= 0:
        return quantize(points)
    share = min(Decimal(have) / Decimal(need), Decimal(1))
    return quantize(points * max(share, Decimal(0)))


def _number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text


@dataclass(frozen=True)
class Rule:
    code: str
    label: Label
    compute: RuleFunction
    check: Callable[[dict[str, Any]], list[str]]


RULES: dict[str, Rule] = {}


def register(
    code: str, label: Label, check: Callable[[dict[str, Any]], list[str]] | None = None
) -> Callable[[RuleFunction], RuleFunction]:
    def wrap(function: RuleFunction) -> RuleFunction:
        RULES[code] = Rule(code, label, function, check or (lambda parameters: []))
        return function

    return wrap


def rule(code: str) -> Rule | None:
    return RULES.get(code)


# --- parameter checks --------------------------------------------------------------------------


def _positive_number(parameters: dict[str, Any], key: str) -> list[str]:
    if key not in parameters:
        return []
    value = parameters[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return [gettext("参数 {key} 应为正数").format(key=key)]
    return []


def _number_map(parameters: dict[str, Any], key: str) -> list[str]:
    if key not in parameters:
        return []
    value = parameters[key]
    if not isinstance(value, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value.values()
    ):
        return [gettext("参数 {key} 应为“键: 非负数”的对象").format(key=key)]
    return []


def _text_list(parameters: dict[str, Any], key: str, allowed: set[str] | None = None) -> list[str]:
    if key not in parameters:
        return []
    value = parameters[key]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        return [gettext("参数 {key} 应为非空的文字列表").format(key=key)]
    unknown = [v for v in value if allowed is not None and v not in allowed]
    if not unknown:
        return []
    return [gettext("参数 {key} 含未知取值：{values}").format(key=key, values="、".join(unknown))]


def _bands(parameters: dict[str, Any]) -> list[tuple[Decimal, Decimal]]:
    raw = parameters.get("bands", DEFAULT_BANDS)
    bands = [(Decimal(str(low)), Decimal(str(share))) for low, share in raw]
    return sorted(bands, key=lambda band: band[0], reverse=True)


def _check_indicator(parameters: dict[str, Any]) -> list[str]:
    problems = _positive_number(parameters, "days")
    if "indicator" in parameters and not (isinstance(parameters["indicator"], str) and parameters["indicator"]):
        problems.append(gettext("参数 indicator 应为指标代码"))
    if "bands" in parameters:
        try:
            bands = _bands(parameters)
            if not bands or any(not (0 <= share <= 1) for _low, share in bands):
                raise ValueError
        except (TypeError, ValueError, InvalidOperation):
            problems.append(gettext("参数 bands 应为 [下限, 得分比例(0–1)] 的列表"))
    return problems


# --- the rules ---------------------------------------------------------------------------------


@register("opening_hours", _("每周开放时长"), lambda p: _positive_number(p, "min_hours"))
def opening_hours(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    need = Decimal(str(parameters.get("min_hours", 40)))
    hours = profile.weekly_hours if profile is not None else None
    if hours is None:
        return Decimal("0.00"), "未登记每周开放时长，不得分。"
    score = share_of(points, hours, need)
    return score, f"每周开放 {_number(hours)} 小时，标准 {_number(need)} 小时：得 {score} 分。"


@register("staffing", _("在岗人员"), lambda p: _number_map(p, "min_staff"))
def staffing(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    from gongfa.network.models import StaffPosting

    need = int({**DEFAULT_MIN_STAFF, **parameters.get("min_staff", {})}.get(point.tier, 1))
    have = (
        StaffPosting.objects.filter(point=point, is_active=True, user__is_active=True)
        .values("user_id")
        .distinct()
        .count()
    )
    score = share_of(points, have, need)
    return score, f"在岗人员 {have} 人，标准 {need} 人：得 {score} 分。"


@register("posts", _("岗位设置"), lambda p: _text_list(p, "required"))
def posts(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    required = list(parameters.get("required", DEFAULT_POSTS))
    present = set(profile.posts if profile is not None else [])
    have = [name for name in required if name in present]
    missing = [name for name in required if name not in present]
    score = share_of(points, len(have), len(required))
    gap = f"，缺 {'、'.join(missing)}" if missing else ""
    return score, f"应设 {len(required)} 个岗位，已设 {len(have)} 个{gap}：得 {score} 分。"


@register("signage", _("六统一"))
def signage(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    ticked = profile.signage if profile is not None else {}
    missing = [stored_text(label) for key, label in SIGNAGE_CHECKS if not ticked.get(key)]
    have = len(SIGNAGE_CHECKS) - len(missing)
    score = share_of(points, have, len(SIGNAGE_CHECKS))
    gap = f"，未达到：{'、'.join(missing)}" if missing else ""
    return score, f"六统一达到 {have} 项{gap}：得 {score} 分。"


@register("floor_area", _("场所面积"), lambda p: _number_map(p, "min_area_by_level"))
def floor_area(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    minimums = {**DEFAULT_MIN_AREA, **parameters.get("min_area_by_level", {})}
    level = str(int(point.region.level))
    if level not in minimums:
        level_name = stored_text(RegionLevel(int(level)).label)
        return Decimal("0.00"), f"评分表未设{level_name}级平台的面积标准，不得分，请调整评分表。"
    need = Decimal(str(minimums[level]))
    area = profile.floor_area_m2 if profile is not None else None
    if area is None:
        return Decimal("0.00"), "未登记场所面积，不得分。"
    score = quantize(points) if area >= need else Decimal("0.00")
    verdict = "达到" if area >= need else "未达到"
    return score, f"面积 {_number(area)}㎡，标准不少于 {_number(need)}㎡，{verdict}：得 {score} 分。"


@register("street_level", _("临街一层"))
def street_level(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    if profile is not None and profile.street_level:
        return quantize(points), f"设在临街一层：得 {quantize(points)} 分。"
    return Decimal("0.00"), "未设在临街一层：不得分。"


@register(
    "stationed_agencies",
    _("入驻机构"),
    lambda p: _text_list(p, "required_kinds", set(AgencyKind.values)),
)
def stationed_agencies(
    point: ServicePoint, profile: PointProfile | None, on: datetime.date, parameters: dict[str, Any], points: Decimal
) -> Result:
    required = list(parameters.get("required_kinds", DEFAULT_AGENCY_KINDS))
    kinds = set(profile.stationed_agencies.values_list("kind", flat=True)) if profile is not None else set()
    have = [kind for kind in required if kind in kinds]
    missing = [stored_text(AgencyKind(kind).label) for kind in required if kind not in kinds]
    score = share_of(points, len(have), len(required))
    gap = f"，缺 {'、'.join(missing)}" if missing else ""
    return score, f"应入驻 {len(required)} 类机构，已入驻 {len(have)} 类{gap}：得 {score} 分。"


def _indicator_band(default_indicator: str) -> RuleFunction:
    def compute(
        point: ServicePoint,
        profile: PointProfile | None,
        on: datetime.date,
        parameters: dict[str, Any],
        points: Decimal,
    ) -> Result:
        from gongfa.performance.compute_scoring import point_indicator_values
        from gongfa.performance.models import Indicator

        code = str(parameters.get("indicator", default_indicator))
        days = int(parameters.get("days", 365))
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            return Decimal("0.00"), f"指标 {code} 未配置，不得分，请核对评分表。"
        start = on - datetime.timedelta(days=days - 1)
        value = point_indicator_values([indicator], [(point.pk, point.region)], start, on)[point.pk][code]
        period = f"{start.isoformat()} 至 {on.isoformat()}"
        if value.value is None:
            return Decimal("0.00"), f"{period}本平台没有{indicator.name}的数据，不得分。"
        share = next((share for low, share in _bands(parameters) if value.value >= low), Decimal(0))
        score = quantize(points * share)
        shown = f"{_number(value.value)}%（{value.numerator}/{value.denominator}）"
        return score, f"{period}{indicator.name} {shown}：得 {score} 分。"

    return compute


register("satisfaction", _("群众满意率"), _check_indicator)(_indicator_band("wo_satisfaction_rate"))
register("on_time_rate", _("按时办结率"), _check_indicator)(_indicator_band("wo_close_on_time_rate"))


def compute_item(
    code: str,
    point: ServicePoint,
    profile: PointProfile | None,
    on: datetime.date,
    parameters: dict[str, Any],
    points: Decimal,
) -> Result:
    """Run a rule; the score is kept between 0 and the item's points."""
    found = RULES[code]
    score, explanation = found.compute(point, profile, on, parameters or {}, Decimal(points))
    return min(max(quantize(score), Decimal("0.00")), quantize(Decimal(points))), explanation[:255]
