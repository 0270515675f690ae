"""Interviews (代书填写): start one, list and read them, save a step, make the document, reopen
it, ask a lawyer to review it."""

import uuid
from typing import Annotated, Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Body, Path, Query, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from gongfa.accounts.models import User
from gongfa.api.actions import run_with
from gongfa.api.auth import principal
from gongfa.api.drafting.answers import check_shape, masked
from gongfa.api.drafting.common import ACT, ERRORS, READ, router
from gongfa.api.drafting.schemas import (
    DraftingAnswersIn,
    DraftingDocumentOut,
    DraftingInterviewFilters,
    DraftingInterviewItemOut,
    DraftingInterviewOut,
    DraftingNoteIn,
    DraftingReviewIn,
    DraftingStartIn,
    DraftingStepStateOut,
    StepPath,
)
from gongfa.api.drafting.templates import kind_label
from gongfa.api.lookups import NotFound
from gongfa.api.models import TokenScope
from gongfa.api.schemas import BoundedPageNumberPagination
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import NotPermitted, Problems
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.definitions import Definition
from gongfa.drafting.models import DraftDocument, Interview, InterviewQuerySet
from gongfa.drafting.selectors import can_edit
from gongfa.drafting.services import (
    complete_interview,
    current_template,
    definition_of,
    reopen_interview,
    request_review,
    save_answers,
    start_interview,
)
from gongfa.drafting.services.interviews import visible_steps
from gongfa.network import selectors as network_selectors
from gongfa.network.choices import PointTier
from gongfa.network.scope import ScopeKind, scope_for

# A UUID (36 characters with its dashes): pydantic refuses any other text with a 422.
ReferencePath = Annotated[
    uuid.UUID,
    WithJsonSchema({"type": "string", "format": "uuid", "maxLength": 36}),
    Path(..., description="代书编号（开始代书时返回的 reference）"),
]


# --- reading ------------------------------------------------------------------------------------


def _rows(user: User) -> InterviewQuerySet:
    """The caller's interviews with what a response shows, in one query: the template joined, the
    linked orders' and case's numbers and the latest version annotated."""
    return (
        Interview.objects.visible_to(user)
        .select_related("template")
        .annotate(
            # A subquery, not Max() over a join: no GROUP BY over every column (the encrypted answers).
            latest_version=Subquery(
                DraftDocument.objects.filter(interview=OuterRef("pk")).order_by("-number").values("number")[:1]
            ),
            work_order_number=F("work_order__tracking_number"),
            review_order_number=F("review_order__tracking_number"),
            review_owner_id=F("review_order__owner_user_id"),
            legal_aid_number=F("legal_aid_application__number"),
            region_code=F("region__code"),
            region_name=F("region__name"),
        )
    )


def visible_interview(user: User, reference: uuid.UUID) -> Interview:
    """The interview if the caller may see it; 404 otherwise (no hint that it exists)."""
    found = _rows(user).filter(reference=reference).first()
    if found is None:
        raise NotFound(gettext("找不到这份文书。"), field="reference")
    return found


def _actions(interview: Interview, user: User, editable: bool) -> list[str]:
    """What the caller may do now (the transition table's steps for this status and their rights)."""
    if not editable:
        return []
    status = interview.status
    if status == InterviewStatus.IN_PROGRESS:
        return ["save", "complete"]
    if status == InterviewStatus.COMPLETED:
        return ["reopen", "review"]
    if status == InterviewStatus.REVIEWED:
        return ["reopen"]
    if status == InterviewStatus.IN_REVIEW and getattr(interview, "review_owner_id", None) == user.pk:
        return ["save", "complete"]  # the reviewer's corrections make a version of their own
    return []


def _steps(definition: Definition, interview: Interview, answers: dict[str, Any]) -> list[DraftingStepStateOut]:
    shown = [step.key for step in visible_steps(definition, answers)]
    reached = shown.index(interview.current_step) if interview.current_step in shown else len(shown)
    return [
        DraftingStepStateOut(
            key=step.key,
            title=step.title,
            visible=step.key in shown,
            done=step.key in shown and (shown.index(step.key) < reached or interview.completed_at is not None),
        )
        for step in definition.steps
    ]


