"""Legal-aid endpoints (法律援助): the case as its reviewer, provider or applicant sees it, the
reviewer queue, the reviewer/provider actions and the bureau's decision on an objection. Thin:
they validate, call legalaid.selectors/services, and shape the response.

Who may see a case is decided by ``legalaid.selectors.visible_to``: a case outside the caller's
view is 404 (same shape as every other 404), never 403. A case the caller may see but not act on
(a provider asked to grant, an applicant asked to assign) is the service's ``NotPermitted`` (403).

Actions are not idempotent and need no Idempotency-Key: each one is a step of the transition
table ``legalaid.states.LEGAL_AID``, so sending the same action again is refused with 409
(``invalid_transition``) and changes nothing.

Personal data of the applicant (name, ID number, phone) is masked for everyone but the applicant.

Authentication: the browser session, or an API token with the legal-aid scopes
(``legalaid:read`` for the GETs, ``legalaid:act`` for the actions); the work-order scopes do not
reach legal-aid cases. The token's user is scoped like a person (selectors.visible_to).
"""

import datetime
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gongfa.accounts.models import User
from gongfa.api import lookups
from gongfa.api.auth import principal, token_or_session
from gongfa.api.models import TokenScope
from gongfa.api.schemas import (
    LONG_TEXT_MAX,
    REASON_MAX,
    BoundedPageNumberPagination,
    CaseNumberPath,
    ErrorOut,
    PlainText,
    RowId,
    RowIdPath,
    documented,
)
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems, ValidationFailed
from gongfa.legalaid import services
from gongfa.legalaid.actions import ACTION_ROLES, LABELS, CaseRole, roles_of
from gongfa.legalaid.actions import allowed_actions as case_actions
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind, ProposalOutcome, Route, TerminationGround
from gongfa.legalaid.models import (
    REVIEW_STATUSES,
    SUBMITTED_OPEN_STATUSES,
    LegalAidApplication,
    LegalAidNotice,
    Objection,
)
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.legalaid.services.common import acting_via
from gongfa.legalaid.services.review import open_supplement

router = Router(tags=["legal-aid"])
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 404, 409, 422), ErrorOut)
NOTICE_URL = "/legal-aid/notices/{id}.pdf"


# A token needs a legal-aid scope of its own: the work-order scopes an integration (e.g. 12345)
# holds must not open legal-aid cases, which carry sensitive personal data (rules.md §1.16).
READ = token_or_session(TokenScope.LEGALAID_READ)
ACT = token_or_session(TokenScope.LEGALAID_ACT)


class UnknownAction(DomainError):
    code = "unknown_action"
    status = 400


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- who may do what ----------------------------------------------------------------------------

# The actions the API offers (legalaid.actions decides which apply now): every one but the steps
# the workbench keeps (documents and quality reviews) and the objection decision, which has its own
# endpoint.
ACTIONS: tuple[str, ...] = tuple(
    name
    for name in ACTION_ROLES
    if name not in {"upload_document", "agency_review", "peer_review", "self_check", "decide_objection"}
)


def allowed_actions(case: LegalAidApplication, roles: frozenset[CaseRole]) -> list[tuple[str, str]]:
    """(action, label) the caller may take now through the API."""
    return [(name, LABELS[name]) for name in case_actions(case, roles) if name in ACTIONS]


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


def _proposal(case: LegalAidApplication) -> ProposalOut | None:
    if not case.proposal_outcome:
        return None
    data: dict[str, Any] = case.proposal or {}
    return ProposalOut(
        outcome=case.proposal_outcome,
        outcome_label=_label(ProposalOutcome, case.proposal_outcome),
        reasons=[
            ReasonOut(code=str(r.get("code", "")), text=str(r.get("text", "")), article=str(r.get("article", "")))
            for r in data.get("reasons", [])
        ],
        missing=[MaterialItemOut(kind=kind, label=_label(MaterialKind, kind)) for kind in data.get("missing", [])],
        means_test_applies=bool(data.get("means_test_applies", True)),
        hardship_checked=bool(data.get("hardship_checked", False)),
        verification_exempt=bool(data.get("verification_exempt", False)),
    )


