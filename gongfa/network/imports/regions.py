"""行政区划 sheet: one region a row, through network.services.create_region (level and parent
follow from the code). Rows are written in code order, so a parent in the same file comes first."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.xlsx import SheetRow
from gongfa.network.choices import RegionLevel
from gongfa.network.imports.common import Column, Row, SheetKind
from gongfa.network.models import Region
from gongfa.network.services import create_region

CODE = "区划代码"
NAME = "名称"
LATITUDE = "纬度"
LONGITUDE = "经度"
POVERTY = "脱贫村"
NAME_MAX = Region._meta.get_field("name").max_length or 64


class RegionSheet(SheetKind):
    slug = "regions"
    title = _("行政区划")
    columns = (
        Column(
            CODE, _("12位统计用区划代码，如 330102001001；层级和上级由代码得出，上级区划须已存在或在本文件中。"), True
        ),
        Column(NAME, format_lazy(_("区划名称，最多 {NAME_MAX} 个字。"), NAME_MAX=NAME_MAX), True),
        Column(LATITUDE, _("中心点纬度，如 30.274085。")),
        Column(LONGITUDE, _("中心点经度，如 120.155070。")),
        Column(POVERTY, _("是否为脱贫村（原建档立卡贫困村），填“是”或“否”，仅村(社区)可填“是”。")),
    )
    examples = (
        ("330102001000", "清波街道", "", "", ""),
        ("330102001001", "清波社区", "30.240000", "120.160000", "否"),
    )

    def ordered(self) -> Sequence[SheetRow]:
        return sorted(self.rows, key=lambda r: (Row(r).code(CODE, required=False), r.line))

    def write_row(self, row: Row) -> None:
        code = row.code(CODE)
        name = row.text(NAME, required=True, max_length=NAME_MAX)
        latitude = row.coordinate(LATITUDE, 90)
        longitude = row.coordinate(LONGITUDE, 180)
        poverty = row.yes_no(POVERTY, default=False)
        if code:
            earlier = self.seen.repeat(code, row.line)
            if earlier is not None:
                row.problem(
                    gettext("{CODE}“{code}”与第{earlier}行重复。").format(CODE=CODE, code=code, earlier=earlier)
                )
        row.done()
        region = create_region(code, name)
        if poverty and region.level != RegionLevel.VILLAGE:
            row.problem(
                gettext("{POVERTY}：只有村(社区)可以标为脱贫村，“{name}”是{label}级。").format(
                    POVERTY=POVERTY, name=name, label=RegionLevel(region.level).label
                )
            )
            row.done()
        if latitude is not None or longitude is not None or poverty:
            region.latitude, region.longitude, region.is_poverty_village = latitude, longitude, poverty
            region.save(update_fields=["latitude", "longitude", "is_poverty_village"])
