"""Choices and transition tables of performance management."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongfa.core.statemachine import Transition, TransitionTable


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    COUNT = "count", _("件")
    PEOPLE = "people", _("人次")
    DAYS = "days", _("天")
    HOURS = "hours", _("小时")
    MINUTES = "minutes", _("分钟")
    SCORE = "score", _("分")
    ITEMS = "items", _("个")
    TEN_THOUSAND_YUAN = "wan_yuan", _("万元")


class Direction(models.TextChoices):
    HIGHER = "higher", _("越高越好")
    LOWER = "lower", _("越低越好")


class SourceKind(models.TextChoices):
    """Where an indicator or a threshold comes from (指标依据)."""

    SEED_PLAN = "seed_plan", _("建设方案/实施方案")
    REGULATION = "regulation", _("法律法规/部门规章")
    LOCAL_RULE = "local_rule", _("地方规定")
    PRACTICE = "practice", _("通行做法")


class MeasureKind(models.TextChoices):
    FLOW = "flow", _("期间发生量")  # summed over the period's days
    STOCK = "stock", _("时点存量")  # cumulative sum up to the period's last day


class Grain(models.TextChoices):
    DAY = "d", _("日")
    MONTH = "m", _("月")


class MixDimension(models.TextChoices):
    """Dimensions a rollup row may be broken down by, beside service and channel."""

    NONE = "", _("合计")
    TOPIC = "topic", _("咨询类别")
    GROUP = "group", _("特殊群体")
    TIER = "tier", _("服务平台层级")


class SplitMethod(models.TextChoices):
    TYPED = "typed", _("逐项填写")
    WEIGHTED = "weighted", _("按权重分解")


class MilestonePeriod(models.TextChoices):
    QUARTER = "quarter", _("季度")
    MONTH = "month", _("月度")


class TrafficLight(models.TextChoices):
    GREEN = "green", _("达到进度")
    AMBER = "amber", _("略低于进度")
    RED = "red", _("明显落后")
    NONE = "none", _("无目标")


class RowKind(models.TextChoices):
    HEADING = "heading", _("标题行")
    INDICATOR = "indicator", _("系统取数")
    TYPED = "typed", _("手工填报")


class ValueType(models.TextChoices):
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("小数")
    PERCENT = "percent", _("百分比")
    TEXT = "text", _("文字")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送待审核")
    RETURNED = "returned", _("已退回修改")
    ACCEPTED = "accepted", _("已审核通过")


RS = ReportStatus
REPORT_TRANSITIONS = TransitionTable(
    "monthly_report",
    ReportStatus,
    [
        Transition("submit", (RS.DRAFT, RS.RETURNED), RS.SUBMITTED, _("报送")),
        Transition("return", (RS.SUBMITTED,), RS.RETURNED, _("退回修改"), reason_required=True),
        Transition("accept", (RS.SUBMITTED,), RS.ACCEPTED, _("审核通过")),
    ],
)


class SubjectKind(models.TextChoices):
    """What an evaluation scheme rates (考评对象)."""

    POINT = "point", _("服务平台")
    AGENCY = "agency", _("法律服务机构")
    PERSON = "person", _("工作人员")


class EvaluationComponent(models.TextChoices):
    INDICATOR = "indicator", _("系统指标")
    SELF = "self", _("自评")
    CITIZEN = "citizen", _("群众评价")
    THIRD_PARTY = "third_party", _("第三方评估")
    LEGAL_AID_QUALITY = "legal_aid_quality", _("法律援助案件质量")


class EvaluationRunStatus(models.TextChoices):
    DRAFT = "draft", _("评分中")
    FINAL = "final", _("已定稿")


class InspectionMode(models.TextChoices):
    OPEN = "open", _("明查")
    COVERT = "covert", _("暗访")


class InspectionVenue(models.TextChoices):
    ON_SITE = "on_site", _("实地")
    REMOTE = "remote", _("远程")


class SiteLevel(models.TextChoices):
    """The demonstration title a point is scored for (示范点级别)."""

    PROVINCIAL = "provincial", _("省级示范")
    MUNICIPAL = "municipal", _("市级示范")
    STANDARD = "standard", _("规范化建设")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("评分中")
    FINAL = "final", _("已定稿")
