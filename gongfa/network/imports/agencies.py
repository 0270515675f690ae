"""法律服务机构 sheet: one agency a row, in a region that exists, optionally housed in a service
point named in the row; names are unique within a region (in the file and in the database)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.xlsx import SheetRow
from gongfa.network.choices import AgencyKind, ServiceKind
from gongfa.network.imports.common import Column, Row, SheetKind, one_by_name, places_by_name, regions_by_code
from gongfa.network.models import Agency, ServicePoint

NAME = "名称"
KIND = "类型"
INDUSTRY = "行业领域"
REGION = "区划代码"
POINT = "入驻服务点"
ADDRESS = "地址"
PHONE = "联系电话"
LICENCE = "执业许可证号"
HOURS = "办公时间"
SERVICES = "提供的服务"
WEBSITE = "网站"
LISTED = "在名录中公开"
DESCRIPTION = "简介"  # a column header: the uploaded file's, not translated


def _max(name: str) -> int:
    return int(getattr(Agency._meta.get_field(name), "max_length", None) or 255)


class AgencySheet(SheetKind):
    slug = "agencies"
    title = _("法律服务机构")
    columns = (
        Column(NAME, format_lazy(_("机构名称，最多 {max} 个字；同一区划内不能重名。"), max=_max("name")), True),
        Column(KIND, format_lazy(_("可选：{join}。"), join="、".join(str(label) for label in AgencyKind.labels)), True),
        Column(REGION, _("所在区划的12位代码，区划须已存在。"), True),
        Column(INDUSTRY, _("行业性专业性人民调解委员会必填，如：医疗纠纷。")),
        Column(POINT, _("入驻的服务点名称（须已存在且名称唯一）。")),
        Column(ADDRESS, _("地址。")),
        Column(PHONE, _("对外公布的电话：手机号、带区号的座机号或服务热线。")),
        Column(LICENCE, _("执业许可证号或统一社会信用代码。")),
        Column(HOURS, _("如：周一至周五 9:00-17:00；不填则为该默认值。")),
        Column(
            SERVICES,
            format_lazy(
                _("多项用“、”分隔，可选：{join}。"), join="、".join(str(label) for label in ServiceKind.labels)
            ),
        ),
        Column(WEBSITE, _("网址，如 https://example.gov.cn/。")),
        Column(LISTED, _("是否在法律服务名录中公开，填“是”或“否”，不填为“是”。")),
        Column(DESCRIPTION, _("简介。")),
    )
    examples = (
        (
            "清波街道人民调解委员会",
            "人民调解委员会",
            "330102001000",
            "",
            "",
            "清波街 2 号",
            "0571-87654322",
            "",
            "",
            "人民调解",
            "",
            "是",
            "",
        ),
    )

    def __init__(self, rows: Sequence[SheetRow], *, actor: User | None, channel: str) -> None:
        super().__init__(rows, actor=actor, channel=channel)
        self.regions = regions_by_code(rows, REGION)
        self.taken = set(Agency.objects.filter(region__in=self.regions.values()).values_list("region_id", "name"))
        names = {Row(r).text(POINT) for r in rows} - {""}
        self.points = places_by_name(ServicePoint.objects.filter(name__in=names))

    def write_row(self, row: Row) -> None:
        name = row.text(NAME, required=True, max_length=_max("name"))
        kind = row.choice(KIND, AgencyKind)
        region = row.region(REGION, self.regions)
        point_name = row.text(POINT)
        point = one_by_name(row, POINT, point_name, self.points) if point_name else None
        fields: dict[str, Any] = {
            "industry": row.text(INDUSTRY, max_length=_max("industry")),
            "address": row.text(ADDRESS, max_length=_max("address")),
            "phone": row.text(PHONE),
            "licence_number": row.text(LICENCE, max_length=_max("licence_number")),
            "services": row.choices(SERVICES, ServiceKind),
            "website": row.text(WEBSITE),
            "is_listed": row.yes_no(LISTED, default=True),
            "description": row.text(DESCRIPTION),
        }
        hours = row.text(HOURS, max_length=_max("opening_hours"))
        if hours:
            fields["opening_hours"] = hours
        agency = Agency(name=name, kind=kind or "", region=region, point=point, **fields)
        if region is not None and name:
            earlier = self.seen.repeat((region.pk, name), row.line)
            if earlier is not None:
                row.problem(
                    gettext("{NAME}“{name}”与第{earlier}行重复（同一区划）。").format(
                        NAME=NAME, name=name, earlier=earlier
                    )
                )
            elif (region.pk, name) in self.taken:
                row.problem(gettext("{name}已有名为“{name2}”的机构。").format(name=region.name, name2=name))
        row.model_problems(agency, exclude=["region", "point", "name", "kind", "services"])
        row.done()
        agency.save()
        record_event(agency, "network.agency_imported", actor=self.actor, channel=self.channel, region=region)
