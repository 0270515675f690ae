"""Intake by staff: the 12348 hotline desk (热线坐席台) and window intake (窗口受理).

Both use one form. A hidden one-time token makes the submission idempotent: pressing the button
twice (or a browser retry) gives the same order, never a second one. "派给…" offers the places and
people the agent may send the call to, the automatic suggestion first with its reason; the 筛选
button (without JavaScript) or the region and text (with htmx) refresh it without recording.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.catalog.selectors import service_type_by_code
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems
from gongfa.core.forms import add_domain_error, check_as_well
from gongfa.core.validators import normalize_phone
from gongfa.network.choices import PointTier
from gongfa.network.models import Region
from gongfa.workbench import options
from gongfa.workbench.forms import QaPanelForm
from gongfa.workbench.intake_forms import CallerLookupForm, IntakeForm, OrderSearchForm
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.hotline import calls_link
from gongfa.workorders import selectors, services
from gongfa.workorders.choices import special_groups_mask
from gongfa.workorders.models import Topic
from gongfa.workorders.services.dispatch import (
    check_intake_target,
    dispatch_at_intake,
    dispatch_targets_for,
    draft_order,
    suggest_target,
)
from gongfa.workorders.services.intake import CallerDetails, staff_point

SEARCH_LIMIT = 20
OVERNIGHT_LIMIT = 20

# The caller's number travels in POST bodies and the session, never in a URL (access logs).
HOTLINE_CALLER_SESSION = "workbench_hotline_caller"


def _county(request: HttpRequest, user: User) -> tuple[Region | None, list[Region]]:
    counties = options.counties()
    requested = request.GET.get("county") or request.POST.get("county")
    if requested:
        chosen = next((c for c in counties if c.code == requested), None)
        if chosen is not None:
            return chosen, counties
    home = options.home_county(user)
    if home is None and len(counties) == 1:
        home = counties[0]
    return home, counties


def _region_of(data: Any) -> Region | None:
    code = (data.get("region_code") or data.get("region") or "").strip()
    return Region.objects.filter(code=code).first() if code.isdigit() and len(code) == 12 else None


def _recipient(form: IntakeForm, user: User, county: Region | None, data: Any) -> None:
    """Fill "派给…": the places around the call's region (else the county's), the filter typed,
    and the automatic suggestion for what the form says so far (nothing is written)."""
    region = _region_of(data)
    query = (data.get("target_q") or "").strip()[:50]
    suggestion = None
    if region is not None:
        topic_pk = str(data.get("topic") or "")
        topic = Topic.objects.filter(pk=topic_pk, is_active=True).first() if topic_pk.isdigit() else None
        groups = 0
        for value in data.getlist("special_groups") if hasattr(data, "getlist") else data.get("special_groups") or []:
            if str(value).isdigit():
                groups |= int(value)
        suggestion = suggest_target(
            draft_order(region=region, text=str(data.get("text") or ""), topic=topic, special_groups=groups)
        )
    anchor = region or county
    form.set_targets(
        dispatch_targets_for(user, anchor, query),
        query=query,
        region_code=anchor.code if anchor else "",
        suggestion=suggestion,
    )


def _intake_form(
    request: HttpRequest, user: User, county: Region | None, initial: dict[str, Any], *, bind: bool = True
) -> IntakeForm:
    kwargs = {
        "regions": options.intake_region_choices(county),
        "service_types": options.service_type_choices(),
    }
    if bind and request.method == "POST" and request.POST.get("refine"):
        # 筛选 / 派单建议 without JavaScript: the same call comes back unrecorded and without errors.
        posted: dict[str, Any] = {name: request.POST.get(name) for name in IntakeForm.base_fields}
        posted["special_groups"] = request.POST.getlist("special_groups")
        form = IntakeForm(initial={**posted, "contact_phone": normalize_phone(posted["contact_phone"] or "")}, **kwargs)
        _recipient(form, user, county, request.POST)
    elif bind and request.method == "POST":
        form = IntakeForm(request.POST, **kwargs)
        _recipient(form, user, county, request.POST)
    else:
        form = IntakeForm(initial=initial, **kwargs)
        _recipient(form, user, county, {**initial, "target_q": request.GET.get("target_q", "")})
    return form


def _caller_account(phone: str) -> User | None:
    """The caller's citizen account, when their number has one (so they can follow and rate the
    order under 我的事项)."""
    if not phone:
        return None
    return User.objects.with_phone(phone).filter(role="citizen", is_active=True).first()


def _details(data: dict[str, Any]) -> CallerDetails:
    return CallerDetails(
        id_number=(data.get("contact_id_number") or "").strip(),
        sex=data.get("contact_sex") or "",
        age_band=data.get("contact_age_band") or "",
        phone_withheld=bool(data.get("phone_withheld")),
    )


def _check_rest(user: User, form: IntakeForm, channel: str) -> None:
    """The form's own checks failed: add what the intake service would refuse too (one round)."""
    data = form.cleaned_data
    phone = normalize_phone(data.get("contact_phone") or "")

    def check() -> None:
        problems = Problems()
        with problems.check():
            services.check_intake(
                channel=channel,
                region=data.get("region_obj"),
                text=data.get("text") or "",
                contact_phone=phone,
                requester=_caller_account(phone),
                received_by=user,
                urgency=data.get("urgency") or "normal",
                special_groups=special_groups_mask(data.get("special_groups") or []),
                details=_details(data),
            )
        with problems.check():
            check_intake_target(data.get("dispatch_to"), data.get("dispatch_person"))
        problems.raise_if_any()

    check_as_well(form, check, same_as={"region_code": "region"})


