"""The appraisal-referral pages (司法鉴定委托引导, /workbench/appraisal/…): the region's referrals
(legal-aid reviewers, window staff, hotline agents, supervisors), the institution's queue with its
clocks (its appraisers and intake clerks), the new-referral form (from a legal-aid case: the
applicant filled in), the referral page with its timeline and the draw record, 复核摇号结果, and one
small form per allowed action. A refusal shows every problem at once (400) and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.accounts.models import User
from gongfa.appointments.choices import APPRAISAL_OPEN, AppraisalStatus
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral
from gongfa.appointments.selectors import appraisal as sel
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.states import APPRAISAL
from gongfa.audit.models import Event
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.i18n import Label
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region
from gongfa.workbench import appraisal_forms as f
from gongfa.workbench.views.common import staff

PAGE_SIZE = 20
S = AppraisalStatus
staff_door = door(Audience.STAFF)


# ---------------------------------------------------------------------------------------------
# The referral's actions


Runner = Callable[[User, AppraisalReferral, dict[str, Any]], str]


@dataclass(frozen=True)
class ReferralAction:
    name: str
    label: Label
    form: Callable[..., forms.Form]
    run: Runner
    institution: bool  # the institution's step (else the region staff's)
    transition: str


def _institution_choices(referral: AppraisalReferral | None = None) -> list[tuple[str, str]]:
    if referral is not None:
        found = sel.eligible_institutions(referral.region, referral.category)
    else:
        found = list(
            Agency.objects.filter(kind=AgencyKind.APPRAISAL_INSTITUTION, is_active=True, is_listed=True).order_by(
                "region__code", "name"
            )
        )
    return [(str(a.pk), a.name) for a in found]


def _agency(value: Any) -> Agency | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Agency.objects.filter(pk=pk, kind=AgencyKind.APPRAISAL_INSTITUTION).first()


def _draw(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    done = svc.draw_institution(actor=user, referral=r, witness=data.get("witness") or "")
    return gettext("摇号结果：{institution}（种子 {draw_seed}），已委托。").format(
        institution=done.institution, draw_seed=done.draw_seed
    )


def _agree(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    done = svc.commission_by_agreement(actor=user, referral=r, institution=_agency(data.get("institution")))
    return gettext("已委托{institution}。").format(institution=done.institution)


def _guidance(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    svc.give_guidance(actor=user, referral=r, court_name=data.get("court_name") or "")
    return gettext("已记录告知：诉讼中的鉴定由办案机关委托。")


def _accept(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    svc.accept_referral(actor=user, referral=r, accepted_on=data.get("accepted_on"))
    return gettext("已受理。")


def _decline(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    svc.decline_referral(actor=user, referral=r, reason=data.get("reason") or "")
    return gettext("已记录不予受理及理由。")


def _sign(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    done = svc.sign_agreement(actor=user, referral=r, signed_on=data.get("signed_on"))
    return gettext("已签订委托协议，鉴定完成期限 {complete_due:%Y-%m-%d}。").format(complete_due=done.complete_due)


def _extend(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    done = svc.extend_deadline(actor=user, referral=r, days=data.get("days"), reason=data.get("reason") or "")
    return gettext("已延长，鉴定完成期限 {complete_due:%Y-%m-%d}。").format(complete_due=done.complete_due)


def _opinion(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    svc.issue_opinion(
        actor=user,
        referral=r,
        opinion_number=data.get("opinion_number") or "",
        issued_on=data.get("issued_on"),
        summary=data.get("summary") or "",
    )
    return gettext("已记录鉴定意见。")


def _withdraw(user: User, r: AppraisalReferral, data: dict[str, Any]) -> str:
    svc.withdraw_referral(actor=user, referral=r, reason=data.get("reason") or "")
    return gettext("已撤回。")


ACTIONS: dict[str, ReferralAction] = {
    a.name: a
    for a in (
        ReferralAction("draw", _("随机摇号并委托"), f.DrawForm, _draw, False, "commission"),
        ReferralAction("agree", _("协商选定并委托"), f.AgreementChoiceForm, _agree, False, "commission"),
        ReferralAction(
            "guidance", _("已在诉讼中：告知经办案机关委托"), f.GuidanceForm, _guidance, False, "give_guidance"
        ),
        ReferralAction("accept", _("受理"), f.AcceptForm, _accept, True, "accept"),
        ReferralAction("decline", _("不予受理"), f.DeclineForm, _decline, True, "decline"),
        ReferralAction("sign", _("签订委托协议"), f.SignForm, _sign, True, "sign_agreement"),
        ReferralAction("extend", _("延长鉴定时限"), f.ExtendForm, _extend, True, "extend"),
        ReferralAction("opinion", _("出具鉴定意见"), f.OpinionForm, _opinion, True, "issue_opinion"),
        ReferralAction("withdraw", _("撤回"), f.WithdrawForm, _withdraw, False, "withdraw"),
    )
}


def _make_form(action: ReferralAction, referral: AppraisalReferral, data: Any = None) -> forms.Form:
    if action.name == "agree":
        form: forms.Form = f.AgreementChoiceForm(data, institutions=_institution_choices(referral))
    else:
        form = action.form(data)
    form.auto_id = f"id_{action.name}_%s"
    return form


def _offered(action: ReferralAction, referral: AppraisalReferral, creator: bool, institution: bool) -> bool:
    if not APPRAISAL.can(referral.status, action.transition):
        return False
    if action.name in ("draw", "agree") and referral.in_litigation:
        return False
    if action.name == "withdraw":
        return creator or institution
    return institution if action.institution else creator


def _rights(user: User, referral: AppraisalReferral) -> tuple[bool, bool]:
    return sel.may_create_in(user, referral.region), sel.acts_for_institution(user, referral)


def _actions(
    user: User, referral: AppraisalReferral, bound: tuple[str, forms.Form] | None = None
) -> list[tuple[ReferralAction, forms.Form]]:
    creator, institution = _rights(user, referral)
    shown = []
    for action in ACTIONS.values():
        if not _offered(action, referral, creator, institution):
            continue
        form = bound[1] if bound is not None and bound[0] == action.name else _make_form(action, referral)
        shown.append((action, form))
    return shown


# ---------------------------------------------------------------------------------------------
# Lists


def _clocked_rows(referrals: Any) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [{"r": r, "clock": sel.clock_of(r, today)} for r in referrals]


def _status_filter(request: HttpRequest) -> str:
    value = request.GET.get("status", "")
    return value if value in S.values or value == "all" else ""


@staff_door
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """司法鉴定委托引导: the referrals of the user's region scope, open first by default; a
    constant number of queries whatever the number of referrals."""
    user = staff(request)
    status = _status_filter(request)
    queryset: QuerySet[AppraisalReferral] = sel.region_referrals(user)
    if status and status != "all":
        queryset = queryset.filter(status=status)
    elif not status:
        queryset = queryset.filter(status__in=APPRAISAL_OPEN)
    page = Paginator(sel.listed(queryset).order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/appointments/appraisal/index.html",
        {
            "page": page,
            "rows": _clocked_rows(page.object_list),
            "status": status,
            "statuses": [("", gettext("办理中")), *S.choices, ("all", gettext("全部"))],
            "may_create": sel.creator_ranges(user) != (),
            "has_institution": bool(sel.institution_ids_of(user)),
        },
    )


@staff_door
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """鉴定机构待办: the referrals sent to the user's institution, the nearest clock first."""
    user = staff(request)
    show_all = request.GET.get("all") == "1"
    queryset = sel.institution_queue(user, open_only=not show_all)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _clocked_rows(page.object_list)
    return render(
        request,
        "workbench/appointments/appraisal/queue.html",
        {
            "page": page,
            "rows": rows,
            "show_all": show_all,
            "has_institution": bool(sel.institution_ids_of(user)),
            "overdue": sum(1 for row in rows if row["clock"] and row["clock"].state == "overdue"),
        },
    )


