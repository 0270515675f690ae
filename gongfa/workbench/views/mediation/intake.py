"""The case page's intake actions (受理前后): inviting the other party and recording their answer
(第17条), adding a party, correcting the dispute category, accepting or refusing the case (第18条),
and the mediators: assignment (第19条), a further mediator, recusal (第23条)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.mediation.choices import CaseStatus
from gongfa.mediation.models import CaseMediator, CaseParty, DisputeCategory, MediationCase, Mediator
from gongfa.mediation.services import acceptance, assignment, consent, intake
from gongfa.workbench.mediation_forms import cases as f
from gongfa.workbench.views.mediation.common import CaseAction, by_table, choice_id, in_status, register, simple

S = CaseStatus


# ---------------------------------------------------------------------------------------------
# Choices offered from the case


def party_choices(case: MediationCase, side: str | None = None) -> list[tuple[int, str]]:
    parties = case.parties.all()
    if side:
        parties = parties.filter(side=side)
    return [(p.pk, f"{p.get_side_display()} {p.name}") for p in parties]


def mediator_choices(case: MediationCase, exclude_current: bool = True) -> list[tuple[int, str]]:
    """The committee's active mediators (第19条), without those already on the case."""
    mediators = Mediator.objects.filter(committee_id=case.committee_id, is_active=True, user__is_active=True)
    if exclude_current:
        mediators = mediators.exclude(
            pk__in=CaseMediator.objects.filter(case=case, recused_at__isnull=True).values("mediator_id")
        )
    return [
        (m.pk, f"{m.user.display_name}（{m.get_employment_display()}，{m.get_grade_display()}）")
        for m in mediators.select_related("user").order_by("pk")
    ]


def _party(case: MediationCase, value: Any) -> CaseParty | None:
    pk = choice_id(value)
    return None if pk is None else case.parties.filter(pk=pk).first()


def _mediator(case: MediationCase, value: Any) -> Mediator | None:
    pk = choice_id(value)
    return None if pk is None else Mediator.objects.filter(pk=pk).first()


# ---------------------------------------------------------------------------------------------
# Actions: consent, acceptance, mediators


