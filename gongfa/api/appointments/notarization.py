"""Appointments API: notarization cases (公证案件) under /api/v1/appointments/notarization/.

- GET  /notarization/cases                        the cases the caller may see (appointments:read)
- GET  /notarization/cases/{number}               one case, the applicant masked
- POST /notarization/cases/{number}/actions/<a>   accept, decline, recuse, request_supplement,
                                                  receive_supplement, start_verification,
                                                  finish_verification, refuse, terminate, issue,
                                                  archive, request_review, decide_review
                                                  (appointments:act)

Conventions as in the mediation API: 404 for a case the caller may not see, 403 for a step they may
not take (issue by someone other than the case's notary), 409 for a step out of order, 400 with every
problem at once. Events are recorded with channel API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router

from gongfa.accounts.models import User
from gongfa.api import lookups
from gongfa.api.actions import ERRORS
from gongfa.api.auth import principal, token_or_session
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import IDENTIFIER_PATTERN, REASON_MAX, PlainText, RowId, documented
from gongfa.appointments.choices import NOTARIZATION_OPEN, NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.selectors import notarization as sel
from gongfa.appointments.services import notarization as svc
from gongfa.appointments.states import NOTARIZATION
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems, ValidationFailed
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency

router = Router(tags=["appointments"])
READ = token_or_session(TokenScope.APPOINTMENTS_READ)
ACT = token_or_session(TokenScope.APPOINTMENTS_ACT)
BASE = "/notarization/cases"
PAGE_SIZE = 50
CaseNumber = Annotated[str, Path(..., max_length=24, pattern=IDENTIFIER_PATTERN, description="公证案号")]


# --- schemas ------------------------------------------------------------------------------------


class NotarizationActionOut(Schema):
    action: str
    label: str


class MaterialOut(Schema):
    name: str
    required: bool
    provided: bool
    by_commitment: bool


class NotarizationCaseListItemOut(Schema):
    number: str
    status: str
    status_label: str
    office_name: str
    matter_code: str
    matter_name: str
    applicant_name: str
    notary_id: int | None
    due_on: datetime.date | None
    clock: str
    clock_label: str
    applied_at: datetime.datetime


class NotarizationCaseOut(NotarizationCaseListItemOut):
    applicant_phone: str
    applicant_id_number: str
    agent_name: str
    purpose: str
    destination: str
    materials: list[MaterialOut]
    recused_notary_ids: list[int]
    time_limit_days: int | None
    paused_on: datetime.date | None
    paused_working_days: int
    accepted_at: datetime.datetime | None
    fee_yuan: Decimal | None
    fee_waiver: str
    fee_waived_yuan: Decimal
    supplement_request: str
    verification_note: str
    certificate_number: str
    issued_on: datetime.date | None
    non_acceptance_ground: str
    competent_office: str
    refusal_ground: str
    termination_ground: str
    decision_note: str
    refund_note: str
    archived_on: datetime.date | None
    review_requester: str
    review_requested_on: datetime.date | None
    review_due: datetime.date | None
    review_outcome: str
    next_actions: list[NotarizationActionOut]


class NotarizationFilters(Schema):
    status: str = Field("open", max_length=16, description="open（办理中）、all 或某一状态")
    page: int = Field(1, ge=1, le=10000, description="页码")


class AcceptIn(Schema):
    notary_id: RowId | None = None
    legal_meaning_notice_signed: bool = False
    national_system_entered: bool = False
    fee_waiver: PlainText = Field("", max_length=24)
    fee_waived_yuan: Decimal | None = Field(
        None, ge=0, max_digits=10, decimal_places=2, json_schema_extra=documented(maxLength=12)
    )


class DeclineIn(Schema):
    ground: PlainText = Field("", max_length=24)
    reason: PlainText = Field("", max_length=REASON_MAX)
    competent_office_id: RowId | None = None
    competent_office_name: PlainText = Field("", max_length=128)


class RecuseIn(Schema):
    replacement_id: RowId | None = None
    reason: PlainText = Field("", max_length=REASON_MAX)


class NotarizationSupplementIn(Schema):
    request: PlainText = Field("", max_length=REASON_MAX)


class VerificationIn(Schema):
    note: PlainText = Field("", max_length=255)
    remote: bool = False


class NotarizationRefuseIn(Schema):
    ground: PlainText = Field("", max_length=24)
    decision_note: PlainText = Field("", max_length=REASON_MAX)
    refund_note: PlainText = Field("", max_length=255)


class NotarizationTerminateIn(Schema):
    ground: PlainText = Field("", max_length=16)
    reason: PlainText = Field("", max_length=REASON_MAX)
    refund_note: PlainText = Field("", max_length=255)


class IssueIn(Schema):
    certificate_number: PlainText = Field("", max_length=64)
    issued_on: PlainText = Field("", max_length=10, description="出证日期（年-月-日）；不填为今天")


class ReviewIn(Schema):
    requester: PlainText = Field("", max_length=16)
    reason: PlainText = Field("", max_length=REASON_MAX)
    requested_on: PlainText = Field("", max_length=10)
    known_on: PlainText = Field("", max_length=10)


class DecideReviewIn(Schema):
    outcome: PlainText = Field("", max_length=16)
    note: PlainText = Field("", max_length=REASON_MAX)


# --- helpers ------------------------------------------------------------------------------------


def _item(case: NotarizationCase, clock: sel.ClockState | None = None) -> dict[str, Any]:
    clock = clock or sel.clock_of(case)
    return {
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "office_name": case.office.name,
        "matter_code": case.matter.code,
        "matter_name": str(case.matter),
        "applicant_name": case.masked_name,
        "notary_id": case.notary_id,
        "due_on": case.due_on,
        "clock": clock.kind.value,
        "clock_label": clock.label,
        "applied_at": case.applied_at,
    }


def _next_actions(case: NotarizationCase, user: User) -> list[NotarizationActionOut]:
    return [
        NotarizationActionOut(action=t.action, label=str(t.label))
        for t in NOTARIZATION.allowed_actions(case.status)
        if t.action != "issue" or case.notary_id == user.pk
    ]


def case_out(case: NotarizationCase, user: User) -> NotarizationCaseOut:
    acting = sel.visible_cases(user, sel.Action.ACT).filter(pk=case.pk).exists()
    return NotarizationCaseOut(
        **_item(case),
        applicant_phone=case.masked_phone,
        applicant_id_number=case.masked_id_number if case.applicant_id_number else "",
        agent_name=case.agent_name,
        purpose=case.purpose,
        destination=case.destination,
        materials=[
            MaterialOut(
                name=str(m.get("name", "")),
                required=bool(m.get("required", True)),
                provided=bool(m.get("provided")),
                by_commitment=bool(m.get("by_commitment")),
            )
            for m in case.materials
        ],
        recused_notary_ids=list(case.recused_notaries.values_list("pk", flat=True)),
        time_limit_days=case.time_limit_days,
        paused_on=case.paused_on,
        paused_working_days=case.paused_working_days,
        accepted_at=case.accepted_at,
        fee_yuan=case.fee_yuan,
        fee_waiver=case.fee_waiver,
        fee_waived_yuan=case.fee_waived_yuan,
        supplement_request=case.supplement_request,
        verification_note=case.verification_note,
        certificate_number=case.certificate_number,
        issued_on=case.issued_on,
        non_acceptance_ground=case.non_acceptance_ground,
        competent_office=case.competent_office.name if case.competent_office else case.competent_office_name,
        refusal_ground=case.refusal_ground,
        termination_ground=case.termination_ground,
        decision_note=case.decision_note,
        refund_note=case.refund_note,
        archived_on=case.archived_on,
        review_requester=case.review_requester,
        review_requested_on=case.review_requested_on,
        review_due=case.review_due,
        review_outcome=case.review_outcome,
        next_actions=_next_actions(case, user) if acting else [],
    )


def _visible(user: User, number: str) -> NotarizationCase:
    case = (
        sel.visible_cases(user)
        .select_related("office__region", "matter__parent", "competent_office")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise lookups.NotFound(gettext("未找到公证案件 {number}。").format(number=number), field="number")
    return case


def _date(value: str, field: str, problems: Problems) -> datetime.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.add(field, gettext("日期格式应为 年-月-日，例如 2026-03-01。"), code="invalid_date")
        return None


def _person(pk: int | None, field: str, problems: Problems) -> User | None:
    if pk is None:
        return None
    found = User.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        problems.add(field, gettext("找不到人员 {pk}。").format(pk=pk), code="unknown_person")
    return found


def _run(request: HttpRequest, number: str, work: Any, problems: Problems | None = None) -> NotarizationCaseOut:
    """Run a service with the API's own lookup problems reported together with the service's."""
    user = principal(request).user
    case = _visible(user, number)
    problems = problems or Problems()
    with svc.acting_via(Channel.API), transaction.atomic():
        try:
            work(user, case)
        except DomainError as exc:
            if not problems or type(exc) not in (DomainError, ValidationFailed):
                raise
            problems.add_error(exc)  # reported with the API's own lookup problems
        problems.raise_if_any()  # an unknown id: nothing the service did stays
    return case_out(_visible(user, number), user)


# --- read ---------------------------------------------------------------------------------------


@router.get(
    BASE,
    auth=READ,
    response={200: list[NotarizationCaseListItemOut], **ERRORS},
    summary="公证案件列表（按权限范围，每页 50 件）",
    operation_id="appointments_notarization_list",
)
@api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_READ)
def list_cases(request: HttpRequest, filters: Query[NotarizationFilters]) -> list[dict[str, Any]]:
    """The cases the caller may see (an office's staff: its cases; a supervisor: their region's),
    nearest deadline first; the applicant's name masked. Two queries a page, whatever its rows."""
    user = principal(request).user
    queryset: QuerySet[NotarizationCase] = sel.visible_cases(user)
    if filters.status == "open":
        queryset = queryset.filter(status__in=NOTARIZATION_OPEN)
    elif filters.status != "all":
        if filters.status not in NotarizationStatus.values:
            raise DomainError(
                gettext("未知的状态：{status}。").format(status=filters.status), code="invalid_status", field="status"
            )
        queryset = queryset.filter(status=filters.status)
    first = (filters.page - 1) * PAGE_SIZE
    page = list(
        queryset.select_related("office", "matter__parent").order_by("due_on", "-applied_at", "-pk")[
            first : first + PAGE_SIZE
        ]
    )
    return [_item(row.case, row.clock) for row in sel.queue_rows(page)]


