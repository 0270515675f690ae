"""Citizen pages for people's mediation (人民调解): applying (申请调解), answering the invitation to
mediate by its link (第17条), the citizen's cases in plain words, and confirming the agreement by
its link (本人确认, 第29条第2款). Views validate and call mediation.services; the links carry a
signed id only, never a name or phone number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError, Problems, ValidationFailed
from gongfa.core.forms import page_status
from gongfa.core.masking import mask_name
from gongfa.mediation.choices import (
    AgreementStatus,
    ApplicationForm,
    CaseSource,
    CaseStatus,
    ConsentDecision,
    IntakeChannel,
)
from gongfa.mediation.invitations import answer_due, consent_for_token, invitation_token
from gongfa.mediation.models import Agreement, CaseParty, Committee, Consent, DisputeCategory, MediationCase
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.services.agreement import (
    agreement_for_token,
    confirm_by_link,
    confirmation_token,
)
from gongfa.mediation.services.consent import answer_invitation, routes_for
from gongfa.mediation.services.intake import committee_for, register_case
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.portal.mediation_forms import OTHER_PARTY_ROWS, ApplyForm, InviteAnswerForm
from gongfa.portal.views import _county_for

# The law the invitation page explains (《人民调解法》第17条、第23条).
CONSENT_RIGHTS = (
    "人民调解遵循自愿原则：您可以同意，也可以不同意，不同意的不会进行调解（第十七条）。",
    "同意调解后，您可以选择或者接受调解员，可以要求调解公开或者不公开进行，"
    "可以自主表达意愿、自愿达成调解协议（第二十三条）。",
    "调解过程中您随时可以要求终止调解（第二十三条）。",
)
# The service's field names → the apply form's fields.
APPLY_FIELDS = {"region": "village", "category": "category", "summary": "summary", "facts": "facts", "claims": "claims"}


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _signed_in(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _own_party(case: MediationCase, user: User) -> CaseParty | None:
    return next((p for p in case.parties.all() if user.pk in (p.user_id, p.representative_user_id)), None)


@door(Audience.PUBLIC)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What people's mediation is, and (signed in) the citizen's own cases."""
    user = _signed_in(request)
    rows: list[MediationCase] = []
    if user is not None and user.is_citizen:
        cases = visible_to(user, Action.VIEW).select_related("category").order_by("-registered_at", "-pk")[:50]
        rows = list(cases)  # each status in words: mediation/public_status.py, in the template
    return render(request, "portal/mediation/home.html", {"rows": rows, "is_citizen": bool(user and user.is_citizen)})


# --- applying -------------------------------------------------------------------------------------


def _apply_field(field: str | None) -> str | None:
    """respondents.1.phone → other_phone_1; region → village; the rest at the top."""
    if not field:
        return None
    if field in APPLY_FIELDS:
        return APPLY_FIELDS[field]
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "respondents" and parts[1].isdigit():
        index = int(parts[1])
        key = {"name": "name", "phone": "phone", "address": "address"}.get(parts[2])
        if key and index < OTHER_PARTY_ROWS:
            return f"other_{key}_{index}"
    if field == "respondents":
        return "other_name_0"
    return None


def _add_problems(form: forms.Form, problems: list[Any]) -> None:
    faulted = set(form.errors)
    for problem in problems:
        field = _apply_field(problem.field)
        if field is not None and field in faulted:
            continue
        if problem.message in form.errors.get(field or "__all__", []):
            continue
        form.add_error(field, problem.message)


class _Rollback(Exception):
    pass


