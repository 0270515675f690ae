"""预约办理 (公证预约) on the portal: office → matter → mode → date and slot → details → confirm, then
the confirmation with the material list told all at once (一次性告知).

Works without JavaScript: each step is a plain form (GET while choosing, so the back button and
reloading work; POST for the details), and the steps chosen so far travel in the query string
(office pk, matter code, mode, slot key: no personal data). A step given a wrong value shows that
step again with a clear error. Booking itself is the service's (book_slot), which names every
problem at once; a slot taken meanwhile shows the free slots again with "已被预约"."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingChannel, BookingMode
from gongfa.appointments.models import BookableResource, Booking, NotarialMatter, OfficeMatter
from gongfa.appointments.selectors.booking import Slot, available_slots, bookings_of
from gongfa.appointments.services.booking import book_slot
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError
from gongfa.core.forms import Form, add_domain_error
from gongfa.network.models import Agency
from gongfa.portal.notarization_forms import (
    MODE_HINTS,
    SLOT_FIELDS,
    DetailsForm,
    SlotDay,
    find_slot,
    grouped_matters,
    modes_for,
    office_matters,
    offices_for,
    parse_slot_key,
    slot_days,
)

STEPS = ("office", "matter", "mode", "slot", "details")
SLOT_TAKEN = "slot_taken"


class StepForm(Form):
    """Carries a step's error to the page's error summary (the choices are drawn by the template)."""

    office = forms.CharField(label=_("公证处"), required=False)
    matter = forms.CharField(label=_("公证事项"), required=False)
    mode = forms.CharField(label=_("办理方式"), required=False)
    slot = forms.CharField(label=_("预约时段"), required=False)


@dataclass
class Chosen:
    """What the citizen has chosen so far, each checked against what is offered, and the step to show."""

    step: str = "office"
    error: str = ""
    offices: list[Agency] = field(default_factory=list)
    office: Agency | None = None
    rows: list[OfficeMatter] = field(default_factory=list)
    row: OfficeMatter | None = None
    modes: list[tuple[str, str]] = field(default_factory=list)
    mode: str = ""
    slots: list[Slot] = field(default_factory=list)
    slot: Slot | None = None
    day: datetime.date | None = None

    @property
    def matter(self) -> NotarialMatter | None:
        return self.row.matter if self.row is not None else None

    def query(self, upto: str | None = None, **extra: str) -> str:
        """The query string of the steps chosen before `upto` (all of them without)."""
        values: dict[str, str] = {}
        if self.office is not None and upto != "office":
            values["office"] = str(self.office.pk)
        if self.row is not None and upto not in ("office", "matter"):
            values["matter"] = self.row.matter.code
        if self.mode and upto not in ("office", "matter", "mode"):
            values["mode"] = self.mode
        if self.slot is not None and upto in (None, "details"):
            values["slot"] = slot_key_of(self.slot)
        values.update({k: v for k, v in extra.items() if v})
        return urlencode(values)


def slot_key_of(slot: Slot) -> str:
    from gongfa.portal.notarization_forms import slot_key

    return slot_key(slot)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def resolve(params: QueryDict | dict[str, str], *, mode_required: bool = True) -> Chosen:
    """Check the steps in `params` in order; the first missing or wrong one is the step to show."""
    chosen = Chosen()
    code = params.get("matter") or ""
    wanted = NotarialMatter.objects.filter(code=code, is_active=True).first() if code else None
    chosen.offices = offices_for(wanted) if wanted is not None else []
    if not chosen.offices:
        chosen.offices = offices_for(None)
    office_id = _int(params.get("office"))
    chosen.office = next((o for o in chosen.offices if o.pk == office_id), None)
    if chosen.office is None:
        if office_id is not None or params.get("office"):
            chosen.error = "找不到该公证处，或该公证处不能网上预约，请重新选择。"
            return chosen
        if len(chosen.offices) != 1:
            return chosen
        chosen.office = chosen.offices[0]  # one office: nothing to choose
    chosen.step = "matter"
    chosen.rows = office_matters(chosen.office)
    chosen.row = next((r for r in chosen.rows if r.matter.code == code), None) if code else None
    if chosen.row is None:
        if code:
            chosen.error = "该公证处不办理所选事项，请从下面的清单中重新选择。"
        return chosen
    chosen.step = "mode"
    chosen.modes = modes_for(chosen.office, chosen.row)
    if not chosen.modes:
        chosen.error = "该事项在本公证处暂不能网上预约，请拨打公证处电话或12348咨询。"
        return chosen
    mode = params.get("mode") or ""
    if mode in dict(chosen.modes):
        chosen.mode = mode
    elif len(chosen.modes) == 1:
        chosen.mode = chosen.modes[0][0]
    else:
        if mode:
            chosen.error = "所选办理方式本事项不能使用，请重新选择。"
        return chosen
    chosen.step = "slot"
    chosen.slots = available_slots(chosen.office, mode=chosen.mode)
    chosen.day = _day(params.get("day"))
    key = params.get("slot") or ""
    if not key:
        return chosen
    chosen.slot = find_slot(chosen.slots, key)
    if chosen.slot is None:
        wanted_slot = parse_slot_key(key)
        if chosen.day is None and wanted_slot is not None:
            chosen.day = wanted_slot.date  # show that day's free slots again
        chosen.error = "该时段已被预约或不在可预约的日期内，请选择下面的空闲时段。"
        return chosen
    chosen.step = "details"
    return chosen


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _citizen(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def step_context(chosen: Chosen, url_name: str = "portal:notarization_book") -> dict[str, Any]:
    """What the step page shows: the step's choices, the steps chosen so far (each with a change link)."""
    form = StepForm({})
    if chosen.error:
        form.add_error(chosen.step if chosen.step in form.fields else None, chosen.error)
    days: list[SlotDay] = slot_days(chosen.slots) if chosen.step == "slot" else []
    day = next((d for d in days if d.date == chosen.day), days[0] if days else None)
    base = reverse(url_name)
    changes = []
    if chosen.office is not None and len(chosen.offices) > 1:
        changes.append(("公证处", chosen.office.name, f"{base}?{chosen.query('office', matter=_code(chosen))}"))
    if chosen.row is not None and chosen.step != "matter":
        changes.append(("公证事项", str(chosen.row.matter), f"{base}?{chosen.query('matter')}"))
    if chosen.mode and chosen.step not in ("matter", "mode") and len(chosen.modes) > 1:
        changes.append(("办理方式", str(BookingMode(chosen.mode).label), f"{base}?{chosen.query('mode')}"))
    return {
        "chosen": chosen,
        "form": form,
        "step": chosen.step,
        "groups": grouped_matters(chosen.rows) if chosen.step == "matter" else [],
        "mode_hints": MODE_HINTS,
        "days": days,
        "day": day,
        "changes": changes,
        "hidden": _hidden(chosen),
    }


