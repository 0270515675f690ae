"""Mediation's part of the village legal adviser eligibility check (network.qualifications): a
qualified full-time people's mediator (专职人民调解员) may be appointed."""

from __future__ import annotations

from gongfa.accounts.models import User
from gongfa.mediation.choices import Employment
from gongfa.mediation.models import Mediator
from gongfa.network.qualifications import register_qualification


@register_qualification
def full_time_mediator(user: User) -> str:
    if Mediator.objects.filter(user=user, is_active=True, employment=Employment.FULL_TIME).exists():
        return "专职人民调解员"
    return ""
