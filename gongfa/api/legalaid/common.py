"""The legal-aid router, its token scopes and the actions it offers."""

from typing import Any

from gongfa.api.auth import token_or_session
from gongfa.api.models import TokenScope
from gongfa.api.schemas import ErrorOut
from gongfa.core.errors import DomainError
from gongfa.legalaid.actions import ACTION_ROLES, LABELS, CaseRole
from gongfa.legalaid.actions import allowed_actions as case_actions
from gongfa.legalaid.models import LegalAidApplication
from ninja import Router

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