def interview_out(interview: Interview, user: User) -> DraftingInterviewOut:
    """The interview for `user` (a row of _rows: the caller checked they may see it). Answers in
    full for those who may edit it, ID numbers and phones masked for those who only read."""
    definition = definition_of(interview.template)
    answers: dict[str, Any] = dict(interview.answers or {})
    editable = can_edit(user, interview)
    summary = DraftingInterviewItemOut.model_validate(interview).model_dump()
    return DraftingInterviewOut(
        **summary,
        answers=answers if editable else masked(definition, answers),
        masked=not editable,
        editable=editable,
        actions=_actions(interview, user, editable),
        steps=_steps(definition, interview, answers),
        work_order=getattr(interview, "work_order_number", None),
        legal_aid_case=getattr(interview, "legal_aid_number", None),
        review_order=getattr(interview, "review_order_number", None),
        region_code=getattr(interview, "region_code", None),
        region_name=getattr(interview, "region_name", None),
    )


def document_out(document: DraftDocument, reference: str) -> DraftingDocumentOut:
    keys = {"reference": reference, "number": document.number}
    return DraftingDocumentOut(
        number=document.number,
        reason=document.reason,
        reason_label=document.get_reason_display(),
        kind=document.kind,
        kind_label=kind_label(document.kind),
        template_version=document.template.version,
        made_at=document.made_at,
        note=document.note,
        docx_url=reverse("api:download_drafting_docx", kwargs=keys),
        pdf_url=reverse("api:download_drafting_pdf", kwargs=keys),
    )


def _answer(interview: Interview, user: User) -> DraftingInterviewOut:
    """The interview as it stands after an action (read again, with what the response shows)."""
    return interview_out(visible_interview(user, interview.reference), user)


@router.get(
    "/interviews",
    auth=READ,
    response={200: list[DraftingInterviewItemOut], **ERRORS},
    summary="我的代书（按权限范围）",
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_READ)
def list_drafting_interviews(request: HttpRequest, filters: Query[DraftingInterviewFilters]) -> QuerySet[Interview]:
    """The interviews the caller may see (a citizen: their own; staff: those they drafted, those
    of their service points, those handed to them for review; a supervisor: their region's), last
    saved first. Never their answers: read one for those."""
    queryset = _rows(principal(request).user)
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("-updated_at", "-pk")


@router.get(
    "/interviews/{reference}",
    auth=READ,
    response={200: DraftingInterviewOut, **ERRORS},
    summary="查询代书填写",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_READ)
def get_drafting_interview(request: HttpRequest, reference: ReferencePath) -> DraftingInterviewOut:
    """One interview with its answers and its steps (which the answers so far make visible, which
    are done). Anyone who may not see it gets 404. Supervisors, who only read, see ID numbers and
    phones masked."""
    user = principal(request).user
    return interview_out(visible_interview(user, reference), user)


# --- acting -------------------------------------------------------------------------------------


def _problem_if_missing(problems: Problems, found: object, field: str, message: str, code: str) -> None:
    if found is None:
        problems.add(field, message, code=code)


@router.post(
    "/interviews",
    auth=ACT,
    response={201: DraftingInterviewOut, **ERRORS},
    summary="开始代书",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_ACT)
def start_drafting_interview(request: HttpRequest, payload: DraftingStartIn) -> Status[DraftingInterviewOut]:
    """Start an interview of a template, with what the platform already knows filled in. A citizen
    drafts for themselves (their name, ID number and phone prefilled). Staff draft for a citizen at
    their service point (channel window, or village room at a 工作室), optionally for a work order
    (`work_order`, its requester's answers prefilled) or a legal-aid case (`legal_aid_case`) they
    may see: those two are staff-only (a citizen sending them: 403 `staff_only`). Supervisors only
    read drafts (403 `read_only`). Every unknown value at once (400): `template`, `region_code`,
    `work_order`, `legal_aid_case`."""
    user = principal(request).user
    staff = not user.is_citizen
    if not staff:
        for field in ("work_order", "legal_aid_case"):
            if getattr(payload, field):
                message = gettext("只有工作人员可以为工单或法律援助案件代书。")
                raise NotPermitted(message, code="staff_only", field=field)
    scope = scope_for(user)
    if staff and scope.kind == ScopeKind.SUPERVISOR:
        raise NotPermitted(gettext("督办主管只能查看代书，不能代为填写。"), code="read_only")
    if staff and scope.kind == ScopeKind.NOBODY:
        raise NotPermitted(gettext("您没有在岗的服务点，不能代书。"), code="no_posting")
    problems = Problems()
    with problems.check():
        current_template(payload.template.strip())
    region = None
    if payload.region_code:
        region = network_selectors.region_by_code(payload.region_code.strip())
        _problem_if_missing(problems, region, "region_code", gettext("未知的区划代码。"), "unknown_region")
    order = application = None
    if payload.work_order:
        from gongfa.workorders.selectors import visible_to as visible_orders

        order = (
            visible_orders(user)
            .filter(tracking_number=payload.work_order.strip())
            .select_related("region", "requester")
            .first()
        )
        message = gettext("找不到该工单，或您无权查看。")
        _problem_if_missing(problems, order, "work_order", message, "unknown_work_order")
    if payload.legal_aid_case:
        from gongfa.legalaid.selectors import visible_to as visible_cases

        application = (
            visible_cases(user)
            .filter(number=payload.legal_aid_case.strip())
            .select_related("region", "applicant")
            .first()
        )
        _problem_if_missing(
            problems, application, "legal_aid_case", gettext("找不到该法律援助案件，或您无权查看。"), "unknown_case"
        )
    problems.raise_if_any()
    point = channel = None
    if staff:
        from gongfa.workorders.services.intake import staff_point

        point = staff_point(user)
        channel = Channel.VILLAGE_ROOM if point is not None and point.tier == PointTier.ROOM else Channel.WINDOW
    interview = start_interview(
        code=payload.template.strip(),
        actor=user,
        channel=channel or Channel.API,
        citizen=getattr(application, "applicant", None) if order is None else None,
        work_order=order,
        legal_aid_application=application,
        point=point,
        region=region or getattr(point, "region", None),
    )
    return Status(201, _answer(interview, user))


