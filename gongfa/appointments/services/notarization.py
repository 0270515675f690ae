"""The notarization case (公证案件, rules.md §5.6): the application at the office, with the materials
checked against the matter's list (一次性告知). The later steps live in notarization_handling
(acceptance, the clock, refusal, termination, issue, archive) and notarization_review (复查); they
are re-exported here so callers import one module.

With a booking, the citizen is checked in (the booking part's check_in_booking), and the booking's
work order is converted to the case through the work-order mechanism (case kind "notarization",
registered by register_notarization_case_kind at app ready). When the case ends, the order is closed
and the citizen can rate it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments.choices import BookingStatus
from gongfa.appointments.models import Booking, NotarialMatter, NotarizationCase, OfficeMatter
from gongfa.appointments.selectors.notarization import OFFICE_ROLES
from gongfa.appointments.services.common import next_number
from gongfa.appointments.services.notarization_common import CHANNEL, acting_via, channel_of, clean
from gongfa.appointments.services.notarization_handling import (
    accept_case,
    archive_case,
    decline_case,
    finish_verification,
    issue_certificate,
    receive_supplement,
    recuse_notary,
    refuse_case,
    request_supplement,
    start_verification,
    terminate_case,
)
from gongfa.appointments.services.notarization_review import decide_review, request_review
from gongfa.audit.services import record_event
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_person_phone
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workorders.models import WorkOrder

__all__ = [
    "accept_case",
    "acting_via",
    "apply_for_notarization",
    "archive_case",
    "decide_review",
    "decline_case",
    "finish_verification",
    "issue_certificate",
    "may_act_at",
    "open_from_order",
    "receive_supplement",
    "recuse_notary",
    "refuse_case",
    "register_notarization_case_kind",
    "request_review",
    "request_supplement",
    "start_verification",
    "terminate_case",
]

CASE_KIND = "notarization"
# The case being registered, for the work-order opener (convert_to_case calls it back).
_APPLYING: ContextVar[NotarizationCase | None] = ContextVar("notarization_applying", default=None)


def may_act_at(actor: User, office: Agency) -> bool:
    """Office staff (notaries and clerks posted there), a supervisor over its region, an administrator."""
    scope = scope_for(actor)
    if scope.sees_everything:
        return True
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.covers_region(office.region) or office.pk in scope.agency_ids
    return scope.kind == ScopeKind.STAFF and actor.role in OFFICE_ROLES and office.pk in scope.agency_ids


def _material_problems(
    matter: NotarialMatter, provided: Iterable[int], by_commitment: Iterable[int], problems: Problems
) -> list[dict[str, object]]:
    """The matter's list with what was provided; every missing required item in ONE message."""
    items = list(matter.materials.order_by("sort_order", "pk"))
    known = {item.pk for item in items}
    given, committed = set(provided), set(by_commitment)
    strangers = (given | committed) - known
    if strangers:
        problems.add(
            "materials_provided", gettext("所选材料不属于该公证事项的材料清单，请重新勾选。"), code="unknown_material"
        )
    snapshot: list[dict[str, object]] = []
    missing: list[str] = []
    for item in items:
        has = item.pk in given
        promise = item.pk in committed and not has
        snapshot.append(
            {
                "id": item.pk,
                "name": item.name,
                "note": item.note,
                "required": item.required,
                "provided": has,
                "by_commitment": promise,
            }
        )
        if item.required and not has and not promise:
            missing.append(item.name)
    if missing:
        problems.add(
            "materials_provided",
            gettext("尚缺以下必需材料（一次性告知）：{join}。请补齐或签署书面承诺后再申请。").format(
                join="、".join(missing)
            ),
            code="materials_missing",
        )
    return snapshot


def _booking_problems(booking: Booking, office: Agency, problems: Problems) -> None:
    if booking.office_id != office.pk:
        problems.add("booking", gettext("该预约不是本公证处的预约。"), code="other_office")
    elif booking.status not in (BookingStatus.BOOKED, BookingStatus.ATTENDED):
        problems.add(
            "booking",
            gettext("该预约{get_status_display}，不能据以登记申请。").format(
                get_status_display=booking.get_status_display()
            ),
            code="booking_closed",
        )
    elif NotarizationCase.objects.filter(booking=booking).exists():
        problems.add("booking", gettext("该预约已登记公证申请。"), code="booking_used")