def _run_seek(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    invitations = consent.seek_consent(actor=user, case=case)
    return gettext("已向 {len} 名当事人发出调解邀请，邀请链接已用短信发到其登记的手机。").format(len=len(invitations))


def _consent_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.RecordConsentForm(data, parties=party_choices(case))


def _run_consent(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    party = _party(case, data.get("party"))
    if party is None:
        raise DomainError(gettext("请选择当事人。"), code="required", field="party")
    answer = consent.record_consent(
        actor=user,
        case=case,
        party=party,
        decision=data.get("decision") or "",
        method=data.get("method") or "",
        answered_by_name=data.get("answered_by_name") or "",
    )
    return gettext("已记录：{name}{get_decision_display}。").format(
        name=answer.party.name, get_decision_display=answer.get_decision_display()
    )


def _run_add_party(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    keys = ("kind", "name", "id_number", "phone", "address", "representative_name")
    try:
        added = intake.add_party(
            actor=user, case=case, side=data.get("side") or "", party={k: data.get(k) or "" for k in keys}
        )
    except DomainError as exc:
        # The service names a party's fields as in a registration ("respondents.0.name"): this form
        # has one party, so each problem goes beside its own field.
        raise ValidationFailed(
            [Problem(p.field.rsplit(".", 1)[-1] if p.field else None, p.message, p.code) for p in exc.problems]
        ) from exc
    return gettext("已增加{get_side_display}{name}。").format(
        get_side_display=added.get_side_display(), name=added.name
    )


def _category_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    categories = DisputeCategory.objects.filter(is_active=True).exclude(pk=case.category_id)
    return f.CategoryForm(data, categories=[(c.pk, c.name) for c in categories])


def _run_category(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    pk = choice_id(data.get("category"))
    category = None if pk is None else DisputeCategory.objects.filter(pk=pk).first()
    changed = intake.change_category(actor=user, case=case, category=category, reason=data.get("reason"))
    return gettext("纠纷类型已更正为“{name}”。").format(name=changed.category.name)


def _run_accept(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    acceptance.accept_case(actor=user, case=case)
    return gettext("已受理。")


def _run_refuse(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    acceptance.refuse_acceptance(
        actor=user, case=case, reason=data.get("reason") or "", redirect_to=data.get("redirect_to") or ""
    )
    return gettext("已决定不予受理，并生成不予受理告知书。")


def _assign_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.AssignForm(data, mediators=mediator_choices(case))


def _run_assign(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    presiding = _mediator(case, data.get("presiding"))
    assisting = [m for m in (_mediator(case, v) for v in data.get("assisting") or []) if m is not None]
    assignment.assign_mediators(
        actor=user,
        case=case,
        presiding=presiding,
        assisting=assisting,
        chosen_by_parties=bool(data.get("chosen_by_parties")),
    )
    return gettext("已指定调解员。")


def _add_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    return f.AddMediatorForm(data, mediators=mediator_choices(case))


def _run_add(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    assignment.add_mediator(
        actor=user,
        case=case,
        mediator=_mediator(case, data.get("mediator")),
        chosen_by_parties=bool(data.get("chosen_by_parties")),
    )
    return gettext("已增加调解员。")


def _recuse_form(data: Any, files: Any, case: MediationCase) -> forms.Form:
    current = [
        (cm.pk, f"{cm.mediator.user.display_name}（{cm.get_role_display()}）")
        for cm in case.mediators.filter(recused_at__isnull=True).select_related("mediator__user")
    ]
    return f.RecuseForm(data, current=current, mediators=mediator_choices(case))


def _run_recuse(user: User, case: MediationCase, data: dict[str, Any]) -> str:
    pk = choice_id(data.get("case_mediator"))
    case_mediator = None if pk is None else case.mediators.filter(pk=pk).first()
    if case_mediator is None:
        raise DomainError(gettext("请选择回避的调解员。"), code="required", field="case_mediator")
    assignment.recuse_mediator(
        actor=user,
        case=case,
        case_mediator=case_mediator,
        basis=data.get("basis") or "",
        reason=data.get("reason") or "",
        replacement=_mediator(case, data.get("replacement")),
    )
    return gettext("已记录回避。")


register(
    CaseAction(
        "change_category",
        _("更正纠纷类型"),
        _category_form,
        _run_category,
        lambda case: case.status != S.CLOSED,
        manage=True,
        hint=_("由工单转来的案件按工单类别预填了纠纷类型，请按实际更正；统计按更正后的类型计。"),
    ),
    CaseAction(
        "add_party",
        _("增加当事人"),
        simple(f.PartyForm),
        _run_add_party,
        in_status(S.APPLIED, S.CONSENT_PENDING),
        manage=True,
        hint=_("由工单转来的案件，须先补充被申请人，再征询其调解意愿（第17条）。"),
    ),
    CaseAction(
        "seek_consent", _("征询对方调解意愿"), simple(f.EmptyForm), _run_seek, by_table("seek_consent"), manage=True
    ),
    CaseAction(
        "record_consent",
        _("记录当事人调解意愿"),
        _consent_form,
        _run_consent,
        by_table("record_refusal"),
        hint=_("拒绝调解的，案件终止并告知其他救济途径（第17条、第26条）。"),
    ),
    CaseAction("accept", _("受理"), simple(f.EmptyForm), _run_accept, by_table("accept"), manage=True),
    CaseAction(
        "refuse_acceptance",
        _("不予受理"),
        simple(f.RefuseAcceptanceForm),
        _run_refuse,
        by_table("refuse_acceptance"),
        manage=True,
    ),
    CaseAction("assign_mediator", _("指定调解员"), _assign_form, _run_assign, by_table("assign_mediator"), manage=True),
    CaseAction("add_mediator", _("增加调解员"), _add_form, _run_add, by_table("add_mediator"), manage=True),
    CaseAction("recuse", _("调解员回避"), _recuse_form, _run_recuse, by_table("replace_mediator")),
    stage=10,
)


urlpatterns: list[Any] = []  # the actions post to cases/<number>/<action>/ (cases.urlpatterns)
