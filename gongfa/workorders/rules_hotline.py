"""The hotline's region settings (区域参数), each with its source: numbers a region may change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.network.region_settings import SettingSpec, register

# A message left outside the duty roster is called back on the next working day: by the start of
# office hours plus this many hours (0: at the opening of the office).
AFTER_HOURS_CALLBACK_HOURS = register(
    SettingSpec(
        key="workorders.after_hours_callback_hours",
        default=2,
        label=_("非值班时段留言：次一工作日上班后几小时内回电"),
        source="rules.md §4：热线服务 7×24（非值班时段留言，次一工作日回电）；平台设置",
        kind=int,
        minimum=0,
        maximum=8,
    )
)
