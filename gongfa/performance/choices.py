"""Choices and transition tables of performance management."""

from __future__ import annotations

from django.db import models

from gongfa.core.statemachine import Transition, TransitionTable


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", "件"
    PEOPLE = "people", "人次"
    DAYS = "days", "天"
    HOURS = "hours", "小时"
    SCORE = "score", "分"
    ITEMS = "items", "个"
    TEN_THOUSAND_YUAN = "wan_yuan", "万元"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class SourceKind(models.TextChoices):
    """Where an indicator or a threshold comes from (指标依据)."""

    SEED_PLAN = "seed_plan", "建设方案/实施方案"
    REGULATION = "regulation", "法律法规/部门规章"
    LOCAL_RULE = "local_rule", "地方规定"
    PRACTICE = "practice", "通行做法"


class MeasureKind(models.TextChoices):
    FLOW = "flow", "期间发生量"  # summed over the period's days
    STOCK = "stock", "时点存量"  # cumulative sum up to the period's last day


class Grain(models.TextChoices):
    DAY = "d", "日"
    MONTH = "m", "月"


class MixDimension(models.TextChoices):
    """Dimensions a rollup row may be broken down by, beside service and channel."""

    NONE = "", "合计"
    TOPIC = "topic", "咨询类别"
    GROUP = "group", "特殊群体"
    TIER = "tier", "服务平台层级"


class SplitMethod(models.TextChoices):
    TYPED = "typed", "逐项填写"
    WEIGHTED = "weighted", "按权重分解"


class MilestonePeriod(models.TextChoices):
    QUARTER = "quarter", "季度"
    MONTH = "month", "月度"


class TrafficLight(models.TextChoices):
    GREEN = "green", "达到进度"
    AMBER = "amber", "略低于进度"
    RED = "red", "明显落后"
    NONE = "none", "无目标"


class RowKind(models.TextChoices):
    HEADING = "heading", "标题行"
    INDICATOR = "indicator", "系统取数"
    TYPED = "typed", "手工填报"


class ValueType(models.TextChoices):
    INTEGER = "integer", "整数"
    DECIMAL = "decimal", "小数"
    PERCENT = "percent", "百分比"
    TEXT = "text", "文字"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送待审核"
    RETURNED = "returned", "已退回修改"
    ACCEPTED = "accepted", "已审核通过"


RS = ReportStatus
REPORT_TRANSITIONS = TransitionTable(
    "monthly_report",
    ReportStatus,
    [
        Transition("submit", (RS.DRAFT, RS.RETURNED), RS.SUBMITTED, "报送"),
        Transition("return", (RS.SUBMITTED,), RS.RETURNED, "退回修改", reason_required=True),
        Transition("accept", (RS.SUBMITTED,), RS.ACCEPTED, "审核通过"),
    ],
)


class SubjectKind(models.TextChoices):
    """What an evaluation scheme rates (考评对象)."""

    POINT = "point", "服务平台"
    AGENCY = "agency", "法律服务机构"
    PERSON = "person", "工作人员"


class EvaluationComponent(models.TextChoices):
    INDICATOR = "indicator", "系统指标"
    SELF = "self", "自评"
    CITIZEN = "citizen", "群众评价"
    THIRD_PARTY = "third_party", "第三方评估"
    LEGAL_AID_QUALITY = "legal_aid_quality", "法律援助案件质量"


class EvaluationRunStatus(models.TextChoices):
    DRAFT = "draft", "评分中"
    FINAL = "final", "已定稿"


class InspectionMode(models.TextChoices):
    OPEN = "open", "明查"
    COVERT = "covert", "暗访"


class InspectionVenue(models.TextChoices):
    ON_SITE = "on_site", "实地"
    REMOTE = "remote", "远程"


class SiteLevel(models.TextChoices):
    """The demonstration title a point is scored for (示范点级别)."""

    PROVINCIAL = "provincial", "省级示范"
    MUNICIPAL = "municipal", "市级示范"
    STANDARD = "standard", "规范化建设"


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", "评分中"
    FINAL = "final", "已定稿"