def _code(chosen: Chosen) -> str:
    return chosen.row.matter.code if chosen.row is not None else ""


def _hidden(chosen: Chosen) -> list[tuple[str, str]]:
    """The hidden inputs that carry the steps before this one."""
    pairs: list[tuple[str, str]] = []
    if chosen.office is not None and chosen.step != "office":
        pairs.append(("office", str(chosen.office.pk)))
    if chosen.row is not None and chosen.step not in ("office", "matter"):
        pairs.append(("matter", chosen.row.matter.code))
    if chosen.mode and chosen.step not in ("office", "matter", "mode"):
        pairs.append(("mode", chosen.mode))
    return pairs


@door(Audience.CITIZEN)
@require_GET
def book(request: HttpRequest) -> HttpResponse:
    """预约办理: the step the choices so far lead to (an office with one choice is skipped)."""
    chosen = resolve(request.GET)
    if chosen.step == "details":
        return redirect(f"{reverse('portal:notarization_book_details')}?{chosen.query()}")
    return render(
        request,
        "portal/notarization/book.html",
        step_context(chosen),
        # A wrong choice is the request's fault (400); a matter with no mode here is not.
        status=400 if chosen.error and (chosen.step != "mode" or chosen.modes) else 200,
    )


# --- details and confirm ------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _resource(chosen: Chosen) -> BookableResource:
    assert chosen.slot is not None
    return BookableResource.objects.select_related("point").get(pk=chosen.slot.resource_id)


def _book(chosen: Chosen, form: DetailsForm, user: User, client_key: str, *, keep: bool) -> Booking | None:
    """book_slot with what was typed; with keep=False only to ask for its problems (rolled back)."""
    assert chosen.office is not None
    assert chosen.row is not None
    assert chosen.slot is not None
    kwargs = form.service_kwargs()
    try:
        with transaction.atomic():
            booking = book_slot(
                actor=user,
                office=chosen.office,
                resource=_resource(chosen),
                matter=chosen.row.matter,
                date=chosen.slot.date,
                starts_at=chosen.slot.starts_at,
                user=user,
                channel=BookingChannel.PORTAL,
                client_key=client_key if keep else None,
                name=kwargs.get("name", ""),
                phone=kwargs.get("phone", ""),
                id_number=kwargs.get("id_number", ""),
                address=kwargs.get("address", ""),
                special_group=kwargs.get("special_group", ""),
                note=kwargs.get("note", ""),
            )
            if not keep or form.errors:
                raise _Rollback
    except _Rollback:
        return None
    return booking


