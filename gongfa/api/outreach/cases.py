"""Published typical cases (典型案例) under /api/v1/outreach/, for the public.

- GET /typical-cases?q=&topic=    published cases matching every search word, newest first
- GET /typical-cases/{number}     one published case (404 for any other status)"""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router
from ninja.pagination import paginate

from gongfa.api.actions import ERRORS
from gongfa.api.base import Schema
from gongfa.api.lookups import NotFound
from gongfa.api.schemas import IDENTIFIER_PATTERN, BoundedPageNumberPagination, PlainText
from gongfa.core.access import Audience, api_door
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.selectors import cases as sel

router = Router(tags=["outreach"])
CaseNumber = Annotated[str, Path(..., max_length=24, pattern=IDENTIFIER_PATTERN, description="案例编号")]


class OutreachTypicalCaseFilters(Schema):
    q: PlainText = Field("", max_length=200, description="检索词（标题、案情、办理经过、典型意义）")
    topic: PlainText = Field("", max_length=32, description="领域代码")


class OutreachTypicalCaseRowOut(Schema):
    number: str
    title: str
    topic: str
    source: str
    region_name: str
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_region_name(obj: TypicalCase) -> str:
        return obj.region.name


class OutreachTypicalCaseOut(OutreachTypicalCaseRowOut):
    facts: str
    handling: str
    significance: str
    citations: Any = Field(None, description="引用的法条")


@router.get(
    "/typical-cases",
    auth=None,
    response={200: list[OutreachTypicalCaseRowOut], **ERRORS},
    summary="典型案例（已发布）",
)
@paginate(BoundedPageNumberPagination, page_size=20, max_page_size=100)
@api_door(Audience.PUBLIC)
def list_cases(request: HttpRequest, filters: Query[OutreachTypicalCaseFilters]) -> list[TypicalCase]:
    """Published cases whose title, facts, handling or significance hold every search word of `q`
    (Chinese word segmentation), of `topic` when given, newest first."""
    return sel.search(filters.q.strip(), filters.topic.strip())  # type: ignore[return-value]


@router.get(
    "/typical-cases/{number}", auth=None, response={200: OutreachTypicalCaseOut, **ERRORS}, summary="典型案例详情"
)
@api_door(Audience.PUBLIC)
def get_case(request: HttpRequest, number: CaseNumber) -> TypicalCase:
    """One published case (a case not published answers 404, as an unknown number)."""
    case = sel.public_case(number)
    if case is None:
        raise NotFound(gettext("未找到典型案例 {number}。").format(number=number), field="number")
    return case
