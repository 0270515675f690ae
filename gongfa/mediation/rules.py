"""The region settings of people's mediation (区域参数), each with its source. Rules.md marks several
of these unverified (◐ / ⚠): they are settings with the stated default, not code."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongfa.core.i18n import Label
from gongfa.network.region_settings import SettingSpec, register


def _setting(key: str, default: Any, label: Label, source: Label, kind: type, **limits: Any) -> SettingSpec:
    return register(
        SettingSpec(key=f"mediation.{key}", default=default, label=label, source=source, kind=kind, **limits)
    )


# Mediation Provisions 第33条 ◐ (practice.md §a cites 《人民调解工作若干规定》第36条 for the same
# month): "一般在一个月内调结". A soft limit from the start of mediation; extendable with consent.
TIME_LIMIT_DAYS = _setting(
    "time_limit_days",
    30,
    _("调解期限（自开始调解之日起，日）"),
    _("《人民调解工作若干规定》：一般在一个月内调结（条文序号两处引用不一致 ◐，默认30日）"),
    int,
    minimum=1,
    maximum=180,
)
EXTENSION_MAX_DAYS = _setting(
    "extension_max_days",
    30,
    _("经双方同意可延长的最长天数"),
    _("地方规定（如某市规定第36条 ◐）：经双方当事人同意可以延长"),
    int,
    minimum=0,
    maximum=180,
)
# 《人民调解法》第33条: both parties may apply within 30 days of the agreement taking effect.
CONFIRMATION_WINDOW_DAYS = _setting(
    "confirmation_window_days",
    30,
    _("申请司法确认期限（日）"),
    _("《人民调解法》第33条；《民事诉讼法》第205条"),
    int,
    minimum=1,
    maximum=30,
)
CONFIRMATION_REMINDER_DAYS = _setting(
    "confirmation_reminder_days",
    7,
    _("司法确认期限届满前提醒（日）"),
    _("平台设置：期限届满前提醒双方当事人和调解员"),
    int,
    minimum=1,
    maximum=29,
)
# Mediation Provisions ◐ (第39条 of the 2002 rules): a return visit on performance.
RETURN_VISIT_DAYS = _setting(
    "return_visit_days",
    15,
    _("协议生效或履行期限届满后回访（日）"),
    _("《人民调解工作若干规定》第39条 ◐：对调解协议的履行情况进行回访"),
    int,
    minimum=1,
    maximum=180,
)
# 《劳动争议调解仲裁法》第14条: no agreement within 15 days of the application → arbitration.
LABOUR_ARBITRATION_DAYS = _setting(
    "labour_arbitration_days",
    15,
    _("劳动争议调解期限（日）"),
    _("《劳动争议调解仲裁法》第14条"),
    int,
    minimum=1,
    maximum=15,
)
# Mediation Provisions 第34条 ◐ is stricter than 第28条 of the law: a written agreement whenever the
# settlement creates civil rights and duties (rules.md §2.6, design default).
WRITTEN_WHEN_PERFORMANCE = _setting(
    "written_when_performance",
    True,
    _("有给付或履行义务的须制作书面协议"),
    _("《人民调解工作若干规定》第34条 ◐；rules.md §2.6 设计默认"),
    bool,
)
# 第25条: escalation risk is reported to the police or other departments.
ESCALATION_NOTIFIES_POLICE = _setting(
    "escalation_notifies_police",
    True,
    _("激化风险报告同时通知公安联络人"),
    _("《人民调解法》第25条"),
    bool,
)
CONSENT_DAYS = _setting(
    "consent_days",
    7,
    _("征询对方调解意愿的答复期限（日）"),
    _("平台设置：逾期未答复的视为拒绝（第17条：一方明确拒绝的不得调解）"),
    int,
    minimum=1,
    maximum=30,
)
REFERRAL_FEEDBACK_DAYS = _setting(
    "referral_feedback_days",
    30,
    _("委托移送案件向移送单位反馈的期限（日）"),
    _("诉调、警调、访调对接工作机制（地方实践 ◐）"),
    int,
    minimum=1,
    maximum=90,
)
# Committee composition (第9条): 3 to 9 members; women; smaller ethnic groups in multi-ethnic areas.
MULTI_ETHNIC_AREA = _setting(
    "multi_ethnic_area", False, _("多民族居住地区（调委会须有少数民族成员）"), _("《人民调解法》第9条"), bool
)
# Mediator grading (practice.md §a: 粤调协〔2020〕4号 for 四级; the higher grades' thresholds were
# not found [U]: defaults that rise by step, to be set by the province).
GRADE_THRESHOLDS: dict[str, dict[str, SettingSpec]] = {}
_GRADE_DEFAULTS = {
    # grade: (years, cases, success %, oral share % at most, satisfaction % at least, training hours)
    "4": (2, 50, 85, 30, 80, 16),
    "3": (4, 100, 88, 30, 85, 24),
    "2": (6, 200, 90, 25, 90, 32),
    "1": (8, 300, 92, 20, 95, 40),
}
_GRADE_SOURCE = {
    "4": "粤调协〔2020〕4号（潮安）：从事调解2年以上、50件以上、口头协议≤30%、成功率≥85%；满意度、学时为平台默认",
    "3": "三级以上门槛未核实 [U]：平台默认，须由省级设置",
    "2": "三级以上门槛未核实 [U]：平台默认，须由省级设置",
    "1": "三级以上门槛未核实 [U]：平台默认，须由省级设置",
}
_GRADE_NAMES = {"4": "四级", "3": "三级", "2": "二级", "1": "一级"}
for _grade, (_years, _cases, _success, _oral, _satisfaction, _hours) in _GRADE_DEFAULTS.items():
    _name, _source = _GRADE_NAMES[_grade], _GRADE_SOURCE[_grade]
    GRADE_THRESHOLDS[_grade] = {
        "years": _setting(
            f"grade{_grade}.years",
            _years,
            format_lazy(_("{name}：从事调解工作年限"), name=_name),
            _source,
            int,
            minimum=0,
            maximum=40,
        ),
        "cases": _setting(
            f"grade{_grade}.cases",
            _cases,
            format_lazy(_("{name}：主持调解案件数"), name=_name),
            _source,
            int,
            minimum=0,
            maximum=10000,
        ),
        "success_pct": _setting(
            f"grade{_grade}.success_pct",
            _success,
            format_lazy(_("{name}：调解成功率（%）不低于"), name=_name),
            _source,
            int,
            minimum=0,
            maximum=100,
        ),
        "oral_pct_max": _setting(
            f"grade{_grade}.oral_pct_max",
            _oral,
            format_lazy(_("{name}：口头协议占比（%）不高于"), name=_name),
            _source,
            int,
            minimum=0,
            maximum=100,
        ),
        "satisfaction_pct": _setting(
            f"grade{_grade}.satisfaction_pct",
            _satisfaction,
            format_lazy(_("{name}：回访满意率（%）不低于"), name=_name),
            _source,
            int,
            minimum=0,
            maximum=100,
        ),
        "training_hours": _setting(
            f"grade{_grade}.training_hours",
            _hours,
            format_lazy(_("{name}：培训学时不少于"), name=_name),
            _source,
            int,
            minimum=0,
            maximum=1000,
        ),
    }
# Who grants which grade (practice.md §a, 咸宁): the city 一级 and 二级, the county 三级 and 四级.
GRANTING_LEVEL = {
    grade: _setting(
        f"grade{grade}.granting_level",
        "city" if grade in ("1", "2") else "county",
        format_lazy(_("{value}：评定机关层级"), value=_GRADE_NAMES[grade]),
        _("咸宁：市级评定一级、二级，县级评定三级、四级（地方实践）"),
        str,
        choices=("province", "city", "county"),
    )
    for grade in _GRADE_DEFAULTS
}
PUBLICITY_DAYS = _setting(
    "grade_publicity_days",
    7,
    _("等级评定公示期（日）"),
    _("咸宁：评定结果公示（地方实践，期限为平台默认）"),
    int,
    minimum=1,
    maximum=30,
)