def _clocks(case: LegalAidApplication, today: datetime.date) -> ClocksOut:
    in_review = case.status in REVIEW_STATUSES
    return ClocksOut(
        received_at=case.received_at,
        review_due=case.review_due,
        review_target=case.review_target,
        review_paused_on=case.review_paused_on,
        assign_due=case.assign_due,
        engagement_due=case.engagement_due,
        review_overdue=case.is_review_overdue(today),
        review_target_missed=in_review and case.review_target is not None and today > case.review_target,
        assignment_overdue=case.is_assignment_overdue(today),
        engagement_overdue=case.status == ApplicationStatus.ASSIGNED
        and case.engaged_at is None
        and case.engagement_due is not None
        and today > case.engagement_due,
        warnings=[str(w) for w in case.deadline_warnings or []],
    )


def _provider(case: LegalAidApplication) -> ProviderOut | None:
    if case.provider is None:
        return None
    return ProviderOut(
        id=case.provider.pk,
        name=case.provider.display_name,
        agency=case.provider_agency.name if case.provider_agency is not None else "",
        assigned_at=case.assigned_at,
        chosen_by_applicant=case.chosen_by_applicant,
        engaged_at=case.engaged_at,
    )


def _applicant(case: LegalAidApplication, *, full: bool) -> ApplicantOut:
    if full:
        return ApplicantOut(name=case.applicant_name, id_number=case.id_number, phone=case.phone, masked=False)
    return ApplicantOut(name=case.masked_name, id_number=case.masked_id_number, phone=case.masked_phone, masked=True)


def _notice(notice: LegalAidNotice) -> NoticeOut:
    return NoticeOut(
        id=notice.pk,
        kind=notice.kind,
        kind_label=_label(LegalAidNotice.Kind, notice.kind),
        number=notice.number,
        issued_at=notice.issued_at,
        url=NOTICE_URL.format(id=notice.pk),
    )


def _objection(objection: Objection) -> ObjectionOut:
    return ObjectionOut(
        id=objection.pk,
        against_status=objection.against_status,
        against_status_label=_label(ApplicationStatus, objection.against_status),
        reason=objection.reason,
        lodged_at=objection.lodged_at,
        due=objection.due,
        outcome=objection.outcome,
        outcome_label=_label(Objection.Outcome, objection.outcome) if objection.outcome else "",
        decision=objection.decision,
        decided_at=objection.decided_at,
    )


def case_out(case: LegalAidApplication, user: User) -> LegalAidCaseOut:
    """The case for `user` (who may see it: the caller checked visible_to)."""
    roles = roles_of(user, case)
    supplement = open_supplement(case) if case.status == ApplicationStatus.SUPPLEMENT_REQUESTED else None
    return LegalAidCaseOut(
        number=case.number or "",
        status=case.status,
        status_label=_label(ApplicationStatus, case.status),
        route=case.route,
        route_label=_label(Route, case.route),
        matter=MatterOut(code=case.matter_code, name=case.matter_name, article=case.matter_article),
        region_code=case.region.code,
        region_name=case.region.name,
        agency_name=case.agency.name,
        work_order=case.work_order.tracking_number if case.work_order is not None else None,
        applicant=_applicant(case, full=CaseRole.APPLICANT in roles),
        green_channel=case.green_channel,
        advance_aid=case.advance_aid,
        clocks=_clocks(case, timezone.localdate()),
        proposal=_proposal(case),
        supplement=None
        if supplement is None
        else SupplementOut(
            items=[
                SupplementItemOut(
                    kind=str(item.get("kind", "")), label=str(item.get("label", "")), note=str(item.get("note", ""))
                )
                for item in supplement.items
            ],
            due=supplement.due,
            issued_at=supplement.issued_at,
        ),
        decided_at=case.decided_at,
        decision_reasons=case.decision_reasons,
        provider=_provider(case),
        termination_ground=case.termination_ground,
        termination_ground_label=_label(TerminationGround, case.termination_ground) if case.termination_ground else "",
        closing_report_at=case.closing_report_at,
        closed_at=case.closed_at,
        subsidy_amount=case.subsidy_amount,
        notices=[_notice(n) for n in case.notices.order_by("issued_at", "pk")],
        objections=[_objection(o) for o in case.objections.order_by("lodged_at", "pk")],
        allowed_actions=[ActionOut(action=name, label=label) for name, label in allowed_actions(case, roles)],
    )


def _with_relations(queryset: QuerySet[LegalAidApplication]) -> QuerySet[LegalAidApplication]:
    return queryset.select_related("region", "agency", "work_order", "provider", "provider_agency")


def case_not_found(number: str) -> lookups.NotFound:
    return lookups.NotFound(f"未找到法律援助案件 {number}。", field="number")


def _visible(user: User, number: str) -> LegalAidApplication:
    case = _with_relations(visible_to(user)).filter(number=number).first()
    if case is None:
        raise case_not_found(number)
    return case


