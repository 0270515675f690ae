"""Who may be appointed a village legal adviser (村(居)法律顾问任职资格).

The seed plans (Jinshui; rules.md §3.8) name three kinds of people: lawyers (律师), grassroots
legal-service workers (基层法律服务工作者) and qualified full-time people's mediators (专职人民调解员).
A platform role says what someone does here, not what they are qualified as, so the check looks
at the person's records: a posting at a law firm or a grassroots legal-service office (network),
or an active full-time mediator's record (mediation, which registers its own check here so that
network does not import it).
"""

from __future__ import annotations

from collections.abc import Callable

from gongfa.accounts.models import User
from gongfa.network.choices import AgencyKind

# Each returns the qualification's name when the person holds it, else "".
Qualification = Callable[[User], str]
_checks: list[Qualification] = []

PRACTICE_AGENCIES = {
    AgencyKind.LAW_FIRM: "律师",
    AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE: "基层法律服务工作者",
}
SEED_SOURCE = "各地村(居)法律顾问工作方案（如金水区）：法律顾问由律师、基层法律服务工作者或符合条件的专职人民调解员担任"


def register_qualification(check: Qualification) -> Qualification:
    if check not in _checks:
        _checks.append(check)
    return check


@register_qualification
def practising_at_a_firm(user: User) -> str:
    """A lawyer or grassroots legal-service worker: an active posting at a law firm or office."""
    kinds = user.postings.filter(is_active=True, agency__kind__in=PRACTICE_AGENCIES).values_list(
        "agency__kind", flat=True
    )
    for kind in kinds:
        return PRACTICE_AGENCIES[AgencyKind(kind)]
    return ""


def advisor_qualification(user: User) -> str:
    """The qualification that makes `user` eligible as a village legal adviser, or ""."""
    for check in _checks:
        found = check(user)
        if found:
            return found
    return ""
