"""People's-mediation endpoints (人民调解): the cases the caller may see, and the committee's and
mediator's steps as POSTs. Thin: they validate, call mediation.services and shape the response.

Who may see a case is decided by ``mediation.selectors.visible_to`` (VIEW): a case outside the
caller's view is 404, never 403. A case the caller sees but may not act on (a party asking to
accept it, a mediator of the case asking to assign) is the service's ``NotPermitted`` (403). Each
action is a step of ``mediation.states.MEDIATION``: out of order it is a 409
(``invalid_transition``) and changes nothing. Every bad value of a body is reported at once
(400, ``errors`` lists each field).

Cases are addressed by their id: the case number (青山调〔2026〕1-3号) is not URL-safe.

Personal data of the parties (name, ID number, phone) is masked for everyone but the party
themselves. Invitation and confirmation links carry no personal data (a signed id only).

Authentication: the browser session, or an API token with the mediation scopes
(``mediation:read`` for the GETs, ``mediation:act`` for the actions). The token's user is scoped
like a person.
"""

import datetime
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, TypeVar, cast

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
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
    ErrorOut,
    PlainText,
    RowId,
    RowIdPath,
    documented,
)
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems, ValidationFailed
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.mediation.choices import (
    OPEN_STATUSES,
    AgreementStatus,
    CaseStatus,
    ConsentMethod,
    EscalationRisk,
    NonAcceptanceReason,
    Performance,
    ReturnVisitStatus,
    Satisfaction,
    SessionMode,
)
from gongfa.mediation.models import Agreement, CaseParty, MediationCase, Mediator, ReturnVisit
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.services.acceptance import accept_case, refuse_acceptance
from gongfa.mediation.services.agreement import confirmation_token, draft_agreement, finalise_agreement
from gongfa.mediation.services.assignment import assign_mediators
from gongfa.mediation.services.closing import close_case
from gongfa.mediation.services.common import acting_via
from gongfa.mediation.services.confirmation import file_confirmation
from gongfa.mediation.services.consent import record_consent, seek_consent
from gongfa.mediation.services.followup import record_return_visit
from gongfa.mediation.services.handling import record_session, report_escalation, start_mediation
from gongfa.mediation.services.outcome import record_failure
from gongfa.mediation.states import MEDIATION

router = Router(tags=["mediation"])
ERRORS: dict[int, type[ErrorOut]] = dict.fromkeys((400, 401, 403, 404, 409, 422), ErrorOut)

# Mediation cases carry sensitive personal data: a token needs a mediation scope of its own.
READ = token_or_session(TokenScope.MEDIATION_READ)
ACT = token_or_session(TokenScope.MEDIATION_ACT)

# The table's step → the API action that takes it (several table steps share one action).
TABLE_ACTIONS: dict[str, tuple[str, ...]] = {
    "seek_consent": ("seek_consent",),
    "record_refusal": ("record_consent",),
    "accept": ("accept",),
    "refuse_acceptance": ("refuse_acceptance",),
    "assign_mediator": ("assign",),
    "start_mediation": ("start",),
    "record_session": ("record_session",),
    "report_escalation": ("report_escalation",),
    "fail": ("record_failure",),
    "make_agreement_effective": ("draft_agreement", "finalise_agreement"),
    "file_confirmation": ("file_confirmation",),
    "record_performance": ("record_return_visit",),
    "close": ("close",),
}
ACTION_LABELS: dict[str, str] = {
    "seek_consent": "征询对方当事人调解意愿",
    "record_consent": "记录当事人调解意愿",
    "accept": "受理",
    "refuse_acceptance": "不予受理",
    "assign": "指定调解员",
    "start": "告知权利义务，开始调解",
    "record_session": "记录调解过程",
    "report_escalation": "报告纠纷激化风险",
    "record_failure": "调解不成，终止调解",
    "draft_agreement": "起草调解协议",
    "finalise_agreement": "调解协议定稿",
    "file_confirmation": "共同申请司法确认",
    "record_return_visit": "回访",
    "close": "结案归档",
}
ACTIONS: tuple[str, ...] = tuple(ACTION_LABELS)


class UnknownAction(DomainError):
    code = "unknown_action"
    status = 400


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


