"""People's-mediation background work: the scheduled jobs below, and the texts and files queued
after commit by the services (the invitation and confirmation links sent to the parties, the
judicial-confirmation reminder for parties without an account, the stored agreement PDF).

Beat entries (settings.CELERY_BEAT_SCHEDULE)::

    "mediation-confirmation-reminders": {
        "task": "gongfa.mediation.tasks.send_confirmation_reminders",
        "schedule": crontab(hour=8, minute=40),
    },
    "mediation-return-visits-due": {
        "task": "gongfa.mediation.tasks.mark_return_visits_due",
        "schedule": crontab(hour=8, minute=50),
    },
    "mediation-lapse-consents": {
        "task": "gongfa.mediation.tasks.lapse_overdue_consents",
        "schedule": crontab(hour=8, minute=30),
    },

Each is also a management command (mediation_reminders). All are safe to run twice: each
reminder is one event per case and window (or per visit),
written under the case's row lock after looking for the same one, and the notifications app
sends one notice per event and person (dedupe key).
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from gongfa.accounts.sms import SMS_TASK_OPTIONS, send_sms


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def send_confirmation_reminders(self: object) -> int:
    """Remind the parties and the mediator of a judicial-confirmation window about to close
    (《人民调解法》第33条; setting CONFIRMATION_REMINDER_DAYS), once per case and window."""
    from gongfa.mediation.services.followup import remind_confirmation_windows

    return remind_confirmation_windows()


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def mark_return_visits_due(self: object) -> int:
    """Tell the mediators of each return visit that has fallen due (第31条), once per visit."""
    from gongfa.mediation.services.followup import flag_due_return_visits

    return flag_due_return_visits()


@shared_task(
    bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, soft_time_limit=240, time_limit=270
)
def lapse_overdue_consents(self: object) -> int:
    """Invitations to mediate left unanswered past the region's consent days end as a refusal
    (《人民调解法》第17条; setting CONSENT_DAYS). Safe twice: a lapsed invitation is no longer pending."""
    from gongfa.mediation.services.consent import lapse_overdue_consents as lapse

    return len(lapse())


# --- texts to the parties (they may have no account: the link is the way in) ---------------------


def _absolute(name: str, token: str) -> str:
    """The portal page for a token, absolute (settings.SITE_URL); empty where the portal is not
    installed (the portal owns the URLs)."""
    from django.conf import settings
    from django.urls import NoReverseMatch, reverse

    try:
        return settings.SITE_URL + reverse(name, kwargs={"token": token})
    except NoReverseMatch:
        return ""


@shared_task(**SMS_TASK_OPTIONS)
def text_invitation(self: object, consent_id: int) -> bool:
    """Text the invited party the link to answer (调解邀请, 《人民调解法》第17条).

    Twice: the dedupe key names the consent and the moment it was (re)invited, so a retry sends
    nothing and inviting again sends one new text; an answered invitation is not texted."""
    from gongfa.mediation.choices import ConsentDecision
    from gongfa.mediation.invitations import answer_due, invitation_token
    from gongfa.mediation.models import Consent

    consent = Consent.objects.select_related("case__committee__agency", "party").filter(pk=consent_id).first()
    if consent is None or consent.decision != ConsentDecision.PENDING or consent.invited_at is None:
        return False
    phone = consent.party.phone
    link = _absolute("portal:mediation_invite", invitation_token(consent))
    if not phone or not link:
        return False
    due = timezone.localtime(answer_due(consent))
    return send_sms(
        phone,
        f"{consent.case.committee.agency.name}收到一件与您有关的纠纷调解申请，邀请您参加人民调解（自愿、不收费）。"
        f"请于{due:%m月%d日}前打开链接答复是否同意调解：{link}",
        purpose="mediation_invitation",
        dedupe_key=f"med-invite:{consent.pk}:{consent.invited_at:%Y%m%d%H%M%S}",
    )


@shared_task(**SMS_TASK_OPTIONS)
def text_confirmation_links(self: object, agreement_id: int) -> int:
    """Text each party who has not signed the finalised agreement their own confirmation link
    (本人确认, 第29条第2款). Twice: one text per party and finalisation (dedupe key)."""
    from gongfa.mediation.choices import AgreementStatus
    from gongfa.mediation.models import Agreement
    from gongfa.mediation.services.agreement import confirmation_token, unsigned_parties

    agreement = Agreement.objects.select_related("case__committee__agency").filter(pk=agreement_id).first()
    if agreement is None or agreement.status != AgreementStatus.FINALISED or agreement.finalised_at is None:
        return 0
    sent = 0
    for party in unsigned_parties(agreement):
        link = _absolute("portal:mediation_agreement", confirmation_token(agreement, party))
        if not party.phone or not link:
            continue
        sent += send_sms(
            party.phone,
            f"您的调解协议（{agreement.number}）已定稿，请打开链接阅读全文并确认：{link}",
            purpose="mediation_agreement",
            dedupe_key=f"med-agree:{agreement.pk}:{party.pk}:{int(agreement.finalised_at.timestamp())}",
        )
    return sent


@shared_task(**SMS_TASK_OPTIONS)
def text_confirmation_reminder(self: object, case_id: int, notify_key: str) -> int:
    """The judicial-confirmation window is closing (第33条): text the parties who have no account
    (those with one are told by the notification subscriptions). Twice: dedupe key per party."""
    from gongfa.mediation.choices import CaseStatus
    from gongfa.mediation.models import MediationCase

    case = MediationCase.objects.select_related("committee__agency").filter(pk=case_id).first()
    if case is None or case.status != CaseStatus.AGREEMENT_EFFECTIVE or case.confirmation_window_ends_on is None:
        return 0
    sent = 0
    for party in case.parties.filter(user__isnull=True, representative_user__isnull=True).order_by("pk"):
        if not party.phone:
            continue
        sent += send_sms(
            party.phone,
            f"提醒：您在{case.committee.agency.name}达成的调解协议，如需申请司法确认，"
            f"请双方于{case.confirmation_window_ends_on:%Y年%m月%d日}前共同向人民法院提出申请。",
            purpose="mediation_confirmation_reminder",
            dedupe_key=f"{notify_key}:{party.pk}",
        )
    return sent


@shared_task(bind=True, max_retries=3, soft_time_limit=120, time_limit=150)
def store_agreement_pdf(self: object, agreement_id: int, status: str) -> bool:
    """Keep the finalised (or effective) agreement's PDF as printed (Agreement.pdf), so every
    download and node serves the same file. `status` is the state it was queued for: when the
    agreement has moved on since (finalised, then effective before this ran), the later state's own
    task stores it and this one does nothing. Twice: it renders the same row again."""
    from gongfa.mediation.choices import AgreementStatus
    from gongfa.mediation.models import Agreement
    from gongfa.mediation.pdf import store_agreement_pdf as store

    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is None or agreement.status != status:
        return False
    if status not in (AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE):
        return False
    store(agreement)
    return True
