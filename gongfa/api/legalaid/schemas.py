"""The legal-aid API's request and response shapes."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field

from gongfa.api.base import Schema
from gongfa.api.schemas import LONG_TEXT_MAX, REASON_MAX, PlainText, RowId, documented
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind, Route, TerminationGround
from gongfa.legalaid.models import LegalAidApplication


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- response shapes ----------------------------------------------------------------------------


class MatterOut(Schema):
    code: str
    name: str
    article: str = Field(..., description="事项依据（法条）")


class ApplicantOut(Schema):
    """The applicant's personal data: in full for the applicant, masked for everyone else."""

    name: str
    id_number: str
    phone: str
    masked: bool


class SpecialGroupOut(Schema):
    """A special group the applicant belongs to (特殊群体): priority handling, not an exemption."""

    code: str = Field(..., description="群体代码，如 elderly、veteran（与提交时可用的代码相同）")
    label: str


class RepresentativeOut(Schema):
    """Who applied for an applicant without full civil capacity (代为申请, 《法律援助法》第40条):
    in full for the applicant, masked for everyone else."""

    name: str
    relation: str
    relation_label: str
    id_number: str
    phone: str
    applicant_capacity: str = Field(..., description="申请人民事行为能力：full / limited / none")
    applicant_capacity_label: str
    masked: bool


class ClocksOut(Schema):
    received_at: datetime.datetime | None
    review_due: datetime.date | None = Field(..., description="审查期限（第43条）")
    review_target: datetime.date | None = Field(..., description="绿色通道内部目标期限")
    review_paused_on: datetime.date | None = Field(..., description="补充材料期间审查计时暂停于")
    assign_due: datetime.date | None = Field(..., description="指派期限（决定给予后，第43条）")
    engagement_due: datetime.date | None = Field(..., description="签订委托协议期限")
    review_overdue: bool
    review_target_missed: bool
    assignment_overdue: bool
    engagement_overdue: bool
    warnings: list[str] = Field(..., description="期限计算提示（如节假日数据缺失）")


class ReasonOut(Schema):
    code: str
    text: str
    article: str


class MaterialItemOut(Schema):
    kind: str
    label: str


class ProposalOut(Schema):
    """The eligibility engine's proposal (审查建议) as shown to the reviewer."""

    outcome: str
    outcome_label: str
    reasons: list[ReasonOut]
    missing: list[MaterialItemOut]
    means_test_applies: bool
    hardship_checked: bool
    verification_exempt: bool


class SupplementItemOut(Schema):
    kind: str
    label: str
    note: str


class SupplementOut(Schema):
    """The open one-time supplement notice (一次性告知补充材料)."""

    items: list[SupplementItemOut]
    due: datetime.date
    issued_at: datetime.datetime


class ProviderOut(Schema):
    """Who handles the case: name and agency only, never contact data."""

    id: int
    name: str
    agency: str
    assigned_at: datetime.datetime | None
    chosen_by_applicant: bool
    engaged_at: datetime.datetime | None


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issued_at: datetime.datetime
    url: str = Field(..., description="PDF 下载路径")


class ObjectionOut(Schema):
    id: int
    against_status: str
    against_status_label: str
    reason: str
    lodged_at: datetime.datetime
    due: datetime.date
    outcome: str
    outcome_label: str
    decision: str
    decided_at: datetime.datetime | None


class ActionOut(Schema):
    action: str
    label: str


class LegalAidCaseOut(Schema):
    """A legal-aid case as the caller may see it."""

    number: str
    status: str
    status_label: str
    route: str
    route_label: str
    matter: MatterOut
    region_code: str
    region_name: str
    agency_name: str
    work_order: str | None = Field(..., description="来源工单编号")
    applicant: ApplicantOut
    representative: RepresentativeOut | None = Field(..., description="代为申请人；本人申请时为 null")
    special_groups: list[SpecialGroupOut]
    green_channel: bool
    advance_aid: bool
    clocks: ClocksOut
    proposal: ProposalOut | None
    supplement: SupplementOut | None
    decided_at: datetime.datetime | None
    decision_reasons: str
    provider: ProviderOut | None
    termination_ground: str
    termination_ground_label: str
    closing_report_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    subsidy_amount: Decimal | None
    notices: list[NoticeOut]
    objections: list[ObjectionOut]
    allowed_actions: list[ActionOut]


class QueueFilters(Schema):
    status: ApplicationStatus | Literal["open", "all"] = Field(
        "open", description="状态；open（默认）为所有已提交未办结的案件，all 为全部（不含草稿）"
    )


