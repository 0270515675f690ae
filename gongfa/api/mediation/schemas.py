"""The mediation API's request and response shapes (names start with Mediation where another
router has a shape of the same meaning: ninja names OpenAPI components after the class)."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field

from gongfa.api.base import Schema
from gongfa.api.schemas import LONG_TEXT_MAX, REASON_MAX, PlainText, RowId, documented
from gongfa.core.masking import mask_name
from gongfa.mediation.choices import (
    CaseStatus,
    ConsentMethod,
    CourtDecision,
    DocumentKind,
    EscalationRisk,
    NonAcceptanceReason,
    Performance,
    RecusalBasis,
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


class MediationEscalationOut(Schema):
    """A report of escalation risk (第25条) and whether the risk is over (staff only)."""

    id: int
    risk: str
    risk_label: str
    people: int
    reported_at: datetime.datetime
    police_notified_at: datetime.datetime | None
    resolved_at: datetime.datetime | None


class MediationConsultationOut(Schema):
    """A request for expert consultation (专家会诊) and its answer (staff only)."""

    id: int
    status: str
    status_label: str
    question: str
    experts: str
    opinion: str
    requested_at: datetime.datetime
    answered_at: datetime.datetime | None


class MediationDocumentItemOut(Schema):
    """A document of the case file (卷宗): what it is, never its content; party data in the title
    masked as in `parties`."""

    id: int
    kind: str
    kind_label: str
    title: str
    generated: bool = Field(..., description="系统生成的文书（告知书、协议、调解记录、封底）")
    has_file: bool = Field(..., description="有电子文件（否则为纸质材料，存卷）")
    content_type: str
    session_id: int | None = Field(..., description="所属调解记录")
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
    escalations: list[MediationEscalationOut] = Field(
        default_factory=list, description="激化风险报告（仅工作人员可见；化解时按 ID 指明）"
    )
    consultations: list[MediationConsultationOut] = Field(
        default_factory=list, description="专家会诊（仅工作人员可见；记录会诊意见时按 ID 指明）"
    )
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


class MediationExtendIn(Schema):
    until: PlainText = Field("", max_length=10, description="延长后的调结期限（年-月-日）")
    reason: PlainText = Field("", max_length=255, description="延长理由（必填）")
    consent_of_all: bool = Field(True, description="双方当事人均同意延长")


class MediationAddMediatorIn(Schema):
    mediator_id: RowId | None = Field(None, description="增加的调解员（调解员 ID），参与调解")
    chosen_by_parties: bool = Field(False, description="由当事人选定（第19条）")


class MediationRecusalIn(Schema):
    mediator_id: RowId = Field(..., description="回避的调解员（调解员 ID，须为本案调解员）")
    basis: PlainText = Field("", max_length=16, description="回避方式：" + "、".join(RecusalBasis.values))
    reason: PlainText = Field("", max_length=255, description="回避理由（必填）")
    replacement_id: RowId | None = Field(
        None, description="接替的调解员（调解员 ID；主持调解员回避时必填，可为本案参与调解的调解员）"
    )


class MediationPartyEndsIn(Schema):
    party_id: RowId | None = Field(None, description="要求终止调解的当事人")
    reason: PlainText = Field("", max_length=1000, description="终止理由（必填）")


class MediationOralAgreementIn(Schema):
    content: PlainText = Field("", max_length=5000, description="口头协议的内容（必填）")
    amount: PlainText = Field("", max_length=20, description="协议涉及金额（元）")
    has_performance_obligation: bool = Field(False, description="有给付或履行义务（地区要求时须制作书面协议）")


class MediationCourtDecisionIn(Schema):
    decision: PlainText = Field(
        "", max_length=16, description="裁定结果：" + "、".join((CourtDecision.CONFIRMED, CourtDecision.REJECTED))
    )
    decided_on: PlainText = Field("", max_length=10, description="裁定日期（年-月-日）")
    court_reference: PlainText = Field("", max_length=64, description="法院案号（必填）")
    then: PlainText = Field("", max_length=16, description="驳回后：remediate 经双方同意重新调解 / refer 告知起诉")
    reason: PlainText = Field("", max_length=255, description="法院驳回的理由（驳回时必填）")


class MediationSignatureIn(Schema):
    party_id: RowId = Field(..., description="在纸质协议上签名、盖章或按指印的当事人")


class MediationConsultationIn(Schema):
    question: PlainText = Field("", max_length=2000, description="会诊事项（必填）")
    experts: PlainText = Field("", max_length=255, description="拟请的会诊专家")


class MediationConsultationAnswerIn(Schema):
    consultation_id: RowId = Field(..., description="会诊申请 ID（见 consultations）")
    experts: PlainText = Field("", max_length=255, description="参加会诊的专家（必填）")
    opinion: PlainText = Field("", max_length=5000, description="会诊意见（必填）")


class MediationEscalationResolvedIn(Schema):
    report_id: RowId = Field(..., description="激化风险报告 ID（见 escalations）")
    prevented_criminal: bool = Field(False, description="防止了民转刑")
    prevented_group_petition: bool = Field(False, description="防止了群体性上访")
    criminal_people: int | PlainText | None = Field(
        0, description="防止民转刑涉及人数", json_schema_extra=documented(minimum=0, maximum=100_000, maxLength=8)
    )
    group_petition_people: int | PlainText | None = Field(
        0, description="防止群体性上访涉及人数", json_schema_extra=documented(minimum=0, maximum=100_000, maxLength=8)
    )


class MediationDocumentIn(Schema):
    """The form fields of an upload (multipart/form-data, with the optional `file`)."""

    kind: PlainText = Field("", max_length=32, description="材料种类：" + "、".join(DocumentKind.values))
    title: PlainText = Field("", max_length=128, description="材料标题（必填）")