@router.get(
    BASE + "/{number}",
    auth=READ,
    response={200: NotarizationCaseOut, **ERRORS},
    summary="查询公证案件",
    operation_id="appointments_notarization_get",
)
@api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_READ)
def get_case(request: HttpRequest, number: CaseNumber) -> NotarizationCaseOut:
    user = principal(request).user
    return case_out(_visible(user, number), user)


# --- act ----------------------------------------------------------------------------------------


def _post(action: str, summary: str) -> Any:
    return router.post(
        BASE + "/{number}/actions/" + action,
        auth=ACT,
        response={200: NotarizationCaseOut, **ERRORS},
        summary=summary,
        operation_id=f"appointments_notarization_{action}",
    )


_door = api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_ACT)


@_post("accept", "受理")
@_door
def accept(request: HttpRequest, number: CaseNumber, payload: AcceptIn) -> NotarizationCaseOut:
    problems = Problems()
    notary = _person(payload.notary_id, "notary_id", problems)
    return _run(
        request,
        number,
        lambda u, c: svc.accept_case(
            actor=u,
            case=c,
            notary=notary,
            legal_meaning_notice_signed=payload.legal_meaning_notice_signed,
            national_system_entered=payload.national_system_entered,
            fee_waiver=payload.fee_waiver,
            fee_waived_yuan=payload.fee_waived_yuan,
        ),
        problems,
    )