# ---------------------------------------------------------------------------------------------
# New referral


class _Rollback(Exception):
    pass


def _dry_run(form: forms.Form, run: Callable[[], object]) -> None:
    """The form's own checks failed: ask the service too with what was clean, in a transaction that
    is always rolled back (nothing kept), so every problem shows in one round."""
    try:
        with transaction.atomic():
            run()
            raise _Rollback
    except _Rollback:
        pass
    except DomainError as exc:
        add_domain_error(form, exc, skip_faulted=True)


def _region_choices(user: User) -> list[tuple[str, str]]:
    """The county-level and lower regions the user may register referrals in (their subtrees)."""
    ranges = sel.creator_ranges(user)
    regions = Region.objects.filter(level__gte=RegionLevel.COUNTY)
    if ranges is not None:
        condition = Q(pk__in=[])
        for low, high in ranges:
            condition |= Q(code__range=(low, high))
        regions = regions.filter(condition)
    rows = regions.order_by("code").only("code", "name", "level")[:1000]
    return [(r.code, f"{'　' * (r.level - RegionLevel.COUNTY)}{r.name}") for r in rows]


def _category_choices() -> list[tuple[str, Any]]:
    return [
        (
            parent.name,
            [
                (str(c.pk), c.name if c.pk != parent.pk else gettext("{name}（全类）").format(name=c.name))
                for c in members
            ],
        )
        for parent, members in sel.category_groups()
    ]


