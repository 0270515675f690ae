"""Call records for supervisors (话单查询), under /api/v1/hotline/:

- GET /calls?start=&end=&outcome=&agent=   the calls of the caller's regions, newest first
  (paginated), numbers masked; a token with `hotline:cti` sees what its account may see."""

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router
from ninja.pagination import paginate

from gongfa.api.actions import ERRORS
from gongfa.api.auth import principal, token_or_session
from gongfa.api.base import Schema
from gongfa.api.hotline.calls import HotlineCallOut
from gongfa.api.models import TokenScope
from gongfa.api.schemas import BoundedPageNumberPagination, PlainText, RowId, documented
from gongfa.core.access import Audience, api_door
from gongfa.core.errors import DomainError
from gongfa.workorders.choices import CallOutcome
from gongfa.workorders.models import CallRecord
from gongfa.workorders.selectors_calls import CallFilters, calls_visible_to, filter_calls, with_list_relations

router = Router(tags=["hotline"])
READ = token_or_session(TokenScope.HOTLINE_CTI)


class HotlineCallFilters(Schema):
    start: datetime.date | None = Field(
        None, description="来电日期起（含）", json_schema_extra=documented(maxLength=10)
    )
    end: datetime.date | None = Field(None, description="来电日期止（含）", json_schema_extra=documented(maxLength=10))
    outcome: PlainText = Field("", max_length=12, description=f"话务结果：{', '.join(CallOutcome.values)}")
    agent: RowId | None = Field(None, description="坐席账号 ID")


class InvalidFilter(DomainError):
    code = "invalid_filter"
    status = 400


@router.get("/calls", auth=READ, response={200: list[HotlineCallOut], **ERRORS}, summary="话单（督办主管）")
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SUPERVISOR, scope=TokenScope.HOTLINE_CTI)
def list_calls(request: HttpRequest, filters: Query[HotlineCallFilters]) -> list[CallRecord]:
    """The calls of the regions the caller supervises (administrators: all), newest first."""
    if filters.outcome and filters.outcome not in CallOutcome.values:
        raise InvalidFilter(gettext("未知的话务结果：{outcome}。").format(outcome=filters.outcome), field="outcome")
    if filters.start and filters.end and filters.end < filters.start:
        raise InvalidFilter(gettext("结束日期早于开始日期。"), field="end")
    queryset = filter_calls(
        calls_visible_to(principal(request).user),
        CallFilters(start=filters.start, end=filters.end, outcome=filters.outcome, agent_id=filters.agent),
    )
    return with_list_relations(queryset)  # type: ignore[return-value]
