"""Appointments API: judicial-appraisal referrals (司法鉴定委托引导) under /api/v1/appointments/appraisal/.

- GET  /appraisal/referrals                       the referrals the caller may see (appointments:read)
- GET  /appraisal/referrals/{number}              one referral, the applicant masked
- GET  /appraisal/referrals/{number}/replay       复核摇号结果: the draw recomputed from its seed
- POST /appraisal/referrals                       register (and, out of litigation, commission) (appointments:act)
- POST /appraisal/referrals/{number}/actions/<a>  draw, agree, guidance, accept, decline, sign, extend,
                                                  opinion, withdraw (appointments:act)

Conventions as in the mediation API: 404 for a referral the caller may not see, 403 for a step
they may not take (another institution's), 409 for a step out of order, 400 with every problem."""

import datetime
from typing import Annotated, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router
from ninja.pagination import paginate

from gongfa.accounts.models import User
from gongfa.api import lookups
from gongfa.api.actions import ERRORS
from gongfa.api.auth import principal, token_or_session
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import IDENTIFIER_PATTERN, REASON_MAX, BoundedPageNumberPagination, PlainText, RowId
from gongfa.appointments.choices import APPRAISAL_OPEN, AppraisalStatus
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral
from gongfa.appointments.selectors import appraisal as sel
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.states import APPRAISAL
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region

router = Router(tags=["appointments"])
READ = token_or_session(TokenScope.APPOINTMENTS_READ)
ACT = token_or_session(TokenScope.APPOINTMENTS_ACT)
BASE = "/appraisal/referrals"
ReferralNumber = Annotated[str, Path(..., max_length=24, pattern=IDENTIFIER_PATTERN, description="引导编号")]

# The API action → the table step it takes (next_actions lists what the status allows).
ACTION_STEPS: dict[str, tuple[str, str]] = {
    "draw": ("commission", "随机摇号并委托"),
    "agree": ("commission", "协商选定并委托"),
    "guidance": ("give_guidance", "告知经办案机关委托（诉讼中）"),
    "accept": ("accept", "受理"),
    "decline": ("decline", "不予受理"),
    "sign": ("sign_agreement", "签订委托协议"),
    "extend": ("extend", "延长鉴定时限"),
    "opinion": ("issue_opinion", "出具鉴定意见"),
    "withdraw": ("withdraw", "撤回"),
}


# --- schemas ------------------------------------------------------------------------------------


class AppraisalActionOut(Schema):
    action: str
    label: str


class AppraisalDrawOut(Schema):
    seed: str
    candidate_ids: list[int]
    candidate_names: list[str]
    drawn_at: datetime.datetime | None
    witness: str


class AppraisalReferralListItemOut(Schema):
    number: str
    status: str
    status_label: str
    category_code: str
    category_name: str
    matter: str
    applicant_name: str
    region_code: str
    institution_name: str
    fee_waiver: bool
    in_litigation: bool
    accept_due: datetime.date | None
    complete_due: datetime.date | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_status_label(obj: AppraisalReferral) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_category_code(obj: AppraisalReferral) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj: AppraisalReferral) -> str:
        return obj.category.name

    @staticmethod
    def resolve_applicant_name(obj: AppraisalReferral) -> str:
        return obj.masked_name

    @staticmethod
    def resolve_region_code(obj: AppraisalReferral) -> str:
        return obj.region.code

    @staticmethod
    def resolve_institution_name(obj: AppraisalReferral) -> str:
        return obj.institution.name if obj.institution else ""


class AppraisalReferralOut(Schema):
    number: str
    status: str
    status_label: str
    category_code: str
    category_name: str
    matter: str
    applicant_name: str
    region_code: str
    institution_name: str
    fee_waiver: bool
    in_litigation: bool
    accept_due: datetime.date | None
    complete_due: datetime.date | None
    created_at: datetime.datetime
    purpose: str
    applicant_phone: str
    applicant_id_number: str
    region_name: str
    court_name: str
    guidance: str
    selection_method: str
    institution_id: int | None
    draw: AppraisalDrawOut | None
    legal_aid_application: str | None
    commissioned_on: datetime.date | None
    accepted_on: datetime.date | None
    accepted_late: bool
    agreement_signed_on: datetime.date | None
    extension_days: int
    extension_reason: str
    opinion_number: str
    opinion_issued_on: datetime.date | None
    opinion_summary: str
    not_accepted_reason: str
    withdrawn_reason: str
    next_actions: list[AppraisalActionOut]


class AppraisalReplayOut(Schema):
    number: str
    seed: str
    candidate_ids: list[int]
    recorded_institution_id: int | None
    replayed_institution_id: int
    replayed_institution_name: str
    equal: bool


