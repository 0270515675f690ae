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

from gongfa.api.mediation import (  # noqa: F401 - their operations register on the router
    actions,
    agreement,
    cases,
    documents,
    handling,
)
from gongfa.api.mediation.cases import case_out
from gongfa.api.mediation.common import ACTIONS, REGISTRY, router
from gongfa.api.mediation.schemas import MediationCaseOut

# After every action: an unknown name is answered by the catch-all only.
REGISTRY.add_unknown_action_route()

__all__ = ["ACTIONS", "MediationCaseOut", "case_out", "router"]