def _answer(case: LegalAidApplication, user: User) -> LegalAidCaseOut:
    """The case as it stands after an action (read again: the service worked on a locked copy).
    Still visible, or 404 (e.g. the applicant's view never ends, a reviewer's neither)."""
    return case_out(_visible(user, case.number or ""), user)


# --- read ---------------------------------------------------------------------------------------


@router.get("/cases/{number}", auth=READ, response={200: LegalAidCaseOut, **ERRORS}, summary="按编号查询法律援助案件")
@api_door(Audience.SIGNED_IN, scope=TokenScope.LEGALAID_READ)
def get_case(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """One case: its applicant, its provider, or staff of the deciding agency and supervisors of
    its region. Anyone else gets 404. The applicant's personal data is masked for everyone but
    the applicant; `allowed_actions` lists what the caller may do now."""
    user = principal(request).user
    return case_out(_visible(user, number), user)


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


@router.get(
    "/cases", auth=READ, response={200: list[CaseListItemOut], **ERRORS}, summary="法律援助审查队列（按权限范围）"
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=TokenScope.LEGALAID_READ)
def list_cases(request: HttpRequest, filters: Query[QueueFilters]) -> QuerySet[LegalAidApplication]:
    """The cases the caller may review (their agency's; a supervisor's region), green channel
    first, then the nearest review deadline, then the oldest. Drafts are never listed."""
    user = principal(request).user
    queryset = visible_to(user, Action.REVIEW).exclude(status=ApplicationStatus.DRAFT)
    if filters.status == "open":
        queryset = queryset.filter(status__in=SUBMITTED_OPEN_STATUSES)
    elif filters.status != "all":
        queryset = queryset.filter(status=filters.status)
    return queryset.select_related("agency", "provider", "provider_agency").order_by(
        "-green_channel", F("review_due").asc(nulls_last=True), "received_at", "pk"
    )


# --- actions ------------------------------------------------------------------------------------


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


def _provider_by_id(pk: int | None, check: Callable[[], object] | None = None) -> User | None:
    """The named provider. An unknown id is refused together with the action's other problems
    (`check`: the service's checks, run without the provider; they write nothing)."""
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        unknown = DomainError("该人员不在法律援助承办人员名册中。", code="not_a_provider", field="provider")
        if check is None:
            raise unknown
        problems = Problems()
        problems.add_error(unknown)
        try:
            check()
        except DomainError as exc:
            if type(exc) not in (DomainError, ValidationFailed):
                raise  # the case's state or the caller's rights come first (409, 403)
            for problem in exc.problems:
                if problem.field != "provider" and problem.code != "no_candidate":  # about the rotation
                    problems.add(problem.field, problem.message, code=problem.code)
        problems.raise_if_any()
    return user


View = TypeVar("View", bound=Callable[..., LegalAidCaseOut])


def _action(name: str, summary: str) -> Callable[[View], View]:
    """Register an action; its events are recorded with channel API (接口)."""
    assert name in ACTIONS, name
    register = router.post(
        f"/cases/{{number}}/actions/{name}",
        auth=ACT,
        response={200: LegalAidCaseOut, **ERRORS},
        summary=summary,
        operation_id=f"legal_aid_action_{name}",
    )

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def via_api(*args: Any, **kwargs: Any) -> LegalAidCaseOut:
            with acting_via(Channel.API):
                return view(*args, **kwargs)

        # The applicant (withdraw, objection) and staff alike: legalaid.actions decides by role.
        return register(cast(View, api_door(Audience.SIGNED_IN, scope=TokenScope.LEGALAID_ACT)(via_api)))

    return decorate


def _act(request: HttpRequest, number: CaseNumberPath) -> tuple[User, LegalAidApplication]:
    user = principal(request).user
    return user, _visible(user, number)


@_action("start_review", "开始审查")
def start_review(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """开始审查 (from 已受理待审查). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.start_review(application=case, actor=user), user)


@_action("request_supplement", "一次性告知补充材料")
def request_supplement(request: HttpRequest, number: CaseNumberPath, payload: SupplementIn) -> LegalAidCaseOut:
    """一次性告知补充材料 (第43条第2款): every missing item at once, one notice per case; the
    review clock pauses. Reviewer."""
    user, case = _act(request, number)
    services.request_supplement(
        application=case,
        actor=user,
        items=[{"kind": item.kind, "note": item.note} for item in payload.items],
        due_days=payload.due_days,
    )
    return _answer(case, user)


@_action("receive_supplement", "材料已补齐")
def receive_supplement(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """材料已补齐: every listed item has been uploaded; the review resumes. Reviewer or applicant."""
    user, case = _act(request, number)
    return _answer(services.receive_supplement(application=case, actor=user), user)


@_action("start_advance_aid", "先行提供法律援助")
def start_advance_aid(request: HttpRequest, number: CaseNumberPath, payload: AdvanceAidIn) -> LegalAidCaseOut:
    """先行提供法律援助 (第44条) in an urgent case, before the decision. Reviewer."""
    user, case = _act(request, number)
    return _answer(services.start_advance_aid(application=case, actor=user, urgent_reason=payload.urgent_reason), user)


@_action("confirm_advance_aid", "先行援助审查符合条件")
def confirm_advance_aid(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """After advance aid the review found the applicant eligible: the case goes on in service
    (a provider must be assigned first). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.confirm_advance_aid(application=case, actor=user), user)


@_action("grant", "决定给予法律援助")
def grant(request: HttpRequest, number: CaseNumberPath, payload: GrantIn) -> LegalAidCaseOut:
    """决定给予法律援助 (第43条): the decision notice is issued and the 3-day assignment clock
    starts. Refused while a supplement is outstanding. Reviewer."""
    user, case = _act(request, number)
    return _answer(services.grant(application=case, actor=user, reasons=payload.reasons), user)


@_action("refuse", "决定不予法律援助")
def refuse(request: HttpRequest, number: CaseNumberPath, payload: RefuseIn) -> LegalAidCaseOut:
    """决定不予法律援助 (第43条), with reasons (required); the notice states the objection route
    (第49条). Not for notified cases. Reviewer."""
    user, case = _act(request, number)
    return _answer(services.refuse(application=case, actor=user, reasons=payload.reasons), user)


@_action("redirect", "告知向有管辖权的机构申请")
def redirect(request: HttpRequest, number: CaseNumberPath, payload: CaseReasonIn) -> LegalAidCaseOut:
    """Not this agency's competence (第38条): say where to apply (reason required). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.redirect(application=case, actor=user, reason=payload.reason), user)


@_action("withdraw", "撤回申请")
def withdraw(request: HttpRequest, number: CaseNumberPath, payload: WithdrawIn) -> LegalAidCaseOut:
    """撤回申请 before aid starts: the applicant, or a reviewer recording it for them."""
    user, case = _act(request, number)
    return _answer(services.withdraw(application=case, actor=user, reason=payload.reason), user)


@_action("assign", "指派承办人员")
def assign(request: HttpRequest, number: CaseNumberPath, payload: AssignIn) -> LegalAidCaseOut:
    """指派 after the grant (or on a notice, or during advance aid): the named provider (checked:
    roster, range, experience, minors, conflicts → 400 field `provider`) or, without one, the
    rotation weighted by caseload. Before the grant: 409. Reviewer."""
    user, case = _act(request, number)
    provider = _provider_by_id(
        payload.provider_id,
        lambda: services.check_assign(application=case, chosen_by_applicant=payload.chosen_by_applicant),
    )
    return _answer(
        services.assign_provider(
            application=case, actor=user, provider=provider, chosen_by_applicant=payload.chosen_by_applicant
        ),
        user,
    )


@_action("replace_provider", "更换承办人员")
def replace_provider(request: HttpRequest, number: CaseNumberPath, payload: ReplaceProviderIn) -> LegalAidCaseOut:
    """更换承办人员 (第55条) with grounds (required); a named provider is checked as for `assign`.
    Reviewer."""
    user, case = _act(request, number)
    provider = _provider_by_id(
        payload.provider_id, lambda: services.check_replace(application=case, grounds=payload.grounds)
    )
    return _answer(
        services.replace_provider(application=case, actor=user, grounds=payload.grounds, provider=provider), user
    )


@_action("sign_engagement", "签订委托协议")
def sign_engagement(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """委托协议已签订: service begins. The provider, or the agency recording it."""
    user, case = _act(request, number)
    return _answer(services.sign_engagement(application=case, actor=user), user)


@_action("add_progress", "填写办案进展")
def add_progress(request: HttpRequest, number: CaseNumberPath, payload: ProgressIn) -> LegalAidCaseOut:
    """办案进展 (第46条): a note for the file, shown to the recipient unless said otherwise. Provider."""
    user, case = _act(request, number)
    services.add_progress(
        application=case, actor=user, text=payload.text, visible_to_applicant=payload.visible_to_applicant
    )
    return _answer(case, user)


@_action("terminate", "终止法律援助")
def terminate(request: HttpRequest, number: CaseNumberPath, payload: TerminateIn) -> LegalAidCaseOut:
    """终止法律援助 (第48条): a ground of the article and reasons (both required). Reviewer."""
    user, case = _act(request, number)
    return _answer(
        services.terminate(application=case, actor=user, ground=payload.ground, reasons=payload.reasons), user
    )


@_action("file_closing_report", "提交结案材料")
def file_closing_report(request: HttpRequest, number: CaseNumberPath, payload: ClosingReportIn) -> LegalAidCaseOut:
    """提交结案材料 (第50条): the report; at least one document must already be on file from the
    provider since the assignment. Provider."""
    user, case = _act(request, number)
    return _answer(services.file_closing_report(application=case, actor=user, report=payload.report), user)


@_action("return_closing_report", "退回结案材料")
def return_closing_report(request: HttpRequest, number: CaseNumberPath, payload: CaseReasonIn) -> LegalAidCaseOut:
    """退回结案材料 to the provider with a reason (required). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.return_closing_report(application=case, actor=user, reason=payload.reason), user)


