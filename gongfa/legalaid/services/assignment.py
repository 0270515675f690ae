"""Assignment (指派, 《法律援助法》第43条、第36条; 2023 Rules 第24–27条 ◐): within 3 days, to an
eligible provider by rotation weighted by caseload, or the applicant's choice from the published
list (点援) where the region allows; conflict check; engagement papers within 5 days; replacement
on request with grounds (第55条)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, Problems
from gongfa.legalaid.choices import ApplicationStatus, Route
from gongfa.legalaid.models import SERVICE_STATUSES, LegalAidApplication, LegalAidNotice, ProviderProfile
from gongfa.legalaid.selectors import Action
from gongfa.legalaid.services.common import due_after, issue_notice, lock_for, require_text, setting, step
from gongfa.legalaid.services.intake import ADULT_AGE, age_on
from gongfa.network.choices import AgencyKind
from gongfa.network.region_settings import LA_APPLICANT_CHOICE, LA_ENGAGEMENT_SIGN_DAYS

PROVIDER_AGENCY_KINDS = (
    AgencyKind.LAW_FIRM,
    AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE,
    AgencyKind.LEGAL_AID_CENTRE,
)


@dataclass(frozen=True)
class Candidate:
    profile: ProviderProfile
    open_cases: int


def needs_minors_specialist(application: LegalAidApplication) -> bool:
    if application.minors_specialist_required:
        return True
    age = age_on(application.id_number, timezone.localdate())
    return age is not None and age < ADULT_AGE


def providers_of_opponent(opponent: str) -> set[int]:
    """The providers who have acted in legal aid for the other side (《律师法》第39条): one query."""
    if not opponent.strip():
        return set()
    return set(
        LegalAidApplication.objects.filter(applicant_name=opponent.strip(), provider__isnull=False).values_list(
            "provider_id", flat=True
        )
    )


def why_not(application: LegalAidApplication, profile: ProviderProfile, conflicted: set[int] | None = None) -> str:
    """Why this provider may not take this case ("" when they may). `conflicted`: the result of
    providers_of_opponent, when the caller checks many providers."""
    low, high = application.agency.region.subtree_bounds()
    if not profile.accepts_legal_aid or not profile.user.is_active:
        return "该人员目前不承办法律援助案件。"
    if profile.agency.kind not in PROVIDER_AGENCY_KINDS or not (low <= profile.agency.region.code <= high):
        return "该人员不在本法律援助机构的指派范围内。"
    if application.senior_years_required and profile.criminal_defence_years < application.senior_years_required:
        return (
            f"可能判处无期徒刑、死刑的案件和死刑复核案件，须指派具有{application.senior_years_required}年以上"
            "相关执业经历的律师（《法律援助法》第二十六条）。"
        )
    if needs_minors_specialist(application) and not profile.minors_specialist:
        return "未成年人案件须指派熟悉未成年人身心特点的律师（《未成年人保护法》第一百零四条）。"
    if conflicted is None:
        conflicted = providers_of_opponent(application.opponent_name)
    if profile.conflicts_with(application.opponent_name) or profile.user_id in conflicted:
        return "该人员与对方当事人存在利益冲突（《律师法》第三十九条）。"
    return ""


def candidates(application: LegalAidApplication) -> list[Candidate]:
    """Eligible providers, fewest open cases first, then the longest since their last assignment."""
    low, high = application.agency.region.subtree_bounds()
    profiles = (
        ProviderProfile.objects.filter(
            accepts_legal_aid=True,
            user__is_active=True,
            agency__kind__in=PROVIDER_AGENCY_KINDS,
            agency__is_active=True,
            agency__region__code__range=(low, high),
        )
        .exclude(user_id=application.provider_id or 0)
        .select_related("user", "agency__region")
        .annotate(
            open_cases=Count(
                "user__legal_aid_cases_handled",
                filter=Q(user__legal_aid_cases_handled__status__in=SERVICE_STATUSES),
            )
        )
    )
    conflicted = providers_of_opponent(application.opponent_name)
    found = [Candidate(p, p.open_cases) for p in profiles if not why_not(application, p, conflicted)]
    never = timezone.now().replace(year=1970)
    found.sort(key=lambda c: (c.open_cases, c.profile.last_assigned_at or never, c.profile.pk))
    return found


def _pick(application: LegalAidApplication, provider: User | None, *, chosen: bool) -> ProviderProfile:
    if provider is None:
        found = candidates(application)
        if not found:
            raise DomainError(gettext("本机构当前没有可指派的承办人员，请在承办人员名册中补充。"), code="no_candidate")
        return found[0].profile
    profile = ProviderProfile.objects.select_related("user", "agency__region").filter(user=provider).first()
    if profile is None:
        raise DomainError(gettext("该人员不在法律援助承办人员名册中。"), code="not_a_provider", field="provider")
    if chosen and not profile.published:
        raise DomainError(gettext("受援人只能从公示的承办人员名册中选择。"), code="not_published", field="provider")
    reason = why_not(application, profile)
    if reason:
        raise DomainError(reason, code="provider_not_eligible", field="provider")
    return profile


def _apply(application: LegalAidApplication, profile: ProviderProfile, *, chosen: bool) -> None:
    today = timezone.localdate()
    application.provider = profile.user
    application.provider_agency = profile.agency
    application.assigned_at = timezone.now()
    application.chosen_by_applicant = chosen
    application.engagement_due, _ = due_after(
        application.agency.region, today, setting(application, LA_ENGAGEMENT_SIGN_DAYS.key)
    )
    ProviderProfile.objects.filter(pk=profile.pk).update(last_assigned_at=application.assigned_at)


ASSIGN_FIELDS = ("provider", "provider_agency", "assigned_at", "chosen_by_applicant", "engagement_due")


def check_assign(
    *, application: LegalAidApplication, provider: User | None = None, chosen_by_applicant: bool = False
) -> tuple[str, ProviderProfile]:
    """Whether this provider (or the rotation's) may be assigned now, every problem at once; writes
    nothing. Returns the transition ("" during advance aid) and the provider's profile."""
    from gongfa.legalaid.states import LEGAL_AID

    if application.route == Route.NOTIFIED and application.status == ApplicationStatus.RECEIVED:
        action = "assign_notified"
    elif application.status == ApplicationStatus.ADVANCE_AID:
        action = ""
    else:
        action = "assign"
    if action:
        # Refuse out-of-order calls (e.g. assigning before the grant) before any other check.
        LEGAL_AID.get(application.status, action)
    problems = Problems()
    if not action and application.provider_id is not None:
        problems.add(None, gettext("先行援助已有承办人员；如需更换请使用“更换承办人员”。"), code="already_assigned")
    if chosen_by_applicant and not setting(application, LA_APPLICANT_CHOICE.key):
        problems.add(
            "chosen_by_applicant", gettext("本地区未开展受援人选择承办人员（点援）。"), code="choice_not_allowed"
        )
    profile = None
    with problems.check():
        profile = _pick(application, provider, chosen=chosen_by_applicant)
    problems.raise_if_any()
    assert profile is not None
    return action, profile


def assign_provider(
    *,
    application: LegalAidApplication,
    actor: User,
    provider: User | None = None,
    chosen_by_applicant: bool = False,
) -> LegalAidApplication:
    """指派: after a grant (GRANTED → ASSIGNED), on a notice (RECEIVED → ASSIGNED), or during advance
    aid (status unchanged). provider None: rotation weighted by caseload."""
    with transaction.atomic():
        locked = lock_for(actor, application, Action.REVIEW)
        action, profile = check_assign(application=locked, provider=provider, chosen_by_applicant=chosen_by_applicant)
        _apply(locked, profile, chosen=chosen_by_applicant)
        data = {"provider": profile.user_id, "agency": profile.agency_id, "chosen_by_applicant": chosen_by_applicant}
        if action:
            step(locked, action, actor=actor, data=data, fields=ASSIGN_FIELDS)
        else:
            from gongfa.audit.services import record_event

            locked.save(update_fields=[*ASSIGN_FIELDS, "updated_at"])
            record_event(locked, "legalaid.assign", actor=actor, data=data, region=locked.region)
        issue_notice(
            locked,
            LegalAidNotice.Kind.ASSIGNMENT,
            {
                "provider": profile.user.display_name,
                "provider_agency": profile.agency.name,
                "engagement_due": locked.engagement_due.isoformat() if locked.engagement_due else "",
                "organ": locked.notifying_organ_name,
                "basis": "《法律援助法》第三十六条" if locked.route == Route.NOTIFIED else "《法律援助法》第四十三条",
            },
            actor=actor,
        )
    return locked


def check_replace(
    *, application: LegalAidApplication, grounds: str, provider: User | None = None
) -> tuple[str, ProviderProfile]:
    """Whether the provider may be replaced now by this one, with these grounds: every problem at
    once; writes nothing. Returns the grounds as stored and the new provider's profile."""
    from gongfa.legalaid.states import LEGAL_AID

    # Refuse an out-of-order call before any other check.
    LEGAL_AID.get(application.status, "replace_provider")
    problems = Problems()
    text = ""
    with problems.check():
        text = require_text(grounds, field="grounds", label=gettext("更换理由"), max_chars=500)
    profile = None
    with problems.check():
        profile = _pick(application, provider, chosen=False)
    problems.raise_if_any()
    assert profile is not None
    return text, profile


def replace_provider(
    *, application: LegalAidApplication, actor: User, grounds: str, provider: User | None = None
) -> LegalAidApplication:
    """更换承办人员 (第55条): on the recipient's request with grounds, agreed by the agency."""
    with transaction.atomic():
        locked = lock_for(actor, application, Action.REVIEW)
        text, profile = check_replace(application=locked, grounds=grounds, provider=provider)
        previous = locked.provider_id
        _apply(locked, profile, chosen=False)
        locked.engaged_at = None
        step(
            locked,
            "replace_provider",
            actor=actor,
            reason=text,
            data={"from": previous, "to": profile.user_id},
            fields=(*ASSIGN_FIELDS, "engaged_at"),
        )
    return locked


def sign_engagement(*, application: LegalAidApplication, actor: User) -> LegalAidApplication:
    """委托协议和授权委托书已签订: the provider (or the agency) records it; service begins."""
    with transaction.atomic():
        locked = LegalAidApplication.objects.select_for_update().filter(pk=application.pk).first()
        if locked is None or locked.provider_id != actor.pk:
            locked = lock_for(actor, application, Action.REVIEW)  # the agency may record it too
        locked.engaged_at = timezone.now()
        step(locked, "sign_engagement", actor=actor, fields=("engaged_at",))
    return locked