def _application(request: HttpRequest, number: str) -> Any:
    if not number:
        return None
    from gongfa.legalaid.selectors import visible_to

    return visible_to(staff(request)).select_related("region").filter(number=number).first()


def _new_form(request: HttpRequest, user: User, application: Any) -> f.ReferralForm:
    initial: dict[str, Any] = {"in_litigation": "no", "method": "random_draw"}
    if application is not None:
        initial.update(
            application=application.number,
            region=application.region.code,
            applicant_name=application.applicant_name,
            applicant_phone=application.phone,
            applicant_id_number=application.id_number,
        )
    return f.ReferralForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        regions=_region_choices(user),
        categories=_category_choices(),
        institutions=_institution_choices(),
    )


def _open(user: User, data: dict[str, Any], application: Any) -> AppraisalReferral:
    def pick_id(model: Any, value: Any) -> Any:
        try:
            return model.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None

    code = data.get("region") or ""
    return svc.open_referral(
        method=data.get("method") or "",
        institution=_agency(data.get("institution")),
        witness=data.get("witness") or "",
        actor=user,
        region=Region.objects.filter(code=code).first() if code else None,
        category=pick_id(AppraisalCategory, data.get("category")),
        matter=data.get("matter") or "",
        purpose=data.get("purpose") or "",
        applicant_name=data.get("applicant_name") or "",
        applicant_phone=data.get("applicant_phone") or "",
        applicant_id_number=data.get("applicant_id_number") or "",
        in_litigation=data.get("in_litigation") == "yes",
        court_name=data.get("court_name") or "",
        legal_aid_application=application,
        user=getattr(application, "applicant", None),
    )


@staff_door
@require_http_methods(["GET", "POST"])
def new_referral(request: HttpRequest) -> HttpResponse:
    """登记司法鉴定委托引导 (?application=<legal-aid case number> fills in the applicant)."""
    user = staff(request)
    number = (request.POST.get("application") if request.method == "POST" else request.GET.get("application")) or ""
    application = _application(request, number.strip())
    if number and application is None:
        raise Http404(gettext("找不到该法律援助案件"))
    form = _new_form(request, user, application)
    if request.method == "POST":
        if form.is_valid():
            try:
                referral = _open(user, form.cleaned_data, application)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已登记司法鉴定委托引导 {number}。").format(number=referral.number))
                return redirect("workbench:appraisal_referral", number=referral.number)
        else:
            cleaned = dict(getattr(form, "cleaned_data", {}))
            _dry_run(form, lambda: _open(user, cleaned, application))
    return render(
        request,
        "workbench/appointments/appraisal/new.html",
        {"form": form, "application": application, "may_create": sel.creator_ranges(user) != ()},
        status=page_status(form),
    )