def apply_for_notarization(
    *,
    actor: User,
    office: Agency,
    matter: NotarialMatter,
    booking: Booking | None = None,
    applicant_name: str,
    applicant_phone: str,
    applicant_id_number: str = "",
    agent_name: str = "",
    purpose: str = "",
    destination: str = "",
    materials_provided: Iterable[int] = (),
    materials_by_commitment: Iterable[int] = (),
    user: User | None = None,
    channel: str = CHANNEL,
) -> NotarizationCase:
    """登记公证申请 (《公证法》第25–27条): → APPLIED. Every problem at once; nothing written on error."""
    if not may_act_at(actor, office):
        raise NotPermitted(gettext("您无权为该公证处登记公证申请。"))
    problems = Problems()
    if office.kind != AgencyKind.NOTARY_OFFICE:
        problems.add("office", gettext("所选机构不是公证机构。"), code="not_notary_office")
    handled = OfficeMatter.objects.filter(office=office, matter=matter, is_active=True, matter__is_active=True)
    if not handled.exists():
        problems.add("matter", gettext("本公证处不办理该事项。"), code="matter_not_handled")
    elif matter.children.filter(is_active=True).exists():
        problems.add("matter", gettext("请选择具体的公证事项（小项）。"), code="parent_matter")
    name = phone = id_number = agent = why = where = ""
    with problems.check():
        name = clean(applicant_name, field="applicant_name", label=gettext("申请人姓名"), max_chars=128)
    with problems.check():
        phone = normalize_phone(
            clean(applicant_phone, field="applicant_phone", label=gettext("联系电话"), max_chars=20)
        )
        try:
            validate_person_phone(phone)
        except ValidationError as error:
            raise DomainError(error.messages[0], code="phone", field="applicant_phone") from None
    if applicant_id_number and applicant_id_number.strip():
        id_number = normalize_id_number(applicant_id_number)
        try:
            validate_id_number(id_number)
        except ValidationError as error:
            problems.add("applicant_id_number", error.messages[0], code="id_number")
    with problems.check():
        agent = clean(agent_name, field="agent_name", label=gettext("代理人姓名"), max_chars=64, required=False)
    if agent and matter.in_person:
        problems.add(
            "agent_name",
            gettext("“{name}”须由申请人本人办理，不得委托他人代理（《公证法》第二十六条）。").format(name=matter.name),
            code="in_person",
        )
    with problems.check():
        why = clean(purpose, field="purpose", label=gettext("用途"), max_chars=128, required=False)
    with problems.check():
        where = clean(destination, field="destination", label=gettext("使用地"), max_chars=64, required=False)
    snapshot = _material_problems(matter, materials_provided, materials_by_commitment, problems)
    if booking is not None:
        _booking_problems(booking, office, problems)
    problems.raise_if_any()

    with transaction.atomic():
        if booking is not None:
            booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking.pk)
            if NotarizationCase.objects.filter(booking=booking).exists():
                raise DomainError(gettext("该预约已登记公证申请。"), code="booking_used", field="booking")
            if booking.status == BookingStatus.BOOKED:
                from gongfa.appointments.services.booking import check_in_booking

                booking = check_in_booking(actor=actor, booking=booking)
        case = NotarizationCase.objects.create(
            number=next_number("notarization"),
            office=office,
            matter=matter,
            booking=booking,
            work_order_id=booking.work_order_id if booking is not None else None,
            user=user or (booking.user if booking is not None else None),
            applicant_name=name,
            applicant_phone=phone,
            applicant_id_number=id_number,
            agent_name=agent,
            purpose=why,
            destination=where,
            materials=snapshot,
            created_by=actor,
        )
        record_event(
            case,
            "appointments.notarizationcase.apply",
            actor=actor,
            channel=channel_of(channel),
            to_status=case.status,
            data={
                "matter": matter.code,
                "booking": booking.number if booking is not None else "",
                "by_commitment": [str(i["name"]) for i in snapshot if i["by_commitment"]],
            },
            region=office.region,
        )
        if case.work_order_id is not None:
            _convert_order(case, case.work_order_id, actor)
    return case


# ---------------------------------------------------------------------------------------------
# The work order → case conversion


@contextmanager
def _applying(case: NotarizationCase) -> Iterator[None]:
    token = _APPLYING.set(case)
    try:
        yield
    finally:
        _APPLYING.reset(token)


def open_from_order(order: WorkOrder, actor: User) -> NotarizationCase:
    """The work order's case opener (转为案件 → 公证): a notarization case is only registered at the
    office with the applicant's materials, so this returns the case being registered for the order."""
    case = _APPLYING.get()
    if case is not None and case.work_order_id == order.pk:
        return case
    raise DomainError(
        gettext("公证案件须在公证处登记申请时生成：请在“登记公证申请”页选择该预约。"),
        code="apply_at_office",
        field="kind",
    )


def register_notarization_case_kind() -> None:
    """Called at app ready (AppointmentsConfig.ready)."""
    from gongfa.workorders.services import register_case_kind

    register_case_kind(CASE_KIND, "公证", open_from_order)


def _convert_order(case: NotarizationCase, order_id: int, actor: User) -> None:
    """The booking's order becomes the case (status CONVERTED, a CaseLink). Through
    workorders.convert_to_case when the actor may act on the order; otherwise as the system."""
    from gongfa.workorders.choices import WorkOrderStatus
    from gongfa.workorders.selectors import Action as OrderAction
    from gongfa.workorders.selectors import visible_to
    from gongfa.workorders.services.handling import CASE_KINDS, convert_to_case

    if CASE_KIND not in CASE_KINDS:
        register_notarization_case_kind()
    order = WorkOrder.objects.get(pk=order_id)
    if order.status not in (WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.ANSWERED):
        return  # not accepted by the office (or already ended): the case keeps its link only
    with _applying(case):
        if visible_to(actor, OrderAction.ACT).filter(pk=order.pk).exists():
            convert_to_case(order=order, actor=actor, kind=CASE_KIND)
            return
        from django.contrib.contenttypes.models import ContentType

        from gongfa.core.choices import Channel
        from gongfa.workorders.models import CaseLink
        from gongfa.workorders.services.common import step

        locked = WorkOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
        CaseLink.objects.create(order=locked, case_type=ContentType.objects.get_for_model(case), case_id=str(case.pk))
        step(locked, "convert", actor=None, channel=Channel.SYSTEM, data={"kind": CASE_KIND, "case_id": str(case.pk)})