@_post("decline", "不予受理")
@_door
def decline(request: HttpRequest, number: CaseNumber, payload: DeclineIn) -> NotarizationCaseOut:
    problems = Problems()
    office = None
    if payload.competent_office_id is not None:
        office = Agency.objects.filter(pk=payload.competent_office_id, kind=AgencyKind.NOTARY_OFFICE).first()
        if office is None:
            problems.add("competent_office_id", gettext("找不到该公证机构。"), code="unknown_office")
    return _run(
        request,
        number,
        lambda u, c: svc.decline_case(
            actor=u,
            case=c,
            ground=payload.ground,
            reason=payload.reason,
            competent_office=office,
            competent_office_name=payload.competent_office_name,
        ),
        problems,
    )


@_post("recuse", "公证员回避并更换")
@_door
def recuse(request: HttpRequest, number: CaseNumber, payload: RecuseIn) -> NotarizationCaseOut:
    problems = Problems()
    replacement = _person(payload.replacement_id, "replacement_id", problems)
    return _run(
        request,
        number,
        lambda u, c: svc.recuse_notary(actor=u, case=c, reason=payload.reason, replacement=replacement),
        problems,
    )


@_post("request_supplement", "通知补充材料")
@_door
def request_supplement(
    request: HttpRequest, number: CaseNumber, payload: NotarizationSupplementIn
) -> NotarizationCaseOut:
    return _run(request, number, lambda u, c: svc.request_supplement(actor=u, case=c, request=payload.request))