def _register(form: ApplyForm, user: User) -> MediationCase | None:
    """register_case with what the citizen typed. The page's own problems (a village without a
    committee) are shown with the service's, all at once; nothing is kept unless there are none."""
    problems = Problems()
    data = form.cleaned_data
    village = Region.objects.filter(code=data.get("village") or "", level=RegionLevel.VILLAGE).first()
    committee = committee_for(village) if village is not None else None
    if village is not None and committee is None:
        problems.add(
            "region", gettext("您所在地还没有人民调解委员会，请拨打12348或到乡镇司法所求助。"), code="no_committee"
        )
    # Without a village the service refuses anyway (no place of the dispute); a committee is
    # still needed to ask it for every other problem.
    asked = committee or Committee.objects.active().select_related("agency").order_by("pk").first()
    if asked is None:
        problems.raise_if_any()
        raise DomainError(gettext("尚未设立人民调解委员会，请拨打12348求助。"), code="no_committee", field="region")
    category = DisputeCategory.objects.filter(code=data.get("category") or "", is_active=True).first()
    created: MediationCase | None = None
    try:
        with transaction.atomic():
            created = register_case(
                actor=user,
                committee=asked,
                region=village,
                category=category,
                source=CaseSource.PARTY_APPLICATION,
                application_form=ApplicationForm.WRITTEN,
                intake_channel=IntakeChannel.PORTAL,
                summary=data.get("summary", ""),
                facts=data.get("facts", ""),
                claims=data.get("claims", ""),
                applicants=[{"user": user}],
                respondents=form.other_parties(),
            )
            if problems or form.errors:
                raise _Rollback
    except _Rollback:
        created = None
    except ValidationFailed as exc:
        for problem in exc.problems:
            problems.add(problem.field, problem.message, code=problem.code)
    _add_problems(form, list(problems))
    return created if not form.errors else None


@door(Audience.CITIZEN)
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """申请调解: the dispute, the other parties and the village, submitted with the citizen as the
    applicant (register_case, 《人民调解法》第17条). Every problem is shown at once."""
    user = _citizen(request)
    county, counties, county_error = _county_for(request)
    if county is None:
        return render(request, "portal/choose_county.html", {"counties": counties, "county_error": county_error})
    form = ApplyForm(request.POST if request.method == "POST" else None, county=county)
    if request.method == "POST":
        form.is_valid()  # type errors are shown with the service's problems
        try:
            case = _register(form, user)
        except DomainError as exc:
            _add_problems(form, exc.problems)
            case = None
        if case is not None:
            messages.success(
                request, gettext("申请已提交，编号 {number}。调委会会尽快联系对方。").format(number=case.number)
            )
            return redirect("portal:mediation_case", pk=case.pk)
    context = {"form": form, "county": county, "counties": counties, "rows": form.row_fields()}
    return render(request, "portal/mediation/apply.html", context, status=page_status(form))


# --- my case --------------------------------------------------------------------------------------


def _case_context(case: MediationCase, user: User) -> dict[str, Any]:
    party = _own_party(case, user)
    agreement = (
        case.agreements.filter(status__in=(AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE))
        .order_by("-drafted_at", "-pk")
        .first()
    )
    confirm_url = ""
    if (
        agreement is not None
        and party is not None
        and agreement.status == AgreementStatus.FINALISED
        and not agreement.signatures.filter(party=party).exists()
    ):
        confirm_url = _url("portal:mediation_agreement", confirmation_token(agreement, party))
    invite_url = ""
    if party is not None and case.status == CaseStatus.CONSENT_PENDING:
        consent = case.consents.filter(party=party, decision=ConsentDecision.PENDING).first()
        if consent is not None:
            invite_url = _url("portal:mediation_invite", invitation_token(consent))
    ended = case.status in (CaseStatus.NOT_MEDIATED, CaseStatus.FAILED, CaseStatus.TERMINATED_BY_PARTY)
    return {
        "case": case,
        "party": party,
        "sessions": case.sessions.order_by("held_at", "pk"),
        "mediators": [
            str(m.mediator) for m in case.mediators.filter(recused_at__isnull=True).select_related("mediator__user")
        ],
        "agreement": agreement,
        "confirm_url": confirm_url,
        "invite_url": invite_url,
        "routes": routes_for(case) if ended else (),
    }


