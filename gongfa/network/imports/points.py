"""服务点 sheet: one service point a row, in a region that exists; the model's own rules (the
tier fits the region's level, the phone's shape) are each row's checks, and a region has at most
one point of each tier (in the file and in the database)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.xlsx import SheetRow
from gongfa.network.choices import PointTier, ServiceKind
from gongfa.network.imports.common import Column, Row, SheetKind, regions_by_code, split_list
from gongfa.network.models import ServicePoint

NAME = "名称"
TIER = "层级"
REGION = "区划代码"
ADDRESS = "地址"
HOURS = "办公时间"
PHONE = "联系电话"
SERVICES = "提供的服务"
LANGUAGES = "服务语言"
ACCESSIBILITY = "无障碍设施"
LATITUDE = "纬度"
LONGITUDE = "经度"
LISTED = "在名录中公开"
DESCRIPTION = "简介"  # a column header: the uploaded file's, not translated


def _max(name: str) -> int:
    return int(getattr(ServicePoint._meta.get_field(name), "max_length", None) or 255)


class PointSheet(SheetKind):
    slug = "points"
    title = _("服务点")
    columns = (
        Column(NAME, format_lazy(_("服务点名称，最多 {max} 个字。"), max=_max("name")), True),
        Column(
            TIER,
            _("公共法律服务中心（省市县）、公共法律服务工作站（乡镇街道）或公共法律服务工作室（村社区）。"),
            True,
        ),
        Column(REGION, _("所在区划的12位代码，区划须已存在；每个区划每种层级只能有一个服务点。"), True),
        Column(ADDRESS, _("地址。")),
        Column(HOURS, _("如：周一至周五 9:00-17:00；不填则为该默认值。")),
        Column(PHONE, _("对外公布的电话：手机号、带区号的座机号或服务热线。")),
        Column(
            SERVICES,
            format_lazy(
                _("多项用“、”分隔，可选：{join}。"), join="、".join(str(label) for label in ServiceKind.labels)
            ),
        ),
        Column(LANGUAGES, _("多项用“、”分隔，如：普通话、彝语。")),
        Column(ACCESSIBILITY, _("如：无障碍通道、轮椅、手语服务。")),
        Column(LATITUDE, _("纬度，如 30.274085。")),
        Column(LONGITUDE, _("经度，如 120.155070。")),
        Column(LISTED, _("是否在法律服务名录中公开，填“是”或“否”，不填为“是”。")),
        Column(DESCRIPTION, _("简介。")),
    )
    examples = (
        (
            "清波社区公共法律服务工作室",
            "公共法律服务工作室",
            "330102001001",
            "清波街 1 号",
            "",
            "0571-87654321",
            "法律咨询、人民调解",
            "普通话",
            "",
            "",
            "",
            "是",
            "",
        ),
    )

    def __init__(self, rows: Sequence[SheetRow], *, actor: User | None, channel: str) -> None:
        super().__init__(rows, actor=actor, channel=channel)
        self.regions = regions_by_code(rows, REGION)
        self.taken = set(ServicePoint.objects.filter(region__in=self.regions.values()).values_list("region_id", "tier"))

    def write_row(self, row: Row) -> None:
        name = row.text(NAME, required=True, max_length=_max("name"))
        tier = row.choice(TIER, PointTier)
        region = row.region(REGION, self.regions)
        fields: dict[str, Any] = {
            "address": row.text(ADDRESS, max_length=_max("address")),
            "phone": row.text(PHONE),
            "services": row.choices(SERVICES, ServiceKind),
            "languages": split_list(row.text(LANGUAGES)),
            "accessibility": row.text(ACCESSIBILITY, max_length=_max("accessibility")),
            "latitude": row.coordinate(LATITUDE, 90),
            "longitude": row.coordinate(LONGITUDE, 180),
            "is_listed": row.yes_no(LISTED, default=True),
            "description": row.text(DESCRIPTION),
        }
        hours = row.text(HOURS, max_length=_max("opening_hours"))
        if hours:
            fields["opening_hours"] = hours
        point = ServicePoint(name=name, tier=tier or "", region=region, **fields)
        if region is not None and tier is not None:
            label = f"{region.name}（{region.code}）"
            earlier = self.seen.repeat((region.pk, tier.value), row.line)
            if earlier is not None:
                row.problem(
                    gettext("{label}的{label2}与第{earlier}行重复。").format(
                        label=label, label2=tier.label, earlier=earlier
                    )
                )
            elif (region.pk, tier.value) in self.taken:
                row.problem(
                    gettext("{label}已有{label2}，每个区划每种层级只能有一个服务点。").format(
                        label=label, label2=tier.label
                    )
                )
        row.model_problems(point, exclude=["region", "name", "tier", "services", "languages"])
        row.done()
        point.save()
        record_event(point, "network.point_imported", actor=self.actor, channel=self.channel, region=region)
