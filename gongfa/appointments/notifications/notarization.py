"""Notarization events that tell someone something, and who (公证通知订阅项).

Found by the notifications app's autodiscovery (appointments.notifications); the subscription table
decides what is sent. The default rules are in appointments.subscriptions.notarization:
- a case accepted, or a notary replaced on recusal → the case's notary (their work);
- a supplement requested (the clock pauses, 第30条) → the applicant's own account, by SMS if allowed;
- a certificate issued → the applicant's own account.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.appointments.models import NotarizationCase
from gongfa.audit.models import Event
from gongfa.notifications.registry import register_event_kind, register_resolver

PREFIX = "appointments.notarizationcase."
ACCEPT = PREFIX + "accept"
RECUSE = PREFIX + "recuse"
SUPPLEMENT = PREFIX + "request_supplement"
ISSUE = PREFIX + "issue"
PLACEHOLDERS = ("number", "matter", "office", "due_on", "link", "portal_link")


def _case(event: Event) -> NotarizationCase | None:
    if not str(event.subject_id).isdigit():
        return None
    return (
        NotarizationCase.objects.select_related("office", "matter__parent", "notary", "user")
        .filter(pk=int(event.subject_id))
        .first()
    )


def _link(name: str, key: str) -> str:
    try:
        return reverse(name, args=[key])
    except NoReverseMatch:
        return ""


def case_context(event: Event) -> dict[str, str]:
    case = _case(event)
    if case is None:
        return {}
    return {
        "number": case.number,
        "matter": str(case.matter),
        "office": case.office.name,
        "due_on": f"{case.due_on:%Y年%m月%d日}" if case.due_on else "",
        "request": case.supplement_request,
        "certificate_number": case.certificate_number,
        "link": _link("workbench:notary_case", case.number),
        "portal_link": _link("portal:notarization_case", case.number),
    }


def case_notary(event: Event) -> Iterable[User | None]:
    case = _case(event)
    return [case.notary] if case is not None and case.notary is not None else []


def case_applicant(event: Event) -> Iterable[User | None]:
    case = _case(event)
    return [case.user] if case is not None and case.user is not None else []


register_resolver("appointments.notarization_notary", _("本案承办公证员"), case_notary)
register_resolver("appointments.notarization_applicant", _("公证申请人（本人账号）"), case_applicant)
register_event_kind(ACCEPT, _("公证：受理并分配公证员"), context=case_context, placeholders=PLACEHOLDERS)
register_event_kind(RECUSE, _("公证：公证员回避并更换"), context=case_context, placeholders=PLACEHOLDERS)
register_event_kind(SUPPLEMENT, _("公证：通知补充材料"), context=case_context, placeholders=(*PLACEHOLDERS, "request"))
register_event_kind(
    ISSUE, _("公证：出具公证书"), context=case_context, placeholders=(*PLACEHOLDERS, "certificate_number")
)
