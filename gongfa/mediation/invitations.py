"""Signed links for the other party's answer to the invitation to mediate (第17条).

A token carries the consent's id and the time it was signed, nothing else (no name, phone or ID
number: the link travels by SMS). It is valid for the region's CONSENT_DAYS from the invitation
(`Consent.invited_at`), so a link sent again later does not give more time than the first one, and
it works once: an answered consent refuses it.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.core.errors import DomainError
from gongfa.mediation import rules
from gongfa.mediation.models import Consent

SALT = "gongfa.mediation.consent"


def invitation_token(consent: Consent) -> str:
    """The token of the invitation link for `consent` (its id only, signed and timestamped)."""
    return signing.TimestampSigner(salt=SALT).sign_object({"c": consent.pk})


def consent_days(consent: Consent) -> int:
    from gongfa.mediation.services.common import setting

    return int(setting(consent.case, rules.CONSENT_DAYS.key, timezone.localdate(consent.invited_at)))


def answer_due(consent: Consent) -> datetime.datetime:
    """When the invitation lapses (邀请答复期限)."""
    return consent.invited_at + datetime.timedelta(days=consent_days(consent))


def consent_for_token(token: str) -> Consent:
    """The consent a token names, if the token is genuine and not out of time; else DomainError."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(token or "")
    except signing.BadSignature:
        raise DomainError(
            gettext("邀请链接无效，请核对短信中的链接或联系调委会。"), code="bad_token", field="token"
        ) from None
    consent_id = payload.get("c") if isinstance(payload, dict) else None
    consent = (
        Consent.objects.select_related("case__committee__agency", "party").filter(pk=consent_id).first()
        if isinstance(consent_id, int)
        else None
    )
    if consent is None:
        raise DomainError(gettext("邀请链接无效，请核对短信中的链接或联系调委会。"), code="bad_token", field="token")
    days = consent_days(consent)
    try:
        signer.unsign_object(token, max_age=datetime.timedelta(days=days))
    except signing.SignatureExpired:
        raise _expired(days) from None
    if timezone.now() > answer_due(consent):
        raise _expired(days)
    return consent


def _expired(days: int) -> DomainError:
    return DomainError(
        gettext("邀请链接已过期（答复期限为 {days} 日），请联系调委会。").format(days=days),
        code="token_expired",
        field="token",
    )
