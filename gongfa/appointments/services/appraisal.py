"""Judicial-appraisal referral (司法鉴定委托引导, rules.md §3.7 and §5.7; practice.md §d).

The centre only guides: it records the matter, the citizen and the institution chosen, and follows
the institution's clocks. Every step goes through the APPRAISAL transition table and writes an
event; every bad input is refused with all its problems at once, nothing changed.

Who acts (appointments.selectors.appraisal):
- registering, choosing the institution (by agreement or by draw), recording guidance, withdrawing:
  legal-aid reviewers, window staff, hotline agents and supervisors within their region scope
  (administrators everywhere);
- accepting or declining, signing the agreement, extending, issuing the opinion: the staff posted
  at the referral's institution as appraiser or intake clerk (NotPermitted for anyone else, even
  another institution's staff).

The random draw (摇号), reproducible from what is stored:
    candidates = ids of eligible_institutions(region, category), sorted ascending
    seed       = secrets.token_hex(16)                       (32 hex characters, stored in draw_seed)
    chosen     = candidates[random.Random(seed).randrange(len(candidates))]
`random.Random(str)` seeds the Mersenne Twister from the string's SHA-512 (version 2 seeding,
stable across Python versions), so `replay_draw` recomputes the same institution from
draw_seed and draw_candidates. Draw and commission happen in one step.

Fees (《法律援助法》第53条): a referral from a legal-aid case in which aid was granted is flagged
fee_waiver automatically. In litigation (《司法鉴定程序通则》第11条 ⚠) the court or another
case-handling organ commissions: the referral records guidance only and cannot be commissioned.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments import rules
from gongfa.appointments.choices import AppraisalStatus, SelectionMethod
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral, InstitutionCategory
from gongfa.appointments.selectors.appraisal import (
    acts_for_institution,
    eligibility,
    may_create_in,
    visible_referrals,
)
from gongfa.appointments.services.common import next_number
from gongfa.appointments.states import APPRAISAL
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import (
    contains_control_chars,
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_person_phone,
)
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import add_working_days

A = AppraisalStatus
CHANNEL = Channel.WORKBENCH
_ACTING_VIA: ContextVar[str | None] = ContextVar("appraisal_acting_via", default=None)

# 《法律援助法》第53条: the recipient of legal aid (aid decided and being or having been given).
AID_GRANTED_STATUSES = ("granted", "assigned", "in_service", "closing_review", "closed")

GUIDANCE = (
    "诉讼中的鉴定由人民法院等办案机关委托（《司法鉴定程序通则》第十一条 ⚠ 条文序号未核实），"
    "当事人不能自行委托。请向{court}提出鉴定申请，由其委托鉴定机构；"
    "鉴定费用有困难的，可以向办案机关申请缓交、减交或免交。"
)


@contextmanager
def acting_via(channel: str) -> Iterator[None]:
    """Within this block, appraisal events are recorded as coming through `channel` (the API)."""
    token = _ACTING_VIA.set(channel)
    try:
        yield
    finally:
        _ACTING_VIA.reset(token)


def _channel() -> str:
    return _ACTING_VIA.get() or CHANNEL


# ---------------------------------------------------------------------------------------------
# Helpers


def _text(
    value: str | None, problems: Problems, *, field: str, label: str, max_chars: int, required: bool = True
) -> str:
    text = (value or "").strip()
    if not text:
        if required:
            problems.add(field, gettext("请填写{label}。").format(label=label), code="required")
        return ""
    if len(text) > max_chars:
        problems.add(
            field,
            gettext("{label}不能超过 {max_chars} 个字（现在 {len} 个字）。").format(
                label=label, max_chars=max_chars, len=len(text)
            ),
            code="too_long",
        )
    elif contains_control_chars(text):
        problems.add(
            field,
            gettext("{label}中含有不可见的控制字符，请删除后重新提交。").format(label=label),
            code="control_chars",
        )
    return text


def _date(
    value: datetime.date | None, problems: Problems, *, field: str, label: str, earliest: datetime.date | None
) -> datetime.date:
    today = timezone.localdate()
    day = value or today
    if day > today:
        problems.add(
            field, gettext("{label}不能晚于今天（{today:%Y-%m-%d}）。").format(label=label, today=today), code="future"
        )
    elif earliest is not None and day < earliest:
        problems.add(
            field,
            gettext("{label}不能早于{earliest:%Y-%m-%d}。").format(label=label, earliest=earliest),
            code="too_early",
        )
    return day


def _setting(referral: AppraisalReferral, spec: Any) -> int:
    return int(region_setting(referral.region, spec.key))


def _lock(referral: AppraisalReferral) -> AppraisalReferral:
    return (
        AppraisalReferral.objects.select_for_update(of=("self",))
        .select_related("region", "category", "institution")
        .get(pk=referral.pk)
    )


def _lock_as_creator(actor: User, referral: AppraisalReferral) -> AppraisalReferral:
    locked = _lock(referral)
    if not may_create_in(actor, locked.region):
        raise NotPermitted(gettext("您无权办理该司法鉴定委托引导（不在您负责的地区）。"))
    return locked


def _lock_as_institution(actor: User, referral: AppraisalReferral) -> AppraisalReferral:
    locked = _lock(referral)
    if not acts_for_institution(actor, locked):
        raise NotPermitted(gettext("只有受委托鉴定机构的司法鉴定人或受理人员可以办理此步骤。"))
    return locked


def _require_step(referral: AppraisalReferral, action: str) -> None:
    APPRAISAL.get(referral.status, action)  # InvalidTransition, with the status named


def _step(
    referral: AppraisalReferral,
    action: str,
    *,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    transition(
        referral,
        APPRAISAL,
        action,
        actor=actor,
        channel=_channel(),
        reason=reason,
        data=data,
        region=referral.region,
        extra_update_fields=fields,
    )


# ---------------------------------------------------------------------------------------------
# The register: which categories an institution practises


def set_institution_categories(
    *, actor: User, institution: Agency, categories: Iterable[AppraisalCategory]
) -> list[AppraisalCategory]:
    """Record the categories (and sub-categories) an institution is registered for (执业类别, from
    the register 名册), replacing the previous list. Administrators and supervisors over the
    institution's region. A parent category covers all its sub-categories."""
    chosen = list(categories)
    problems = Problems()
    if institution.kind != AgencyKind.APPRAISAL_INSTITUTION:
        problems.add(
            "institution", gettext("“{name}”不是司法鉴定机构。").format(name=institution.name), code="not_institution"
        )
    if not chosen:
        problems.add("categories", gettext("请至少选择一个执业类别。"), code="required")
    problems.raise_if_any()
    if not (actor.is_administrator or (actor.is_supervisor and may_create_in(actor, institution.region))):
        raise NotPermitted(gettext("只有系统管理员或该地区的督办主管可以登记鉴定机构的执业类别。"))
    with transaction.atomic():
        before = sorted(
            InstitutionCategory.objects.filter(institution=institution).values_list("category__code", flat=True)
        )
        InstitutionCategory.objects.filter(institution=institution).exclude(category__in=chosen).delete()
        for category in chosen:
            InstitutionCategory.objects.get_or_create(institution=institution, category=category)
        record_event(
            institution,
            "appointments.institution.categories_set",
            actor=actor,
            channel=_channel(),
            data={"before": before, "after": sorted(c.code for c in chosen)},
            region=institution.region,
        )
    return chosen


