"""The case page's actions (legal aid): one CaseAction per form, with the form it shows, the
service it runs and, where the form's own checks fail, the service's dry-run `check`. Whether an
action is offered now is gongfa.legalaid.actions' to say; case_page.py shows and posts them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.core.i18n import Label
from gongfa.legalaid import services
from gongfa.legalaid.actions import LABELS
from gongfa.legalaid.models import LegalAidApplication, Objection
from gongfa.legalaid.services.visits import check_return_visit
from gongfa.workbench import legalaid_forms as f

Runner = Callable[[User, LegalAidApplication, Any], object]
FormFactory = Callable[[Any, Any, LegalAidApplication], forms.Form]
# The service's checks on what the form could clean, run when the form's own checks failed so the
# page shows every problem in one round (core.forms.check_as_well); they write nothing.
Checker = Callable[[User, LegalAidApplication, dict[str, Any]], object]


@dataclass(frozen=True)
class CaseAction:
    """One form of the case page. Whether it is offered now is legalaid.actions' to say; `done` is
    the message after success unless the runner returns its own."""

    name: str
    make_form: FormFactory
    run: Runner
    done: Label = ""
    multipart: bool = False
    title: Label = ""  # the button's words where they differ from the action's name
    check: Checker | None = None

    @property
    def label(self) -> str:
        return str(self.title or LABELS[self.name])


def _simple(form_class: type[forms.Form]) -> FormFactory:
    def make(data: Any, files: Any, application: LegalAidApplication) -> forms.Form:
        return form_class(data, files)

    return make


def _candidates(application: LegalAidApplication) -> list[tuple[int, str]]:
    return [
        (
            c.profile.user_id,
            gettext("{display_name}（{name}，在办 {open_cases} 件）").format(
                display_name=c.profile.user.display_name, name=c.profile.agency.name, open_cases=c.open_cases
            ),
        )
        for c in services.candidates(application)
    ]


def _assign_form(data: Any, files: Any, application: LegalAidApplication) -> forms.Form:
    return f.AssignForm(data, candidates=_candidates(application))


def _replace_form(data: Any, files: Any, application: LegalAidApplication) -> forms.Form:
    return f.ReplaceForm(data, candidates=_candidates(application))


def _provider(user_id: int | None) -> User | None:
    return None if user_id is None else User.objects.filter(pk=user_id).first()


def _supplement_items(data: dict[str, Any]) -> list[dict[str, str]]:
    return f.SupplementForm.items_of(data)


def _run_supplement(user: User, a: LegalAidApplication, form: Any) -> str:
    services.request_supplement(
        application=a, actor=user, items=_supplement_items(form.cleaned_data), due_days=form.cleaned_data["due_days"]
    )
    return gettext("已发出补充材料通知，审查期限暂停计算。")


def _run_assign(user: User, a: LegalAidApplication, form: Any) -> str:
    done = services.assign_provider(
        application=a,
        actor=user,
        provider=_provider(form.cleaned_data["provider"]),
        chosen_by_applicant=form.cleaned_data["chosen_by_applicant"],
    )
    assert done.provider is not None
    return gettext("已指派 {display_name}。").format(display_name=done.provider.display_name)


def _run_replace(user: User, a: LegalAidApplication, form: Any) -> str:
    done = services.replace_provider(
        application=a,
        actor=user,
        grounds=form.cleaned_data["grounds"],
        provider=_provider(form.cleaned_data["provider"]),
    )
    assert done.provider is not None
    return gettext("已更换为 {display_name}。").format(display_name=done.provider.display_name)


def _run_document(user: User, a: LegalAidApplication, form: Any) -> str:
    services.add_material(
        application=a, actor=user, kind=form.cleaned_data["kind"], upload=form.cleaned_data.get("file")
    )
    return gettext("材料已上传。")


def _run_return_visit(user: User, a: LegalAidApplication, form: Any) -> str:
    from gongfa.legalaid.services.visits import record_return_visit

    data = form.cleaned_data
    record_return_visit(
        application=a,
        actor=user,
        method=data["method"],
        satisfied=data["satisfied"],
        opinion=data["opinion"],
        issues=data["issues"],
    )
    return gettext("回访已记录。")


def _on_score_fields(error: DomainError) -> DomainError:
    """The service names an item's score "scores.<code>", the form's input is "score_<code>"."""
    problems = [
        Problem(
            f"score_{p.field.removeprefix('scores.')}" if p.field and p.field.startswith("scores.") else p.field,
            p.message,
            p.code,
        )
        for p in error.problems
    ]
    return ValidationFailed(problems) if type(error) in (DomainError, ValidationFailed) else error


def _run_quality(kind: str) -> Runner:
    def run(user: User, a: LegalAidApplication, form: Any) -> str:
        from gongfa.legalaid.services.quality import score_case

        try:
            review = score_case(
                application=a, actor=user, kind=kind, scores=form.scores(), comments=form.cleaned_data["comments"]
            )
        except DomainError as exc:
            raise _on_score_fields(exc) from None
        return gettext("评查已记录：{total} 分（{get_grade_display}）。").format(
            total=review.total, get_grade_display=review.get_grade_display()
        )

    return run


def _check_quality(kind: str) -> Checker:
    def check(user: User, a: LegalAidApplication, data: dict[str, Any]) -> object:
        from gongfa.legalaid.services.quality import check_score_case, checklist

        scores = {
            name.removeprefix("score_"): value
            for name, value in data.items()
            if name.startswith("score_") and value is not None
        }
        # A score the form refused is not in `data` and is reported already: count it as given
        # (0) so the service does not report it again as missing.
        scores.update({item.code: 0 for item in checklist().items if f"score_{item.code}" not in data})
        try:
            return check_score_case(kind=kind, scores=scores, comments=data.get("comments") or "")
        except DomainError as exc:
            raise _on_score_fields(exc) from None

    return check


def _pending_objection(a: LegalAidApplication) -> Objection | None:
    return Objection.objects.filter(application=a, outcome="").order_by("-lodged_at").first()


def _run_objection(user: User, a: LegalAidApplication, form: Any) -> str:
    objection = _pending_objection(a)
    if objection is None:
        services.check_objection_decision(objection=None, decision=form.cleaned_data["decision"])
        raise DomainError(gettext("没有待审查的异议。"), code="no_objection")
    services.decide_objection(
        objection=objection, actor=user, uphold=form.cleaned_data["uphold"], decision=form.cleaned_data["decision"]
    )
    return gettext("异议审查决定已作出。")


ACTIONS: dict[str, CaseAction] = {
    a.name: a
    for a in (
        CaseAction(
            "start_review",
            _simple(f.NoInputForm),
            lambda u, a, form: services.start_review(application=a, actor=u),
            gettext_lazy("已开始审查。"),
        ),
        CaseAction(
            "request_supplement",
            _simple(f.SupplementForm),
            _run_supplement,
            check=lambda u, a, d: services.check_supplement(
                application=a, items=_supplement_items(d), due_days=d.get("due_days")
            ),
        ),
        CaseAction(
            "grant",
            _simple(f.ReasonsForm),
            lambda u, a, form: services.grant(application=a, actor=u, reasons=form.cleaned_data["reasons"]),
            gettext_lazy("已决定给予法律援助，请在三日内指派。"),
            check=lambda u, a, d: services.check_grant(application=a),
        ),
        CaseAction(
            "refuse",
            _simple(f.ReasonsForm),
            lambda u, a, form: services.refuse(application=a, actor=u, reasons=form.cleaned_data["reasons"]),
            gettext_lazy("已决定不予法律援助，决定书已告知异议途径。"),
            check=lambda u, a, d: services.check_refuse(application=a, reasons=d.get("reasons") or ""),
        ),
        CaseAction(
            "start_advance_aid",
            _simple(f.UrgentForm),
            lambda u, a, form: services.start_advance_aid(
                application=a, actor=u, urgent_reason=form.cleaned_data["urgent_reason"]
            ),
            gettext_lazy("已决定先行提供法律援助，请指派承办人员。"),
        ),
        CaseAction(
            "withdraw",
            _simple(f.WithdrawForm),
            lambda u, a, form: services.withdraw(application=a, actor=u, reason=form.cleaned_data["reason"]),
            gettext_lazy("已代申请人撤回申请。"),
            title=gettext_lazy("代申请人撤回申请"),
        ),
        CaseAction(
            "assign",
            _assign_form,
            _run_assign,
            check=lambda u, a, d: services.check_assign(
                application=a,
                provider=_provider(d.get("provider")),
                chosen_by_applicant=bool(d.get("chosen_by_applicant")),
            ),
        ),
        CaseAction(
            "confirm_advance_aid",
            _simple(f.NoInputForm),
            lambda u, a, form: services.confirm_advance_aid(application=a, actor=u),
            gettext_lazy("已转为承办。"),
        ),
        CaseAction(
            "replace_provider",
            _replace_form,
            _run_replace,
            check=lambda u, a, d: services.check_replace(
                application=a, grounds=d.get("grounds") or "", provider=_provider(d.get("provider"))
            ),
        ),
        CaseAction(
            "sign_engagement",
            _simple(f.NoInputForm),
            lambda u, a, form: services.sign_engagement(application=a, actor=u),
            gettext_lazy("已记录签订委托协议。"),
            title=gettext_lazy("已签订委托协议"),
        ),
        CaseAction(
            "add_progress",
            _simple(f.ProgressForm),
            lambda u, a, form: services.add_progress(
                application=a,
                actor=u,
                text=form.cleaned_data["text"],
                visible_to_applicant=form.cleaned_data["visible_to_applicant"],
            ),
            gettext_lazy("进展已记录。"),
            check=lambda u, a, d: services.check_progress(application=a, text=d.get("text") or ""),
        ),
        CaseAction(
            "upload_document",
            _simple(f.DocumentForm),
            _run_document,
            gettext_lazy("材料已上传。"),
            multipart=True,
            check=lambda u, a, d: services.check_material(kind=d.get("kind") or "", upload=d.get("file")),
        ),
        CaseAction(
            "file_closing_report",
            _simple(f.ClosingReportForm),
            lambda u, a, form: services.file_closing_report(application=a, actor=u, report=form.cleaned_data["report"]),
            gettext_lazy("结案材料已提交，等待结案审查。"),
            check=lambda u, a, d: services.check_closing_report(application=a, actor=u, report=d.get("report") or ""),
        ),
        CaseAction(
            "return_closing_report",
            _simple(f.ReasonForm),
            lambda u, a, form: services.return_closing_report(
                application=a, actor=u, reason=form.cleaned_data["reason"]
            ),
            gettext_lazy("已退回。"),
        ),
        CaseAction(
            "record_return_visit",
            _simple(f.ReturnVisitForm),
            _run_return_visit,
            gettext_lazy("回访已记录。"),
            check=lambda u, a, d: check_return_visit(
                method=d.get("method") or "",
                satisfied=d.get("satisfied"),
                opinion=d.get("opinion") or "",
                issues=d.get("issues") or "",
            ),
        ),
        *(
            CaseAction(kind, _simple(f.QualityReviewForm), _run_quality(kind), check=_check_quality(kind))
            for kind in ("agency_review", "peer_review", "self_check")
        ),
        CaseAction(
            "close",
            _simple(f.CloseForm),
            lambda u, a, form: services.close_case(
                application=a, actor=u, subsidy_amount=form.cleaned_data["subsidy_amount"]
            ),
            gettext_lazy("已结案。"),
            title=gettext_lazy("结案（记录补贴）"),
            check=lambda u, a, d: services.check_close(application=a, subsidy_amount=d.get("subsidy_amount")),
        ),
        CaseAction(
            "terminate",
            _simple(f.TerminateForm),
            lambda u, a, form: services.terminate(
                application=a, actor=u, ground=form.cleaned_data["ground"], reasons=form.cleaned_data["reasons"]
            ),
            gettext_lazy("已终止法律援助，决定书已告知异议途径。"),
            check=lambda u, a, d: services.check_terminate(
                application=a, ground=d.get("ground") or "", reasons=d.get("reasons") or ""
            ),
        ),
        CaseAction(
            "redirect",
            _simple(f.ReasonForm),
            lambda u, a, form: services.redirect(application=a, actor=u, reason=form.cleaned_data["reason"]),
            gettext_lazy("已告知申请人。"),
        ),
        CaseAction(
            "decide_objection",
            _simple(f.ObjectionDecisionForm),
            _run_objection,
            gettext_lazy("异议审查决定已作出。"),
            check=lambda u, a, d: services.check_objection_decision(
                objection=_pending_objection(a), decision=d.get("decision") or ""
            ),
        ),
    )
}
