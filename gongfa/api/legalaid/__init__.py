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

from gongfa.api.legalaid import actions, cases, objections  # noqa: F401 - their operations register on the router
from gongfa.api.legalaid.cases import case_out
from gongfa.api.legalaid.common import ACTIONS, REGISTRY, allowed_actions, router
from gongfa.api.legalaid.schemas import LegalAidCaseOut

# After every action: an unknown name is answered by the catch-all only.
REGISTRY.add_unknown_action_route()

__all__ = ["ACTIONS", "LegalAidCaseOut", "allowed_actions", "case_out", "router"]
