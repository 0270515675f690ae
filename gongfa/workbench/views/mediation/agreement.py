"""The agreement (调解协议, 第28–30条) on the case page: draft and edit with the content 第29条
requires, finalise, the parties' paper signatures or confirmation links, the mediator's signature,
the committee's seal; or the oral agreement. The agreement's own page shows its full text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.mediation.choices import AgreementForm, AgreementStatus, CaseStatus
from gongfa.mediation.models import Agreement, MediationCase
from gongfa.mediation.selectors import visible_to
from gongfa.mediation.services import agreement as service
from gongfa.mediation.services import outcome
from gongfa.workbench.mediation_forms import cases as f
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.mediation.common import CaseAction, agreement_url, by_table, choice_id, register, simple

LIVE = (AgreementStatus.DRAFT, AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE)


def live_agreement(case: MediationCase) -> Agreement | None:
    return case.agreements.filter(status__in=LIVE).order_by("-drafted_at", "-pk").first()


def _live(case: MediationCase, status: str) -> Agreement | None:
    agreement = live_agreement(case)
    return agreement if agreement is not None and agreement.status == status else None


def agreement_panel(request: HttpRequest, case: MediationCase) -> dict[str, Any] | None:
    """The live agreement with who has signed, and for a finalised written one each unsigned
    party's confirmation link (the token carries no personal data)."""
    agreement = live_agreement(case)
    if agreement is None:
        return None
    signatures = list(agreement.signatures.select_related("party"))
    links = []
    if agreement.status == AgreementStatus.FINALISED and agreement.form == AgreementForm.WRITTEN:
        links = [
            {"party": p, "url": agreement_url(request, service.confirmation_token(agreement, p))}
            for p in service.unsigned_parties(agreement)
        ]
    return {"agreement": agreement, "signatures": signatures, "links": links}


def _in_mediation_without(case: MediationCase) -> bool:
    return case.status == CaseStatus.IN_MEDIATION and live_agreement(case) is None


def _draft_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    draft = _live(case, AgreementStatus.DRAFT)
    if draft is None or data is not None:
        return f.AgreementDraftForm(data)
    return f.AgreementDraftForm(
        initial={
            "parties_text": draft.parties_text,
            "facts_and_responsibility": draft.facts_and_responsibility,
            "terms": draft.terms,
            "performance_method": draft.performance_method,
            "performance_place": draft.performance_place,
            "performance_deadline": draft.performance_deadline.isoformat() if draft.performance_deadline else "",
            "amount": draft.amount if draft.amount is not None else "",
        }
    )


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "parties_text": data.get("parties_text") or "",
        "facts_and_responsibility": data.get("facts_and_responsibility") or "",
        "terms": data.get("terms") or "",
        "performance_method": data.get("performance_method") or "",
        "performance_place": data.get("performance_place") or "",
        "performance_deadline": data.get("performance_deadline") or "",
        "amount": data.get("amount") or None,
    }


