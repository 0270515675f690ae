"""Registry of region-configurable parameters (区域参数) with their defaults and legal source.

Every number a region may set differently is declared here once. Lookups walk from the region up
to the province and take the latest value in force on the given date (one query).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.i18n import Label
from gongfa.network.choices import DayCountMode


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    label: Label
    source: Label
    kind: type
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def validate(self, value: Any) -> Any:
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(gettext("参数“{label}”应为整数。").format(label=self.label))
            if self.minimum is not None and value < self.minimum:
                raise ValidationError(
                    gettext("参数“{label}”不能小于 {minimum}。").format(label=self.label, minimum=self.minimum)
                )
            if self.maximum is not None and value > self.maximum:
                raise ValidationError(
                    gettext("参数“{label}”不能大于 {maximum}。").format(label=self.label, maximum=self.maximum)
                )
        elif self.kind is bool:
            if not isinstance(value, bool):
                raise ValidationError(gettext("参数“{label}”应为 true 或 false。").format(label=self.label))
        elif self.kind is str:
            if not isinstance(value, str):
                raise ValidationError(gettext("参数“{label}”应为文本。").format(label=self.label))
            if self.choices and value not in self.choices:
                raise ValidationError(
                    gettext("参数“{label}”只能取：{join}。").format(label=self.label, join="、".join(self.choices))
                )
        return value


REGISTRY: dict[str, SettingSpec] = {}


def register(spec: SettingSpec) -> SettingSpec:
    REGISTRY[spec.key] = spec
    return spec


DAY_COUNT_MODE = register(
    SettingSpec(
        key="day_count_mode",
        default=DayCountMode.CALENDAR.value,
        label=_("期间计算方式"),
        source="《民法典》第201–203条（默认自然日、末日顺延）；rules.md Day-count convention ⚠",
        kind=str,
        choices=tuple(DayCountMode.values),
    )
)
ADVISOR_MAX_VILLAGES = register(
    SettingSpec(
        key="advisor.max_villages",
        default=5,
        label=_("每名村(居)法律顾问最多服务村(社区)数"),
        source="rules.md §3.8（金水区方案，地方实践）",
        kind=int,
        minimum=1,
        maximum=50,
    )
)


def spec_for(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise ValidationError(gettext("未登记的区域参数：{key}。").format(key=key)) from None


def default_for(key: str) -> Any:
    return spec_for(key).default


def effective_date(on: datetime.date | None) -> datetime.date:
    return on or datetime.date.today()


# Work orders (issue #3): numbers a region may set differently; defaults are configuration.
RETURN_VISIT_SAMPLE_PERCENT = register(
    SettingSpec(
        key="workorder.return_visit_sample_percent",
        default=5,
        label=_("办结工单回访抽查比例（%）"),
        source="rules.md §4 hotline.qc_sample_rate（安徽 ≥5%，◐ 省级指标）",
        kind=int,
        minimum=0,
        maximum=100,
    )
)
RATING_LINK_DAYS = register(
    SettingSpec(
        key="workorder.rating_link_days",
        default=15,
        label=_("评价链接有效天数"),
        source="配置（无法定期限）",
        kind=int,
        minimum=1,
        maximum=90,
    )
)
RETURN_VISIT_DUE_HOURS = register(
    SettingSpec(
        key="workorder.return_visit_due_hours",
        default=24,
        label=_("差评回访时限（小时）"),
        source="rules.md §4 hotline.callback_on_dissatisfied（不满意100%回访，◐）；时限为配置",
        kind=int,
        minimum=1,
        maximum=720,
    )
)
RECTIFICATION_DAYS = register(
    SettingSpec(
        key="workorder.rectification_days",
        default=5,
        label=_("整改期限（工作日）"),
        source="配置（按工作日计算，节假日顺延）",
        kind=int,
        minimum=1,
        maximum=60,
    )
)
SAMPLE_VISIT_DAYS = register(
    SettingSpec(
        key="workorder.sample_visit_days",
        default=3,
        label=_("抽查回访时限（工作日）"),
        source="配置（按工作日计算，节假日顺延）",
        kind=int,
        minimum=1,
        maximum=30,
    )
)
SUPERVISION_MAX_DAYS = register(
    SettingSpec(
        key="workorder.supervision_max_days",
        default=30,
        label=_("督办人发起督办的最长办理期限（日）"),
        source="配置",
        kind=int,
        minimum=1,
        maximum=180,
    )
)
DUPLICATE_WINDOW_DAYS = register(
    SettingSpec(
        key="workorder.duplicate_window_days",
        default=7,
        label=_("疑似重复工单比对天数"),
        source="配置",
        kind=int,
        minimum=1,
        maximum=90,
    )
)
ESCALATION_HOURS = register(
    SettingSpec(
        key="workorder.escalation_hours",
        default=24,
        label=_("督办未解除时逐级上报间隔（小时）"),
        source="配置（12345闭环督办，◐）",
        kind=int,
        minimum=1,
        maximum=720,
    )
)


# Legal aid (issue #5; rules.md §6 `la.*`). 0 for a period means "not set by law or region".
def _la(key: str, default: Any, label: Label, source: Label, kind: type = int, **limits: Any) -> SettingSpec:
    return register(SettingSpec(key=f"la.{key}", default=default, label=label, source=source, kind=kind, **limits))


LA_REVIEW_DAYS = _la(
    "review_days", 7, _("法律援助审查决定期限（日）"), _("《法律援助法》第43条"), minimum=1, maximum=60
)
LA_GREEN_CHANNEL_REVIEW_DAYS = _la(
    "green_channel_review_days",
    3,
    _("绿色通道内部审查目标（日）"),
    _("配置（特殊群体优先办理）"),
    minimum=1,
    maximum=60,
)
LA_SUPPLEMENT_PAUSES_CLOCK = _la(
    "supplement_pauses_clock",
    True,
    _("补充材料期间不计入审查期限"),
    _("2012年规定（◐）；2023年规定未核实 ⚠"),
    kind=bool,
)
LA_SUPPLEMENT_DEADLINE_DAYS = _la(
    "supplement_deadline_days",
    0,
    _("补充材料期限（日，0=由审查人员在通知中确定）"),
    _("《法律援助法》第43条第2款未规定期限（配置）"),
    minimum=0,
    maximum=90,
)
LA_ASSIGN_DAYS_AFTER_GRANT = _la(
    "assign_days_after_grant", 3, _("决定给予后指派期限（日）"), _("《法律援助法》第43条"), minimum=1, maximum=30
)
LA_ASSIGN_DAYS_AFTER_NOTICE = _la(
    "assign_days_after_notice", 3, _("收到通知后指派期限（日）"), _("《法律援助法》第36条"), minimum=1, maximum=30
)
LA_CUSTODY_FORWARD_HOURS = _la(
    "custody_forward_hours",
    24,
    _("羁押场所转交申请时限（小时）"),
    _("《法律援助法》第39条第1款"),
    minimum=1,
    maximum=240,
)
LA_DUTY_LAWYER_FORWARD_HOURS = _la(
    "duty_lawyer_forward_hours",
    24,
    _("值班律师转交申请时限（小时）"),
    _("《法律援助法》第39条第2款"),
    minimum=1,
    maximum=240,
)
LA_ENGAGEMENT_SIGN_DAYS = _la(
    "engagement_sign_days",
    5,
    _("指派后签订委托协议期限（日）"),
    _("2023年《办理法律援助案件程序规定》第27条（◐）"),
    minimum=1,
    maximum=30,
)
LA_ADVANCE_AID_LIMITATION_DAYS = _la(
    "advance_aid_limitation_days",
    7,
    _("先行援助：距时效或期限届满少于（日）"),
    _("《法律援助法》第44条"),
    minimum=1,
    maximum=60,
)
LA_SENIOR_COUNSEL_MIN_YEARS = _la(
    "senior_counsel_min_years",
    3,
    _("可能判处无期徒刑、死刑案件承办律师最低刑辩年限"),
    _("《法律援助法》第26条"),
    minimum=1,
    maximum=30,
)
LA_OBJECTION_REVIEW_DAYS = _la(
    "objection_review_days", 5, _("异议审查期限（日）"), _("《法律援助法》第49条第2款"), minimum=1, maximum=30
)
LA_OBJECTION_FILING_DAYS = _la(
    "objection_filing_days",
    0,
    _("提出异议期限（日，0=不限）"),
    _("《法律援助法》第49条未规定（配置）"),
    minimum=0,
    maximum=365,
)
LA_RECONSIDERATION_DAYS = _la(
    "reconsideration_days", 60, _("申请行政复议期限（日）"), _("《行政复议法》第20条"), minimum=1, maximum=365
)
LA_LITIGATION_MONTHS = _la(
    "litigation_months", 6, _("提起行政诉讼期限（月）"), _("《行政诉讼法》第46条"), minimum=1, maximum=24
)
LA_CLOSING_REPORT_DAYS = _la(
    "closing_report_days",
    0,
    _("办结后提交结案材料期限（日，0=及时）"),
    _("《法律援助法》第50条；地方15–30日（◐）"),
    minimum=0,
    maximum=90,
)
LA_APPLICANT_CHOICE = _la(
    "applicant_choice", False, _("受援人可从公示名册中选择承办人（点援）"), _("配置（地方实践）"), kind=bool
)
LA_CREDIT_COMMITMENT = _la(
    "credit_commitment_allowed", True, _("允许以个人诚信承诺核查经济困难"), _("《法律援助法》第41条"), kind=bool
)
# Quality control (issue #5 item 5; rules.md §1.14, 《法律援助法》第57、59条). Grade thresholds and
# the composite index weights are local practice, not law: configuration with documented defaults.
LA_QUALITY_EXCELLENT_MIN = _la(
    "quality_excellent_min", 90, _("办案质量评查“优秀”最低分"), _("配置（地方评查办法，◐）"), minimum=0, maximum=100
)
LA_QUALITY_GOOD_MIN = _la(
    "quality_good_min", 75, _("办案质量评查“合格”最低分"), _("配置（地方评查办法，◐）"), minimum=0, maximum=100
)
LA_QUALITY_BASIC_MIN = _la(
    "quality_basic_min", 60, _("办案质量评查“基本合格”最低分"), _("配置（地方评查办法，◐）"), minimum=0, maximum=100
)
LA_QUALITY_INDEX_SCORE_WEIGHT = _la(
    "quality_index_score_weight",
    70,
    _("质量指数中评查平均分的权重"),
    _("配置（《法律援助法》第57条）"),
    minimum=0,
    maximum=100,
)
LA_QUALITY_INDEX_SATISFACTION_WEIGHT = _la(
    "quality_index_satisfaction_weight",
    30,
    _("质量指数中受援人满意度的权重"),
    _("配置（《法律援助法》第59条）"),
    minimum=0,
    maximum=100,
)
LA_QUALITY_INDEX_ON_TIME_WEIGHT = _la(
    "quality_index_on_time_weight",
    0,
    _("质量指数中按时提交结案材料比例的权重"),
    _("配置（《法律援助法》第50条；须同时设置 la.closing_report_days）"),
    minimum=0,
    maximum=100,
)
LA_PEER_REVIEW_SAMPLE_PERCENT = _la(
    "peer_review_sample_percent",
    10,
    _("同行评估抽查比例（%）"),
    _("配置（《法律援助法》第57条）"),
    minimum=1,
    maximum=100,
)
LA_RETURN_VISIT_BEFORE_CLOSE = _la(
    "return_visit_before_close",
    True,
    _("结案前须回访受援人"),
    _("rules.md §5.2（CLOSING_REVIEW → CLOSED：回访完成）；《法律援助法》第59条"),
    kind=bool,
)


# When the citizen is asked to rate (好差评) a case that came from a work order (issue #16 item 9), per
# case type: "close" asks when the case closes; "final" waits while the decision can still be
# challenged (a legal-aid refusal or termination with the objection route open, 第49条) and asks
# once no objection is possible or the objection is decided (gongfa.legalaid.services.rating).
RATING_AFTER_CLOSE = "close"
RATING_AFTER_FINAL = "final"


def _rating_after(
    case_type: str, default: str, label: Label, choices: tuple[str, ...] = (RATING_AFTER_CLOSE, RATING_AFTER_FINAL)
) -> SettingSpec:
    return register(
        SettingSpec(
            key=f"rating_after.{case_type}",
            default=default,
            label=format_lazy(_("{label}：何时请群众评价（close=办结即请，final=决定不可再提异议后）"), label=label),
            source="配置（异议期间不请求评价）",
            kind=str,
            choices=choices,
        )
    )


RATING_AFTER_LEGAL_AID = _rating_after("legal_aid", RATING_AFTER_FINAL, _("法律援助"))
RATING_AFTER_NOTARIZATION = _rating_after(
    "notarization", RATING_AFTER_CLOSE, _("公证")
)  # final: after the review window
# Mediation and appraisal end in no decision of the platform that the citizen can challenge
# (mediation is voluntary, 人民调解法 第3条; re-appraisal is the case-handling authority's to
# order), so they are asked when the case closes and "final" is not offered.
RATING_AFTER_MEDIATION = _rating_after("mediation", RATING_AFTER_CLOSE, _("人民调解"), (RATING_AFTER_CLOSE,))
RATING_AFTER_APPRAISAL = _rating_after("appraisal", RATING_AFTER_CLOSE, _("司法鉴定"), (RATING_AFTER_CLOSE,))
LA_RATING_WAIT_DAYS = _la(
    "rating_wait_days",
    15,
    _("未设异议期限时，不予或终止决定后请求评价前等待（日）"),
    _("配置（《法律援助法》第49条未规定异议期限）"),
    minimum=1,
    maximum=365,
)