# ---------------------------------------------------------------------------------------------
# Registering a referral


def _aid_granted(application: Any) -> bool:
    return application is not None and application.status in AID_GRANTED_STATUSES


def create_referral(
    *,
    actor: User,
    region: Region | None,
    category: AppraisalCategory | None,
    matter: str,
    applicant_name: str,
    applicant_phone: str,
    applicant_id_number: str = "",
    purpose: str = "",
    in_litigation: bool = False,
    court_name: str = "",
    legal_aid_application: Any = None,
    work_order: Any = None,
    user: User | None = None,
) -> AppraisalReferral:
    """登记司法鉴定委托引导. A referral from a legal-aid case where aid was granted carries the fee
    waiver (第53条). In litigation, court_name is required and the referral records guidance only
    (GUIDANCE_GIVEN at once)."""
    problems = Problems()
    if region is None:
        problems.add("region", gettext("请选择所在区划。"), code="required")
    if category is None:
        problems.add("category", gettext("请选择鉴定类别。"), code="required")
    matter_text = _text(matter, problems, field="matter", label=gettext("鉴定事项"), max_chars=255)
    name = _text(applicant_name, problems, field="applicant_name", label=gettext("申请人姓名"), max_chars=128)
    phone = normalize_phone(applicant_phone or "")
    if not phone:
        problems.add("applicant_phone", gettext("请填写申请人联系电话。"), code="required")
    else:
        try:
            validate_person_phone(phone)
        except ValidationError as exc:
            problems.add("applicant_phone", exc.messages[0], code="phone")
    id_number = normalize_id_number(applicant_id_number or "")
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            problems.add("applicant_id_number", exc.messages[0], code="id_number")
    purpose_text = _text(purpose, problems, field="purpose", label=gettext("鉴定用途"), max_chars=255, required=False)
    court = _text(
        court_name, problems, field="court_name", label=gettext("办案机关"), max_chars=128, required=in_litigation
    )
    if legal_aid_application is not None:
        from gongfa.legalaid.selectors import visible_to

        if not visible_to(actor).filter(pk=legal_aid_application.pk).exists():
            problems.add("legal_aid_application", gettext("找不到该法律援助案件，或您无权查看。"), code="not_visible")
    if region is not None and not may_create_in(actor, region):
        raise NotPermitted(gettext("您无权在该地区登记司法鉴定委托引导。"))
    problems.raise_if_any()
    assert region is not None
    assert category is not None
    fee_waiver = _aid_granted(legal_aid_application)
    with transaction.atomic():
        referral = AppraisalReferral.objects.create(
            number=next_number("appraisal"),
            region=region,
            category=category,
            matter=matter_text,
            purpose=purpose_text,
            user=user,
            applicant_name=name,
            applicant_phone=phone,
            applicant_id_number=id_number,
            legal_aid_application=legal_aid_application,
            work_order=work_order,
            fee_waiver=fee_waiver,
            in_litigation=bool(in_litigation),
            court_name=court,
            created_by=actor,
        )
        record_event(
            referral,
            "appointments.appraisalreferral.create",
            actor=actor,
            channel=_channel(),
            to_status=referral.status,
            data={
                "category": category.code,
                "fee_waiver": fee_waiver,
                "in_litigation": bool(in_litigation),
                "legal_aid_application": getattr(legal_aid_application, "number", None),
                **({"article": "《法律援助法》第五十三条"} if fee_waiver else {}),
            },
            region=region,
        )
        if in_litigation:
            referral.guidance = GUIDANCE.format(court=court)
            _step(referral, "give_guidance", actor=actor, data={"court_name": court}, fields=("guidance",))
    return referral