def _party(party: CaseParty, user: User) -> PartyOut:
    own = user.pk in (party.user_id, party.representative_user_id)
    return PartyOut(
        id=party.pk,
        side=party.side,
        side_label=party.get_side_display(),
        kind=party.kind,
        name=party.name if own else mask_name(party.name),
        id_number=party.id_number if own else mask_id_number(party.id_number),
        phone=party.phone if own else mask_phone(party.phone),
        representative_name=party.representative_name if own else mask_name(party.representative_name),
        masked=not own,
    )


def current_agreement(case: MediationCase) -> Agreement | None:
    """The live agreement (draft, finalised or effective), else None."""
    return (
        case.agreements.exclude(status=AgreementStatus.VOID)
        .prefetch_related("signatures")
        .order_by("-drafted_at", "-pk")
        .first()
    )


def _agreement(agreement: Agreement | None) -> AgreementOut | None:
    if agreement is None:
        return None
    return AgreementOut(
        id=agreement.pk,
        form=agreement.form,
        form_label=agreement.get_form_display(),
        status=agreement.status,
        status_label=agreement.get_status_display(),
        number=agreement.number or "",
        facts_and_responsibility=agreement.facts_and_responsibility,
        terms=agreement.terms,
        performance_method=agreement.performance_method,
        performance_place=agreement.performance_place,
        performance_deadline=agreement.performance_deadline,
        amount=agreement.amount,
        signed_party_ids=sorted(s.party_id for s in agreement.signatures.all()),
        mediator_signed_at=agreement.mediator_signed_at,
        committee_sealed_at=agreement.committee_sealed_at,
        effective_on=agreement.effective_on,
    )


def next_actions(case: MediationCase, user: User) -> list[MediationActionOut]:
    """The API actions the case's status allows (citizens act through the portal: none)."""
    if user.is_citizen:
        return []
    names: list[str] = []
    for transition in MEDIATION.allowed_actions(case.status):
        for name in TABLE_ACTIONS.get(transition.action, ()):
            if name not in names:
                names.append(name)
    return [MediationActionOut(action=name, label=ACTION_LABELS[name]) for name in ACTIONS if name in names]


def case_out(case: MediationCase, user: User, links: list[LinkOut] | None = None) -> MediationCaseOut:
    """The case for `user` (the caller checked visible_to)."""
    return MediationCaseOut(
        id=case.pk,
        number=case.number,
        status=case.status,
        status_label=_label(CaseStatus, case.status),
        outcome=case.outcome,
        outcome_label=case.get_outcome_display() if case.outcome else "",
        source=case.source,
        source_label=case.get_source_display(),
        category_code=case.category.code,
        category_name=case.category.name,
        committee_name=case.committee.agency.name,
        region_code=case.region.code,
        region_name=case.region.name,
        summary=case.summary,
        facts=case.facts,
        claims=case.claims,
        amount_in_dispute=case.amount_in_dispute,
        registered_at=case.registered_at,
        accepted_at=case.accepted_at,
        mediation_started_at=case.mediation_started_at,
        due_on=case.due_on,
        extended_until=case.extended_until,
        labour_arbitration_from=case.labour_arbitration_from,
        agreement_effective_on=case.agreement_effective_on,
        confirmation_window_ends_on=case.confirmation_window_ends_on,
        ended_at=case.ended_at,
        closed_at=case.closed_at,
        escalation_risk=case.escalation_risk,
        parties=[_party(p, user) for p in case.parties.order_by("side", "pk")],
        consents=[
            ConsentOut(
                party_id=c.party_id,
                decision=c.decision,
                decision_label=c.get_decision_display(),
                method=c.method,
                invited_at=c.invited_at,
                answered_at=c.answered_at,
            )
            for c in case.consents.order_by("invited_at", "pk")
        ],
        mediators=[
            MediatorOut(
                mediator_id=m.mediator_id,
                name=str(m.mediator),
                role=m.role,
                role_label=m.get_role_display(),
                chosen_by_parties=m.chosen_by_parties,
                assigned_at=m.assigned_at,
                recused_at=m.recused_at,
            )
            for m in case.mediators.select_related("mediator__user").order_by("assigned_at", "pk")
        ],
        sessions=[
            SessionOut(
                id=s.pk,
                held_at=s.held_at,
                mode=s.mode,
                mode_label=s.get_mode_display(),
                place=s.place,
                is_public=s.is_public,
            )
            for s in case.sessions.order_by("held_at", "pk")
        ],
        agreement=_agreement(current_agreement(case)),
        confirmations=[
            ConfirmationOut(
                court=c.court,
                filed_on=c.filed_on,
                court_reference=c.court_reference,
                decision=c.decision,
                decision_label=c.get_decision_display(),
                decided_on=c.decided_on,
            )
            for c in case.confirmations.order_by("filed_on", "pk")
        ],
        return_visits=[
            ReturnVisitOut(
                id=v.pk,
                status=v.status,
                due_on=v.due_on,
                done_at=v.done_at,
                performance=v.performance,
                satisfaction=v.satisfaction,
            )
            for v in case.return_visits.order_by("due_on", "pk")
        ],
        documents=[
            DocumentOut(kind=d.kind, kind_label=d.get_kind_display(), title=d.title, added_at=d.added_at)
            for d in case.documents.order_by("added_at", "pk")
        ],
        next_actions=next_actions(case, user),
        links=links or [],
    )


