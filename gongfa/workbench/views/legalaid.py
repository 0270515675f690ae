"""Legal-aid pages of the workbench: the reviewer queue with its clocks, the case page with the
eligibility proposal and one form per action allowed now, and the provider's own cases.

Each action posts to /workbench/legal-aid/<number>/<action>/; a refusal (DomainError) is shown in
the error summary with status 400 and changes nothing. When the form's own checks fail, the action's
`check` (the service's validation, writing nothing) still runs, so every problem shows at once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.core.fields import show_masked
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.core.i18n import Label
from gongfa.legalaid import services
from gongfa.legalaid.actions import LABELS, allowed_actions, roles_of
from gongfa.legalaid.choices import ApplicationStatus, ProposalOutcome
from gongfa.legalaid.models import LegalAidApplication, Objection
from gongfa.legalaid.selectors import Action, cases_of_provider, visible_to
from gongfa.legalaid.services.review import missing_items, open_supplement
from gongfa.legalaid.services.visits import check_return_visit
from gongfa.network.scope import scope_for
from gongfa.workbench import legalaid_forms as f
from gongfa.workbench.views.common import staff, staff_required, supervisor_required

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


def _case_for(request: HttpRequest, number: str) -> LegalAidApplication:
    application = (
        visible_to(staff(request))
        .select_related("agency__region", "region", "provider", "provider_agency", "work_order", "decided_by")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise Http404(gettext("找不到该案件"))
    return application


def _context(
    request: HttpRequest, application: LegalAidApplication, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    allowed = allowed_actions(application, roles_of(staff(request), application))
    actions = []
    for name in allowed:
        spec = ACTIONS.get(name)
        if spec is None:
            continue  # the applicant's and the API's steps
        form = bound[1] if bound is not None and bound[0] == name else spec.make_form(None, None, application)
        actions.append((spec, form))
    supplement = open_supplement(application)
    events = _events(application)
    from gongfa.legalaid.services.visits import closing_checklist

    closing = closing_checklist(application) if application.status in ("closing_review", "closed") else None
    return {
        "application": application,
        "actions": actions,
        "proposal": application.proposal,
        "supplement": supplement,
        "still_missing": missing_items(application, supplement) if supplement else [],
        "materials": application.materials.select_related("uploaded_by"),
        "notices": application.notices.all(),
        "updates": application.progress_updates.select_related("author"),
        "objections": application.objections.all(),
        "events": events,
        "today": timezone.localdate(),
        "form": bound[1] if bound is not None else None,
        "closing": closing,
        "reviews": application.quality_reviews.select_related("reviewer"),
        "visits": application.return_visits.select_related("visitor"),
        "priority_labels": application.special_group_list,
    }


def _events(application: LegalAidApplication) -> list[tuple[str, Any]]:
    """The case's audit events, each with the plain label of what happened."""
    from django.contrib.contenttypes.models import ContentType

    from gongfa.audit.models import Event

    events = (
        Event.objects.filter(
            subject_type=ContentType.objects.get_for_model(LegalAidApplication), subject_id=str(application.pk)
        )
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    return [(str(LABELS.get(e.verb.rsplit(".", 1)[-1], e.verb)), e) for e in events]


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The reviewer queue (green channel first, then the nearest clock) with its counters and
    filters, and the provider's own cases. A constant number of queries per page."""
    from gongfa.legalaid.queue import CLOCK_CHOICES, STATUS_CHOICES, QueueFilters, queue_counts, queue_page

    user = staff(request)
    filters = QueueFilters.from_params(request.GET)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    today = timezone.localdate()
    page = queue_page(user, filters, page=number, today=today)
    mine = cases_of_provider(user)
    return render(
        request,
        "workbench/legalaid/queue.html",
        {
            "page": page,
            "counts": queue_counts(user, today),
            "filters": filters,
            "filter_errors": filters.errors,
            "status_choices": STATUS_CHOICES,
            "clock_choices": CLOCK_CHOICES,
            "proposal_choices": ProposalOutcome.choices,
            "mine": mine,
            "today": today,
            "drafts": list(
                visible_to(user, Action.REVIEW)
                .filter(status=ApplicationStatus.DRAFT, work_order__isnull=False)
                .select_related("work_order")
                .order_by("-created_at")[:50]
            ),
            "query": _without_page(request),
        },
    )


@staff_required
@require_GET
def case(request: HttpRequest, number: str) -> HttpResponse:
    application = _case_for(request, number)
    return render(request, "workbench/legalaid/case.html", _context(request, application))


@staff_required
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    application = _case_for(request, number)
    form = spec.make_form(request.POST, request.FILES, application)
    if form.is_valid():
        try:
            result = spec.run(user, application, form)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, result if isinstance(result, str) else spec.done)
            return redirect("workbench:legal_aid_case", number=number)
    elif spec.check is not None:
        check = spec.check
        check_as_well(form, lambda: check(user, application, form.cleaned_data))
    application.refresh_from_db()
    return render(
        request, "workbench/legalaid/case.html", _context(request, application, (spec.name, form)), status=400
    )


