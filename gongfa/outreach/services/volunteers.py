"""The verbs of volunteers, the expert pool and training (《法治宣传教育法》第46、47条):

- register_volunteer (by staff in the workbench, or a citizen for themself), then approve / reject
  (reason) / suspend (reason) / reinstate by a manager of the region (outreach.states.VOLUNTEER,
  through audit.services.transition), and record_service (a service date: "active" volunteers
  are those served in the last 12 months);
- save_expert (add or edit), set_expert_active (deactivate / back in the pool);
- call_expert for a work order the caller can see or for a mediation expert consultation in a
  region they manage, then record_expert_opinion on the call;
- record_training: a course for grassroots staff with its attendees.

Every input problem is collected and refused at once (ValidationFailed); nothing is saved then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import normalize_phone, validate_mobile
from gongfa.mediation.choices import ConsultationStatus
from gongfa.mediation.models import ExpertConsultation
from gongfa.network.models import Region
from gongfa.outreach.choices import VolunteerKind, VolunteerStatus
from gongfa.outreach.models import Expert, ExpertCall, TrainingCourse, Volunteer
from gongfa.outreach.selectors import volunteers as sel
from gongfa.outreach.selectors.access import can_manage
from gongfa.outreach.states import VOLUNTEER
from gongfa.workorders.models import Topic, WorkOrder
from gongfa.workorders.selectors import visible_to

CHANNEL = Channel.WORKBENCH
MAX_HOURS = Decimal("999.9")


def _text(problems: Problems, value: Any, *, field: str, label: str, max_chars: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        problems.add(field, gettext("请填写{label}。").format(label=label), code="required")
    elif len(text) > max_chars:
        problems.add(
            field,
            gettext("{label}不能超过 {max_chars} 个字（现在 {len} 个字）。").format(
                label=label, max_chars=max_chars, len=len(text)
            ),
            code="too_long",
        )
    return text


def _managed_region(
    problems: Problems, actor: User | None, region: Region | None, *, label: str = "区划", field: str = "region"
) -> None:
    if region is None:
        problems.add(field, gettext("请选择{label}。").format(label=label), code="required")
    elif actor is not None and not can_manage(actor, region):
        problems.add(field, gettext("您不能管理该区划的志愿者、专家和培训。"), code="region_not_managed")


def _require_manager(actor: User, region: Region) -> None:
    if not can_manage(actor, region):
        raise NotPermitted(gettext("您不能管理该区划的记录。"))


# --- volunteers ---------------------------------------------------------------------------------


def _same_phone_in_region(phone: str, region: Region, exclude: int | None = None) -> bool:
    """Volunteer.phone has no blind index: compare the decrypted numbers of the region's
    registrations (a region has at most some hundreds; rejected ones do not count)."""
    rows = Volunteer.objects.filter(region=region).exclude(status=VolunteerStatus.REJECTED)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return any(normalize_phone(row.phone or "") == phone for row in rows.only("pk", "phone"))


def register_volunteer(
    *,
    actor: User | None,
    name: str,
    phone: str,
    kind: str,
    organisation: str,
    region: Region | None,
    skills: Iterable[str] = (),
    availability: str = "",
    user: User | None = None,
    channel: str = CHANNEL,
) -> Volunteer:
    """志愿者登记: staff register in a region they manage (actor), a citizen registers themself
    (actor None, user their account, channel portal). The registration waits for approval."""
    problems = Problems()
    name = _text(problems, name, field="name", label=gettext("姓名"), max_chars=64)
    phone = normalize_phone(str(phone or ""))
    if not phone:
        problems.add("phone", gettext("请填写联系电话。"), code="required")
    else:
        try:
            validate_mobile(phone)
        except ValidationError as exc:
            problems.add("phone", exc.messages[0], code="phone")
    if kind not in VolunteerKind.values:
        problems.add("kind", gettext("请选择志愿者类别。"), code="required" if not kind else "invalid")
    organisation = _text(problems, organisation, field="organisation", label=gettext("工作单位/学校"), max_chars=128)
    _managed_region(problems, actor, region, label=gettext("服务区划"))
    codes = [str(code) for code in skills if code]
    known = set(Topic.objects.filter(code__in=codes, is_active=True).values_list("code", flat=True))
    if any(code not in known for code in codes):
        problems.add("skills", gettext("擅长领域的选项不在列表中，请重新选择。"), code="invalid")
    availability = _text(
        problems, availability, field="availability", label=gettext("可服务时间"), max_chars=128, required=False
    )
    with transaction.atomic():
        if region is not None and not problems.has("phone") and _same_phone_in_region(phone, region):
            problems.add(
                "phone",
                gettext("该手机号已在{name}登记为志愿者，请勿重复登记。").format(name=region.name),
                code="duplicate",
            )
        problems.raise_if_any()
        assert region is not None
        volunteer = Volunteer.objects.create(
            name=name,
            user=user,
            phone=phone,
            kind=kind,
            organisation=organisation,
            region=region,
            skills=list(dict.fromkeys(codes)),
            availability=availability,
        )
        record_event(
            volunteer,
            "outreach.volunteer.register",
            actor=actor or user,
            channel=channel,
            to_status=volunteer.status,
            data={"kind": kind},
            region=region,
        )
    return volunteer


DECISIONS = {t.action: t for t in VOLUNTEER.transitions}


def decide_volunteer(*, actor: User, volunteer: Volunteer, action: str, reason: str = "") -> Volunteer:
    """审核通过 / 审核不通过 / 暂停服务 / 恢复服务 by a manager of the volunteer's region; the
    reason is required where the table says so (reject, suspend)."""
    if action not in DECISIONS:
        raise DomainError(gettext("请选择要进行的操作。"), code="unknown_action", field="action")
    _require_manager(actor, volunteer.region)
    reason = (reason or "").strip()
    if len(reason) > 255:
        raise DomainError(
            gettext("原因不能超过 255 个字（现在 {len} 个字）。").format(len=len(reason)),
            code="too_long",
            field="reason",
        )
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().select_related("region").get(pk=volunteer.pk)
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = reason
        transition(
            locked,
            VOLUNTEER,
            action,
            actor=actor,
            channel=CHANNEL,
            reason=reason,
            region=locked.region,
            extra_update_fields=("decided_by", "decided_at", "decision_note"),
        )
    return locked


def record_service(*, actor: User, volunteer: Volunteer, served_on: datetime.date | None, note: str = "") -> Volunteer:
    """登记服务: an approved volunteer served on `served_on` (not in the future); last_active_on
    keeps the latest date."""
    _require_manager(actor, volunteer.region)
    problems = Problems()
    today = timezone.localdate()
    if served_on is None:
        problems.add("served_on", gettext("请填写服务日期。"), code="required")
    elif served_on > today:
        problems.add("served_on", gettext("服务日期不能晚于今天。"), code="future")
    note = _text(problems, note, field="note", label=gettext("服务内容"), max_chars=255, required=False)
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.status != VolunteerStatus.APPROVED:
            problems.add(
                None,
                gettext("该志愿者{get_status_display}，不能登记服务。").format(
                    get_status_display=locked.get_status_display()
                ),
                code="not_approved",
            )
        problems.raise_if_any()
        assert served_on is not None
        if locked.last_active_on is None or served_on > locked.last_active_on:
            locked.last_active_on = served_on
            locked.save(update_fields=["last_active_on"])
        record_event(
            locked,
            "outreach.volunteer.serve",
            actor=actor,
            channel=CHANNEL,
            reason=note,
            data={"served_on": served_on.isoformat()},
            region=volunteer.region,
        )
    return locked


# --- the expert pool ----------------------------------------------------------------------------


def save_expert(
    *,
    actor: User,
    expert: Expert | None = None,
    name: str,
    title: str = "",
    organisation: str,
    fields: Iterable[str],
    region: Region | None,
    user: User | None = None,
) -> Expert:
    """专家入库 / 修改: at least one field (a topic or dispute-category code)."""
    problems = Problems()
    if expert is not None:
        _require_manager(actor, expert.region)
    name = _text(problems, name, field="name", label=gettext("姓名"), max_chars=64)
    title = _text(problems, title, field="title", label=gettext("职称/职务"), max_chars=64, required=False)
    organisation = _text(problems, organisation, field="organisation", label=gettext("工作单位"), max_chars=128)
    codes = list(dict.fromkeys(str(code) for code in fields if code))
    known = sel.field_labels()
    if not codes:
        problems.add("fields", gettext("请至少选择一个专业领域。"), code="required")
    elif any(code not in known for code in codes):
        problems.add("fields", gettext("专业领域的选项不在列表中，请重新选择。"), code="invalid")
    _managed_region(problems, actor, region, label=gettext("所属区划"))
    problems.raise_if_any()
    assert region is not None
    values = {"name": name, "title": title, "organisation": organisation, "fields": codes, "region": region}
    with transaction.atomic():
        if expert is None:
            expert = Expert.objects.create(user=user, **values)
            verb = "outreach.expert.add"
        else:
            for key, value in values.items():
                setattr(expert, key, value)
            expert.save(update_fields=[*values])
            verb = "outreach.expert.edit"
        record_event(expert, verb, actor=actor, channel=CHANNEL, data={"fields": codes}, region=region)
    return expert


def set_expert_active(*, actor: User, expert: Expert, active: bool, reason: str = "") -> Expert:
    """出库 (with a reason) or 重新入库."""
    _require_manager(actor, expert.region)
    reason = (reason or "").strip()
    if not active and not reason:
        raise DomainError(gettext("请填写出库原因。"), code="reason_required", field="reason")
    if len(reason) > 255:
        raise DomainError(
            gettext("原因不能超过 255 个字（现在 {len} 个字）。").format(len=len(reason)),
            code="too_long",
            field="reason",
        )
    if expert.is_active == active:
        raise DomainError(gettext("该专家已在库。") if active else gettext("该专家已出库。"), code="unchanged")
    with transaction.atomic():
        expert.is_active = active
        expert.save(update_fields=["is_active"])
        verb = "outreach.expert.reactivate" if active else "outreach.expert.deactivate"
        record_event(expert, verb, actor=actor, channel=CHANNEL, reason=reason, region=expert.region)
    return expert


def call_expert(
    *,
    actor: User,
    expert: Expert | None,
    purpose: str,
    work_order: WorkOrder | None = None,
    consultation: ExpertConsultation | None = None,
) -> ExpertCall:
    """专家咨询/会诊: an active expert called for a work order the caller can see, or for a
    mediation expert consultation (still requested) in a region they manage."""
    if (work_order is None) == (consultation is None):
        raise DomainError(gettext("请指明为哪个工单或哪次专家会诊请专家。"), code="no_target")
    problems = Problems()
    if work_order is not None and not visible_to(actor).filter(pk=work_order.pk).exists():
        raise DomainError(gettext("找不到该工单，或您无权查看该工单。"), code="order_not_visible", field="work_order")
    if consultation is not None:
        if not can_manage(actor, consultation.case.region):
            raise NotPermitted(gettext("该专家会诊不在您管理的区划内。"))
        if consultation.status != ConsultationStatus.REQUESTED:
            problems.add(
                None,
                gettext("该会诊申请{get_status_display}，不能再请专家。").format(
                    get_status_display=consultation.get_status_display()
                ),
                code="not_requested",
            )
    if expert is None:
        problems.add("expert", gettext("请选择专家。"), code="required")
    elif not expert.is_active:
        problems.add(
            "expert", gettext("专家{name}已出库，不能再请其咨询。").format(name=expert.name), code="expert_inactive"
        )
    purpose = _text(problems, purpose, field="purpose", label=gettext("咨询事项"), max_chars=2000)
    problems.raise_if_any()
    assert expert is not None
    with transaction.atomic():
        call = ExpertCall.objects.create(
            expert=expert,
            purpose=purpose,
            work_order=work_order,
            mediation_consultation=consultation,
            called_by=actor,
        )
        record_event(
            call,
            "outreach.expertcall.call",
            actor=actor,
            channel=CHANNEL,
            data={
                "expert": expert.pk,
                "work_order": work_order.tracking_number if work_order else None,
                "consultation": consultation.pk if consultation else None,
            },
            region=consultation.case.region if consultation else (work_order.region if work_order else None),
        )
    return call


def record_expert_opinion(
    *, actor: User, call: ExpertCall, outcome: str, answered_on: datetime.date | None = None
) -> ExpertCall:
    """专家意见: what the expert advised, once per call (the caller or a manager records it)."""
    problems = Problems()
    outcome = _text(problems, outcome, field="outcome", label=gettext("专家意见"), max_chars=5000)
    today = timezone.localdate()
    if answered_on is not None and answered_on > today:
        problems.add("answered_on", gettext("答复日期不能晚于今天。"), code="future")
    if answered_on is not None and answered_on < timezone.localdate(call.called_at):
        problems.add("answered_on", gettext("答复日期不能早于发起日期。"), code="before_call")
    with transaction.atomic():
        locked = ExpertCall.objects.select_for_update().get(pk=call.pk)
        if locked.answered_at is not None:
            problems.add(None, gettext("该次咨询已记录专家意见。"), code="already_answered")
        problems.raise_if_any()
        locked.outcome = outcome
        if answered_on is None or answered_on == today:
            locked.answered_at = timezone.now()
        else:
            locked.answered_at = timezone.make_aware(datetime.datetime.combine(answered_on, datetime.time(12)))
        locked.save(update_fields=["outcome", "answered_at"])
        record_event(locked, "outreach.expertcall.answer", actor=actor, channel=CHANNEL)
    return locked


# --- training -----------------------------------------------------------------------------------


def _hours(problems: Problems, value: Any) -> Decimal | None:
    if value in (None, ""):
        problems.add("hours", gettext("请填写学时。"), code="required")
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        problems.add("hours", gettext("学时请填数字。"), code="invalid")
        return None
    if not hours.is_finite() or hours <= 0:
        problems.add("hours", gettext("学时须大于 0。"), code="not_positive")
    elif hours > MAX_HOURS:
        problems.add("hours", gettext("学时不能超过 {MAX_HOURS}。").format(MAX_HOURS=MAX_HOURS), code="too_many")
    elif hours != hours.quantize(Decimal("0.1")):
        problems.add("hours", gettext("学时最多保留 1 位小数。"), code="precision")
    else:
        return hours
    return None


def record_training(
    *,
    actor: User,
    title: str,
    organiser: str,
    region: Region | None,
    held_on: datetime.date | None,
    hours: Any,
    attendees: Iterable[User] = (),
    other_attendees: int | None = 0,
) -> TrainingCourse:
    """业务培训 (第46条): held already (not in the future), hours > 0; the attendees are platform
    users posted in the course's region; at least one person attended."""
    problems = Problems()
    title = _text(problems, title, field="title", label=gettext("培训名称"), max_chars=128)
    organiser = _text(problems, organiser, field="organiser", label=gettext("组织单位"), max_chars=128)
    _managed_region(problems, actor, region)
    if held_on is None:
        problems.add("held_on", gettext("请填写培训日期。"), code="required")
    elif held_on > timezone.localdate():
        problems.add("held_on", gettext("培训日期不能晚于今天（培训举办后再登记）。"), code="future")
    amount = _hours(problems, hours)
    others = other_attendees or 0
    if others < 0:
        problems.add("other_attendees", gettext("其他参训人数不能小于 0。"), code="negative")
    people = list(dict.fromkeys(attendees))
    if region is not None and people and not problems.has("region"):
        allowed = set(
            sel.attendee_candidates(actor, region).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
        )
        strangers = [p for p in people if p.pk not in allowed]
        if strangers:
            names = "、".join(p.real_name or p.username for p in strangers[:5])
            problems.add(
                "attendees",
                gettext("参训人员须是本区划的平台工作人员：{names}。").format(names=names),
                code="attendee_outside",
            )
    if not people and others <= 0:
        problems.add("attendees", gettext("请选择参训人员或填写其他参训人数。"), code="no_attendees")
    problems.raise_if_any()
    assert region is not None
    assert held_on is not None
    assert amount is not None
    with transaction.atomic():
        course = TrainingCourse.objects.create(
            title=title,
            organiser=organiser,
            region=region,
            held_on=held_on,
            hours=amount,
            other_attendees=others,
            created_by=actor,
        )
        course.attendees.set(people)
        record_event(
            course,
            "outreach.training.record",
            actor=actor,
            channel=CHANNEL,
            data={"hours": str(amount), "attendees": len(people), "other_attendees": others},
            region=region,
        )
    return course