class CaseListItemOut(Schema):
    """A row of the reviewer queue (personal data masked)."""

    number: str
    status: str
    status_label: str
    route: str
    route_label: str
    matter_name: str
    applicant_name: str
    agency_name: str
    green_channel: bool
    received_at: datetime.datetime | None
    review_due: datetime.date | None
    review_target: datetime.date | None
    assign_due: datetime.date | None
    review_overdue: bool
    assignment_overdue: bool
    proposal_outcome: str
    provider_name: str | None
    provider_agency: str | None

    @staticmethod
    def resolve_number(obj: LegalAidApplication) -> str:
        return obj.number or ""

    @staticmethod
    def resolve_status_label(obj: LegalAidApplication) -> str:
        return _label(ApplicationStatus, obj.status)

    @staticmethod
    def resolve_route_label(obj: LegalAidApplication) -> str:
        return _label(Route, obj.route)

    @staticmethod
    def resolve_applicant_name(obj: LegalAidApplication) -> str:
        return obj.masked_name

    @staticmethod
    def resolve_agency_name(obj: LegalAidApplication) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_review_overdue(obj: LegalAidApplication) -> bool:
        return obj.is_review_overdue()

    @staticmethod
    def resolve_assignment_overdue(obj: LegalAidApplication) -> bool:
        return obj.is_assignment_overdue()

    @staticmethod
    def resolve_provider_name(obj: LegalAidApplication) -> str | None:
        return obj.provider.display_name if obj.provider is not None else None

    @staticmethod
    def resolve_provider_agency(obj: LegalAidApplication) -> str | None:
        return obj.provider_agency.name if obj.provider_agency is not None else None


class GrantIn(Schema):
    reasons: PlainText = Field(
        "", max_length=REASON_MAX, description="决定理由（可不填，默认“经审查，符合法律援助条件。”）"
    )


class RefuseIn(Schema):
    reasons: PlainText = Field("", max_length=REASON_MAX, description="不予法律援助的理由（必填）")


class SupplementItemIn(Schema):
    kind: PlainText = Field(..., max_length=32, description="材料类别：" + "、".join(MaterialKind.values))
    note: PlainText = Field("", max_length=255)


class SupplementIn(Schema):
    items: list[SupplementItemIn] = Field(default_factory=list, max_length=20, description="须补充的全部材料")
    due_days: int | None = Field(
        None, description="补充期限（日，1–90；不填按本地区设置）", json_schema_extra=documented(minimum=1, maximum=90)
    )


class AssignIn(Schema):
    provider_id: RowId | None = Field(None, description="承办人员账号 ID；不填则按轮换规则自动指派")
    chosen_by_applicant: bool = Field(False, description="受援人从公示名册中选择（点援，须本地区开展）")


class ReplaceProviderIn(Schema):
    grounds: PlainText = Field("", max_length=REASON_MAX, description="更换理由（必填，第55条）")
    provider_id: RowId | None = Field(None, description="新承办人员账号 ID；不填则自动指派")


class TerminateIn(Schema):
    ground: PlainText = Field("", max_length=24, description="终止事由：" + "、".join(TerminationGround.values))
    reasons: PlainText = Field("", max_length=REASON_MAX, description="终止理由（必填）")


class AdvanceAidIn(Schema):
    urgent_reason: PlainText = Field("", max_length=255, description="紧急情形（必填，第44条）")


class ClosingReportIn(Schema):
    report: PlainText = Field("", max_length=LONG_TEXT_MAX, description="结案报告（须先上传法律文书副本等材料）")


class CaseCloseIn(Schema):
    # A string too, so the service names a malformed amount with its own error.
    subsidy_amount: Decimal | PlainText | None = Field(
        None,
        description="办案补贴（元）",
        json_schema_extra=documented(minimum=0, maximum=99_999_999.99, maxLength=16),
    )


class ReturnVisitIn(Schema):
    method: PlainText = Field("phone", max_length=8, description="回访方式：phone 电话 / home 上门 / online 网络")
    satisfied: bool = Field(..., description="受援人是否满意")
    opinion: PlainText = Field("", max_length=REASON_MAX, description="受援人意见")
    issues: PlainText = Field("", max_length=REASON_MAX, description="反映的问题（不满意时必填）")


class CaseReasonIn(Schema):
    reason: PlainText = Field("", max_length=REASON_MAX, description="原因（必填）")


class WithdrawIn(Schema):
    reason: PlainText = Field("", max_length=500, description="撤回原因（申请人本人可不填；工作人员代为撤回时必填）")


class ProgressIn(Schema):
    text: PlainText = Field("", max_length=LONG_TEXT_MAX, description="办案进展")
    visible_to_applicant: bool = True


class ObjectionDecisionIn(Schema):
    uphold: bool = Field(..., description="true：维持原决定；false：责令改正")
    decision: PlainText = Field("", max_length=REASON_MAX, description="审查意见（必填）")
