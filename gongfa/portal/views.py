"""Citizen pages (群众门户). Views validate input and call services; nothing else."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.core.choices import Channel
from gongfa.core.dbrouting import replica_view
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.core.http import safe_next
from gongfa.core.middleware import ELDER_MODE_COOKIE
from gongfa.knowledge import qa as qa_service
from gongfa.knowledge.models import QuestionLog
from gongfa.knowledge.verification import record_feedback
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.outreach.selectors.cases import typical_cases_for
from gongfa.portal.forms import AnswerFeedbackForm, AskForm, ElderModeForm, HandoverForm, QuestionForm, RateForm
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import feedback
from gongfa.workorders.timeline import citizen_timeline, latest_transfer


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@door(Audience.PUBLIC)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def _county_for(request: HttpRequest) -> tuple[Region | None, list[Region], str]:
    """The county whose villages the picker lists: ?county=, else the citizen's last village's
    county, else the only county. Returns (county, all counties, error)."""
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    requested = request.GET.get("county") or request.POST.get("county")
    if requested:
        county = next((c for c in counties if c.code == requested), None)
        if county is None:
            return None, counties, gettext("找不到该县(区)，请重新选择。")
        return county, counties, ""
    user = request.user
    if isinstance(user, User):
        last = _last_village(user)
        if last is not None:
            county_code = last.ancestor_codes()[RegionLevel.COUNTY - 1]
            county = next((c for c in counties if c.code == county_code), None)
            if county is not None:
                return county, counties, ""
    return (counties[0] if len(counties) == 1 else None), counties, ""


@door(Audience.SIGNED_IN)  # staff are sent to the workbench
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    user = _citizen(request)
    if not user.is_citizen:
        messages.info(request, gettext("工作人员请通过工作台受理群众咨询。"))
        return redirect("workbench:queue")
    county, counties, county_error = _county_for(request)
    if county is None:
        return render(request, "portal/choose_county.html", {"counties": counties, "county_error": county_error})
    form = AskForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("token")
        idempotency = None
        if token is not None:
            payload = {"village": form.cleaned_data["village"].code, "text": form.cleaned_data["text"]}
            idempotency = services.Idempotency(
                client=f"user:{user.pk}", key=str(token), request_hash=services.Idempotency.hash_of(payload)
            )
        try:
            order = services.submit_question(
                requester=user,
                village=form.cleaned_data["village"],
                text=form.cleaned_data["text"],
                idempotency=idempotency,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("已提交，事项编号 {tracking_number}。我们会尽快答复您。").format(
                    tracking_number=order.tracking_number
                ),
            )
            return redirect("portal:item_detail", tracking_number=order.tracking_number)
    elif request.method == "GET":
        last = _last_village(user)
        if last is not None and last.code.startswith(county.prefix):
            form.initial["village"] = last.code
    return render(
        request,
        "portal/ask.html",
        {"form": form, "county": county, "counties": counties, "max_chars": settings.QUESTION_MAX_CHARS},
        status=page_status(form),
    )


@door(Audience.SIGNED_IN)
@require_GET
def village_options(request: HttpRequest) -> HttpResponse:
    """HTMX partial: the village <select> for another county (the page also works without it)."""
    county = Region.objects.filter(code=request.GET.get("county", ""), level=RegionLevel.COUNTY).first()
    if county is None:
        raise Http404(gettext("找不到该县(区)"))
    form = AskForm(county=county)
    return render(request, "portal/partials/village_field.html", {"form": form})


@door(Audience.SIGNED_IN)
@require_GET
@replica_view
def my_items(request: HttpRequest) -> HttpResponse:
    items = list(selectors.my_items(_citizen(request)))
    return render(request, "portal/my_items.html", {"items": items})


def _get_own_item(request: HttpRequest, tracking_number: str, action: selectors.Action) -> WorkOrder:
    try:
        return selectors.get_visible(request.user, tracking_number, action)
    except WorkOrder.DoesNotExist:
        # 404 rather than 403: nobody learns that another person's item exists.
        raise Http404(gettext("找不到该事项")) from None


@door(Audience.CITIZEN, hidden=True)
@require_GET
def item_detail(request: HttpRequest, tracking_number: str) -> HttpResponse:
    user = _citizen(request)
    if not user.is_citizen:
        raise Http404(gettext("找不到该事项"))
    order = _get_own_item(request, tracking_number, selectors.Action.VIEW)
    form = RateForm() if order.can_be_rated() else None
    return render(request, "portal/item_detail.html", _item_context(order, form))


def _item_context(order: WorkOrder, form: RateForm | None) -> dict[str, object]:
    """The order page's blocks, kept apart: the citizen's own words, the Q&A's automatic answer
    with its citations (an order handed over from 智能问答), and the staff's answer."""
    steps = citizen_timeline(order)
    qa_log = QuestionLog.objects.filter(work_order=order).order_by("pk").first()
    return {
        "order": order,
        "form": form,
        "steps": steps,
        "transfer": latest_transfer(steps),
        "qa_log": qa_log,
        "own_words": citizen_words(order.text) if qa_log is not None else order.text,
    }


