"""Advisers' coverage of a region (覆盖与履职) under /api/v1/outreach/, for its supervisors.

- GET /coverage?region=<code>   counts and rates of the region's villages (and, per village, its
                                advisers and last entry); only a region the caller manages (404
                                for any other, as the API answers for what one may not see)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router

from gongfa.api.actions import ERRORS
from gongfa.api.auth import principal
from gongfa.api.base import Schema
from gongfa.api.lookups import NotFound
from gongfa.api.outreach.common import OUTREACH_READ, outreach_auth
from gongfa.api.schemas import PlainText
from gongfa.core.access import Audience, api_door
from gongfa.network.models import Region
from gongfa.outreach.selectors.access import can_manage
from gongfa.outreach.selectors.advisers import Coverage, coverage, manageable_villages

router = Router(tags=["outreach"])
READ = outreach_auth(OUTREACH_READ)


class OutreachCoverageFilters(Schema):
    region: PlainText = Field(..., max_length=12, description="区划代码（须在本人管辖范围内）")


class OutreachCoverageVillageOut(Schema):
    code: str
    name: str
    poverty_village: bool
    advisors: list[str] = Field(..., description="在任法律顾问姓名")
    last_log_on: datetime.date | None
    active: bool = Field(..., description="在沉默天数内登记过工作")


class OutreachCoverageOut(Schema):
    region_code: str
    region_name: str
    villages: int
    covered: int
    without_advisor: int
    active: int
    silent: int
    poverty_villages: int
    poverty_without_advisor: int
    coverage_rate: float | None = Field(..., description="有顾问的村占比（0–1；无村时为 null）")
    active_rate: float | None = Field(..., description="有顾问的村中履职活跃的占比")
    poverty_coverage_rate: float | None
    rows: list[OutreachCoverageVillageOut]


def coverage_out(region: Region, found: Coverage) -> OutreachCoverageOut:
    return OutreachCoverageOut(
        region_code=region.code,
        region_name=region.name,
        villages=found.total,
        covered=found.covered_count,
        without_advisor=len(found.without_advisor),
        active=len(found.active),
        silent=len(found.silent),
        poverty_villages=len(found.poverty),
        poverty_without_advisor=len(found.poverty_without_advisor),
        coverage_rate=found.coverage_rate,
        active_rate=found.active_rate,
        poverty_coverage_rate=found.poverty_coverage_rate,
        rows=[
            OutreachCoverageVillageOut(
                code=row.village.code,
                name=row.village.name,
                poverty_village=row.village.is_poverty_village,
                advisors=[a.display_name for a in row.advisors],
                last_log_on=row.last_log_on,
                active=row.active,
            )
            for row in found.rows
        ],
    )


@router.get("/coverage", auth=READ, response={200: OutreachCoverageOut, **ERRORS}, summary="法律顾问覆盖与履职")
@api_door(Audience.STAFF, scope=OUTREACH_READ)
def region_coverage(request: HttpRequest, filters: Query[OutreachCoverageFilters]) -> OutreachCoverageOut:
    """The coverage of one region the caller manages (supervisors: their regions; administrators:
    everywhere): villages with and without an adviser, active and silent, poverty villages, and
    the rates. A region one does not manage answers 404, like an unknown one."""
    user = principal(request).user
    region = Region.objects.filter(code=filters.region.strip()).first()
    if region is None or not can_manage(user, region):
        raise NotFound(gettext("未找到该区划，或不在您的管辖范围内。"), field="region")
    low, high = region.subtree_bounds()
    villages = manageable_villages(user).filter(code__range=(low, high))
    return coverage_out(region, coverage(villages, region))