def _with_relations(queryset: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
    return queryset.select_related("category", "committee__agency", "region")


def _visible(user: User, pk: int) -> MediationCase:
    case = _with_relations(visible_to(user, Action.VIEW)).filter(pk=pk).first()
    if case is None:
        raise lookups.NotFound(f"未找到调解案件 {pk}。", field="pk")
    return case


def _answer(case: MediationCase, user: User, links: list[LinkOut] | None = None) -> MediationCaseOut:
    """The case as it stands after an action (read again: the service worked on a locked copy)."""
    return case_out(_visible(user, case.pk), user, links)


# --- read ---------------------------------------------------------------------------------------


@router.get("/cases/{pk}", auth=READ, response={200: MediationCaseOut, **ERRORS}, summary="查询调解案件")
@api_door(Audience.SIGNED_IN, scope=TokenScope.MEDIATION_READ)
def get_mediation_case(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """One case: its parties, the committee's staff, its mediators, supervisors of its region.
    Anyone else gets 404. The parties' personal data is masked for everyone but the party."""
    user = principal(request).user
    return case_out(_visible(user, pk), user)


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


@router.get(
    "/cases", auth=READ, response={200: list[MediationCaseListItemOut], **ERRORS}, summary="调解案件列表（按权限范围）"
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=TokenScope.MEDIATION_READ)
def list_mediation_cases(request: HttpRequest, filters: Query[CaseFilters]) -> QuerySet[MediationCase]:
    """The cases the caller may see (a committee's staff: its cases; a mediator: theirs; a
    supervisor: their region's; a citizen: the ones they are a party to), newest first."""
    user = principal(request).user
    queryset = visible_to(user, Action.VIEW)
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif filters.status != "all":
        queryset = queryset.filter(status=filters.status)
    return _with_relations(queryset).prefetch_related("parties").order_by("-registered_at", "-pk")


# --- actions ------------------------------------------------------------------------------------


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


View = TypeVar("View", bound=Callable[..., MediationCaseOut])


def _action(name: str, summary: str) -> Callable[[View], View]:
    """Register an action; its events are recorded with channel API (接口)."""
    assert name in ACTIONS, name
    register = router.post(
        f"/cases/{{pk}}/actions/{name}",
        auth=ACT,
        response={200: MediationCaseOut, **ERRORS},
        summary=summary,
        operation_id=f"mediation_action_{name}",
    )

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def via_api(*args: Any, **kwargs: Any) -> MediationCaseOut:
            with acting_via(Channel.API):
                return view(*args, **kwargs)

        # Staff, mediators and supervisors: the services decide by the case (selectors.Action).
        return register(cast(View, api_door(Audience.STAFF, scope=TokenScope.MEDIATION_ACT)(via_api)))

    return decorate


def _act(request: HttpRequest, pk: int) -> tuple[User, MediationCase]:
    user = principal(request).user
    return user, _visible(user, pk)


class _Rollback(Exception):
    pass


def run_with(problems: Problems, call: Callable[[], object]) -> None:
    """Run a service with the API's own lookup problems (an unknown id): the service's checks
    are reported with them, all at once; if the service would have succeeded despite them, what
    it wrote is rolled back. The case's state and the caller's rights (409, 403) come first."""
    try:
        with transaction.atomic():
            call()
            if problems:
                raise _Rollback
    except _Rollback:
        pass
    except DomainError as exc:
        if type(exc) not in (DomainError, ValidationFailed):
            raise
        for problem in exc.problems:
            if not problems.has(problem.field):
                problems.add(problem.field, problem.message, code=problem.code)
    problems.raise_if_any()


def _invitation_url(token: str) -> str:
    return reverse("portal:mediation_invite", kwargs={"token": token})


def _confirmation_url(token: str) -> str:
    return reverse("portal:mediation_agreement", kwargs={"token": token})


@_action("seek_consent", "征询对方当事人调解意愿")
def seek_consent_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """征询 (第17条): each respondent (every party, for the committee's own initiative) gets an
    invitation; `links` carries each invitation link to send by SMS. Committee staff."""
    user, case = _act(request, pk)
    invitations = seek_consent(actor=user, case=case)
    links = [LinkOut(party_id=i.consent.party_id, kind="invitation", url=_invitation_url(i.token)) for i in invitations]
    return _answer(case, user, links)


@_action("record_consent", "记录当事人调解意愿")
def record_consent_action(request: HttpRequest, pk: RowIdPath, payload: ConsentIn) -> MediationCaseOut:
    """A party's answer given in person, by phone or in writing (第17条); a refusal ends the case
    with the notice of other routes (第26条). Committee staff or the case's mediators."""
    user, case = _act(request, pk)
    party = case.parties.filter(pk=payload.party_id).first()
    if party is None:
        raise DomainError("该当事人不属于本案。", code="unknown_party", field="party_id")
    record_consent(
        actor=user,
        case=case,
        party=party,
        decision=payload.decision,
        method=payload.method,
        answered_by_name=payload.answered_by_name,
    )
    return _answer(case, user)


@_action("accept", "受理")
def accept_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """受理: every respondent asked has consented (第17条). Committee staff."""
    user, case = _act(request, pk)
    return _answer(accept_case(actor=user, case=case), user)


@_action("refuse_acceptance", "不予受理")
def refuse_acceptance_action(request: HttpRequest, pk: RowIdPath, payload: RefuseAcceptanceIn) -> MediationCaseOut:
    """不予受理 (Mediation Provisions 第22条 ◐) with the reason and where to go. Committee staff."""
    user, case = _act(request, pk)
    refuse_acceptance(actor=user, case=case, reason=payload.reason, redirect_to=payload.redirect_to)
    return _answer(case, user)


@_action("assign", "指定调解员")
def assign_action(request: HttpRequest, pk: RowIdPath, payload: MediationAssignIn) -> MediationCaseOut:
    """指定调解员 (第19条): one presiding, any assisting, of the committee. An unknown mediator id
    is reported with the service's other problems (field `presiding` / `assisting.N`)."""
    user, case = _act(request, pk)
    problems = Problems()
    wanted = [payload.presiding_id, *payload.assisting_ids]
    found = Mediator.objects.select_related("user").in_bulk([pk for pk in wanted if pk is not None])
    if payload.presiding_id is not None and payload.presiding_id not in found:
        problems.add("presiding", f"找不到调解员 {payload.presiding_id}。", code="unknown_mediator")
    assisting: list[Mediator] = []
    for index, pk in enumerate(payload.assisting_ids):
        if pk in found:
            assisting.append(found[pk])
        else:
            problems.add(f"assisting.{index}", f"找不到调解员 {pk}。", code="unknown_mediator")
    presiding = found.get(payload.presiding_id) if payload.presiding_id is not None else None
    run_with(
        problems,
        lambda: assign_mediators(
            actor=user,
            case=case,
            presiding=presiding,
            assisting=assisting,
            chosen_by_parties=payload.chosen_by_parties,
        ),
    )
    return _answer(case, user)


@_action("start", "告知权利义务，开始调解")
def start_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """The rights-and-duties notice goes on file and the one-month clock starts. Committee staff or
    the case's mediators."""
    user, case = _act(request, pk)
    return _answer(start_mediation(actor=user, case=case), user)


@_action("record_session", "记录调解过程")
def record_session_action(request: HttpRequest, pk: RowIdPath, payload: SessionIn) -> MediationCaseOut:
    """A session and its record (第27条). Attachments are added on the workbench."""
    user, case = _act(request, pk)
    record_session(
        actor=user,
        case=case,
        held_at=payload.held_at,
        mode=payload.mode,
        place=payload.place,
        video_link=payload.video_link,
        attendees=payload.attendees,
        record=payload.record,
        is_public=payload.is_public,
    )
    return _answer(case, user)


@_action("report_escalation", "报告纠纷激化风险")
def report_escalation_action(request: HttpRequest, pk: RowIdPath, payload: EscalationIn) -> MediationCaseOut:
    """第25条: the risk, what was done, how many people; the police liaison is told where the region
    says so."""
    user, case = _act(request, pk)
    report_escalation(actor=user, case=case, risk=payload.risk, description=payload.description, people=payload.people)
    return _answer(case, user)


@_action("record_failure", "调解不成，终止调解")
def record_failure_action(request: HttpRequest, pk: RowIdPath, payload: MediationReasonIn) -> MediationCaseOut:
    """调解不成 (第26条): ended with the notice of other routes; reason required."""
    user, case = _act(request, pk)
    return _answer(record_failure(actor=user, case=case, reason=payload.reason), user)


@_action("draft_agreement", "起草调解协议")
def draft_agreement_action(request: HttpRequest, pk: RowIdPath, payload: AgreementIn) -> MediationCaseOut:
    """The written agreement with every item 第29条第1款 requires (all missing ones at once)."""
    user, case = _act(request, pk)
    draft_agreement(
        actor=user,
        case=case,
        parties_text=payload.parties_text,
        facts_and_responsibility=payload.facts_and_responsibility,
        terms=payload.terms,
        performance_method=payload.performance_method,
        performance_place=payload.performance_place,
        performance_deadline=payload.performance_deadline,
        amount=payload.amount,
    )
    return _answer(case, user)


@_action("finalise_agreement", "调解协议定稿")
def finalise_agreement_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """定稿: the draft gets its number; `links` carries each party's confirmation link (本人确认)."""
    user, case = _act(request, pk)
    draft = case.agreements.filter(status=AgreementStatus.DRAFT).first()
    if draft is None:
        raise DomainError("本案没有待定稿的调解协议草稿，请先起草。", code="no_draft", field=None)
    agreement = finalise_agreement(actor=user, agreement=draft)
    links = [
        LinkOut(
            party_id=party.pk,
            kind="agreement_confirmation",
            url=_confirmation_url(confirmation_token(agreement, party)),
        )
        for party in case.parties.order_by("side", "pk")
    ]
    return _answer(case, user, links)


@_action("file_confirmation", "共同申请司法确认")
def file_confirmation_action(request: HttpRequest, pk: RowIdPath, payload: ConfirmationIn) -> MediationCaseOut:
    """The parties' joint application within 30 days of the agreement's effect (第33条)."""
    user, case = _act(request, pk)
    file_confirmation(actor=user, case=case, court=payload.court, filed_on=payload.filed_on, joint=payload.joint)
    return _answer(case, user)


@_action("record_return_visit", "回访")
def record_return_visit_action(
    request: HttpRequest, pk: RowIdPath, payload: MediationReturnVisitIn
) -> MediationCaseOut:
    """回访 (第31条): performance and satisfaction; unperformed needs a note."""
    user, case = _act(request, pk)
    visits = case.return_visits.all()
    visit: ReturnVisit | None
    if payload.visit_id is not None:
        visit = visits.filter(pk=payload.visit_id).first()
        if visit is None:
            raise DomainError(f"本案没有回访 {payload.visit_id}。", code="unknown_visit", field="visit_id")
    else:
        visit = visits.filter(status=ReturnVisitStatus.DUE).order_by("due_on", "pk").first()
        if visit is None:
            raise DomainError("本案没有待回访的记录。", code="no_visit_due", field="visit_id")
    record_return_visit(
        actor=user, visit=visit, performance=payload.performance, satisfaction=payload.satisfaction, note=payload.note
    )
    return _answer(case, user)


@_action("close", "结案归档")
def close_action(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """结案归档 (第27条): an ended case with its file complete (every missing document named)."""
    user, case = _act(request, pk)
    return _answer(close_case(actor=user, case=case), user)


@router.post("/cases/{pk}/actions/{action}", auth=ACT, response=ERRORS, include_in_schema=False)
@api_door(Audience.STAFF, scope=TokenScope.MEDIATION_ACT)
def unknown_mediation_action(request: HttpRequest, pk: RowIdPath, action: str) -> None:
    raise UnknownAction(f"未知的操作：{action}（可用：{'、'.join(ACTIONS)}）。", field="action")


__all__ = ["ACTIONS", "MediationCaseOut", "case_out", "router"]
