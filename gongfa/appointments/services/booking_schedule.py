"""The office schedule (排班): weekly slot templates per resource, and closures (停办日).

Only staff posted at the office, supervisors over its region and administrators change it. A
template may not overlap another active template of the same resource on the same weekday in an
overlapping validity period; a closure may not cover days with bookings still held (they are
rescheduled or cancelled first, so nobody is left with a slot on a closed day)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments.models import BookableResource, Booking, Closure, SlotTemplate
from gongfa.appointments.selectors.booking import may_manage_office
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.network.models import Agency

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _require_manager(actor: User, office: Agency) -> None:
    if not may_manage_office(actor, office):
        raise NotPermitted(gettext("只有{name}的工作人员或其上级主管可以修改预约排班。").format(name=office.name))


def _ranges_overlap(
    a_from: datetime.date | None,
    a_until: datetime.date | None,
    b_from: datetime.date | None,
    b_until: datetime.date | None,
) -> bool:
    low = max(a_from or datetime.date.min, b_from or datetime.date.min)
    high = min(a_until or datetime.date.max, b_until or datetime.date.max)
    return low <= high


def save_slot_template(
    *,
    actor: User,
    resource: BookableResource,
    weekday: int,
    starts_at: datetime.time | None,
    ends_at: datetime.time | None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    template: SlotTemplate | None = None,
) -> SlotTemplate:
    """Add a weekly slot (template None) or change one; every problem at once."""
    _require_manager(actor, resource.office)
    if template is not None and template.resource_id != resource.pk:
        raise DomainError(gettext("该时段不属于所选资源。"), code="wrong_resource", field="resource")
    problems = Problems()
    if not isinstance(weekday, int) or not 0 <= weekday <= 6:
        problems.add("weekday", gettext("请选择星期几。"), code="required")
    if starts_at is None:
        problems.add("starts_at", gettext("请填写开始时间。"), code="required")
    if ends_at is None:
        problems.add("ends_at", gettext("请填写结束时间。"), code="required")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.add("ends_at", gettext("结束时间须晚于开始时间。"), code="ends_before_start")
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        problems.add("valid_until", gettext("失效日期不能早于生效日期。"), code="ends_before_start")
    if not problems:
        assert starts_at is not None
        assert ends_at is not None
        others = SlotTemplate.objects.filter(resource=resource, weekday=weekday, is_active=True)
        if template is not None:
            others = others.exclude(pk=template.pk)
        for other in others:
            if (
                other.starts_at < ends_at
                and starts_at < other.ends_at
                and _ranges_overlap(valid_from, valid_until, other.valid_from, other.valid_until)
            ):
                problems.add(
                    "starts_at",
                    gettext("与已有时段{value} {starts_at:%H:%M}-{ends_at:%H:%M}重叠，请调整时间。").format(
                        value=WEEKDAYS[weekday], starts_at=other.starts_at, ends_at=other.ends_at
                    ),
                    code="overlap",
                )
                break
    problems.raise_if_any()
    assert starts_at is not None
    assert ends_at is not None
    verb = "appointments.slottemplate.add" if template is None else "appointments.slottemplate.change"
    template = template or SlotTemplate(resource=resource)
    template.weekday, template.starts_at, template.ends_at = weekday, starts_at, ends_at
    template.valid_from, template.valid_until, template.is_active = valid_from, valid_until, True
    try:
        with transaction.atomic():
            template.save()
            record_event(
                template,
                verb,
                actor=actor,
                channel=Channel.WORKBENCH,
                data={
                    "resource": resource.pk,
                    "weekday": weekday,
                    "starts_at": f"{starts_at:%H:%M}",
                    "ends_at": f"{ends_at:%H:%M}",
                },
                region=resource.office.region,
            )
    except IntegrityError:
        raise DomainError(
            gettext("{value} {starts_at:%H:%M}已有时段（可能已停用），请修改原时段。").format(
                value=WEEKDAYS[weekday], starts_at=starts_at
            ),
            code="overlap",
            field="starts_at",
        ) from None
    return template


def delete_slot_template(*, actor: User, template: SlotTemplate) -> None:
    """Remove a weekly slot. Bookings already made keep their slot (they hold it by date and time)."""
    resource = template.resource
    _require_manager(actor, resource.office)
    with transaction.atomic():
        record_event(
            resource,
            "appointments.slottemplate.delete",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={"template": template.pk, "weekday": template.weekday, "starts_at": f"{template.starts_at:%H:%M}"},
            region=resource.office.region,
        )
        template.delete()


def add_closure(
    *,
    actor: User,
    office: Agency,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    reason: str,
    resource: BookableResource | None = None,
) -> Closure:
    """停办: the office (or one resource) takes no bookings from starts_on to ends_on. Refused while
    bookings are still held on those days."""
    _require_manager(actor, office)
    problems = Problems()
    reason = (reason or "").strip()
    if not reason:
        problems.add("reason", gettext("请填写停办原因（将告知预约群众）。"), code="required")
    elif len(reason) > 128:
        problems.add("reason", gettext("停办原因不能超过 128 个字。"), code="too_long")
    if starts_on is None:
        problems.add("starts_on", gettext("请填写开始日期。"), code="required")
    if ends_on is None:
        problems.add("ends_on", gettext("请填写结束日期。"), code="required")
    if starts_on is not None and ends_on is not None:
        if ends_on < starts_on:
            problems.add("ends_on", gettext("结束日期不能早于开始日期。"), code="ends_before_start")
        elif (ends_on - starts_on).days > 366:
            problems.add("ends_on", gettext("一次停办不能超过一年。"), code="too_long")
    if resource is not None and resource.office_id != office.pk:
        problems.add(
            "resource",
            gettext("“{name}”不属于{name2}。").format(name=resource.name, name2=office.name),
            code="wrong_resource",
        )
    if not problems:
        held = Booking.objects.holding().filter(office=office, date__range=(starts_on, ends_on), status="booked")
        if resource is not None:
            held = held.filter(resource=resource)
        count = held.count()
        if count:
            problems.add(
                "starts_on",
                gettext("该期间已有 {count} 个预约，请先联系群众改约或取消后再设置停办。").format(count=count),
                code="bookings_exist",
            )
    problems.raise_if_any()
    assert starts_on is not None
    assert ends_on is not None
    with transaction.atomic():
        closure = Closure.objects.create(
            office=office, resource=resource, starts_on=starts_on, ends_on=ends_on, reason=reason
        )
        record_event(
            closure,
            "appointments.closure.add",
            actor=actor,
            channel=Channel.WORKBENCH,
            reason=reason,
            data={"starts_on": f"{starts_on}", "ends_on": f"{ends_on}", "resource": resource.pk if resource else None},
            region=office.region,
        )
    return closure


def remove_closure(*, actor: User, closure: Closure) -> None:
    """取消停办: the days become bookable again (if working days with templates)."""
    _require_manager(actor, closure.office)
    with transaction.atomic():
        record_event(
            closure.office,
            "appointments.closure.remove",
            actor=actor,
            channel=Channel.WORKBENCH,
            reason=closure.reason,
            data={"closure": closure.pk, "starts_on": f"{closure.starts_on}", "ends_on": f"{closure.ends_on}"},
            region=closure.office.region,
        )
        closure.delete()
