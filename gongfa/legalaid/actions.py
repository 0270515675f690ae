"""Which actions a person may take on a legal-aid case now (可办理的操作), for every door: the
workbench case page and the API list the same ones. The services check every rule again; this
only decides what to offer.

An action is a transition of legalaid.states.LEGAL_AID of the same name (assign also stands for
assign_notified), or one of the steps that change no status (progress, documents, visits,
quality reviews, the objection decision), offered in the statuses listed here.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.legalaid.choices import ApplicationStatus as S
from gongfa.legalaid.choices import Route
from gongfa.legalaid.models import SERVICE_STATUSES, LegalAidApplication, PeerReviewSample
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.legalaid.states import LEGAL_AID
from gongfa.network.scope import ScopeKind, scope_for


class CaseRole(StrEnum):
    REVIEWER = "reviewer"  # the deciding agency's staff (and supervisors over it)
    PROVIDER = "provider"  # the assigned lawyer
    APPLICANT = "applicant"
    BUREAU = "bureau"  # the justice bureau that decides objections (第49条)
    PEER = "peer"  # a practitioner named to peer-review the case (第57条)


R, P, A, B = CaseRole.REVIEWER, CaseRole.PROVIDER, CaseRole.APPLICANT, CaseRole.BUREAU

# Every action, in the order a case meets them, with who may take it.
ACTION_ROLES: dict[str, frozenset[CaseRole]] = {
    "start_review": frozenset({R}),
    "request_supplement": frozenset({R}),
    "receive_supplement": frozenset({R, A}),
    "start_advance_aid": frozenset({R}),
    "confirm_advance_aid": frozenset({R}),
    "grant": frozenset({R}),
    "refuse": frozenset({R}),
    "redirect": frozenset({R}),
    "withdraw": frozenset({R, A}),
    "assign": frozenset({R}),
    "replace_provider": frozenset({R}),
    "sign_engagement": frozenset({R, P}),
    "add_progress": frozenset({P}),
    "upload_document": frozenset({P}),
    "terminate": frozenset({R}),
    "file_closing_report": frozenset({P}),
    "return_closing_report": frozenset({R}),
    "record_return_visit": frozenset({R}),
    "agency_review": frozenset({R}),
    "peer_review": frozenset({CaseRole.PEER}),
    "self_check": frozenset({P}),
    "close": frozenset({R}),
    "lodge_objection": frozenset({A}),
    "decide_objection": frozenset({B}),
}
ORDER = {name: index for index, name in enumerate(ACTION_ROLES)}

# The steps that are not transitions: the statuses in which each is offered.
CLOSING = (S.CLOSING_REVIEW, S.CLOSED)
STEP_STATUSES: dict[str, tuple[str, ...]] = {
    "add_progress": SERVICE_STATUSES,
    "upload_document": SERVICE_STATUSES,
    "record_return_visit": CLOSING,
    "agency_review": CLOSING,
    "peer_review": (S.CLOSED,),
    "self_check": (S.CLOSED,),
    "decide_objection": (S.OBJECTION_PENDING,),
}
LABELS = {t.action: t.label for t in LEGAL_AID.transitions} | {
    "assign": _("指派承办人员"),
    "add_progress": _("填写办案进展"),
    "upload_document": _("上传材料"),
    "record_return_visit": _("回访受援人"),
    "agency_review": _("办案质量评查"),
    "peer_review": _("同行评估"),
    "self_check": _("办案质量自查"),
    "decide_objection": _("异议审查"),
}


def roles_of(user: User | AnonymousUser, application: LegalAidApplication) -> frozenset[CaseRole]:
    """What `user` is to this case: one query for the review scope, one more on a closed case
    (a peer-review sample)."""
    if not isinstance(user, User):
        return frozenset()
    roles = set()
    if visible_to(user, Action.REVIEW).filter(pk=application.pk).exists():
        roles.add(CaseRole.REVIEWER)
    if application.provider_id is not None and application.provider_id == user.pk:
        roles.add(CaseRole.PROVIDER)
    if application.applicant_id is not None and application.applicant_id == user.pk:
        roles.add(CaseRole.APPLICANT)
    scope = scope_for(user)
    if scope.sees_everything or (scope.kind == ScopeKind.SUPERVISOR and scope.covers_region(application.agency.region)):
        roles.add(CaseRole.BUREAU)
    if (
        application.status == S.CLOSED
        and PeerReviewSample.objects.filter(application=application, reviewer=user).exists()
    ):
        roles.add(CaseRole.PEER)
    return frozenset(roles)


def _applies(name: str, application: LegalAidApplication) -> bool:
    """Rules beyond the table's statuses (the services enforce them too)."""
    if name == "refuse":
        return application.route == Route.APPLICATION  # notified cases are not reviewed (第25、28条)
    if name == "confirm_advance_aid":
        return application.provider_id is not None  # confirmed once someone provides the aid
    return True


def allowed_actions(application: LegalAidApplication, roles: frozenset[CaseRole]) -> list[str]:
    """The actions the holder of `roles` may take now, in ACTION_ROLES order."""
    found: set[str] = set()
    for transition in LEGAL_AID.allowed_actions(application.status):
        name = "assign" if transition.action == "assign_notified" else transition.action
        if transition.action == "assign_notified" and application.route != Route.NOTIFIED:
            continue  # an application is assigned only after the grant
        if name in ACTION_ROLES and ACTION_ROLES[name] & roles and _applies(name, application):
            found.add(name)
    for name, statuses in STEP_STATUSES.items():
        if application.status in statuses and ACTION_ROLES[name] & roles:
            found.add(name)
    if application.status == S.ADVANCE_AID and application.provider_id is None and CaseRole.REVIEWER in roles:
        found.add("assign")  # advance aid starts before anyone is assigned (第44条)
    return sorted(found, key=ORDER.__getitem__)