# ---------------------------------------------------------------------------------------------
# The referral page


def referral_for(request: HttpRequest, number: str) -> AppraisalReferral:
    referral = svc.referral_for(staff(request), number)
    if referral is None:
        raise Http404(gettext("找不到该司法鉴定委托引导"))
    return referral


def _events(referral: AppraisalReferral) -> list[tuple[str, Event]]:
    labels = {t.action: t.label for t in APPRAISAL.transitions}
    labels["create"] = gettext("登记")
    events = Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(AppraisalReferral), subject_id=str(referral.pk)
    ).select_related("actor")
    return [(str(labels.get(e.verb.rsplit(".", 1)[-1], e.verb)), e) for e in events.order_by("occurred_at", "pk")]


def _candidates(referral: AppraisalReferral) -> list[Agency]:
    by_id = Agency.objects.in_bulk(list(referral.draw_candidates))
    return [by_id[pk] for pk in referral.draw_candidates if pk in by_id]


def _context(
    request: HttpRequest, referral: AppraisalReferral, bound: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    user = staff(request)
    return {
        "referral": referral,
        "clock": sel.clock_of(referral),
        "events": _events(referral),
        "candidates": _candidates(referral) if referral.draw_seed else [],
        "actions": _actions(user, referral, bound),
        "form": bound[1] if bound else None,
        "late_accept": bool(
            referral.accepted_on and referral.accept_due and referral.accepted_on > referral.accept_due
        ),
    }


@staff_door
@require_GET
def referral_page(request: HttpRequest, number: str) -> HttpResponse:
    referral = referral_for(request, number)
    return render(request, "workbench/appointments/appraisal/referral.html", _context(request, referral))


@staff_door
@require_GET
def replay(request: HttpRequest, number: str) -> HttpResponse:
    """复核摇号结果: the draw recomputed from the stored seed and candidates, beside the stored result."""
    referral = referral_for(request, number)
    if not referral.draw_seed:
        raise Http404(gettext("该委托不是随机摇号选定的机构"))
    replayed = svc.replay_draw(referral)
    return render(
        request,
        "workbench/appointments/appraisal/replay.html",
        {
            "referral": referral,
            "replayed": replayed,
            "equal": replayed.pk == referral.institution_id,
            "candidates": _candidates(referral),
        },
    )


@staff_door
@require_http_methods(["GET", "POST"])
def referral_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One action: GET shows its form alone (phone-first), POST runs it."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(gettext("未知的操作"))
    user = staff(request)
    referral = referral_for(request, number)
    if request.method == "GET":
        return render(
            request,
            "workbench/appointments/appraisal/action.html",
            {"referral": referral, "spec": spec, "action_form": _make_form(spec, referral)},
        )
    form = _make_form(spec, referral, request.POST)
    data = form.cleaned_data if form.is_valid() else dict(getattr(form, "cleaned_data", {}))
    if not form.errors:
        try:
            done = spec.run(user, referral, data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("workbench:appraisal_referral", number=referral.number)
    referral = referral_for(request, number)
    if request.POST.get("_page") == "action":
        return render(
            request,
            "workbench/appointments/appraisal/action.html",
            {"referral": referral, "spec": spec, "action_form": form, "form": form},
            status=400,
        )
    return render(
        request,
        "workbench/appointments/appraisal/referral.html",
        _context(request, referral, (spec.name, form)),
        status=400,
    )


urlpatterns = [
    path("", index, name="appraisal"),
    path("queue/", queue, name="appraisal_queue"),
    path("new/", new_referral, name="appraisal_new"),
    path("<str:number>/", referral_page, name="appraisal_referral"),
    path("<str:number>/replay/", replay, name="appraisal_replay"),
    path("<str:number>/<slug:action>/", referral_action, name="appraisal_action"),
]