class AppraisalFilters(Schema):
    status: str = Field("open", max_length=16, description="open（办理中）、all 或某一状态")


class AppraisalReferralIn(Schema):
    region_code: PlainText = Field("", max_length=12, description="所在区划代码（12位）")
    category_code: PlainText = Field("", max_length=32, description="鉴定类别代码")
    matter: PlainText = Field("", max_length=255)
    purpose: PlainText = Field("", max_length=255)
    applicant_name: PlainText = Field("", max_length=128)
    applicant_phone: PlainText = Field("", max_length=20)
    applicant_id_number: PlainText = Field("", max_length=18)
    in_litigation: bool = False
    court_name: PlainText = Field("", max_length=128)
    legal_aid_application: PlainText = Field("", max_length=24, description="法律援助案件编号")
    method: PlainText = Field("", max_length=16, description="random_draw（随机摇号）或 agreement（协商选定）")
    institution_id: RowId | None = None
    witness: PlainText = Field("", max_length=128)


class AppraisalDrawIn(Schema):
    witness: PlainText = Field("", max_length=128)


class AppraisalAgreeIn(Schema):
    institution_id: RowId | None = None


class AppraisalGuidanceIn(Schema):
    court_name: PlainText = Field("", max_length=128)


class AppraisalDateIn(Schema):
    date: PlainText = Field("", max_length=10, description="日期（年-月-日）；不填为今天")


class AppraisalReasonIn(Schema):
    reason: PlainText = Field("", max_length=REASON_MAX)


class AppraisalExtendIn(Schema):
    days: int = Field(0, ge=0, le=90, description="延长的工作日数")
    reason: PlainText = Field("", max_length=255)


class AppraisalOpinionIn(Schema):
    opinion_number: PlainText = Field("", max_length=64)
    issued_on: PlainText = Field("", max_length=10, description="出具日期（年-月-日）；不填为今天")
    summary: PlainText = Field("", max_length=REASON_MAX)


# --- helpers ------------------------------------------------------------------------------------


def _next_actions(referral: AppraisalReferral, user: User) -> list[AppraisalActionOut]:
    creator = sel.may_create_in(user, referral.region)
    institution = sel.acts_for_institution(user, referral)
    shown = []
    for name, (step, label) in ACTION_STEPS.items():
        if not APPRAISAL.can(referral.status, step):
            continue
        if name in ("draw", "agree") and referral.in_litigation:
            continue
        mine = (creator or institution) if name == "withdraw" else institution if step in _INSTITUTION else creator
        if mine:
            shown.append(AppraisalActionOut(action=name, label=label))
    return shown


_INSTITUTION = frozenset({"accept", "decline", "sign_agreement", "extend", "issue_opinion"})


def _draw(referral: AppraisalReferral) -> AppraisalDrawOut | None:
    if not referral.draw_seed:
        return None
    ids = [int(i) for i in referral.draw_candidates]
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    return AppraisalDrawOut(
        seed=referral.draw_seed,
        candidate_ids=ids,
        candidate_names=[names.get(i, "") for i in ids],
        drawn_at=referral.drawn_at,
        witness=referral.draw_witness,
    )


def _item(r: AppraisalReferral) -> dict[str, Any]:
    return {
        "number": r.number,
        "status": r.status,
        "status_label": r.get_status_display(),
        "category_code": r.category.code,
        "category_name": r.category.name,
        "matter": r.matter,
        "applicant_name": r.masked_name,
        "region_code": r.region.code,
        "institution_name": r.institution.name if r.institution else "",
        "fee_waiver": r.fee_waiver,
        "in_litigation": r.in_litigation,
        "accept_due": r.accept_due,
        "complete_due": r.complete_due,
        "created_at": r.created_at,
    }


def referral_out(r: AppraisalReferral, user: User) -> AppraisalReferralOut:
    return AppraisalReferralOut(
        **_item(r),
        purpose=r.purpose,
        applicant_phone=r.masked_phone,
        applicant_id_number=r.masked_id_number if r.applicant_id_number else "",
        region_name=r.region.name,
        court_name=r.court_name,
        guidance=r.guidance,
        selection_method=r.selection_method,
        institution_id=r.institution_id,
        draw=_draw(r),
        legal_aid_application=r.legal_aid_application.number if r.legal_aid_application else None,
        commissioned_on=r.commissioned_on,
        accepted_on=r.accepted_on,
        accepted_late=bool(r.accepted_on and r.accept_due and r.accepted_on > r.accept_due),
        agreement_signed_on=r.agreement_signed_on,
        extension_days=r.extension_days,
        extension_reason=r.extension_reason,
        opinion_number=r.opinion_number,
        opinion_issued_on=r.opinion_issued_on,
        opinion_summary=r.opinion_summary,
        not_accepted_reason=r.not_accepted_reason,
        withdrawn_reason=r.withdrawn_reason,
        next_actions=_next_actions(r, user),
    )


