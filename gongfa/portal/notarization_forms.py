"""Forms and choices of notarization booking (公证预约), on the portal and, for staff booking on a
citizen's behalf (代约), on the workbench.

The steps are office → matter → mode → date and slot → details → confirm. What each step offers is
read here (the offices, the matters an office handles grouped by parent, the modes its resources and
the matter allow, the free slots grouped by date); booking, rescheduling and cancelling are the
services' (appointments.services.booking). The forms only collect what was typed: the service names
every problem at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import BookingMode, BookingStatus, ResourceKind, SpecialGroup
from gongfa.appointments.models import BookableResource, Booking, NotarialMatter, OfficeMatter
from gongfa.appointments.rules import CHANGE_CUTOFF_HOURS, MAX_RESCHEDULES
from gongfa.appointments.selectors.booking import Slot
from gongfa.core.forms import Form
from gongfa.core.i18n import Label
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region
from gongfa.network.selectors import region_setting

WEEKDAYS = (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))

# The resources whose slots are booked in each mode.
KINDS_OF_MODE: dict[str, tuple[str, ...]] = {
    BookingMode.AT_OFFICE: (ResourceKind.ROOM, ResourceKind.NOTARY),
    BookingMode.VIDEO: (ResourceKind.VIDEO,),
    BookingMode.AGENCY_POINT: (ResourceKind.AGENCY_POINT,),
    BookingMode.HOME_VISIT: (ResourceKind.HOME_VISIT,),
}
# What each mode means for the citizen, in plain words.
MODE_HINTS: dict[str, Label] = {
    BookingMode.AT_OFFICE: _("到公证处的业务室当面办理。"),
    BookingMode.VIDEO: _("在境外或外地、不方便回来的，通过视频与公证员当面办理。"),
    BookingMode.AGENCY_POINT: _("在乡镇公共法律服务工作站等代办点办理，不用跑到县城。"),
    BookingMode.HOME_VISIT: _("高龄老人、残疾人、重病患者等行动不便的，公证员上门办理，须填写上门地址。"),
}


# ---------------------------------------------------------------------------------------- choices


def notary_offices() -> QuerySet[Agency]:
    """The notary offices that take bookings (one active resource at least)."""
    return (
        Agency.objects.filter(kind=AgencyKind.NOTARY_OFFICE, is_active=True, booking_resources__is_active=True)
        .distinct()
        .select_related("region")
        .order_by("region__code", "name")
    )


def offices_for(matter: NotarialMatter | None) -> list[Agency]:
    offices = notary_offices()
    if matter is not None:
        offices = offices.filter(notarial_matters__matter=matter, notarial_matters__is_active=True)
    return list(offices)


@dataclass
class MatterChoiceGroup:
    """A parent matter (大项) with the matters under it the office handles."""

    name: str
    items: list[OfficeMatter] = field(default_factory=list)


def office_matters(office: Agency) -> list[OfficeMatter]:
    """What the office handles (its OfficeMatter rows, active matters only), in list order. One query."""
    return list(
        OfficeMatter.objects.filter(office=office, is_active=True, matter__is_active=True)
        .select_related("matter__parent")
        .order_by("matter__parent__sort_order", "matter__sort_order", "matter__code")
    )


def grouped_matters(rows: Iterable[OfficeMatter]) -> list[MatterChoiceGroup]:
    groups: dict[str, MatterChoiceGroup] = {}
    for row in rows:
        parent = row.matter.parent
        name = parent.name if parent is not None else row.matter.name
        groups.setdefault(name, MatterChoiceGroup(name)).items.append(row)
    return list(groups.values())


def office_matter(office: Agency, code: str) -> OfficeMatter | None:
    if not code:
        return None
    return (
        OfficeMatter.objects.filter(office=office, is_active=True, matter__is_active=True, matter__code=code)
        .select_related("matter__parent")
        .first()
    )


def allows(row: OfficeMatter, mode: str) -> bool:
    """Whether the matter may be done in this mode at this office (its own flag wins over the list's)."""
    if mode == BookingMode.VIDEO:
        return row.video_allowed if row.video_allowed is not None else row.matter.video_allowed
    if mode == BookingMode.AGENCY_POINT:
        own = row.agency_point_allowed
        return own if own is not None else row.matter.agency_point_allowed
    return True


def modes_for(office: Agency, row: OfficeMatter) -> list[tuple[str, str]]:
    """The modes the office offers (it has an active resource of the kind) and the matter allows."""
    kinds = set(BookableResource.objects.filter(office=office, is_active=True).values_list("kind", flat=True))
    return [
        (mode, str(label))
        for mode, label in BookingMode.choices
        if kinds & set(KINDS_OF_MODE[mode]) and allows(row, mode)
    ]


# ------------------------------------------------------------------------------------------ slots


def slot_key(slot: Slot) -> str:
    """The slot as one form value: resource, date and start (no personal data)."""
    return f"{slot.resource_id}-{slot.date:%Y%m%d}-{slot.starts_at:%H%M}"


@dataclass(frozen=True)
class SlotChoice:
    resource_id: int
    date: datetime.date
    starts_at: datetime.time


def parse_slot_key(value: str) -> SlotChoice | None:
    try:
        resource, day, start = value.split("-")
        return SlotChoice(
            int(resource),
            datetime.datetime.strptime(day, "%Y%m%d").date(),
            datetime.datetime.strptime(start, "%H%M").time(),
        )
    except (ValueError, AttributeError):
        return None


@dataclass
class SlotTime:
    key: str
    slot: Slot
    free: int = 1

    @property
    def label(self) -> str:
        return f"{self.slot.starts_at:%H:%M}–{self.slot.ends_at:%H:%M}"


@dataclass
class SlotDay:
    date: datetime.date
    times: list[SlotTime] = field(default_factory=list)

    @property
    def label(self) -> str:
        return gettext("{month}月{day}日 {value}").format(
            month=self.date.month, day=self.date.day, value=WEEKDAYS[self.date.weekday()]
        )

    @property
    def free(self) -> int:
        return sum(time.free for time in self.times)


def slot_days(slots: Sequence[Slot], *, by_resource: bool = False) -> list[SlotDay]:
    """The free slots by date; one choice per start time (the first free resource takes it) unless
    by_resource (staff choose the room or notary)."""
    days: dict[datetime.date, SlotDay] = {}
    seen: dict[tuple[datetime.date, datetime.time], SlotTime] = {}
    for slot in slots:
        day = days.setdefault(slot.date, SlotDay(slot.date))
        if not by_resource and (slot.date, slot.starts_at) in seen:
            seen[(slot.date, slot.starts_at)].free += 1
            continue
        time = SlotTime(slot_key(slot), slot)
        seen[(slot.date, slot.starts_at)] = time
        day.times.append(time)
    return sorted(days.values(), key=lambda d: d.date)


def find_slot(slots: Sequence[Slot], key: str) -> Slot | None:
    return next((slot for slot in slots if slot_key(slot) == key), None)


# ------------------------------------------------------------------------------------------ forms


def _optional(form: forms.Form, *names: str) -> None:
    for name in names:
        form.fields[name].optional = True  # type: ignore[attr-defined]


class DetailsForm(Form):
    """申请人信息: who comes, how to reach them. Every field is optional to Django so the service
    names all that is missing at once; only what the service does not need says （选填）."""

    mark_optional = False

    name = forms.CharField(label=_("姓名"), help_text=_("前来办理的申请人本人的姓名。"), required=False, max_length=64)
    phone = forms.CharField(
        label=_("手机号码"),
        help_text=_("用于接收预约确认和提醒短信。"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        label=_("身份证号码"),
        help_text=_("填写后办理时可以更快核对身份。"),
        required=False,
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    special_group = forms.ChoiceField(
        label=_("需要上门服务的原因"),
        choices=[("", _("请选择")), *SpecialGroup.choices],
        required=False,
    )
    address = forms.CharField(
        label=_("上门地址"), help_text=_("请写到门牌号，便于公证员找到。"), required=False, max_length=255
    )
    note = forms.CharField(
        label=_("备注"),
        help_text=_("例如：需要翻译、需要无障碍通道。不要填写银行卡号等敏感信息。"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, home_visit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _optional(self, "id_number", "note")
        if not home_visit:
            del self.fields["special_group"]
            del self.fields["address"]

    def service_kwargs(self) -> dict[str, str]:
        data = self.cleaned_data
        return {name: (data.get(name) or "").strip() for name in self.fields}


class SlotForm(Form):
    """The chosen slot (时段): one of the free slots offered."""

    slot = forms.CharField(label=_("预约时段"), required=False, max_length=40)

    def clean_slot(self) -> str:
        value: str = self.cleaned_data.get("slot") or ""
        if not value:
            raise forms.ValidationError(gettext("请选择预约时段。"))
        if parse_slot_key(value) is None:
            raise forms.ValidationError(gettext("所选时段不正确，请重新选择。"))
        return value


class CancelForm(Form):
    reason = forms.CharField(
        label=_("取消原因"),
        help_text=_("例如：时间冲突、材料没有备齐。"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _optional(self, "reason")


# Where the service's problems go on the details page (the rest: at the top, or the slot).
SLOT_FIELDS = {"date", "starts_at", "resource", "slot", "office"}


# ------------------------------------------------------------------------------- a booking's facts


def change_limits(region: Region | None) -> tuple[int, int]:
    """(cut-off hours, most reschedules) in the region (two reads of the region settings)."""
    return (
        int(region_setting(region, CHANGE_CUTOFF_HOURS.key)),
        int(region_setting(region, MAX_RESCHEDULES.key)),
    )


def change_refusal(
    booking: Booking,
    *,
    now: datetime.datetime | None = None,
    reschedule: bool = False,
    limits: tuple[int, int] | None = None,
) -> str:
    """Why the citizen may no longer change (or cancel) this booking on line, or "" when they may.
    The service decides in the end; the page only hides what it would refuse. A list passes the
    office's `limits` (change_limits) so the settings are read once per office, not per row."""
    if booking.status != BookingStatus.BOOKED:
        return gettext("该预约{get_status_display}，不能再改约或取消。").format(
            get_status_display=booking.get_status_display()
        )
    hours, most = limits or change_limits(booking.office.region)
    starts = timezone.make_aware(datetime.datetime.combine(booking.date, booking.starts_at))
    if starts - (now or timezone.now()) < datetime.timedelta(hours=hours):
        return gettext("距预约时间已不足{hours}小时，不能在网上改约或取消；如有变化请致电公证处。").format(hours=hours)
    if reschedule and booking.reschedule_count >= most:
        return gettext(
            "每个预约最多改约{most}次，本预约已改约{reschedule_count}次；如需改期请先取消再重新预约。"
        ).format(most=most, reschedule_count=booking.reschedule_count)
    return ""


def place_of(booking: Booking) -> str:
    """Where the appointment takes place, in plain words (the address of a home visit is not repeated)."""
    office = booking.office
    if booking.mode == BookingMode.AGENCY_POINT and booking.resource.point is not None:
        point = booking.resource.point
        return f"{point.name}（代办点）{point.address}".strip()
    if booking.mode == BookingMode.VIDEO:
        return gettext("视频办理：{name}会在预约前通过短信告知视频方式。").format(name=office.name)
    if booking.mode == BookingMode.HOME_VISIT:
        return gettext("上门办理：{name}的公证员到您填写的地址办理。").format(name=office.name)
    return f"{office.name}·{booking.resource.name} {office.address}".strip()