@_action("close", "结案")
def close(request: HttpRequest, number: CaseNumberPath, payload: CaseCloseIn) -> LegalAidCaseOut:
    """结案 (第50、52条): accept the closing file and record the subsidy (optional, ≥ 0). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.close_case(application=case, actor=user, subsidy_amount=payload.subsidy_amount), user)


@_action("record_return_visit", "回访受援人")
def record_return_visit(request: HttpRequest, number: CaseNumberPath, payload: ReturnVisitIn) -> LegalAidCaseOut:
    """回访受援人 (第59条) at the closing review or after closing. Reviewer (not the case's provider)."""
    from gongfa.legalaid.services.visits import record_return_visit as record

    user, case = _act(request, number)
    record(
        application=case,
        actor=user,
        method=payload.method,
        satisfied=payload.satisfied,
        opinion=payload.opinion,
        issues=payload.issues,
    )
    return _answer(case, user)


@_action("lodge_objection", "提出异议")
def lodge_objection(request: HttpRequest, number: CaseNumberPath, payload: CaseReasonIn) -> LegalAidCaseOut:
    """提出异议 (第49条) against a refusal or a termination, with reasons. Applicant."""
    user, case = _act(request, number)
    services.lodge_objection(application=case, actor=user, reason=payload.reason)
    return _answer(case, user)


@router.post("/cases/{number}/actions/{action}", auth=ACT, response=ERRORS, include_in_schema=False)
@api_door(Audience.SIGNED_IN, scope=TokenScope.LEGALAID_ACT)
def unknown_action(request: HttpRequest, number: CaseNumberPath, action: str) -> None:
    raise UnknownAction(f"未知的操作：{action}（可用：{'、'.join(ACTIONS)}）。", field="action")


# --- objections ---------------------------------------------------------------------------------


class ObjectionDecisionIn(Schema):
    uphold: bool = Field(..., description="true：维持原决定；false：责令改正")
    decision: PlainText = Field("", max_length=REASON_MAX, description="审查意见（必填）")


@router.post(
    "/objections/{objection_id}/decision",
    auth=ACT,
    response={200: LegalAidCaseOut, **ERRORS},
    summary="异议审查决定",
)
@api_door(Audience.SUPERVISOR, scope=TokenScope.LEGALAID_ACT, message="异议由设立法律援助机构的司法行政部门审查。")
def decide_objection(request: HttpRequest, objection_id: RowIdPath, payload: ObjectionDecisionIn) -> LegalAidCaseOut:
    """The justice bureau decides an objection (第49条, within 5 days): uphold the decision, or
    order the agency to correct (a refusal goes back to review, a termination back to service).
    A supervisor whose region covers the agency, or an administrator; the agency itself gets 403.
    Answers the case, whose `objections` show the decision. Deciding twice is refused (400)."""
    user = principal(request).user
    objection = (
        Objection.objects.filter(pk=objection_id, application__in=visible_to(user).values("pk"))
        .select_related("application")
        .first()
    )
    if objection is None:
        raise lookups.NotFound(f"未找到异议 {objection_id}。", field="objection_id")
    services.decide_objection(objection=objection, actor=user, uphold=payload.uphold, decision=payload.decision)
    return _answer(objection.application, user)


__all__ = ["ACTIONS", "LegalAidCaseOut", "allowed_actions", "case_out", "router"]