def _visible(user: User, number: str) -> AppraisalReferral:
    referral = svc.referral_for(user, number)
    if referral is None:
        raise lookups.NotFound(gettext("未找到司法鉴定委托引导 {number}。").format(number=number), field="number")
    return referral


def _date(value: str, field: str, problems: Problems) -> datetime.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problems.add(field, gettext("日期格式应为 年-月-日，例如 2026-03-01。"), code="invalid_date")
        return None


def _institution(pk: int | None) -> Agency | None:
    if pk is None:
        return None
    return Agency.objects.filter(pk=pk, kind=AgencyKind.APPRAISAL_INSTITUTION).first()


def _run(request: HttpRequest, number: str, work: Any) -> AppraisalReferralOut:
    user = principal(request).user
    referral = _visible(user, number)
    with svc.acting_via(Channel.API):
        work(user, referral)
    return referral_out(_visible(user, number), user)


# --- read ---------------------------------------------------------------------------------------


@router.get(
    BASE,
    auth=READ,
    response={200: list[AppraisalReferralListItemOut], **ERRORS},
    summary="司法鉴定委托引导列表（按权限范围）",
    operation_id="appointments_appraisal_list",
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_READ)
def list_referrals(request: HttpRequest, filters: Query[AppraisalFilters]) -> QuerySet[AppraisalReferral]:
    """The referrals the caller may see (region staff: their region's; an institution's staff: those
    sent to it), newest first; the applicant's name masked."""
    user = principal(request).user
    queryset = sel.visible_referrals(user)
    if filters.status == "open":
        queryset = queryset.filter(status__in=APPRAISAL_OPEN)
    elif filters.status != "all":
        if filters.status not in AppraisalStatus.values:
            raise DomainError(
                gettext("未知的状态：{status}。").format(status=filters.status), code="invalid_status", field="status"
            )
        queryset = queryset.filter(status=filters.status)
    return queryset.select_related("category", "region", "institution").order_by("-created_at", "-pk")


@router.get(
    BASE + "/{number}",
    auth=READ,
    response={200: AppraisalReferralOut, **ERRORS},
    summary="查询司法鉴定委托引导",
    operation_id="appointments_appraisal_get",
)
@api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_READ)
def get_referral(request: HttpRequest, number: ReferralNumber) -> AppraisalReferralOut:
    user = principal(request).user
    return referral_out(_visible(user, number), user)


@router.get(
    BASE + "/{number}/replay",
    auth=READ,
    response={200: AppraisalReplayOut, **ERRORS},
    summary="复核摇号结果",
    operation_id="appointments_appraisal_replay",
)
@api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_READ)
def replay_draw(request: HttpRequest, number: ReferralNumber) -> AppraisalReplayOut:
    """The draw recomputed from the stored seed and candidates, beside the stored institution."""
    user = principal(request).user
    referral = _visible(user, number)
    replayed = svc.replay_draw(referral)
    return AppraisalReplayOut(
        number=referral.number,
        seed=referral.draw_seed,
        candidate_ids=list(referral.draw_candidates),
        recorded_institution_id=referral.institution_id,
        replayed_institution_id=replayed.pk,
        replayed_institution_name=replayed.name,
        equal=replayed.pk == referral.institution_id,
    )


# --- act ----------------------------------------------------------------------------------------


