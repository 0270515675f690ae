"""Document-drafting endpoints (文书代书): the template library, and the guided interview that
drafts a document — start it, save it step by step, make the document (.docx and PDF), change it
(a new version), hand it to a lawyer. Thin: they validate, call drafting.services and shape the
response; a mini-program or a kiosk draws the interview from the template's steps.

The templates are public (no personal data, like the portal's list). An interview is addressed by
its `reference` (a UUID: not guessable, no personal data in it). Who may see one is decided by
``drafting.selectors`` (a citizen: their own; staff: what they drafted, their points' and those
handed to them for review; supervisors: their region's, read-only): anyone else gets 404, never
403. Each step of ``drafting.states.INTERVIEW`` out of order is a 409; every bad answer of a step is
reported at once (400, `errors` names each by its path, e.g. `loans.2.principal`), and nothing is
saved while any remains.

The answers hold personal data: in full for the citizen and for staff who may edit the interview;
for supervisors, who only read, ID numbers and phones are masked.

Authentication: the browser session, or an API token with the drafting scopes (``drafting:read``
for the GETs of interviews and documents, ``drafting:act`` for the rest). The token's user is
scoped like a person.
"""

from gongfa.api.drafting import documents, interviews, templates  # noqa: F401 - their operations register on the router
from gongfa.api.drafting.common import router

__all__ = ["router"]
