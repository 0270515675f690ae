"""Knowledge endpoints: the citation check (引用核验). Public: anyone may vet a text's citations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router

from gongfa.api.base import Schema
from gongfa.api.schemas import ErrorOut, PlainText, documented
from gongfa.core.access import Audience, api_door
from gongfa.knowledge.citations import CHECK_MAX_CHARS, check_citations, clean_check_text

router = Router(tags=["knowledge"])


class CitationCheckIn(Schema):
    text: PlainText = Field(
        ...,
        description=f"要核验的文字（≤{CHECK_MAX_CHARS} 字），其中的《某法》第N条会被逐条核验",
        json_schema_extra=documented(maxLength=CHECK_MAX_CHARS),
    )


class CitationVerdictOut(Schema):
    cited: str = Field(..., description="原文写法，如《民法典》第1165条")
    law_as_written: str
    law_name: str = Field(..., description="匹配到的法律全称；法律不存在时为空")
    article: str = Field(..., description="规范条号，如第一千一百六十五条")
    verdict: str = Field(
        ..., description="current / not_yet_effective / historical / repealed / article_not_found / law_not_found"
    )
    verdict_label: str
    valid: bool = Field(..., description="是否为现行有效的条文")
    text: str = Field(..., description="条文内容（找到时）")
    version_date: str
    start: int
    end: int


class CitationCheckOut(Schema):
    citations: list[CitationVerdictOut]
    total: int
    valid: int
    message: str


@router.post(
    "/citations/check", auth=None, response={200: CitationCheckOut, 400: ErrorOut, 422: ErrorOut}, summary="引用核验"
)
@api_door(Audience.PUBLIC)
def check(request: HttpRequest, payload: CitationCheckIn) -> CitationCheckOut:
    """Find every 《某法》第N条 (any numeral style) and report whether it exists and is in force."""
    found = check_citations(clean_check_text(payload.text))
    valid = sum(1 for c in found if c.is_valid)
    if not found:
        message = "未发现“《法律名称》第N条”形式的引用。"
    elif valid == len(found):
        message = f"共 {len(found)} 处引用，均为现行有效条文。"
    else:
        message = f"共 {len(found)} 处引用，其中 {len(found) - valid} 处有问题，请核对。"
    return CitationCheckOut(
        citations=[
            CitationVerdictOut(
                cited=c.cited,
                law_as_written=c.law_as_written,
                law_name=c.law_name,
                article=c.label,
                verdict=c.verdict.value,
                verdict_label=c.verdict_label,
                valid=c.is_valid,
                text=c.text,
                version_date=c.version_date,
                start=c.start,
                end=c.end,
            )
            for c in found
        ],
        total=len(found),
        valid=valid,
        message=message,
    )
