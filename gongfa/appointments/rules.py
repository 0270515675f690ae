"""The region settings of notarization booking, the notarization case and appraisal referrals
(区域参数), each with its source. Rules that rules.md marks unverified (◐ / ⚠) are settings with the
stated default, not code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongfa.core.i18n import Label
from gongfa.network.region_settings import SettingSpec, register


def _setting(key: str, default: Any, label: Label, source: Label, kind: type, **limits: Any) -> SettingSpec:
    return register(
        SettingSpec(key=f"appointments.{key}", default=default, label=label, source=source, kind=kind, **limits)
    )


# practice.md §d (深圳市公证处): any day from tomorrow up to one month ahead.
BOOKING_WINDOW_DAYS = _setting(
    "booking_window_days",
    30,
    _("可预约的最远天数（自明日起）"),
    _("practice.md §d：网上预约可选次日起一个月内的时段"),
    int,
    minimum=1,
    maximum=90,
)
# Platform rule: a change or cancellation after this many hours before the slot is refused, so the
# office can offer the slot to someone else.
CHANGE_CUTOFF_HOURS = _setting(
    "change_cutoff_hours",
    24,
    _("改约、取消截止（预约时段开始前小时数）"),
    _("平台设置：便于公证处将时段另行安排"),
    int,
    minimum=0,
    maximum=168,
)
MAX_RESCHEDULES = _setting("max_reschedules", 2, _("每个预约可改约次数"), _("平台设置"), int, minimum=0, maximum=10)
# Platform rule: a no-show is recorded this many minutes after the slot starts.
NO_SHOW_AFTER_MINUTES = _setting(
    "no_show_after_minutes",
    30,
    _("预约开始后多少分钟未到场记为爽约"),
    _("平台设置"),
    int,
    minimum=0,
    maximum=480,
)
# 《公证法》第30条: 15 working days from acceptance (the matter's own limit may be shorter: 2024 提速清单).
ISSUE_WORKING_DAYS = _setting(
    "issue_working_days",
    15,
    _("出具公证书期限（自受理之日起，工作日）"),
    _("《公证法》第30条"),
    int,
    minimum=1,
    maximum=15,
)
# 公证程序规则第33条 ◐: another office asked to verify answers within one month.
REMOTE_VERIFICATION_DAYS = _setting(
    "remote_verification_days",
    30,
    _("委托异地公证机构核实期限（日）"),
    _("《公证程序规则》第33条 ◐：一个月内完成核实或告知不能核实"),
    int,
    minimum=1,
    maximum=90,
)
# 公证程序规则 ⚠: termination when the party's conduct stalls the matter for six months.
STALLED_TERMINATION_MONTHS = _setting(
    "stalled_termination_months",
    6,
    _("因当事人原因不能办结满几个月可终止"),
    _("《公证程序规则》⚠（条文序号未核实）：六个月内不能办结的终止公证"),
    int,
    minimum=1,
    maximum=24,
)
# 公证程序规则第61条 ◐: a party within one year of receiving the certificate; 20 years at most.
REVIEW_WINDOW_DAYS = _setting(
    "review_window_days",
    365,
    _("申请复查期限（日）"),
    _("《公证程序规则》第61条 ◐：自收到公证书之日起一年内"),
    int,
    minimum=1,
    maximum=3650,
)
REVIEW_CAP_YEARS = _setting(
    "review_cap_years",
    20,
    _("申请复查的最长期限（自出证之日起，年）"),
    _("《公证程序规则》第61条 ◐：自公证书出具之日起最长不得超过二十年"),
    int,
    minimum=1,
    maximum=30,
)
# ⚠ believed to be 30 days (rules.md §3.6, not verified).
REVIEW_DECISION_DAYS = _setting(
    "review_decision_days",
    30,
    _("复查决定期限（日）"),
    _("《公证程序规则》⚠：复查处理期限未核实，默认30日"),
    int,
    minimum=1,
    maximum=180,
)
# 《司法鉴定程序通则》第13条 ◐: accept or not within 7 working days of receiving the commission.
APPRAISAL_ACCEPT_WORKING_DAYS = _setting(
    "appraisal_accept_working_days",
    7,
    _("鉴定机构决定是否受理期限（工作日）"),
    _("《司法鉴定程序通则》第13条 ◐"),
    int,
    minimum=1,
    maximum=30,
)
# 通则≈第28条 ◐/⚠: 30 working days from the commission taking effect; complex cases +≤30.
APPRAISAL_COMPLETE_WORKING_DAYS = _setting(
    "appraisal_complete_working_days",
    30,
    _("鉴定完成期限（自委托协议生效之日起，工作日）"),
    _("《司法鉴定程序通则》第28条 ◐/⚠"),
    int,
    minimum=1,
    maximum=90,
)
APPRAISAL_MAX_EXTENSION_WORKING_DAYS = _setting(
    "appraisal_max_extension_working_days",
    30,
    _("复杂疑难案件最多延长（工作日）"),
    _("《司法鉴定程序通则》第28条 ◐/⚠：一般不得超过三十个工作日"),
    int,
    minimum=0,
    maximum=90,
)