# handover_text (knowledge.qa) puts the Q&A's answer and citations after the citizen's words, and a
# safety line before them; the page shows the citizen's words alone and the answer in its own block.


def citizen_words(text: str) -> str:
    """The citizen's own words of a handed-over order: the question and what they added."""
    words = text.split(qa_service.QA_ANSWER_MARK, 1)[0]
    if words.startswith(qa_service.SAFETY_MARK):
        words = words.split("\n\n", 1)[1] if "\n\n" in words else ""
    return words.strip()


@door(Audience.CITIZEN, hidden=True)
@require_POST
def rate_item(request: HttpRequest, tracking_number: str) -> HttpResponse:
    order = _get_own_item(request, tracking_number, selectors.Action.RATE)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.rate_work_order(
                order=order,
                actor=_citizen(request),
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("感谢您的评价！"))
            return redirect("portal:item_detail", tracking_number=order.tracking_number)
    order.refresh_from_db()
    return render(request, "portal/item_detail.html", _item_context(order, form), status=400)


@door(Audience.PUBLIC)  # the signed link is the key
@require_http_methods(["GET", "POST"])
def rate_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed rating link from the SMS (no login). Forged, expired and replayed links get a
    clear message and change nothing."""
    problem = ""
    order: WorkOrder | None = None
    form: RateForm | None = None
    try:
        order = feedback.order_for_token(token)
    except DomainError as exc:
        problem = exc.message
    if order is not None and request.method == "POST":
        form = RateForm(request.POST)
        if form.is_valid():
            try:
                services.rate_by_token(
                    token=token, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("感谢您的评价！"))
                return redirect("portal:rate_by_link", token=token)
    elif order is not None and order.rating is None:
        if order.status == WorkOrderStatus.CLOSED:
            form = RateForm()
        else:
            problem = gettext("事项办结后才能评价。")
    status = 400 if problem or (form is not None and form.errors) else 200
    context = {"order": order, "form": form, "problem": problem, "token": token}
    return render(request, "portal/rate_by_link.html", context, status=status)


@door(Audience.PUBLIC)
@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch elder mode (适老化模式) on or off; remembered in a cookie and on the account."""
    form = ElderModeForm(request.POST)
    response = HttpResponseRedirect(safe_next(request, default=reverse("portal:home")))
    if not form.is_valid():
        return response
    enabled = form.cleaned_data["elder_mode"] == "1"
    response.set_cookie(
        ELDER_MODE_COOKIE, "1" if enabled else "0", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    user = request.user
    if isinstance(user, User) and user.elder_mode != enabled:
        user.elder_mode = enabled
        user.save(update_fields=["elder_mode"])
    return response


# --- 智能问答 -----------------------------------------------------------------------------------

QA_SESSION_KEY = "qa_questions"  # the questions this browser asked: only those can be handed over
QA_SESSION_KEEP = 20


@door(Audience.PUBLIC)
@require_http_methods(["GET", "POST"])
def qa(request: HttpRequest) -> HttpResponse:
    """Ask a question, see the answer with the articles cited, and hand it over to a person."""
    form = QuestionForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        region = _last_village(user) if isinstance(user, User) else None
        answer = qa_service.ask(form.cleaned_data["question"], channel=Channel.PORTAL, region=region, user=user)
        asked = [answer.log.pk, *request.session.get(QA_SESSION_KEY, [])][:QA_SESSION_KEEP]
        request.session[QA_SESSION_KEY] = asked
    context: dict[str, object] = {"form": form, "answer": answer, "max_chars": settings.QA_MAX_CHARS}
    # outreach (issue #15): up to two published typical cases beside the answer.
    context["suggested_cases"] = (
        typical_cases_for(answer.topic.code if answer.topic else "", answer.question) if answer else []
    )
    return render(request, "portal/qa.html", context, status=page_status(form))


@door(Audience.PUBLIC)
@require_POST
def qa_feedback(request: HttpRequest, question_id: int) -> HttpResponse:
    """这个回答有帮助吗？ — the asker's yes or no on one answer. An unhelpful answer goes up the
    staff's verification queue; the page offers a person (转人工) at once."""
    log = QuestionLog.objects.filter(pk=question_id).first()
    asked_here = question_id in request.session.get(QA_SESSION_KEY, [])
    if log is None or not (asked_here or (request.user.is_authenticated and log.asked_by_id == request.user.pk)):
        raise Http404(gettext("找不到这条问答记录"))
    form = AnswerFeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/qa_feedback.html", {"log": log, "form": form}, status=page_status(form))
    log = record_feedback(log, helpful=form.cleaned_data["helpful"] == "yes")
    return render(request, "portal/qa_feedback.html", {"log": log, "form": form})


def _last_village(user: User) -> Region | None:
    """Where the citizen's latest request came from (the place to suggest next time)."""
    last = WorkOrder.objects.filter(requester_id=user.pk).select_related("region").order_by("-created_at").first()
    return last.region if last is not None else None


@door(Audience.SIGNED_IN)  # staff are sent to the workbench
@require_http_methods(["GET", "POST"])
def qa_handover(request: HttpRequest, question_id: int) -> HttpResponse:
    """转人工: a work order with the question and the answer given, for the citizen who asked."""
    user = _citizen(request)
    if not user.is_citizen:
        messages.info(request, gettext("工作人员请通过工作台受理群众咨询。"))
        return redirect("workbench:queue")
    log = QuestionLog.objects.filter(pk=question_id).first()
    asked_here = question_id in request.session.get(QA_SESSION_KEY, [])
    if log is None or not (asked_here or log.asked_by_id == user.pk):
        raise Http404(gettext("找不到这条问答记录"))
    if log.work_order_id is not None:
        messages.info(request, gettext("这个问题已经转人工，请在“我的事项”中查看办理进度。"))
        return redirect("portal:my_items")
    county, counties, county_error = _county_for(request)
    if county is None:
        return render(request, "portal/choose_county.html", {"counties": counties, "county_error": county_error})
    form = HandoverForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            order = qa_service.hand_over(
                log,
                requester=user,
                village=form.cleaned_data["village"],
                note=form.cleaned_data["note"],
                asked_in_this_session=asked_here,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                gettext("已转人工，事项编号 {tracking_number}。工作人员会尽快联系您。").format(
                    tracking_number=order.tracking_number
                ),
            )
            return redirect("portal:item_detail", tracking_number=order.tracking_number)
    elif request.method == "GET":
        last = _last_village(user)
        if last is not None and last.code.startswith(county.prefix):
            form.initial["village"] = last.code
    return render(
        request,
        "portal/qa_handover.html",
        {"form": form, "log": log, "county": county, "counties": counties},
        status=page_status(form),
    )
