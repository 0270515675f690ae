"""The drafting router, its token scopes and the refusals its operations answer."""

from ninja import Router

from gongfa.api.actions import ERRORS
from gongfa.api.auth import token_or_session
from gongfa.api.models import TokenScope

router = Router(tags=["drafting"])

# An interview's answers hold personal data (names, ID numbers, addresses): a token needs a
# drafting scope of its own, as for mediation and legal aid.
READ = token_or_session(TokenScope.DRAFTING_READ)
ACT = token_or_session(TokenScope.DRAFTING_ACT)

__all__ = ["ACT", "ERRORS", "READ", "router"]