def give_guidance(*, actor: User, referral: AppraisalReferral, court_name: str) -> AppraisalReferral:
    """The matter turns out to be in litigation: record that the court or case-handling organ
    commissions, and the guidance given (CREATED → GUIDANCE_GIVEN)."""
    problems = Problems()
    court = _text(court_name, problems, field="court_name", label=gettext("办案机关"), max_chars=128)
    with transaction.atomic():
        locked = _lock_as_creator(actor, referral)
        _require_step(locked, "give_guidance")
        problems.raise_if_any()
        locked.in_litigation = True
        locked.court_name = court
        locked.guidance = GUIDANCE.format(court=court)
        _step(
            locked,
            "give_guidance",
            actor=actor,
            data={"court_name": court},
            fields=("in_litigation", "court_name", "guidance"),
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Choosing the institution and commissioning


def _commission_problems(referral: AppraisalReferral) -> None:
    _require_step(referral, "commission")
    if referral.in_litigation:
        raise DomainError(
            gettext("该事项已在诉讼中，鉴定应由人民法院等办案机关委托，不能由本平台委托鉴定机构。"),
            code="in_litigation",
        )


def _commission(
    referral: AppraisalReferral, actor: User, institution: Agency, method: str, data: dict[str, Any]
) -> None:
    today = timezone.localdate()
    referral.institution = institution
    referral.selection_method = method
    referral.commissioned_on = today
    referral.accept_due = add_working_days(today, _setting(referral, rules.APPRAISAL_ACCEPT_WORKING_DAYS))
    _step(
        referral,
        "commission",
        actor=actor,
        data={
            **data,
            "institution": institution.pk,
            "institution_name": institution.name,
            "method": method,
            "accept_due": referral.accept_due.isoformat(),
        },
        fields=(
            "institution",
            "selection_method",
            "commissioned_on",
            "accept_due",
            "draw_seed",
            "draw_candidates",
            "drawn_at",
            "drawn_by",
            "draw_witness",
        ),
    )


def _no_eligible(referral: AppraisalReferral, area: Region | None) -> DomainError:
    where = area.name if area is not None else referral.region.name
    return DomainError(
        gettext(
            "没有符合条件的鉴定机构（类别：{category}，地区：{where}）。请先在鉴定机构名册中登记其执业类别，或改为协商选定其他地区的机构。"
        ).format(category=referral.category, where=where),
        code="no_eligible_institution",
        field="institution",
    )


def commission_by_agreement(
    *, actor: User, referral: AppraisalReferral, institution: Agency | None
) -> AppraisalReferral:
    """当事人协商选定: the parties name an eligible institution; it is commissioned at once."""
    with transaction.atomic():
        locked = _lock_as_creator(actor, referral)
        _commission_problems(locked)
        if institution is None:
            raise DomainError(gettext("请选择协商选定的鉴定机构。"), code="required", field="institution")
        found = eligibility(locked.region, locked.category)
        if institution.pk not in {i.pk for i in found.institutions}:
            if not found.institutions:
                raise _no_eligible(locked, found.area)
            raise DomainError(
                gettext("“{name}”不在本地区登记从事“{category}”的鉴定机构名册中，请另选。").format(
                    name=institution.name, category=locked.category
                ),
                code="not_eligible",
                field="institution",
            )
        _commission(locked, actor, institution, SelectionMethod.AGREEMENT, {})
    return locked


def pick(seed: str, candidates: Sequence[int]) -> int:
    """The draw itself: the candidate the seed selects (see the module docstring)."""
    if not candidates:
        raise ValueError("no candidates")
    # Not for secrecy: the seed is drawn by `secrets`; Random makes the draw reproducible from it.
    return candidates[random.Random(seed).randrange(len(candidates))]  # noqa: S311


def draw_institution(*, actor: User, referral: AppraisalReferral, witness: str = "") -> AppraisalReferral:
    """随机摇号: draw among the eligible institutions with a fresh seed, record the seed, the
    candidates, who drew, the witness and the time, and commission the institution drawn."""
    problems = Problems()
    witness_name = _text(witness, problems, field="witness", label=gettext("见证人"), max_chars=128, required=False)
    with transaction.atomic():
        locked = _lock_as_creator(actor, referral)
        _commission_problems(locked)
        problems.raise_if_any()
        found = eligibility(locked.region, locked.category)
        if not found.institutions:
            raise _no_eligible(locked, found.area)
        candidates = sorted(i.pk for i in found.institutions)
        seed = secrets.token_hex(16)
        chosen_id = pick(seed, candidates)
        chosen = next(i for i in found.institutions if i.pk == chosen_id)
        locked.draw_seed = seed
        locked.draw_candidates = candidates
        locked.drawn_at = timezone.now()
        locked.drawn_by = actor
        locked.draw_witness = witness_name
        _commission(
            locked,
            actor,
            chosen,
            SelectionMethod.RANDOM_DRAW,
            {
                "seed": seed,
                "candidates": candidates,
                "witness": witness_name,
                "area": found.area.code if found.area else "",
            },
        )
    return locked


def replay_draw(referral: AppraisalReferral) -> Agency:
    """复核摇号结果: recompute the draw from the stored seed and candidates."""
    if referral.selection_method != SelectionMethod.RANDOM_DRAW or not referral.draw_seed:
        raise DomainError(gettext("该委托不是随机摇号选定的机构，无可复核的摇号记录。"), code="not_drawn")
    return Agency.objects.get(pk=pick(referral.draw_seed, list(referral.draw_candidates)))


def open_referral(
    *, method: str = "", institution: Agency | None = None, witness: str = "", **fields: Any
) -> AppraisalReferral:
    """The new-referral page in one step: register (create_referral, `fields`) and, out of
    litigation, commission at once by random draw or by agreement. Every problem of the form at
    once; a refusal of the draw (no eligible institution) undoes the registration too."""
    problems = Problems()
    if not fields.get("in_litigation"):
        if method not in SelectionMethod.values:
            problems.add("method", gettext("请选择鉴定机构选定方式（随机摇号或协商选定）。"), code="required")
        elif method == SelectionMethod.AGREEMENT and institution is None:
            problems.add("institution", gettext("请选择协商选定的鉴定机构。"), code="required")
    with transaction.atomic():
        referral: AppraisalReferral | None = None
        with problems.check():
            referral = create_referral(**fields)
        problems.raise_if_any()
        assert referral is not None
        if referral.in_litigation:
            return referral
        if method == SelectionMethod.RANDOM_DRAW:
            return draw_institution(actor=fields["actor"], referral=referral, witness=witness)
        return commission_by_agreement(actor=fields["actor"], referral=referral, institution=institution)


# ---------------------------------------------------------------------------------------------
# The institution's steps


def accept_referral(
    *, actor: User, referral: AppraisalReferral, accepted_on: datetime.date | None = None
) -> AppraisalReferral:
    """鉴定机构受理 (通则第13条 ◐): within accept_due; a late decision is accepted and recorded as late."""
    problems = Problems()
    with transaction.atomic():
        locked = _lock_as_institution(actor, referral)
        _require_step(locked, "accept")
        day = _date(
            accepted_on, problems, field="accepted_on", label=gettext("受理日期"), earliest=locked.commissioned_on
        )
        problems.raise_if_any()
        late = locked.accept_due is not None and day > locked.accept_due
        locked.accepted_on = day
        _step(
            locked,
            "accept",
            actor=actor,
            reason="逾期作出受理决定" if late else "",
            data={"accepted_on": day.isoformat(), "late": late, "accept_due": str(locked.accept_due)},
            fields=("accepted_on",),
        )
    return locked


def decline_referral(*, actor: User, referral: AppraisalReferral, reason: str) -> AppraisalReferral:
    """鉴定机构不予受理: reasons given, materials returned (→ NOT_ACCEPTED)."""
    problems = Problems()
    why = _text(reason, problems, field="reason", label=gettext("不予受理的理由"), max_chars=2000)
    with transaction.atomic():
        locked = _lock_as_institution(actor, referral)
        _require_step(locked, "decline")
        problems.raise_if_any()
        locked.not_accepted_reason = why
        locked.ended_at = timezone.now()
        _step(
            locked,
            "decline",
            actor=actor,
            reason=why,
            data={"materials_returned": True},
            fields=("not_accepted_reason", "ended_at"),
        )
    return locked


def sign_agreement(
    *, actor: User, referral: AppraisalReferral, signed_on: datetime.date | None = None
) -> AppraisalReferral:
    """签订委托协议 (→ IN_APPRAISAL): the completion clock starts, 30 working days ◐ from the date
    the agreement takes effect."""
    problems = Problems()
    with transaction.atomic():
        locked = _lock_as_institution(actor, referral)
        _require_step(locked, "sign_agreement")
        day = _date(
            signed_on, problems, field="signed_on", label=gettext("委托协议签订日期"), earliest=locked.accepted_on
        )
        problems.raise_if_any()
        locked.agreement_signed_on = day
        locked.complete_due = add_working_days(day, _setting(locked, rules.APPRAISAL_COMPLETE_WORKING_DAYS))
        _step(
            locked,
            "sign_agreement",
            actor=actor,
            data={"signed_on": day.isoformat(), "complete_due": locked.complete_due.isoformat()},
            fields=("agreement_signed_on", "complete_due"),
        )
    return locked


def extend_deadline(*, actor: User, referral: AppraisalReferral, days: Any, reason: str) -> AppraisalReferral:
    """延长鉴定时限 (complex cases, ◐): `days` working days more, at most the region's limit (30) in
    total, with the reason; complete_due moves on by that many working days."""
    problems = Problems()
    why = _text(reason, problems, field="reason", label=gettext("延长理由"), max_chars=255)
    try:
        count = int(days)
    except (TypeError, ValueError):
        count = 0
        problems.add("days", gettext("请填写延长的工作日数（正整数）。"), code="required")
    else:
        if isinstance(days, bool) or count < 1:
            problems.add("days", gettext("延长的工作日数应为正整数。"), code="invalid")
    with transaction.atomic():
        locked = _lock_as_institution(actor, referral)
        _require_step(locked, "extend")
        limit = _setting(locked, rules.APPRAISAL_MAX_EXTENSION_WORKING_DAYS)
        if count >= 1 and locked.extension_days + count > limit:
            problems.add(
                "days",
                gettext(
                    "延长合计不得超过 {limit} 个工作日"
                    "（已延长 {extension_days} 个工作日，最多还可延长 {max} 个工作日）。"
                ).format(limit=limit, extension_days=locked.extension_days, max=max(limit - locked.extension_days, 0)),
                code="too_long",
            )
        problems.raise_if_any()
        assert locked.complete_due is not None
        before = locked.complete_due
        locked.complete_due = add_working_days(before, count)
        locked.extension_days += count
        locked.extension_reason = why
        _step(
            locked,
            "extend",
            actor=actor,
            reason=why,
            data={"days": count, "from": before.isoformat(), "to": locked.complete_due.isoformat()},
            fields=("complete_due", "extension_days", "extension_reason"),
        )
    return locked


def issue_opinion(
    *,
    actor: User,
    referral: AppraisalReferral,
    opinion_number: str,
    issued_on: datetime.date | None = None,
    summary: str = "",
) -> AppraisalReferral:
    """出具鉴定意见 (→ OPINION_ISSUED): the opinion's number and date (issued in the institution's own
    system), on or after the agreement, not in the future."""
    problems = Problems()
    number = _text(opinion_number, problems, field="opinion_number", label=gettext("鉴定意见书编号"), max_chars=64)
    text = _text(summary, problems, field="summary", label=gettext("鉴定意见摘要"), max_chars=2000, required=False)
    with transaction.atomic():
        locked = _lock_as_institution(actor, referral)
        _require_step(locked, "issue_opinion")
        day = _date(
            issued_on, problems, field="issued_on", label=gettext("出具日期"), earliest=locked.agreement_signed_on
        )
        problems.raise_if_any()
        on_time = locked.complete_due is None or day <= locked.complete_due
        locked.opinion_number = number
        locked.opinion_issued_on = day
        locked.opinion_summary = text
        locked.ended_at = timezone.now()
        _step(
            locked,
            "issue_opinion",
            actor=actor,
            data={"opinion_number": number, "issued_on": day.isoformat(), "on_time": on_time},
            fields=("opinion_number", "opinion_issued_on", "opinion_summary", "ended_at"),
        )
    return locked


def withdraw_referral(*, actor: User, referral: AppraisalReferral, reason: str) -> AppraisalReferral:
    """撤回 (the citizen withdraws, or the matter ends otherwise): by region staff or the institution."""
    problems = Problems()
    why = _text(reason, problems, field="reason", label=gettext("撤回原因"), max_chars=255)
    with transaction.atomic():
        locked = _lock(referral)
        if not (may_create_in(actor, locked.region) or acts_for_institution(actor, locked)):
            raise NotPermitted(gettext("您无权撤回该司法鉴定委托引导。"))
        _require_step(locked, "withdraw")
        problems.raise_if_any()
        locked.withdrawn_reason = why
        locked.ended_at = timezone.now()
        _step(locked, "withdraw", actor=actor, reason=why, fields=("withdrawn_reason", "ended_at"))
    return locked


def referral_for(actor: User, number: str) -> AppraisalReferral | None:
    """A referral the actor may see, by number (None otherwise)."""
    return (
        visible_referrals(actor)
        .select_related("region", "category__parent", "institution", "legal_aid_application", "drawn_by")
        .filter(number=number)
        .first()
    )