@_post("receive_supplement", "补充材料已收齐")
@_door
def receive_supplement(request: HttpRequest, number: CaseNumber) -> NotarizationCaseOut:
    return _run(request, number, lambda u, c: svc.receive_supplement(actor=u, case=c))


@_post("start_verification", "开始核实")
@_door
def start_verification(request: HttpRequest, number: CaseNumber, payload: VerificationIn) -> NotarizationCaseOut:
    return _run(
        request, number, lambda u, c: svc.start_verification(actor=u, case=c, note=payload.note, remote=payload.remote)
    )


@_post("finish_verification", "核实完毕")
@_door
def finish_verification(request: HttpRequest, number: CaseNumber) -> NotarizationCaseOut:
    return _run(request, number, lambda u, c: svc.finish_verification(actor=u, case=c))


@_post("refuse", "不予办理")
@_door
def refuse(request: HttpRequest, number: CaseNumber, payload: NotarizationRefuseIn) -> NotarizationCaseOut:
    return _run(
        request,
        number,
        lambda u, c: svc.refuse_case(
            actor=u,
            case=c,
            ground=payload.ground,
            decision_note=payload.decision_note,
            refund_note=payload.refund_note,
        ),
    )


@_post("terminate", "终止公证")
@_door
def terminate(request: HttpRequest, number: CaseNumber, payload: NotarizationTerminateIn) -> NotarizationCaseOut:
    return _run(
        request,
        number,
        lambda u, c: svc.terminate_case(
            actor=u, case=c, ground=payload.ground, reason=payload.reason, refund_note=payload.refund_note
        ),
    )


@_post("issue", "出具公证书（记录编号和日期）")
@_door
def issue(request: HttpRequest, number: CaseNumber, payload: IssueIn) -> NotarizationCaseOut:
    problems = Problems()
    on = _date(payload.issued_on, "issued_on", problems)
    return _run(
        request,
        number,
        lambda u, c: svc.issue_certificate(
            actor=u, case=c, certificate_number=payload.certificate_number, issued_on=on
        ),
        problems,
    )


@_post("archive", "归档")
@_door
def archive(request: HttpRequest, number: CaseNumber) -> NotarizationCaseOut:
    return _run(request, number, lambda u, c: svc.archive_case(actor=u, case=c))


@_post("request_review", "登记复查申请")
@_door
def request_review(request: HttpRequest, number: CaseNumber, payload: ReviewIn) -> NotarizationCaseOut:
    problems = Problems()
    requested = _date(payload.requested_on, "requested_on", problems)
    known = _date(payload.known_on, "known_on", problems)
    return _run(
        request,
        number,
        lambda u, c: svc.request_review(
            actor=u, case=c, requester=payload.requester, reason=payload.reason, requested_on=requested, known_on=known
        ),
        problems,
    )


@_post("decide_review", "作出复查决定")
@_door
def decide_review(request: HttpRequest, number: CaseNumber, payload: DecideReviewIn) -> NotarizationCaseOut:
    return _run(
        request, number, lambda u, c: svc.decide_review(actor=u, case=c, outcome=payload.outcome, note=payload.note)
    )