def _run_draft(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    service.draft_agreement(actor=user, case=case, **_content(data))
    return gettext("调解协议草稿已保存。")


def _require(case: MediationCase, status: str) -> Agreement:
    agreement = _live(case, status)
    if agreement is None:
        raise DomainError(
            gettext("本案没有{label}的调解协议。").format(label=AgreementStatus(status).label), code="no_agreement"
        )
    return agreement


def _run_update(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    service.update_agreement(actor=user, agreement=_require(case, AgreementStatus.DRAFT), **_content(data))
    return gettext("调解协议草稿已修改。")


def _run_finalise(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    done = service.finalise_agreement(actor=user, agreement=_require(case, AgreementStatus.DRAFT))
    return gettext("调解协议已定稿（{number}），请当事人签名或通过确认链接确认。").format(number=done.number)


def _signature_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    agreement = _live(case, AgreementStatus.FINALISED)
    parties = service.unsigned_parties(agreement) if agreement is not None else []
    return f.PaperSignatureForm(data, parties=[(p.pk, f"{p.get_side_display()} {p.name}") for p in parties])


def _run_signature(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    agreement = _require(case, AgreementStatus.FINALISED)
    pk = choice_id(data.get("party"))
    party = None if pk is None else case.parties.filter(pk=pk).first()
    if party is None:
        raise DomainError(gettext("请选择签名（捺印）的当事人。"), code="required", field="party")
    service.record_paper_signature(actor=user, agreement=agreement, party=party)
    return gettext("已记录{name}的签名。").format(name=party.name)


def _run_mediator_sign(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    service.sign_as_mediator(actor=user, agreement=_require(case, AgreementStatus.FINALISED))
    return gettext("调解员已签名。")


def _run_seal(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    service.seal_by_committee(actor=user, agreement=_require(case, AgreementStatus.FINALISED))
    return gettext("调委会已盖章。")


def _run_oral(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    outcome.record_oral_agreement(
        actor=user,
        case=case,
        content=data.get("content"),
        amount=data.get("amount") or None,
        has_performance_obligation=bool(data.get("has_performance_obligation")),
    )
    return gettext("口头协议已记录，协议生效。")


def _finalised_written(case: MediationCase) -> Agreement | None:
    agreement = _live(case, AgreementStatus.FINALISED)
    return agreement if agreement is not None and agreement.form == AgreementForm.WRITTEN else None


def _unsigned(case: MediationCase) -> bool:
    agreement = _finalised_written(case)
    return agreement is not None and bool(service.unsigned_parties(agreement))


def _mediator_unsigned(case: MediationCase) -> bool:
    agreement = _finalised_written(case)
    return agreement is not None and agreement.mediator_signed_at is None


def _unsealed(case: MediationCase) -> bool:
    agreement = _finalised_written(case)
    return agreement is not None and agreement.committee_sealed_at is None


def _has_draft(case: MediationCase) -> bool:
    return case.status == CaseStatus.IN_MEDIATION and _live(case, AgreementStatus.DRAFT) is not None


register(
    CaseAction(
        "draft_agreement",
        _("起草调解协议"),
        simple(f.AgreementDraftForm),
        _run_draft,
        _in_mediation_without,
        hint=_("协议载明当事人基本情况、纠纷主要事实和争议事项、各方责任，以及协议内容和履行方式、期限（第29条）。"),
    ),
    CaseAction("update_agreement", _("修改协议草稿"), _draft_form, _run_update, _has_draft),
    CaseAction("finalise_agreement", _("协议定稿"), simple(f.EmptyForm), _run_finalise, _has_draft),
    CaseAction("paper_signature", _("记录当事人签名（捺印）"), _signature_form, _run_signature, _unsigned),
    CaseAction("sign_as_mediator", _("调解员签名"), simple(f.EmptyForm), _run_mediator_sign, _mediator_unsigned),
    CaseAction("seal_by_committee", _("调委会盖章"), simple(f.EmptyForm), _run_seal, _unsealed, manage=True),
    CaseAction(
        "oral_agreement",
        _("记录口头协议"),
        simple(f.OralAgreementForm),
        _run_oral,
        lambda case: by_table("make_agreement_effective")(case) and live_agreement(case) is None,
        hint=_("具有即时履行内容或当事人认为无需制作协议书的，可以采取口头协议方式（第28条）。"),
    ),
    stage=30,
)


@staff_required
@require_GET
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement's full text (第29条), to read with the parties or print."""
    agreement = (
        Agreement.objects.filter(pk=pk, case__in=visible_to(staff(request)))
        .select_related("case__committee__agency")
        .first()
    )
    if agreement is None:
        raise Http404(gettext("找不到该调解协议"))
    return render(
        request,
        "workbench/mediation/agreement.html",
        {"agreement": agreement, "case": agreement.case, "context": service.agreement_context(agreement)},
    )


urlpatterns = [path("agreements/<int:pk>/", agreement_page, name="mediation_agreement")]