def _region_choices(user: User) -> Any:
    from gongfa.workbench import options

    county = options.home_county(user)
    choices = options.intake_region_choices(county)
    return (
        [(county.code, gettext("{name}（县级）").format(name=county.name)), *choices] if county is not None else choices
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new_application(request: HttpRequest) -> HttpResponse:
    """代为录入 / 口头申请 / 转交申请: staff record an application on the applicant's behalf."""
    from gongfa.legalaid.selectors import matters_for
    from gongfa.network.models import Region
    from gongfa.portal.legalaid_forms import matter_choices
    from gongfa.workbench import options

    user = staff(request)
    county = options.home_county(user)
    matters = matters_for(county) if county is not None else []
    form = f.StaffApplicationForm(request.POST or None, regions=_region_choices(user), matters=matter_choices(matters))
    if request.method == "POST" and form.is_valid():
        region = Region.objects.filter(code=form.cleaned_data["region"]).first()
        try:
            if region is None:
                raise DomainError(gettext("请选择申请人所在地。"), field="region")
            application = services.receive_application(
                actor=user,
                region=region,
                data=form.data_for_service(),
                intake_channel=form.cleaned_data["intake_channel"],
                forwarded_by=form.cleaned_data["forwarded_by"],
                requested_at=form.cleaned_data["requested_at"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("已受理，编号 {number}，审查期限 {review_due:%Y-%m-%d}。").format(
                    number=application.number, review_due=application.review_due
                ),
            )
            return redirect("workbench:legal_aid_case", number=application.number)
    elif request.method == "POST":
        data = form.cleaned_data
        region = Region.objects.filter(code=data["region"]).first() if data.get("region") else None
        check_as_well(
            form,
            lambda: services.check_application(
                region=region,
                data=form.data_for_service(),
                intake_channel=data.get("intake_channel") or "",
                forwarded_by=data.get("forwarded_by") or "",
                requested_at=data.get("requested_at"),
            ),
        )
    return render(
        request,
        "workbench/legalaid/new.html",
        {"form": form, "title": gettext("登记法律援助申请")},
        status=400 if form.errors else 200,
    )


def _notice_input(data: dict[str, Any]) -> Any:
    return services.NoticeInput(
        organ=data.get("organ") or "",
        organ_name=data.get("organ_name") or "",
        organ_phone=data.get("organ_phone") or "",
        defendant_name=data.get("defendant_name") or "",
        id_number=data.get("id_number") or "",
        grounds=tuple(data.get("grounds") or ()),
        facts=data.get("facts") or "",
        has_defender=bool(data.get("has_defender")),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def new_notice(request: HttpRequest) -> HttpResponse:
    """登记通知辩护/代理: a notice from a court, procuratorate or police (assign within 3 days)."""
    from gongfa.network.models import Region

    user = staff(request)
    form = f.NoticeForm(request.POST or None, regions=_region_choices(user))
    if request.method == "POST" and not form.is_valid():
        data = form.cleaned_data
        region = Region.objects.filter(code=data["region"]).first() if data.get("region") else None
        check_as_well(form, lambda: services.check_notice(region=region, notice=_notice_input(data)))
    elif request.method == "POST":
        region = Region.objects.filter(code=form.cleaned_data["region"]).first()
        try:
            if region is None:
                raise DomainError(gettext("请选择办案机关所在地。"), field="region")
            application = services.receive_notice(actor=user, region=region, notice=_notice_input(form.cleaned_data))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            assert application.assign_due is not None
            messages.success(
                request,
                gettext("已登记，编号 {number}，请于 {assign_due:%Y-%m-%d} 前指派。").format(
                    number=application.number, assign_due=application.assign_due
                ),
            )
            return redirect("workbench:legal_aid_case", number=application.number)
    return render(
        request,
        "workbench/legalaid/new.html",
        {"form": form, "title": gettext("登记通知辩护/代理")},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# Duty lawyers (值班律师, rules.md §5.4)


def _duty_lawyer_choices(user: User) -> list[tuple[int, str]]:
    from gongfa.legalaid.models import ProviderProfile
    from gongfa.workbench import options

    county = options.home_county(user)
    profiles = ProviderProfile.objects.filter(accepts_legal_aid=True, user__is_active=True).select_related(
        "user", "agency"
    )
    if county is not None:
        low, high = county.subtree_bounds()
        profiles = profiles.filter(agency__region__code__range=(low, high))
    return [(p.user_id, f"{p.user.display_name}（{p.agency.name}）") for p in profiles.order_by("agency__name", "pk")]


@staff_required
@require_http_methods(["GET", "POST"])
def duty_logs(request: HttpRequest) -> HttpResponse:
    """值班律师法律帮助登记: the list, and a new request (the legal aid centre's staff or the lawyer)."""
    from gongfa.legalaid.selectors import legal_aid_centre_for
    from gongfa.legalaid.services.duty import check_duty_request, log_duty_request, visible_duty_logs
    from gongfa.workbench import options

    user = staff(request)
    form = f.DutyLogForm(request.POST or None, lawyers=_duty_lawyer_choices(user))
    if request.method == "POST" and not form.is_valid():
        data = form.cleaned_data
        lawyer = User.objects.filter(pk=data["duty_lawyer"]).first() if data.get("duty_lawyer") else None
        check_as_well(
            form,
            lambda: check_duty_request(
                duty_lawyer=lawyer,
                station=data.get("station") or "",
                person_name=data.get("person_name") or "",
                requested_at=data.get("requested_at"),
                id_number=data.get("id_number") or "",
                notes=data.get("notes") or "",
            ),
        )
    elif request.method == "POST":
        data = form.cleaned_data
        county = options.home_county(user)
        agency = legal_aid_centre_for(county) if county is not None else None
        lawyer = User.objects.filter(pk=data["duty_lawyer"]).first() if data["duty_lawyer"] else None
        try:
            if agency is None:
                raise DomainError(gettext("找不到您所在地的法律援助机构。"), code="no_agency")
            log = log_duty_request(
                actor=user,
                agency=agency,
                station=data["station"],
                duty_lawyer=lawyer,
                person_name=data["person_name"],
                requested_at=data["requested_at"],
                id_number=data["id_number"],
                notes=data["notes"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已登记。"))
            return redirect("workbench:legal_aid_duty_log", pk=log.pk)
    logs = visible_duty_logs(user).select_related("duty_lawyer", "agency").order_by("-requested_at", "-pk")[:100]
    return render(
        request,
        "workbench/legalaid/duty_logs.html",
        {"form": form, "logs": list(logs)},
        status=400 if form.errors else 200,
    )


def _duty_log_for(request: HttpRequest, pk: int) -> Any:
    from gongfa.legalaid.services.duty import visible_duty_logs

    log = visible_duty_logs(staff(request)).select_related("duty_lawyer", "agency__region").filter(pk=pk).first()
    if log is None:
        raise Http404(gettext("找不到该登记"))
    return log


@staff_required
@require_http_methods(["GET", "POST"])
def duty_log(request: HttpRequest, pk: int) -> HttpResponse:
    """One help log: record the help given, close it, or forward an application (24 h, 第39条)."""
    from gongfa.legalaid.services.duty import DUTY_HELP, close_duty_log, forward_application, record_help
    from gongfa.network.models import Region

    user = staff(request)
    log = _duty_log_for(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    help_form = f.DutyHelpForm(request.POST if action == "help" else None)
    close_form = f.ReasonForm(request.POST if action == "close" else None)
    from gongfa.legalaid.selectors import matters_for
    from gongfa.portal.legalaid_forms import matter_choices

    forward_form = f.DutyForwardForm(
        request.POST if action == "forward" else None,
        regions=_region_choices(user),
        matters=matter_choices(matters_for(log.agency.region)),
        initial={"applicant_name": log.person_name, "matter_code": "criminal_defence"},
    )
    show_masked(forward_form, "id_number", log.id_number, "id_number")
    bound = {"help": help_form, "close": close_form, "forward": forward_form}.get(action)
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            if action == "help":
                record_help(
                    log=log, actor=user, kinds=data["kinds"], notes=data["notes"], plea_presence=data["plea_presence"]
                )
                message = gettext("帮助情况已记录。")
            elif action == "close":
                close_duty_log(log=log, actor=user, notes=data["reason"])
                message = gettext("已办结。")
            else:
                region = Region.objects.filter(code=data["region"]).first()
                if region is None:
                    raise DomainError(gettext("请选择申请人所在地。"), field="region")
                forwarded = forward_application(
                    log=log,
                    actor=user,
                    region=region,
                    data=bound.data_for_service(),  # type: ignore[attr-defined]
                )
                message = gettext("已转交法律援助申请 {number}。").format(number=forwarded.number)
        except DomainError as exc:
            add_domain_error(bound, exc)
        else:
            messages.success(request, message)
            return redirect("workbench:legal_aid_duty_log", pk=log.pk)
    allowed = {t.action for t in DUTY_HELP.allowed_actions(log.status)}
    return render(
        request,
        "workbench/legalaid/duty_log.html",
        {
            "log": log,
            "help_form": help_form,
            "close_form": close_form,
            "forward_form": forward_form,
            "allowed": allowed,
            "form": bound,
        },
        status=400 if bound is not None and bound.errors else 200,
    )


# ---------------------------------------------------------------------------------------------
# Supervisors: the figures supervisors answer for (受理率、审查用时、指派用时、结案用时、满意度、质量指数)

STATS_DEFAULT_DAYS = 90


def _satisfied_min_rating(scope: Any, on: datetime.date) -> int:
    """满意率's definition for the supervisor's region (the first of their postings)."""
    from gongfa.network.models import Region
    from gongfa.network.selectors import region_setting
    from gongfa.workorders.measures import SATISFIED_MIN_RATING

    codes = [low for low, _high in scope.region_ranges]
    region = Region.objects.filter(code__in=codes).order_by("level", "code").first() if codes else None
    return int(region_setting(region, SATISFIED_MIN_RATING.key, on))


@supervisor_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    import datetime

    from gongfa.legalaid.reports import display_days, display_rate, display_score, legal_aid_stats
    from gongfa.legalaid.services.quality import quality_index
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency
    from gongfa.workbench.forms import DemandPeriodForm

    user = staff(request)
    form = DemandPeriodForm(request.GET or None)
    end = timezone.localdate()
    start = end - datetime.timedelta(days=STATS_DEFAULT_DAYS - 1)
    if form.is_bound and form.is_valid():
        end = form.cleaned_data.get("end") or end
        start = form.cleaned_data.get("start") or min(start, end)
    scope = scope_for(user)
    figures = legal_aid_stats(user, start, end, satisfied_min_rating=_satisfied_min_rating(scope, end))
    agencies = None
    if not scope.sees_everything:
        agencies = list(Agency.objects.filter(kind=AgencyKind.LEGAL_AID_CENTRE).filter(scope.region_q("region__code")))
    quality = quality_index(start=start, end=end, agencies=agencies)
    by_provider = {row.id: row for row in quality.providers}
    providers = [(p, by_provider.get(p.provider_id)) for p in figures.providers]
    context = {
        "form": form,
        "start": start,
        "end": end,
        "stats": figures,
        "providers": providers,
        "quality": quality,
        "rate": display_rate,
        "days": display_days,
        "score": display_score,
        "kpis": [
            (gettext("收到申请"), str(figures.applications_received)),
            (gettext("受理率（留在本机构审查 ÷ 收到申请）"), display_rate(figures.acceptance_rate)),
            (gettext("给予援助率（给予 ÷ 作出决定）"), display_rate(figures.grant_rate)),
            (gettext("平均审查用时"), display_days(figures.review_days_mean)),
            (gettext("七日内作出决定"), display_rate(figures.decided_within_limit_share)),
            (gettext("决定给予至指派平均用时"), display_days(figures.grant_to_assignment_days_mean)),
            (gettext("三日内指派"), display_rate(figures.assigned_within_limit_share)),
            (gettext("指派至结案平均用时"), display_days(figures.assignment_to_close_days_mean)),
            (gettext("满意率"), display_rate(figures.satisfaction_rate)),
            (gettext("满意度均分（1–5）"), display_score(figures.satisfaction)),
        ],
    }
    return render(request, "workbench/legalaid/stats.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def complete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft opened from a work order (转为案件 → 法律援助申请): staff complete and receive it."""
    from gongfa.legalaid.selectors import matters_for
    from gongfa.portal.legalaid_forms import matter_choices

    user = staff(request)
    draft = (
        visible_to(user, Action.REVIEW)
        .select_related("region", "work_order")
        .filter(pk=pk, status=ApplicationStatus.DRAFT)
        .first()
    )
    if draft is None:
        raise Http404(gettext("找不到该申请草稿"))
    initial = {
        "intake_channel": "window",
        "region": draft.region.code,
        "applicant_name": draft.applicant_name,
        "facts": draft.facts,
    }
    form = f.StaffApplicationForm(
        request.POST or None,
        regions=_region_choices(user),
        matters=matter_choices(matters_for(draft.region)),
        initial=initial,
    )
    show_masked(form, "id_number", draft.id_number, "id_number")
    show_masked(form, "phone", draft.phone, "phone")
    del form.fields["forwarded_by"], form.fields["requested_at"], form.fields["intake_channel"], form.fields["region"]
    if request.method == "POST" and form.is_valid():
        try:
            application = services.receive_draft(application=draft, actor=user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            assert application.review_due is not None
            messages.success(
                request,
                gettext("已受理，编号 {number}，审查期限 {review_due:%Y-%m-%d}。").format(
                    number=application.number, review_due=application.review_due
                ),
            )
            return redirect("workbench:legal_aid_case", number=application.number)
    title = (
        gettext("受理法律援助申请（来自工单 {tracking_number}）").format(
            tracking_number=draft.work_order.tracking_number
        )
        if draft.work_order
        else gettext("受理法律援助申请")
    )
    return render(
        request, "workbench/legalaid/new.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )


# ---------------------------------------------------------------------------------------------
# Peer review (同行评估, 《法律援助法》第57条): sampling, naming the reviewer, the reviewer's list


def _sampling_agencies(user: User) -> list[tuple[int, str]]:
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency

    scope = scope_for(user)
    agencies = Agency.objects.filter(kind=AgencyKind.LEGAL_AID_CENTRE, is_active=True)
    if not scope.sees_everything:
        agencies = agencies.filter(Q(pk__in=scope.agency_ids) | scope.region_q("region__code"))
    return [(a.pk, a.name) for a in agencies.order_by("region__code", "name")]


def _peer_reviewer_choices(application: LegalAidApplication) -> list[tuple[int, str]]:
    from gongfa.legalaid.models import ProviderProfile

    low, high = application.agency.region.subtree_bounds()
    profiles = (
        ProviderProfile.objects.filter(user__is_active=True, agency__region__code__range=(low, high))
        .exclude(agency_id=application.provider_agency_id or 0)
        .select_related("user", "agency")
        .order_by("agency__name", "pk")
    )
    return [(p.user_id, f"{p.user.display_name}（{p.agency.name}）") for p in profiles]


@staff_required
@require_http_methods(["GET", "POST"])
def peer_review(request: HttpRequest) -> HttpResponse:
    """The agency draws cases for peer review and names reviewers; a lawyer sees the cases they
    were named for."""
    import datetime

    from gongfa.legalaid.models import PeerReviewSample
    from gongfa.legalaid.services.quality import assign_peer_reviewer, sample_for_peer_review
    from gongfa.network.models import Agency

    user = staff(request)
    agencies = _sampling_agencies(user)
    today = timezone.localdate()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    sample_form = f.PeerSampleForm(
        request.POST if action == "sample" else None,
        agencies=agencies,
        initial={"start": today - datetime.timedelta(days=90), "end": today, "percent": "10"},
    )
    error_form: Any = None
    if action == "sample" and sample_form.is_valid():
        data = sample_form.cleaned_data
        try:
            if data["agency"] not in {pk for pk, _ in agencies}:
                raise DomainError(gettext("请选择您所在地区的法律援助机构。"), field="agency")
            drawn = sample_for_peer_review(
                agency=Agency.objects.get(pk=data["agency"]),
                period_start=data["start"],
                period_end=data["end"],
                percent=data["percent"],
                actor=user,
            )
        except DomainError as exc:
            add_domain_error(sample_form, exc)
            error_form = sample_form
        else:
            messages.success(request, gettext("已抽取 {len} 件。").format(len=len(drawn)))
            return redirect("workbench:legal_aid_peer_review")
    elif action == "sample":
        error_form = sample_form
    if action == "assign":
        sample = (
            PeerReviewSample.objects.select_related("application__agency__region")
            .filter(pk=int(sample_id) if (sample_id := request.POST.get("sample", "")).isdigit() else 0)
            .first()
        )
        if sample is None:
            raise Http404(gettext("找不到该抽样"))
        form = f.PeerReviewerForm(request.POST, reviewers=_peer_reviewer_choices(sample.application))
        if form.is_valid():
            reviewer = User.objects.filter(pk=form.cleaned_data["reviewer"]).first()
            try:
                if reviewer is None:
                    raise DomainError(gettext("请选择评估人。"), field="reviewer")
                assign_peer_reviewer(sample=sample, actor=user, reviewer=reviewer)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已指定同行评估人。"))
                return redirect("workbench:legal_aid_peer_review")
        error_form = form
    samples = (
        PeerReviewSample.objects.filter(application__in=visible_to(user, Action.REVIEW))
        .select_related("application", "reviewer", "agency")
        .order_by("-sampled_at", "pk")[:200]
    )
    rows = [(s, f.PeerReviewerForm(reviewers=_peer_reviewer_choices(s.application))) for s in samples]
    mine = (
        PeerReviewSample.objects.filter(reviewer=user)
        .select_related("application")
        .exclude(application__quality_reviews__kind="peer_review", application__quality_reviews__reviewer=user)
    )
    return render(
        request,
        "workbench/legalaid/peer_review.html",
        {
            "sample_form": sample_form,
            "rows": rows,
            "mine": list(mine),
            "form": error_form,
            "can_sample": bool(agencies),
        },
        status=400 if error_form is not None and error_form.errors else 200,
    )