def _record(request: HttpRequest, user: User, form: IntakeForm, channel: str) -> services.IntakeResult | None:
    """Create the order (answer it on the spot, or send it to the chosen recipient, when asked);
    None when refused (form errors)."""
    data = form.cleaned_data
    place, person = data.get("dispatch_to"), data.get("dispatch_person")
    try:
        service_type = service_type_by_code(data["service_type"]) if data.get("service_type") else None
        phone = normalize_phone(data.get("contact_phone") or "")
        answer = (data.get("answer") or "").strip()
        idempotency = services.Idempotency(
            client=f"user:{user.pk}", key=str(data["token"]), request_hash=services.Idempotency.hash_of(form.payload())
        )
        with transaction.atomic():
            check_intake_target(place, person)
            result = services.create_idempotent(
                idempotency,
                channel=channel,
                region=data.get("region_obj"),
                text=data.get("text") or "",
                requester=_caller_account(phone),
                contact_name=data.get("contact_name") or "",
                contact_phone=phone,
                topic=data.get("topic"),
                service_type=service_type,
                urgency=data.get("urgency") or "normal",
                special_groups=special_groups_mask(data.get("special_groups") or []),
                received_by=user,
                handle_myself=bool(data.get("handle_myself") or answer),
                auto_dispatch=place is None,
                details=_details(data),
            )
            if result.created and place is not None:
                dispatch_at_intake(order=result.order, actor=user, place=place, person=person, channel=channel)
            if result.created and answer:
                services.answer_work_order(
                    order=result.order, actor=user, answer=answer, close_with=data.get("result_code") or ""
                )
            if result.created and data.get("call_id"):
                calls_link.link_call(data["call_id"], result.order, user)
    except DomainError as exc:
        add_domain_error(form, exc)
        return None
    return result


def _done_message(request: HttpRequest, result: services.IntakeResult) -> None:
    order = result.order
    order.refresh_from_db()
    if not result.created:
        messages.info(
            request,
            gettext("该登记已提交过（重复提交），未重复生成工单：{tracking_number}。").format(
                tracking_number=order.tracking_number
            ),
        )
        return
    who = f"（{order.owner_user.display_name}）" if order.owner_user else ""
    messages.success(
        request,
        gettext("已登记工单 {tracking_number}，{get_status_display}：{owner_place_name}{who}。").format(
            tracking_number=order.tracking_number,
            get_status_display=order.get_status_display(),
            owner_place_name=order.owner_place_name,
            who=who,
        ),
    )
    request.session[LAST_REGISTERED_SESSION] = order.tracking_number


# The order just registered: the desk offers its receipt (受理回执) and 改派 until the next call.
LAST_REGISTERED_SESSION = "workbench_hotline_last_order"


@staff_required
@require_http_methods(["GET", "POST"])
def hotline(request: HttpRequest) -> HttpResponse:
    if "phone" in request.GET:
        # Old bookmarks and scripts: refuse rather than let the number reach the access log again.
        return HttpResponseNotAllowed(
            ["POST"], gettext("来电查询请使用页面上的“查找”按钮（POST），号码不能放在网址里。")
        )
    user = staff(request)
    phone = request.session.pop(HOTLINE_CALLER_SESSION, "") if request.method == "GET" else ""
    call_id = calls_link.current_call(request) if request.method == "GET" else ""
    county, counties = _county(request, user)
    form = _intake_form(request, user, county, {"contact_phone": phone, "call_id": call_id})
    refining = request.method == "POST" and request.POST.get("refine")
    if request.method == "POST" and not refining and form.is_valid():
        result = _record(request, user, form, Channel.HOTLINE)
        if result is not None:
            _done_message(request, result)
            calls_link.forget_call(request)
            number = normalize_phone(form.cleaned_data.get("contact_phone") or "")
            if number:  # show the caller's orders on the next page, without a URL parameter
                request.session[HOTLINE_CALLER_SESSION] = number
            return redirect("workbench:hotline")
    elif request.method == "POST" and not refining:
        _check_rest(user, form, Channel.HOTLINE)
    if refining:
        phone = normalize_phone(request.POST.get("contact_phone") or "")
    lookup = CallerLookupForm(initial={"phone": phone})
    return _hotline_page(request, user, form=form, lookup=lookup, phone=phone, county=county, counties=counties)


