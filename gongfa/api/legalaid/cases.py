"""The case as the caller sees it (case_out) and the GETs."""

import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from gongfa.accounts.models import User
from gongfa.api import lookups
from gongfa.api.auth import principal
from gongfa.api.legalaid.common import ERRORS, NOTICE_URL, READ, allowed_actions, router
from gongfa.api.legalaid.schemas import (
    ActionOut,
    ApplicantOut,
    CaseListItemOut,
    ClocksOut,
    LegalAidCaseOut,
    MaterialItemOut,
    MatterOut,
    NoticeOut,
    ObjectionOut,
    ProposalOut,
    ProviderOut,
    QueueFilters,
    ReasonOut,
    RepresentativeOut,
    SpecialGroupOut,
    SupplementItemOut,
    SupplementOut,
    _label,
)
from gongfa.api.models import TokenScope
from gongfa.api.schemas import BoundedPageNumberPagination, CaseNumberPath
from gongfa.core.access import Audience, api_door
from gongfa.core.choices import special_groups_of
from gongfa.legalaid.actions import CaseRole, roles_of
from gongfa.legalaid.choices import (
    AgentRelation,
    ApplicationStatus,
    Capacity,
    MaterialKind,
    ProposalOutcome,
    Route,
    TerminationGround,
)
from gongfa.legalaid.models import (
    REVIEW_STATUSES,
    SUBMITTED_OPEN_STATUSES,
    LegalAidApplication,
    LegalAidNotice,
    Objection,
)
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.legalaid.services.review import open_supplement


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


def _representative(case: LegalAidApplication, *, full: bool) -> RepresentativeOut | None:
    if not case.agent_name:
        return None
    return RepresentativeOut(
        name=case.agent_name if full else case.masked_agent_name,
        relation=case.agent_relation,
        relation_label=_label(AgentRelation, case.agent_relation) if case.agent_relation else "",
        id_number=case.agent_id_number if full else case.masked_agent_id_number,
        phone=case.agent_phone if full else case.masked_agent_phone,
        applicant_capacity=case.applicant_capacity,
        applicant_capacity_label=_label(Capacity, case.applicant_capacity),
        masked=not full,
    )


def _special_groups(case: LegalAidApplication) -> list[SpecialGroupOut]:
    return [
        SpecialGroupOut(code=(group.name or "").lower(), label=str(group.label))
        for group in special_groups_of(case.special_groups)
    ]


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
        representative=_representative(case, full=CaseRole.APPLICANT in roles),
        special_groups=_special_groups(case),
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


@router.get(
    "/cases/{number}",
    auth=READ,
    response={200: LegalAidCaseOut, **ERRORS},
    summary="按编号查询法律援助案件",
    # The id ninja gave it from the module before the package split: clients generated from the schema keep it.
    operation_id="gongfa_api_legalaid_get_case",
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.LEGALAID_READ)
def get_case(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """One case: its applicant, its provider, or staff of the deciding agency and supervisors of
    its region. Anyone else gets 404. The applicant's personal data is masked for everyone but
    the applicant; `allowed_actions` lists what the caller may do now."""
    user = principal(request).user
    return case_out(_visible(user, number), user)


@router.get(
    "/cases",
    auth=READ,
    response={200: list[CaseListItemOut], **ERRORS},
    summary="法律援助审查队列（按权限范围）",
    operation_id="gongfa_api_legalaid_list_cases",
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
