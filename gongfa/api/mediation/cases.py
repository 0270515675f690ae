"""The case as the caller sees it (case_out) and the GETs."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query
from ninja.pagination import paginate

from gongfa.accounts.models import User
from gongfa.api import lookups
from gongfa.api.auth import principal
from gongfa.api.mediation.common import ACTION_LABELS, ERRORS, READ, REGISTRY, router
from gongfa.api.mediation.schemas import (
    AgreementOut,
    CaseFilters,
    ConfirmationOut,
    ConsentOut,
    DocumentOut,
    LinkOut,
    MediationActionOut,
    MediationCaseListItemOut,
    MediationCaseOut,
    MediationConsultationOut,
    MediationEscalationOut,
    MediatorOut,
    PartyOut,
    ReturnVisitOut,
    SessionOut,
    _label,
)
from gongfa.api.models import TokenScope
from gongfa.api.schemas import BoundedPageNumberPagination, RowIdPath
from gongfa.core.access import Audience, api_door
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.mediation.choices import OPEN_STATUSES, AgreementStatus, CaseStatus
from gongfa.mediation.models import Agreement, CaseParty, MediationCase
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.states import MEDIATION


def _party(party: CaseParty, user: User) -> PartyOut:
    own = _is_own(party, user)
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


def _is_own(party: CaseParty, user: User) -> bool:
    return user.pk in (party.user_id, party.representative_user_id)


def title_masker(case: MediationCase, user: User) -> Callable[[str], str]:
    """Masks, in a free text such as a document's title, the personal data of every party but the
    caller's own (as `parties` shows it): names, ID numbers, phones."""
    replacements: dict[str, str] = {}
    for party in case.parties.all():
        if _is_own(party, user):
            continue
        for value, masked in (
            (party.id_number, mask_id_number(party.id_number)),
            (party.phone, mask_phone(party.phone)),
            (party.name, mask_name(party.name)),
            (party.representative_name, mask_name(party.representative_name)),
        ):
            if value and value != masked:
                replacements[value] = masked
    ordered = sorted(replacements.items(), key=lambda item: -len(item[0]))  # a name inside another

    def mask(text: str) -> str:
        for value, masked in ordered:
            text = text.replace(value, masked)
        return text

    return mask


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
    names = REGISTRY.for_steps(transition.action for transition in MEDIATION.allowed_actions(case.status))
    return [MediationActionOut(action=name, label=str(ACTION_LABELS[name])) for name in names]


def case_out(case: MediationCase, user: User, links: list[LinkOut] | None = None) -> MediationCaseOut:
    """The case for `user` (the caller checked visible_to). Escalation reports and expert
    consultations are the committee's working papers: staff only."""
    mask = title_masker(case, user)
    staff = not user.is_citizen
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
            DocumentOut(kind=d.kind, kind_label=d.get_kind_display(), title=mask(d.title), added_at=d.added_at)
            for d in case.documents.order_by("added_at", "pk")
        ],
        escalations=[
            MediationEscalationOut(
                id=e.pk,
                risk=e.risk,
                risk_label=e.get_risk_display(),
                people=e.people,
                reported_at=e.reported_at,
                police_notified_at=e.police_notified_at,
                resolved_at=e.resolved_at,
            )
            for e in (case.escalations.order_by("reported_at", "pk") if staff else [])
        ],
        consultations=[
            MediationConsultationOut(
                id=c.pk,
                status=c.status,
                status_label=c.get_status_display(),
                question=c.question,
                experts=c.experts,
                opinion=c.opinion,
                requested_at=c.requested_at,
                answered_at=c.answered_at,
            )
            for c in (case.consultations.order_by("requested_at", "pk") if staff else [])
        ],
        next_actions=next_actions(case, user),
        links=links or [],
    )


def _with_relations(queryset: QuerySet[MediationCase]) -> QuerySet[MediationCase]:
    return queryset.select_related("category", "committee__agency", "region")


def _visible(user: User, pk: int) -> MediationCase:
    case = _with_relations(visible_to(user, Action.VIEW)).filter(pk=pk).first()
    if case is None:
        raise lookups.NotFound(gettext("未找到调解案件 {pk}。").format(pk=pk), field="pk")
    return case


def _act(request: HttpRequest, pk: int) -> tuple[User, MediationCase]:
    """The caller and the case they act on (404 when they may not see it)."""
    user = principal(request).user
    return user, _visible(user, pk)


def _answer(case: MediationCase, user: User, links: list[LinkOut] | None = None) -> MediationCaseOut:
    """The case as it stands after an action (read again: the service worked on a locked copy)."""
    return case_out(_visible(user, case.pk), user, links)


# --- read ---------------------------------------------------------------------------------------


@router.get(
    "/cases/{pk}",
    auth=READ,
    response={200: MediationCaseOut, **ERRORS},
    summary="查询调解案件",
    # The id ninja gave it from the module before the package split: clients generated from the schema keep it.
    operation_id="gongfa_api_mediation_get_mediation_case",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.MEDIATION_READ)
def get_mediation_case(request: HttpRequest, pk: RowIdPath) -> MediationCaseOut:
    """One case: its parties, the committee's staff, its mediators, supervisors of its region.
    Anyone else gets 404. The parties' personal data is masked for everyone but the party."""
    user = principal(request).user
    return case_out(_visible(user, pk), user)


@router.get(
    "/cases",
    auth=READ,
    response={200: list[MediationCaseListItemOut], **ERRORS},
    summary="调解案件列表（按权限范围）",
    operation_id="gongfa_api_mediation_list_mediation_cases",
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
