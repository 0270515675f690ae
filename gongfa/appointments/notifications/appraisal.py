"""The appraisal part's events that tell someone something, and who (司法鉴定委托引导通知订阅项).
Found by the notifications app's autodiscovery; the subscription table (subscriptions/appraisal.py)
decides what is sent:

- a referral commissioned to an institution (by agreement or by draw) → the institution's appraisers
  and intake clerks: decide within the 7 working days (通则第13条 ◐);
- the institution declines it, or issues the opinion → whoever registered the referral, to tell the
  citizen (and, for a legal-aid recipient, the legal-aid case).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.appointments.models import AppraisalReferral
from gongfa.appointments.selectors.appraisal import INSTITUTION_ROLES
from gongfa.audit.models import Event
from gongfa.network.models import StaffPosting
from gongfa.notifications.registry import register_event_kind, register_resolver

COMMISSION_VERB = "appointments.appraisalreferral.commission"
DECLINE_VERB = "appointments.appraisalreferral.decline"
OPINION_VERB = "appointments.appraisalreferral.issue_opinion"
PLACEHOLDERS = ("number", "matter", "category", "institution", "accept_due", "link")


def _referral(event: Event) -> AppraisalReferral | None:
    if not str(event.subject_id).isdigit():
        return None
    return (
        AppraisalReferral.objects.select_related("category__parent", "institution")
        .filter(pk=int(event.subject_id))
        .first()
    )


def referral_context(event: Event) -> dict[str, str]:
    referral = _referral(event)
    if referral is None:
        return {}
    try:
        link = reverse("workbench:appraisal_referral", args=[referral.number])
    except NoReverseMatch:
        link = ""
    return {
        "number": referral.number,
        "matter": referral.matter,
        "category": str(referral.category),
        "institution": referral.institution.name if referral.institution else "",
        "accept_due": f"{referral.accept_due:%Y-%m-%d}" if referral.accept_due else "",
        "link": link,
    }


def institution_staff(event: Event) -> Iterable[User | None]:
    """The appraisers and intake clerks posted at the referral's institution."""
    referral = _referral(event)
    if referral is None or referral.institution_id is None:
        return []
    postings = StaffPosting.objects.filter(
        agency_id=referral.institution_id, role__in=INSTITUTION_ROLES, is_active=True, user__is_active=True
    ).select_related("user")
    return [p.user for p in postings.order_by("pk")]


def registrar(event: Event) -> Iterable[User | None]:
    """The staff member who registered the referral."""
    referral = _referral(event)
    if referral is None or referral.created_by_id is None:
        return []
    return [User.objects.filter(pk=referral.created_by_id, is_active=True).first()]


register_resolver(
    "appointments.appraisal_institution_staff", _("受委托鉴定机构的司法鉴定人和受理人员"), institution_staff
)
register_resolver("appointments.appraisal_registrar", _("登记该委托引导的工作人员"), registrar)
register_event_kind(COMMISSION_VERB, _("司法鉴定：委托鉴定机构"), context=referral_context, placeholders=PLACEHOLDERS)
register_event_kind(DECLINE_VERB, _("司法鉴定：鉴定机构不予受理"), context=referral_context, placeholders=PLACEHOLDERS)
register_event_kind(OPINION_VERB, _("司法鉴定：出具鉴定意见"), context=referral_context, placeholders=PLACEHOLDERS)