def slot_taken(error: DomainError) -> bool:
    return any(p.code == SLOT_TAKEN for p in error.problems) or error.code == SLOT_TAKEN


def _slot_again(request: HttpRequest, chosen: Chosen, error: DomainError) -> HttpResponse:
    """The slot went meanwhile (or the service refused it): the free slots again, with the reason."""
    assert chosen.office is not None
    chosen.step = "slot"
    chosen.slots = available_slots(chosen.office, mode=chosen.mode)
    if chosen.slot is not None:
        chosen.day = chosen.slot.date
    chosen.slot = None
    chosen.error = error.message if not slot_taken(error) else "您选的时段刚刚已被预约，请重新选择一个空闲时段。"
    return render(request, "portal/notarization/book.html", step_context(chosen), status=409)


def _only_slot_problems(error: DomainError) -> bool:
    return all((p.field in SLOT_FIELDS) or p.code == SLOT_TAKEN for p in error.problems)


def details_context(chosen: Chosen, form: DetailsForm, **extra: Any) -> dict[str, Any]:
    context = step_context(chosen)
    context.update(form=form, step="details", back=f"{reverse('portal:notarization_book')}?{chosen.query('slot')}")
    context.update(extra)
    return context


@door(Audience.CITIZEN)
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    """填写信息 and 确认预约: the applicant's name and phone (prefilled from the account), the ID
    number （选填）, for a home visit the reason and the address; then a page to check it all and
    confirm. Every problem is shown at once; nothing is kept until the citizen confirms."""
    user = _citizen(request)
    if request.method == "POST" and request.POST.get("stage") == "confirm":
        # A second press of 确认预约 (or a retry after a lost answer) finds the booking it made.
        made = bookings_of(user).filter(client_key=request.POST.get("client_key") or "-").first()
        if made is not None:
            return redirect("portal:notarization_booking", number=made.number)
    chosen = resolve(request.GET)
    if chosen.step == "slot" and chosen.error and request.method == "POST":
        return _slot_again(request, chosen, DomainError(gettext("已被预约"), code=SLOT_TAKEN))
    if chosen.step != "details":
        return redirect(f"{reverse('portal:notarization_book')}?{request.GET.urlencode()}")
    home_visit = chosen.mode == BookingMode.HOME_VISIT
    if request.method == "GET":
        form = DetailsForm(initial={"name": user.real_name, "phone": user.phone}, home_visit=home_visit)
        return render(request, "portal/notarization/details.html", details_context(chosen, form))
    form = DetailsForm(request.POST, home_visit=home_visit)
    stage = request.POST.get("stage", "check")
    client_key = request.POST.get("client_key", "")
    if not _valid_key(client_key):
        client_key = uuid.uuid4().hex
    form.is_valid()
    if stage == "edit":
        form = DetailsForm(initial=form.cleaned_data, home_visit=home_visit)
        return render(request, "portal/notarization/details.html", details_context(chosen, form))
    try:
        booking = _book(chosen, form, user, client_key, keep=stage == "confirm")
    except DomainError as exc:
        if slot_taken(exc) or _only_slot_problems(exc):
            return _slot_again(request, chosen, exc)
        add_domain_error(form, exc, skip_faulted=True)
        booking = None
    if form.errors:
        return render(request, "portal/notarization/details.html", details_context(chosen, form), status=400)
    if booking is None:  # checked: show it all once more before booking
        resource = _resource(chosen)
        return render(
            request,
            "portal/notarization/confirm.html",
            details_context(chosen, form, resource=resource, client_key=client_key, values=_values(form)),
        )
    return redirect("portal:notarization_booking", number=booking.number)


def _valid_key(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def _values(form: DetailsForm) -> list[tuple[str, str, str, str]]:
    """(name, label, value, shown) of each field for the confirm page: the ID number shown masked."""
    from gongfa.core.masking import mask_id_number

    rows = []
    for name, field_ in form.fields.items():
        value = form.cleaned_data.get(name) or ""
        shown = value
        if name == "id_number" and value:
            shown = mask_id_number(value)
        if name == "special_group" and value:
            shown = dict(field_.choices).get(value, value)  # type: ignore[attr-defined]
        rows.append((name, str(field_.label), value, shown))
    return rows