@router.put(
    "/interviews/{reference}/steps/{step}",
    auth=ACT,
    response={200: DraftingInterviewOut, **ERRORS},
    summary="保存一步的答案",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_ACT)
def save_drafting_step(
    request: HttpRequest, reference: ReferencePath, step: StepPath, payload: DraftingAnswersIn
) -> DraftingInterviewOut:
    """Check and keep one step's answers: every problem at once (400, `errors` lists each with its
    path, e.g. `loans.2.principal`, items counted from 1), nothing saved while any remains. Answers
    of later steps stay (going back loses nothing); required answers are enforced when the document
    is made. An unknown step: 400 `unknown_step`. After the document was made: reopen first (400
    `not_in_progress`). Someone who may only read it: 403."""
    user = principal(request).user
    interview = visible_interview(user, reference)
    definition = definition_of(interview.template)
    problems = Problems()
    raw = payload.answers
    found = next((item for item in definition.steps if item.key == step), None)
    if found is not None:
        raw = check_shape(found, payload.answers, problems)
    run_with(problems, lambda: save_answers(interview=interview, actor=user, step=step, raw=raw))
    return _answer(interview, user)


@router.post(
    "/interviews/{reference}/complete",
    auth=ACT,
    response={201: DraftingDocumentOut, **ERRORS},
    summary="生成文书",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_ACT)
def complete_drafting_interview(
    request: HttpRequest, reference: ReferencePath, payload: Body[DraftingNoteIn | None] = None
) -> Status[DraftingDocumentOut]:
    """Make the document (.docx and PDF, stored encrypted) as the interview's next version, from
    the answers saved. Refused while anything the template or the law requires is missing (400,
    `errors` names each missing answer and element). A lawyer reviewing a handed-over draft makes
    their corrected version the same way (`note`: what they changed). Out of order: 409."""
    user = principal(request).user
    interview = visible_interview(user, reference)
    version = complete_interview(interview=interview, actor=user, note=payload.note if payload else "")
    return Status(201, document_out(version, str(interview.reference)))


@router.post(
    "/interviews/{reference}/reopen",
    auth=ACT,
    response={200: DraftingInterviewOut, **ERRORS},
    summary="修改答案（文书生成后）",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_ACT)
def reopen_drafting_interview(request: HttpRequest, reference: ReferencePath) -> DraftingInterviewOut:
    """Change answers after a document was made: the interview is in progress again and the next
    完成 makes a new version; the old versions stay. Out of order: 409."""
    user = principal(request).user
    interview = visible_interview(user, reference)
    reopen_interview(interview=interview, actor=user)
    return _answer(interview, user)


@router.post(
    "/interviews/{reference}/review",
    auth=ACT,
    response={200: DraftingInterviewOut, **ERRORS},
    summary="申请律师审核",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_ACT)
def request_drafting_review(
    request: HttpRequest, reference: ReferencePath, payload: Body[DraftingReviewIn | None] = None
) -> DraftingInterviewOut:
    """Hand the latest version to a lawyer: a 文书代书 work order is created and dispatched like any
    other; `review_order` is its tracking number. The interview needs a region (400
    `region_required`: start it with `region_code`). Before a document exists or twice: 409."""
    user = principal(request).user
    interview = visible_interview(user, reference)
    request_review(interview=interview, actor=user, note=payload.note if payload else "")
    return _answer(interview, user)


__all__ = ["document_out", "interview_out", "visible_interview"]