def _url(name: str, token: str) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"token": token})


@door(Audience.CITIZEN, hidden=True)
@require_GET
def case(request: HttpRequest, pk: int) -> HttpResponse:
    """我的调解: the status and the next step in plain words, the sessions' dates, the agreement."""
    user = _citizen(request)
    found = (
        visible_to(user, Action.VIEW).select_related("category", "committee__agency", "region").filter(pk=pk).first()
    )
    if found is None:
        raise Http404(gettext("找不到该调解案件"))
    return render(request, "portal/mediation/case.html", _case_context(found, user))


# --- the invitation link --------------------------------------------------------------------------


def _invitation_context(consent: Consent) -> dict[str, Any]:
    case = consent.case
    others = [
        p for p in case.parties.order_by("side", "pk") if p.pk != consent.party_id and p.side != consent.party.side
    ]
    return {
        "consent": consent,
        "case": case,
        "committee": case.committee.agency.name,
        "others": [mask_name(p.name) for p in others],
        "category": case.category.name,
        "answer_due": answer_due(consent),
        "rights": CONSENT_RIGHTS,
    }


@door(Audience.PUBLIC)  # the signed link is the key
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, token: str) -> HttpResponse:
    """答复调解邀请 by the link from the SMS (第17条): the dispute in short (the other party's name
    masked), the rights (第17、23条), and 同意 / 不同意. Forged, expired and answered links get a
    clear message and change nothing."""
    problem = ""
    consent: Consent | None = None
    form: InviteAnswerForm | None = None
    try:
        consent = consent_for_token(token)
    except DomainError as exc:
        problem = exc.message
    if consent is not None and consent.decision != ConsentDecision.PENDING:
        messages_text = f"您已答复：{consent.get_decision_display()}。"
        return render(
            request,
            "portal/mediation/invite.html",
            {**_invitation_context(consent), "answered": messages_text, "token": token},
        )
    if consent is not None:
        form = InviteAnswerForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                answer_invitation(
                    token=token,
                    decision=form.cleaned_data["decision"],
                    answered_by_name=form.cleaned_data["answered_by_name"],
                    actor=_signed_in(request),
                )
            except DomainError as exc:
                for item in exc.problems:
                    field = item.field if item.field in form.fields else None
                    form.add_error(field, item.message)
            else:
                return redirect("portal:mediation_invite", token=token)
    context: dict[str, Any] = {"form": form, "problem": problem, "token": token}
    if consent is not None:
        context.update(_invitation_context(consent))
    status = 400 if problem or (form is not None and form.errors) else 200
    return render(request, "portal/mediation/invite.html", context, status=status)


# --- the confirmation link ------------------------------------------------------------------------


@door(Audience.PUBLIC)  # the signed link is the key
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, token: str) -> HttpResponse:
    """确认调解协议 by the link sent to the party (第29条第2款): the agreement's text and the button
    我已阅读并确认 (confirm_by_link). A changed agreement, an expired or forged link, or another
    person's account is refused with a clear message."""
    problem = ""
    found: tuple[Agreement, CaseParty] | None = None
    try:
        found = agreement_for_token(token)
    except DomainError as exc:
        problem = exc.message
    if found is not None and request.method == "POST":
        try:
            confirm_by_link(token=token, actor=_signed_in(request))
        except DomainError as exc:
            problem = exc.message
        else:
            messages.success(request, gettext("您已确认调解协议。"))
            return redirect("portal:mediation_agreement", token=token)
    context: dict[str, Any] = {"problem": problem, "token": token}
    if found is not None:
        item, party = found
        context.update(
            agreement=item,
            party=party,
            committee=item.case.committee.agency.name,
            signed=item.signatures.filter(party=party).exists(),
            can_confirm=item.status == AgreementStatus.FINALISED,
        )
    return render(request, "portal/mediation/agreement.html", context, status=400 if problem else 200)


__all__ = ["agreement", "apply", "case", "home", "invite"]
