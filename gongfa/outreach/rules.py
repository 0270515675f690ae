"""The region settings of outreach (区域参数), each with its source. Numbers the seed plans state
are defaults a region may change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongfa.core.i18n import Label
from gongfa.network.region_settings import SettingSpec, register


def _setting(key: str, default: Any, label: Label, source: Label, kind: type, **limits: Any) -> SettingSpec:
    return register(
        SettingSpec(key=f"outreach.{key}", default=default, label=label, source=source, kind=kind, **limits)
    )


# A village whose adviser logged nothing for this many days counts as silent on the coverage view.
ADVISOR_SILENT_DAYS = _setting(
    "advisor_silent_days",
    30,
    _("法律顾问多少天无工作记录视为不活跃"),
    _("平台设置：各地方案要求法律顾问定期到村服务"),
    int,
    minimum=7,
    maximum=365,
)
# Seed plans (Jinshui, Yunnan): at least one visit to each village a month.
ADVISOR_MONTHLY_VISITS = _setting(
    "advisor_monthly_visits",
    1,
    _("法律顾问每村每月应到村服务次数"),
    _("各地村(居)法律顾问工作方案：每月至少到村服务一次"),
    int,
    minimum=0,
    maximum=31,
)
# A village talk with more listeners than this is asked to be confirmed (an absurd number is a typo).
AUDIENCE_CONFIRM_ABOVE = _setting(
    "audience_confirm_above",
    100_000,
    _("受众人数超过多少须确认"),
    _("平台设置：防止误录"),
    int,
    minimum=100,
    maximum=10_000_000,
)
# Seed plans (Yunnan, Wenzhou): rule-of-law culture sites in ≥ 95 % of townships (≥ 1 each).
SITE_COVERAGE_TARGET = _setting(
    "site_coverage_target",
    95,
    _("法治文化阵地乡镇(街道)覆盖率目标（%）"),
    _("各地法治文化阵地建设方案：每个乡镇(街道)至少 1 个，覆盖率不低于 95%"),
    int,
    minimum=0,
    maximum=100,
)
# Seed plans: every school has a rule-of-law vice-principal (法治副校长配备率 100 %).
VICE_PRINCIPAL_TARGET = _setting(
    "vice_principal_target",
    100,
    _("学校法治副校长配备率目标（%）"),
    _("各地方案：中小学法治副校长配备率 100%"),
    int,
    minimum=0,
    maximum=100,
)
# 《法治宣传教育法》第57条: the department fixes and reports back; the period is the bureau's.
PROMPT_FEEDBACK_DAYS = _setting(
    "prompt_feedback_days",
    30,
    _("普法提示反馈期限（自然日）"),
    _("《法治宣传教育法》第57条（期限由司法行政部门确定）"),
    int,
    minimum=1,
    maximum=180,
)
