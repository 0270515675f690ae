"""Region settings of site scoring (示范点评分参数): the pass mark per level.

The ≥95 provincial / ≥90 municipal marks come from the Pingdingshan seed plan; practice.md §c
found no published source for them (UNVERIFIED), and the 80 of a standardised point follows
Yangpu's 标准 band. Each is a region setting, so a bureau sets its own.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.network.region_settings import SettingSpec, register
from gongfa.performance.choices import SiteLevel

SITE_THRESHOLD_PROVINCIAL = register(
    SettingSpec(
        key="performance.site_threshold_provincial",
        default=95,
        label=_("省级示范点达标分数线"),
        source="平顶山建设方案（practice.md §c，未核实出处）",
        kind=int,
        minimum=0,
        maximum=100,
    )
)
SITE_THRESHOLD_MUNICIPAL = register(
    SettingSpec(
        key="performance.site_threshold_municipal",
        default=90,
        label=_("市级示范点达标分数线"),
        source="平顶山建设方案（practice.md §c，未核实出处）",
        kind=int,
        minimum=0,
        maximum=100,
    )
)
SITE_THRESHOLD_STANDARD = register(
    SettingSpec(
        key="performance.site_threshold_standard",
        default=80,
        label=_("规范化建设达标分数线"),
        source="上海杨浦 80–<90 标准档（practice.md §c），未核实",
        kind=int,
        minimum=0,
        maximum=100,
    )
)

THRESHOLD_SETTING = {
    SiteLevel.PROVINCIAL: SITE_THRESHOLD_PROVINCIAL,
    SiteLevel.MUNICIPAL: SITE_THRESHOLD_MUNICIPAL,
    SiteLevel.STANDARD: SITE_THRESHOLD_STANDARD,
}