@router.post(
    BASE,
    auth=ACT,
    response={200: AppraisalReferralOut, **ERRORS},
    summary="登记司法鉴定委托引导（未在诉讼中的同时委托）",
    operation_id="appointments_appraisal_create",
)
@api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_ACT)
def create_referral(request: HttpRequest, payload: AppraisalReferralIn) -> AppraisalReferralOut:
    user = principal(request).user
    problems = Problems()
    region = Region.objects.filter(code=payload.region_code).first() if payload.region_code else None
    if payload.region_code and region is None:
        problems.add(
            "region_code",
            gettext("未知的区划代码：{region_code}。").format(region_code=payload.region_code),
            code="unknown_region",
        )
    category = AppraisalCategory.objects.filter(code=payload.category_code).first() if payload.category_code else None
    if payload.category_code and category is None:
        problems.add(
            "category_code",
            gettext("未知的鉴定类别：{category_code}。").format(category_code=payload.category_code),
            code="unknown_category",
        )
    application = None
    if payload.legal_aid_application:
        from gongfa.legalaid.selectors import visible_to

        application = visible_to(user).filter(number=payload.legal_aid_application).first()
        if application is None:
            problems.add("legal_aid_application", gettext("找不到该法律援助案件，或您无权查看。"), code="not_visible")
    institution = _institution(payload.institution_id)
    if payload.institution_id and institution is None:
        problems.add("institution_id", gettext("找不到该鉴定机构。"), code="unknown_institution")
    # Inside one transaction: a lookup problem found here undoes what the service did.
    with svc.acting_via(Channel.API), transaction.atomic():
        try:
            referral = svc.open_referral(
                method=payload.method,
                institution=institution,
                witness=payload.witness,
                actor=user,
                region=region,
                category=category,
                matter=payload.matter,
                purpose=payload.purpose,
                applicant_name=payload.applicant_name,
                applicant_phone=payload.applicant_phone,
                applicant_id_number=payload.applicant_id_number,
                in_litigation=payload.in_litigation,
                court_name=payload.court_name,
                legal_aid_application=application,
                user=getattr(application, "applicant", None),
            )
        except DomainError as exc:
            if isinstance(exc, NotPermitted) or not problems:
                raise
            for problem in exc.problems:
                if not problems.has(problem.field) and problem.field not in ("region", "category"):
                    problems.add(problem.field, problem.message, code=problem.code)
            problems.raise_if_any()
            raise
        problems.raise_if_any()
    return referral_out(_visible(user, referral.number), user)


def _action(name: str, summary: str) -> Any:
    return router.post(
        BASE + "/{number}/actions/" + name,
        auth=ACT,
        response={200: AppraisalReferralOut, **ERRORS},
        summary=summary,
        operation_id=f"appointments_appraisal_action_{name}",
    )


_door = api_door(Audience.STAFF, scope=TokenScope.APPOINTMENTS_ACT)


@_action("draw", "随机摇号并委托")
@_door
def draw_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalDrawIn) -> AppraisalReferralOut:
    return _run(request, number, lambda u, r: svc.draw_institution(actor=u, referral=r, witness=payload.witness))


@_action("agree", "协商选定并委托")
@_door
def agree_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalAgreeIn) -> AppraisalReferralOut:
    return _run(
        request,
        number,
        lambda u, r: svc.commission_by_agreement(actor=u, referral=r, institution=_institution(payload.institution_id)),
    )


@_action("guidance", "告知经办案机关委托（诉讼中）")
@_door
def guidance_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalGuidanceIn) -> AppraisalReferralOut:
    return _run(request, number, lambda u, r: svc.give_guidance(actor=u, referral=r, court_name=payload.court_name))


def _dated(payload: AppraisalDateIn, field: str) -> datetime.date | None:
    problems = Problems()
    day = _date(payload.date, field, problems)
    problems.raise_if_any()
    return day


@_action("accept", "鉴定机构受理")
@_door
def accept_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalDateIn) -> AppraisalReferralOut:
    return _run(
        request, number, lambda u, r: svc.accept_referral(actor=u, referral=r, accepted_on=_dated(payload, "date"))
    )


@_action("decline", "鉴定机构不予受理")
@_door
def decline_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalReasonIn) -> AppraisalReferralOut:
    return _run(request, number, lambda u, r: svc.decline_referral(actor=u, referral=r, reason=payload.reason))


@_action("sign", "签订委托协议")
@_door
def sign_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalDateIn) -> AppraisalReferralOut:
    return _run(
        request, number, lambda u, r: svc.sign_agreement(actor=u, referral=r, signed_on=_dated(payload, "date"))
    )


@_action("extend", "延长鉴定时限")
@_door
def extend_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalExtendIn) -> AppraisalReferralOut:
    return _run(
        request,
        number,
        lambda u, r: svc.extend_deadline(actor=u, referral=r, days=payload.days, reason=payload.reason),
    )


@_action("opinion", "出具鉴定意见")
@_door
def opinion_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalOpinionIn) -> AppraisalReferralOut:
    def work(user: User, referral: AppraisalReferral) -> None:
        problems = Problems()
        day = _date(payload.issued_on, "issued_on", problems)
        if not payload.opinion_number.strip():
            problems.add("opinion_number", gettext("请填写鉴定意见书编号。"), code="required")
        if problems:
            problems.raise_if_any()
        svc.issue_opinion(
            actor=user, referral=referral, opinion_number=payload.opinion_number, issued_on=day, summary=payload.summary
        )

    return _run(request, number, work)


@_action("withdraw", "撤回")
@_door
def withdraw_action(request: HttpRequest, number: ReferralNumber, payload: AppraisalReasonIn) -> AppraisalReferralOut:
    return _run(request, number, lambda u, r: svc.withdraw_referral(actor=u, referral=r, reason=payload.reason))
