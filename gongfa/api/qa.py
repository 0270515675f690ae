"""Intelligent Q&A endpoints (智能问答). Asking is public (rate-limited per address); handing a
question over to a person (转人工) needs the citizen's own session or a token acting for one."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Status

from gongfa.api import lookups
from gongfa.api.auth import principal, token_or_session
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import ErrorOut, PlainText, RowIdPath, documented
from gongfa.api.throttling import ClientAnonRateThrottle
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.knowledge import qa
from gongfa.knowledge.models import QuestionLog
from gongfa.knowledge.verification import feedback_token, log_for_feedback, record_feedback

router = Router(tags=["qa"])
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 404, 409, 422, 429), ErrorOut)
ASK_CHANNELS = {Channel.PORTAL, Channel.HOTLINE, Channel.KIOSK, Channel.API, Channel.WINDOW, Channel.VILLAGE_ROOM}


class QuestionNotFound(DomainError):
    code = "question_not_found"
    status = 404


class AskIn(Schema):
    question: PlainText = Field(
        ...,
        description=f"群众的问题（1–{settings.QA_MAX_CHARS} 字，须含中文）",
        json_schema_extra=documented(maxLength=settings.QA_MAX_CHARS),
    )
    region_code: PlainText | None = Field(
        None, max_length=12, description="提问人所在地区的区划代码（用于需求研判，可不填）"
    )
    channel: PlainText = Field(
        "api", max_length=20, description="提问渠道：portal / hotline / kiosk / api / window / village_room"
    )


class CitationOut(Schema):
    article_id: int
    law_name: str
    law_short_name: str
    article: str = Field(..., description="条号，如第三十条")
    cited: str = Field(..., description="引用写法，如《劳动合同法》第三十条")
    text: str
    passage: str = Field(..., description="与问题最相关的句子")
    highlights: list[list[int]] = Field(..., description="passage 中与问题用词相同之处：[起, 止) 字符位置")
    status: str = Field(..., description="时效性，如现行有效")
    version_id: int
    version_date: str = Field(..., description="所用版本的日期")
    score: float


class SuggestionOut(Schema):
    service_code: str = Field(..., description="服务目录代码；目录外的机构为空")
    name: str
    reason: str
    basis: str = Field(..., description="依据，如《法律援助法》第三十一条")


class TopicOut(Schema):
    code: str
    name: str
    confidence: float
    reason: str


class HotlineOut(Schema):
    number: str = Field(..., description="电话号码，如 110")
    name: str = Field(..., description="如“报警电话”“全国心理援助热线”")
    when: str = Field(..., description="什么情况下拨打")


class SafetyOut(Schema):
    level: str = Field(..., description="urgent：问题中有危险信号，须先显示紧急求助信息，再显示法律答复")
    kinds: list[str] = Field(
        ...,
        description="危险信号类型：harm_to_others / self_harm / domestic_violence / violence / child_abuse / "
        "elder_abuse / threat / confinement",
    )
    message: str = Field(..., description="先于一切法律内容显示给提问人的安全提示")
    guidance: list[HotlineOut] = Field(..., description="紧急求助电话，按应拨打的先后排列")


class AnswerOut(Schema):
    id: int = Field(..., description="问答记录编号（转人工时使用）")
    safety: SafetyOut | None = Field(
        ...,
        description="问题有危险信号（想伤害他人或自己、家暴、虐待、威胁、被拘禁）时的紧急求助信息，"
        "客户端须在答复和推荐服务之前显示；转人工后工单为紧急。无危险信号时为 null",
    )
    question: str
    answer: str
    answer_source: str = Field(..., description="faq / articles / generated / none")
    answer_source_label: str
    confidence: float = Field(..., description="0–1；低于阈值的问题计入需求研判")
    low_confidence: bool
    topic: TopicOut | None
    citations: list[CitationOut]
    suggestions: list[SuggestionOut]
    faq_id: int | None
    removed_citations: list[str] = Field(..., description="智能生成的答复中被删除的不存在或已失效引用")
    language: str = Field(
        "zh",
        description="答复的语言：zh；en 表示问题是英文的，答复为英文说明"
        "（本问答只回答中文提出的中国法律问题）和转人工建议",
    )
    amount_note: str = Field("", description="问题问到金额或计算方法时，金额出自哪里（已包含在 answer 中）；否则为空")
    feedback_token: str = Field(
        "", description="反馈“这个回答有帮助吗？”时提交的凭据（七天内有效，只能评价这一条答复）"
    )


class FeedbackIn(Schema):
    feedback_token: str = Field(..., max_length=200, description="提问时返回的 feedback_token")
    helpful: bool = Field(..., description="true：有帮助；false：没帮助（该问题会优先交工作人员核实）")


class FeedbackOut(Schema):
    question_id: int
    helpful: bool


class HandoverIn(Schema):
    village_code: PlainText = Field(..., max_length=12, description="所在村(社区)的区划代码")
    note: PlainText = Field("", max_length=500, description="补充说明（可不填）")


class HandoverOut(Schema):
    tracking_number: str
    status: str
    question_id: int


def answer_out(answer: qa.Answer) -> AnswerOut:
    topic = answer.topic
    danger = answer.safety
    return AnswerOut(
        id=answer.log.pk,
        safety=SafetyOut(**danger.as_dict()) if danger is not None else None,
        question=answer.question,
        answer=answer.short_answer,
        answer_source=answer.source.value,
        answer_source_label=str(answer.source.label),
        confidence=answer.confidence,
        low_confidence=answer.low_confidence,
        topic=TopicOut(code=topic.code, name=topic.name, confidence=answer.topic_confidence, reason=answer.topic_reason)
        if topic is not None
        else None,
        citations=[
            CitationOut(
                article_id=c.article_id,
                law_name=c.law_name,
                law_short_name=c.law_short_name,
                article=c.label,
                cited=c.citation,
                text=c.text,
                passage=c.passage,
                highlights=[list(span) for span in c.highlights],
                status=c.status,
                version_id=c.version_id,
                version_date=c.version_date,
                score=c.score,
            )
            for c in answer.citations
        ],
        suggestions=[
            SuggestionOut(service_code=s.code, name=s.name, reason=s.reason, basis=s.basis) for s in answer.suggestions
        ],
        faq_id=answer.faq_entry.pk if answer.faq_entry is not None else None,
        removed_citations=answer.removed_citations,
        language=answer.language,
        amount_note=answer.amount_note,
        feedback_token=feedback_token(answer.log),
    )


@router.post(
    "/ask",
    auth=None,
    throttle=[ClientAnonRateThrottle(f"{settings.QA_ASK_PER_MINUTE}/m")],
    response={200: AnswerOut, **ERRORS},
    summary="智能问答",
)
@api_door(Audience.PUBLIC)
def ask(request: HttpRequest, payload: AskIn) -> AnswerOut:
    """Answer a question with the statutes that apply: a short answer (from a published FAQ entry
    when one matches strongly, else from the top articles), the citations with the version used,
    the topic, a confidence and the services that fit. Every question is logged."""
    if payload.channel not in ASK_CHANNELS:
        raise DomainError(
            gettext("未知的提问渠道：{channel}。").format(channel=payload.channel),
            code="unknown_channel",
            field="channel",
        )
    region = lookups.region_by_code(payload.region_code) if payload.region_code else None
    user = request.user if request.user.is_authenticated else None
    answer = qa.ask(payload.question, channel=payload.channel, region=region, user=user)
    return answer_out(answer)


@router.post(
    "/feedback",
    auth=None,
    throttle=[ClientAnonRateThrottle(f"{settings.QA_ASK_PER_MINUTE}/m")],
    response={200: FeedbackOut, **ERRORS},
    summary="这个回答有帮助吗？",
)
@api_door(Audience.PUBLIC)
def feedback(request: HttpRequest, payload: FeedbackIn) -> FeedbackOut:
    """The asker's yes or no on one answer, by the token the answer came with (no account needed,
    and no other answer can be rated with it). An unhelpful answer goes up the staff's
    verification queue. A second answer replaces the first."""
    log = record_feedback(log_for_feedback(payload.feedback_token), helpful=payload.helpful)
    return FeedbackOut(question_id=log.pk, helpful=bool(log.helpful))


@router.post(
    "/{question_id}/handover",
    auth=token_or_session(TokenScope.WORKORDERS_CREATE),
    response={201: HandoverOut, **ERRORS},
    summary="转人工",
)
@api_door(Audience.CITIZEN, scope=TokenScope.WORKORDERS_CREATE, message="转人工须由群众本人登录后提交。")
def handover(request: HttpRequest, question_id: RowIdPath, payload: HandoverIn) -> Status[HandoverOut]:
    """Hand a question over to a person: a work order is created with the question and the answer
    the Q&A gave, for the citizen who asked. Each question is handed over once."""
    user = principal(request).user
    if not user.is_citizen:
        raise NotPermitted(gettext("转人工须由群众本人登录后提交。"))
    log = QuestionLog.objects.filter(pk=question_id).first()
    if log is None:
        raise QuestionNotFound(gettext("找不到这条问答记录。"))
    village = lookups.region_by_code(payload.village_code, field="village_code")
    order = qa.hand_over(log, requester=user, village=village, note=payload.note)
    return Status(201, HandoverOut(tracking_number=order.tracking_number, status=order.status, question_id=log.pk))
