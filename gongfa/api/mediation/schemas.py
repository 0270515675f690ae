"""The mediation API's request and response shapes (names start with Mediation where another
router has a shape of the same meaning: ninja names OpenAPI components after the class)."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from gongfa.api.schemas import LONG_TEXT_MAX, REASON_MAX, PlainText, RowId, documented
from gongfa.core.masking import mask_name
from gongfa.mediation.choices import (
    CaseStatus,
    ConsentMethod,
    EscalationRisk,
    NonAcceptanceReason,
    Performance,
    Satisfaction,
    SessionMode,
)
from gongfa.mediation.models import MediationCase


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- response shapes ----------------------------------------------------------------------------


class PartyOut(Schema):
    """A party: in full for the party (or their representative) themselves, masked for others."""

    id: int
    side: str
    side_label: str
    kind: str
    name: str
    id_number: str
    phone: str
    representative_name: str
    masked: bool


class ConsentOut(Schema):
    party_id: int
    decision: str
    decision_label: str
    method: str
    invited_at: datetime.datetime
    answered_at: datetime.datetime | None


class MediatorOut(Schema):
    """A mediator on the case: name and role only, never contact data."""

    mediator_id: int
    name: str
    role: str
    role_label: str
    chosen_by_parties: bool
    assigned_at: datetime.datetime
    recused_at: datetime.datetime | None


class SessionOut(Schema):
    id: int
    held_at: datetime.datetime
    mode: str
    mode_label: str
    place: str
    is_public: bool


class AgreementOut(Schema):
    """The current agreement (the parties' details stay in the signed document)."""

    id: int
    form: str
    form_label: str
    status: str
    status_label: str
    number: str
    facts_and_responsibility: str
    terms: str
    performance_method: str
    performance_place: str
    performance_deadline: datetime.date | None
    amount: Decimal | None
    signed_party_ids: list[int]
    mediator_signed_at: datetime.datetime | None
    committee_sealed_at: datetime.datetime | None
    effective_on: datetime.date | None


class ConfirmationOut(Schema):
    court: str
    filed_on: datetime.date
    court_reference: str
    decision: str
    decision_label: str
    decided_on: datetime.date | None


class ReturnVisitOut(Schema):
    id: int
    status: str
    due_on: datetime.date
    done_at: datetime.datetime | None
    performance: str
    satisfaction: str


class DocumentOut(Schema):
    kind: str
    kind_label: str
    title: str
    added_at: datetime.datetime


class MediationActionOut(Schema):
    action: str
    label: str


class LinkOut(Schema):
    """A link to send to a party (by SMS): the signed token names no person."""

    party_id: int
    kind: Literal["invitation", "agreement_confirmation"]
    url: str


class MediationCaseOut(Schema):
    """A mediation case as the caller may see it."""

    id: int
    number: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    source: str
    source_label: str
    category_code: str
    category_name: str
    committee_name: str
    region_code: str
    region_name: str
    summary: str
    facts: str
    claims: str
    amount_in_dispute: Decimal | None
    registered_at: datetime.datetime
    accepted_at: datetime.datetime | None
    mediation_started_at: datetime.datetime | None
    due_on: datetime.date | None = Field(..., description="调结期限（开始调解起一个月，可按地区设置）")
    extended_until: datetime.date | None
    labour_arbitration_from: datetime.date | None = Field(..., description="劳动争议：可申请仲裁日")
    agreement_effective_on: datetime.date | None
    confirmation_window_ends_on: datetime.date | None = Field(..., description="司法确认申请期限（第33条）")
    ended_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    escalation_risk: bool
    parties: list[PartyOut]
    consents: list[ConsentOut]
    mediators: list[MediatorOut]
    sessions: list[SessionOut]
    agreement: AgreementOut | None
    confirmations: list[ConfirmationOut]
    return_visits: list[ReturnVisitOut]
    documents: list[DocumentOut]
    next_actions: list[MediationActionOut] = Field(..., description="按案件状态可进行的操作（是否有权另由服务判断）")
    links: list[LinkOut] = Field(
        default_factory=list, description="征询意愿或确认协议的链接（仅在征询、定稿的答复中给出）"
    )


class CaseFilters(Schema):
    status: CaseStatus | Literal["open", "all"] = Field(
        "open", description="状态；open（默认）为未结束的案件，all 为全部"
    )


class MediationCaseListItemOut(Schema):
    """A row of the list (no personal data but masked names)."""

    id: int
    number: str
    status: str
    status_label: str
    category_name: str
    committee_name: str
    region_name: str
    summary: str
    registered_at: datetime.datetime
    due_on: datetime.date | None
    escalation_risk: bool
    applicant_names: list[str] = Field(..., description="申请人（姓名脱敏）", max_length=200)

    @staticmethod
    def resolve_status_label(obj: MediationCase) -> str:
        return _label(CaseStatus, obj.status)

    @staticmethod
    def resolve_category_name(obj: MediationCase) -> str:
        return obj.category.name

    @staticmethod
    def resolve_committee_name(obj: MediationCase) -> str:
        return obj.committee.agency.name

    @staticmethod
    def resolve_region_name(obj: MediationCase) -> str:
        return obj.region.name

    @staticmethod
    def resolve_applicant_names(obj: MediationCase) -> list[str]:
        return [mask_name(p.name) for p in obj.parties.all() if p.side == "applicant"]


class RefuseAcceptanceIn(Schema):
    reason: PlainText = Field("", max_length=32, description="不予受理理由：" + "、".join(NonAcceptanceReason.values))
    redirect_to: PlainText = Field("", max_length=255, description="告知当事人应向哪个机关或法院申请（必填）")


class ConsentIn(Schema):
    party_id: RowId = Field(..., description="答复的当事人")
    decision: PlainText = Field("", max_length=16, description="consented 同意 / refused 拒绝")
    method: PlainText = Field(
        "", max_length=16, description="答复方式：" + "、".join(m.value for m in ConsentMethod if m != "link")
    )
    answered_by_name: PlainText = Field("", max_length=64, description="答复人（当事人本人或其代理人）")


class MediationAssignIn(Schema):
    presiding_id: RowId | None = Field(None, description="主持调解员（调解员 ID）")
    assisting_ids: list[RowId] = Field(default_factory=list, max_length=10, description="参与调解的调解员")
    chosen_by_parties: bool = Field(False, description="由当事人选定（第19条）")


class SessionIn(Schema):
    held_at: datetime.datetime | None = Field(
        None, description="调解时间（ISO 8601）", json_schema_extra=documented(maxLength=32)
    )
    mode: PlainText = Field(SessionMode.IN_PERSON, max_length=16, description="方式：" + "、".join(SessionMode.values))
    place: PlainText = Field("", max_length=200, description="地点（现场调解必填）")
    video_link: PlainText = Field("", max_length=200, description="视频链接（视频调解必填）")
    attendees: PlainText = Field("", max_length=REASON_MAX, description="参加人员（必填）")
    record: PlainText = Field("", max_length=LONG_TEXT_MAX, description="调解记录（必填）")
    is_public: bool = False


class EscalationIn(Schema):
    risk: PlainText = Field("", max_length=16, description="风险类别：" + "、".join(EscalationRisk.values))
    description: PlainText = Field("", max_length=REASON_MAX, description="情况及已采取的预防措施（必填）")
    people: int | PlainText | None = Field(
        None, description="涉及人数", json_schema_extra=documented(minimum=1, maximum=100_000, maxLength=8)
    )


class MediationReasonIn(Schema):
    reason: PlainText = Field("", max_length=REASON_MAX, description="原因（必填）")


class AgreementIn(Schema):
    parties_text: PlainText = Field("", max_length=5000, description="当事人的基本情况（第29条第1款第一项）")
    facts_and_responsibility: PlainText = Field("", max_length=5000, description="纠纷事实、争议事项及责任")
    terms: PlainText = Field("", max_length=5000, description="协议内容")
    performance_method: PlainText = Field("", max_length=200, description="履行方式")
    performance_place: PlainText = Field("", max_length=200, description="履行地点")
    performance_deadline: PlainText = Field("", max_length=10, description="履行期限（年-月-日）")
    amount: PlainText = Field("", max_length=20, description="协议涉及金额（元）")


class ConfirmationIn(Schema):
    court: PlainText = Field("", max_length=128, description="受理法院")
    filed_on: PlainText = Field("", max_length=10, description="申请日期（年-月-日）")
    joint: bool = Field(True, description="双方共同申请（第33条）")


class MediationReturnVisitIn(Schema):
    visit_id: RowId | None = Field(None, description="回访 ID；不填为最早一次待回访")
    performance: PlainText = Field("", max_length=16, description="履行情况：" + "、".join(Performance.values))
    satisfaction: PlainText = Field("", max_length=16, description="满意程度：" + "、".join(Satisfaction.values))
    note: PlainText = Field("", max_length=REASON_MAX, description="回访记录")
