"""Legal-aid events that give someone work, and who that someone is (法律援助通知订阅项).

Found by the notifications app's autodiscovery; the subscription table decides what is sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.i18n import stored_text
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import LegalAidApplication
from gongfa.notifications.registry import register_event_kind, register_resolver

CASE_PLACEHOLDERS = ("number", "link", "engagement_due")


def _case(event: Event) -> LegalAidApplication | None:
    return LegalAidApplication.objects.select_related("provider").filter(pk=event.subject_id).first()


def case_context(event: Event) -> dict[str, str]:
    case = _case(event)
    if case is None or not case.number:
        return {}
    return {
        "number": case.number,
        "link": reverse("workbench:legal_aid_case", args=[case.number]),
        "engagement_due": case.engagement_due.isoformat() if case.engagement_due else "",
    }


def _people(*ids: object) -> list[User]:
    wanted = [pk for pk in ids if isinstance(pk, int)]
    return list(User.objects.filter(pk__in=wanted)) if wanted else []


def case_provider(event: Event) -> Iterable[User | None]:
    """The lawyer or legal service worker the event assigned (承办人员): named in the event, as
    the case may have changed hands again before the notice goes out."""
    return _people(event.data.get("provider", event.data.get("to")))


def peer_reviewer(event: Event) -> Iterable[User | None]:
    return _people(event.data.get("reviewer"))


def case_reviewer(event: Event) -> Iterable[User | None]:
    """The reviewer who held the case when the event happened (审查人), named in the event."""
    return _people(event.data.get("case_reviewer"))


def material_context(event: Event) -> dict[str, str]:
    kind = event.data.get("kind", "")
    return {
        **case_context(event),
        "material": stored_text(MaterialKind(kind).label) if kind in MaterialKind.values else "",
    }


register_resolver("legalaid.provider", _("法律援助案件的承办人员"), case_provider)
register_resolver("legalaid.peer_reviewer", _("同行评估人"), peer_reviewer)
register_resolver("legalaid.case_reviewer", _("审查该案的审查人"), case_reviewer)

for verb, label in (
    ("legalaid.legalaidapplication.assign", _("法律援助指派")),
    ("legalaid.legalaidapplication.assign_notified", _("法律援助指派（通知辩护/代理）")),
    ("legalaid.legalaidapplication.replace_provider", _("更换承办人员")),
    ("legalaid.assign", _("先行援助指派")),
    ("legalaid.peer_reviewer_assigned", _("指定同行评估人")),
):
    register_event_kind(verb, label, context=case_context, placeholders=CASE_PLACEHOLDERS)

register_event_kind(
    "legalaid.material_filed",
    _("提交申请材料（补充材料或审查中）"),
    context=material_context,
    placeholders=(*CASE_PLACEHOLDERS, "material"),
)
