"""Region settings of performance management (绩效管理区域参数), registered with the network's
registry (gongfa.network.region_settings) when a module that reads them is imported."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.network.region_settings import REGISTRY, SettingSpec, register


def _register(spec: SettingSpec) -> SettingSpec:
    return REGISTRY.get(spec.key) or register(spec)


PROGRESS_GREEN_PERCENT = _register(
    SettingSpec(
        key="performance.progress_green_percent",
        default=100,
        label=_("目标进度“绿灯”线：完成到期进度的百分比（≥ 即为达到进度）"),
        source="配置（各地考核办法不一，默认完成到期进度的 100%）",
        kind=int,
        minimum=1,
        maximum=200,
    )
)
PROGRESS_AMBER_PERCENT = _register(
    SettingSpec(
        key="performance.progress_amber_percent",
        default=90,
        label=_("目标进度“黄灯”线：完成到期进度的百分比（低于此线为红灯）"),
        source="配置（默认 90%）",
        kind=int,
        minimum=0,
        maximum=200,
    )
)