@staff_required
@require_POST
def hotline_caller(request: HttpRequest) -> HttpResponse:
    """来电查询: the caller's earlier orders. HTMX gets the result alone; without JavaScript the
    whole console comes back with the number filled into the intake form."""
    user = staff(request)
    lookup = CallerLookupForm(request.POST)
    phone = normalize_phone(lookup.cleaned_data["phone"]) if lookup.is_valid() else ""
    county, counties = _county(request, user)
    form = _intake_form(request, user, county, {"contact_phone": phone}, bind=False)
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "phone": phone,
            "earlier": selectors.orders_of_caller(user, phone),
            # Swapped in out of band, so the record form gets the number as without JavaScript.
            "contact_phone_input": form["contact_phone"].as_widget(attrs={"hx-swap-oob": "true"}) if phone else "",
        }
        return render(request, "workbench/partials/caller_history.html", context)
    return _hotline_page(request, user, form=form, lookup=lookup, phone=phone, county=county, counties=counties)


@staff_required
@require_POST
def hotline_recipient(request: HttpRequest) -> HttpResponse:
    """htmx: "派给…" again for what the call form says now (region, text, topic), with the new
    suggestion; the form is posted (the text may hold personal data), nothing is recorded."""
    user = staff(request)
    county, _ = _county(request, user)
    form = IntakeForm(
        initial={
            "dispatch_to": request.POST.get("dispatch_to", ""),
            "dispatch_person": request.POST.get("dispatch_person"),
        },
        regions=[],
        service_types=[],
    )
    _recipient(form, user, county, request.POST)
    return render(request, "workbench/hotline/recipient.html", {"form": form})


def _last_registered(request: HttpRequest, user: User) -> Any:
    number = request.session.get(LAST_REGISTERED_SESSION)
    if not number:
        return None
    return selectors.visible_to(user).filter(tracking_number=number).first() or _registered_by_me(user, number)


def _registered_by_me(user: User, number: str) -> Any:
    from gongfa.workorders.models import WorkOrder
    from gongfa.workorders.services.dispatch import registered_by

    order = WorkOrder.objects.filter(tracking_number=number).first()
    return order if order is not None and registered_by(order, user) else None


def _hotline_page(
    request: HttpRequest,
    user: User,
    *,
    form: IntakeForm,
    lookup: CallerLookupForm,
    phone: str,
    county: Region | None,
    counties: list[Region],
) -> HttpResponse:
    search = OrderSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = []
    if query:
        found = list(
            selectors.with_list_relations(
                selectors.apply_filters(selectors.visible_to(user), selectors.QueueFilters(query=query))
            ).order_by("-created_at")[:SEARCH_LIMIT]
        )
    context = {
        "form": form,
        "lookup": lookup,
        "search": search,
        "phone": phone,
        "query": query,
        "earlier": selectors.orders_of_caller(user, phone),
        "found": found,
        "county": county,
        "counties": counties,
        "title": gettext("12348热线坐席台"),
        "qa_form": QaPanelForm(prefix="qa"),
        "overnight": calls_link.overnight(user, OVERNIGHT_LIMIT),
        "last_order": _last_registered(request, user),
        "call_id": form["call_id"].value() or "",
    }
    return render(request, "workbench/hotline.html", context, status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def window(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    point = staff_point(user)
    channel = Channel.VILLAGE_ROOM if point is not None and point.tier == PointTier.ROOM else Channel.WINDOW
    county, counties = _county(request, user)
    initial: dict[str, Any] = {}
    if point is not None and point.tier in {PointTier.ROOM, PointTier.STATION}:
        initial["region"] = point.region.code
    form = _intake_form(request, user, county, initial)
    refining = request.method == "POST" and request.POST.get("refine")
    if request.method == "POST" and not refining and form.is_valid():
        result = _record(request, user, form, channel)
        if result is not None:
            _done_message(request, result)
            return redirect("workbench:order_detail", tracking_number=result.order.tracking_number)
    elif request.method == "POST" and not refining:
        _check_rest(user, form, channel)
    context = {
        "form": form,
        "county": county,
        "counties": counties,
        "point": point,
        "channel_label": Channel(channel).label,
    }
    return render(request, "workbench/window.html", context, status=400 if form.errors else 200)
