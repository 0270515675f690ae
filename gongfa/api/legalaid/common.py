"""The legal-aid router, its token scopes and the actions it offers (gongfa.api.actions)."""

from ninja import Router

from gongfa.api.actions import ERRORS, CaseActions
from gongfa.api.auth import token_or_session
from gongfa.api.legalaid.schemas import LegalAidCaseOut
from gongfa.api.models import TokenScope
from gongfa.api.schemas import CaseNumberPath
from gongfa.core.access import Audience
from gongfa.legalaid.actions import ACTION_ROLES, LABELS, CaseRole
from gongfa.legalaid.actions import allowed_actions as case_actions
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services.common import acting_via

router = Router(tags=["legal-aid"])
NOTICE_URL = "/legal-aid/notices/{id}.pdf"


# A token needs a legal-aid scope of its own: the work-order scopes an integration (e.g. 12345)
# holds must not open legal-aid cases, which carry sensitive personal data (rules.md §1.16).
READ = token_or_session(TokenScope.LEGALAID_READ)
ACT = token_or_session(TokenScope.LEGALAID_ACT)


# --- who may do what ----------------------------------------------------------------------------

# The actions the API offers (legalaid.actions decides which apply now): every one but the steps
# the workbench keeps (documents and quality reviews) and the objection decision, which has its own
# endpoint.
ACTIONS: tuple[str, ...] = tuple(
    name
    for name in ACTION_ROLES
    if name not in {"upload_document", "agency_review", "peer_review", "self_check", "decide_objection"}
)

# The applicant (withdraw, objection) and staff alike: legalaid.actions decides by role.
REGISTRY = CaseActions(
    router=router,
    key="number",
    key_type=CaseNumberPath,
    operation_prefix="legal_aid_action_",
    auth=ACT,
    answer=LegalAidCaseOut,
    audience=Audience.SIGNED_IN,
    scope=TokenScope.LEGALAID_ACT,
    acting_via=acting_via,
    labels={name: str(LABELS[name]) for name in ACTIONS},
)


def allowed_actions(case: LegalAidApplication, roles: frozenset[CaseRole]) -> list[tuple[str, str]]:
    """(action, label) the caller may take now through the API."""
    return [(name, str(LABELS[name])) for name in case_actions(case, roles) if name in ACTIONS]


__all__ = ["ACT", "ACTIONS", "ERRORS", "NOTICE_URL", "READ", "REGISTRY", "allowed_actions", "router"]
