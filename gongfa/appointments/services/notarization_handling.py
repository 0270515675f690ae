"""Handling a notarization case (rules.md §5.6): acceptance or non-acceptance, recusal, the clock
paused for supplements and verification, refusal, termination, issue and archive. One function per
step; every problem at once; nothing changed on error; an event per step (states.NOTARIZATION)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments import rules
from gongfa.appointments.choices import (
    FeeWaiver,
    NonAcceptanceGround,
    RefusalGround,
    TerminationGround,
)
from gongfa.appointments.models import NotarizationCase, OfficeMatter
from gongfa.appointments.selectors.notarization import is_posted_notary
from gongfa.appointments.services.notarization_common import (
    check_order,
    clean,
    close_order_for,
    end_case,
    lock_for,
    pause_clock,
    resume_clock,
    setting,
    step,
    today,
)
from gongfa.core.errors import NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.workdays.services import add_working_days


def _notary_problems(case: NotarizationCase, notary: User | None, problems: Problems, *, field: str) -> None:
    if notary is None:
        problems.add(field, gettext("请选择承办公证员。"), code="required")
    elif not is_posted_notary(notary, case.office):
        problems.add(
            field,
            gettext("{display_name}不是本公证处在岗的公证员。").format(display_name=notary.display_name),
            code="not_office_notary",
        )
    elif case.recused_notaries.filter(pk=notary.pk).exists():
        problems.add(
            field,
            gettext("{display_name}已在本案回避，不能再承办。").format(display_name=notary.display_name),
            code="recused",
        )


def time_limit_for(case: NotarizationCase) -> int:
    """Working days to issue: the office's promise or the matter's limit (faster wins), capped by the
    region's ISSUE_WORKING_DAYS (《公证法》第30条: 15)."""
    office_matter = (
        OfficeMatter.objects.filter(office_id=case.office_id, matter_id=case.matter_id).select_related("matter").first()
    )
    days = office_matter.working_days if office_matter is not None else case.matter.working_days
    return min(days, int(setting(case, rules.ISSUE_WORKING_DAYS.key)))


def _fee(
    case: NotarizationCase, waiver: str, waived: Decimal | None, problems: Problems
) -> tuple[Decimal | None, Decimal]:
    fee = case.matter.fee_yuan
    if not waiver:
        if waived:
            problems.add("fee_waiver", gettext("填写减免金额时须选择减免对象。"), code="waiver_required")
        return fee, Decimal("0")
    if waiver not in FeeWaiver.values:
        problems.add("fee_waiver", gettext("减免对象无效。"), code="invalid_waiver")
        return fee, Decimal("0")
    if waiver == FeeWaiver.LEGAL_AID_RECIPIENT:
        # 《公证法》第34条、《法律援助法》第53条: a legal-aid recipient's fee must be waived, in full.
        return fee, fee or Decimal("0")
    if not case.matter.waives_for(waiver):
        problems.add(
            "fee_waiver",
            gettext("“{name}”不适用“{label}”减免。").format(name=case.matter.name, label=FeeWaiver(waiver).label),
            code="no_waiver",
        )
        return fee, Decimal("0")
    amount = (fee or Decimal("0")) if waived is None else waived
    if amount < 0 or (fee is not None and amount > fee):
        problems.add(
            "fee_waived_yuan", gettext("减免金额应在 0 至 {value} 元之间。").format(value=fee or 0), code="bad_amount"
        )
    return fee, amount


def accept_case(
    *,
    actor: User,
    case: NotarizationCase,
    notary: User | None,
    legal_meaning_notice_signed: bool,
    national_system_entered: bool,
    fee_waiver: str = "",
    fee_waived_yuan: Decimal | None = None,
) -> NotarizationCase:
    """受理 (第27、30、34条): a notary assigned, the legal meaning explained and signed, the case entered
    in the national system, the fee set (waived for a legal-aid recipient); the clock starts."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "accept")
        problems = Problems()
        _notary_problems(locked, notary, problems, field="notary")
        if not legal_meaning_notice_signed:
            problems.add(
                "legal_meaning_notice_signed",
                gettext(
                    "须告知申请人公证事项的法律意义和可能产生的法律后果，并由其签署告知笔录（《公证法》第二十七条）。"
                ),
                code="required",
            )
        if not national_system_entered:
            problems.add("national_system_entered", gettext("须先录入全国公证管理系统。"), code="required")
        fee, waived = _fee(locked, fee_waiver, fee_waived_yuan, problems)
        problems.raise_if_any()
        accepted = today()
        limit = time_limit_for(locked)
        locked.notary = notary
        locked.legal_meaning_notice_signed = True
        locked.national_system_entered = True
        locked.fee_yuan = fee
        locked.fee_waiver = fee_waiver
        locked.fee_waived_yuan = waived
        locked.time_limit_days = limit
        locked.accepted_at = timezone.now()
        locked.due_on = add_working_days(accepted, limit)
        step(
            locked,
            "accept",
            actor=actor,
            data={
                "notary": notary.pk if notary else None,
                "time_limit_days": limit,
                "due_on": locked.due_on.isoformat(),
                "fee_waiver": fee_waiver,
                "fee_waived_yuan": str(waived),
            },
            fields=(
                "notary",
                "legal_meaning_notice_signed",
                "national_system_entered",
                "fee_yuan",
                "fee_waiver",
                "fee_waived_yuan",
                "time_limit_days",
                "accepted_at",
                "due_on",
            ),
        )
    return locked


def decline_case(
    *,
    actor: User,
    case: NotarizationCase,
    ground: str,
    reason: str,
    competent_office: Agency | None = None,
    competent_office_name: str = "",
) -> NotarizationCase:
    """不予受理 (公证程序规则 ◐): a failed acceptance condition; outside the office's area, the
    competent office must be named (one on the platform, or by name elsewhere)."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "decline")
        problems = Problems()
        if ground not in NonAcceptanceGround.values:
            problems.add("ground", gettext("请选择不予受理的理由。"), code="ground_required")
        why = other = ""
        with problems.check():
            why = clean(reason, field="reason", label=gettext("不予受理的说明"), max_chars=1000)
        with problems.check():
            other = clean(
                competent_office_name,
                field="competent_office_name",
                label=gettext("有管辖权的公证机构"),
                max_chars=128,
                required=False,
            )
        if competent_office is not None and (
            competent_office.kind != AgencyKind.NOTARY_OFFICE or competent_office.pk == locked.office_id
        ):
            problems.add("competent_office", gettext("请选择本处以外的公证机构。"), code="bad_office")
        if ground == NonAcceptanceGround.OUTSIDE_AREA and competent_office is None and not other:
            problems.add(
                "competent_office",
                gettext("不属于本公证机构执业区域的，须告知申请人有管辖权的公证机构。"),
                code="competent_office_required",
            )
        problems.raise_if_any()
        locked.non_acceptance_ground = ground
        locked.competent_office = competent_office
        locked.competent_office_name = other
        fields = end_case(locked)
        named = competent_office.name if competent_office is not None else other
        step(
            locked,
            "decline",
            actor=actor,
            reason=why + (f"；告知有管辖权的公证机构：{named}" if named else ""),
            data={"ground": ground, "competent_office": named},
            fields=("non_acceptance_ground", "competent_office", "competent_office_name", *fields),
        )
        close_order_for(locked)
    return locked


def recuse_notary(*, actor: User, case: NotarizationCase, reason: str, replacement: User | None) -> NotarizationCase:
    """回避 (第23条第(三)项): the notary steps aside and another notary of the office takes the case."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "recuse")
        problems = Problems()
        why = ""
        with problems.check():
            why = clean(reason, field="reason", label=gettext("回避理由"), max_chars=500)
        if replacement is not None and replacement.pk == locked.notary_id:
            problems.add("replacement", gettext("接替的公证员不能是回避的公证员本人。"), code="same_notary")
        else:
            _notary_problems(locked, replacement, problems, field="replacement")
        problems.raise_if_any()
        leaving = locked.notary
        if leaving is not None:
            locked.recused_notaries.add(leaving)
        locked.notary = replacement
        step(
            locked,
            "recuse",
            actor=actor,
            reason=why,
            data={"recused": leaving.pk if leaving else None, "replacement": replacement.pk if replacement else None},
            fields=("notary",),
        )
    return locked


def request_supplement(*, actor: User, case: NotarizationCase, request: str) -> NotarizationCase:
    """通知补充材料 (第27、30条): the clock pauses until the materials come."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "request_supplement")
        text = clean(request, field="request", label=gettext("需补充的材料"), max_chars=2000)
        locked.supplement_request = text
        fields = pause_clock(locked)
        step(locked, "request_supplement", actor=actor, reason=text, fields=("supplement_request", *fields))
    return locked


def receive_supplement(*, actor: User, case: NotarizationCase) -> NotarizationCase:
    """补充材料已收齐: the clock resumes, the deadline moved by the working days paused."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "receive_supplement")
        fields = resume_clock(locked)
        step(
            locked,
            "receive_supplement",
            actor=actor,
            data={"due_on": locked.due_on.isoformat() if locked.due_on else None},
            fields=fields,
        )
    return locked


def remote_verification_days(case: NotarizationCase) -> int:
    """The month another office has to verify (公证程序规则第33条 ◐), shown with the request."""
    return int(setting(case, rules.REMOTE_VERIFICATION_DAYS.key))


def start_verification(*, actor: User, case: NotarizationCase, note: str, remote: bool = False) -> NotarizationCase:
    """开始核实 (第29–30条): the clock pauses; with another office, it has REMOTE_VERIFICATION_DAYS."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "start_verification")
        text = clean(note, field="note", label=gettext("核实事项或受托核实的公证机构"), max_chars=255)
        locked.verification_note = text
        fields = pause_clock(locked)
        data: dict[str, object] = {"remote": remote}
        if remote:
            data["remote_verification_days"] = remote_verification_days(locked)
        step(locked, "start_verification", actor=actor, reason=text, data=data, fields=("verification_note", *fields))
    return locked


def finish_verification(*, actor: User, case: NotarizationCase) -> NotarizationCase:
    """核实完毕: the clock resumes."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "finish_verification")
        fields = resume_clock(locked)
        step(
            locked,
            "finish_verification",
            actor=actor,
            data={"due_on": locked.due_on.isoformat() if locked.due_on else None},
            fields=fields,
        )
    return locked


def refuse_case(
    *, actor: User, case: NotarizationCase, ground: str, decision_note: str, refund_note: str = ""
) -> NotarizationCase:
    """不予办理 (第31条): one of its nine grounds, a written decision, and the fee refunded."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "refuse")
        problems = Problems()
        if ground not in RefusalGround.values:
            problems.add("ground", gettext("不予办理须选择《公证法》第三十一条规定的情形。"), code="ground_required")
        note = refund = ""
        with problems.check():
            note = clean(decision_note, field="decision_note", label=gettext("不予办理的决定说明"), max_chars=2000)
        payable = (locked.fee_yuan or Decimal("0")) - locked.fee_waived_yuan
        with problems.check():
            refund = clean(
                refund_note, field="refund_note", label=gettext("退费说明"), max_chars=255, required=payable > 0
            )
        problems.raise_if_any()
        locked.refusal_ground = ground
        locked.decision_note = note
        locked.refund_note = refund
        fields = end_case(locked)
        step(
            locked,
            "refuse",
            actor=actor,
            reason=f"{stored_text(RefusalGround(ground).label)}；{note}",
            data={"ground": ground, "refund_note": refund},
            fields=("refusal_ground", "decision_note", "refund_note", *fields),
        )
        close_order_for(locked)
    return locked


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def terminate_case(
    *, actor: User, case: NotarizationCase, ground: str, reason: str, refund_note: str = ""
) -> NotarizationCase:
    """终止公证 (公证程序规则 ⚠): withdrawal, death, obstruction, or stalled by the party for
    STALLED_TERMINATION_MONTHS months since acceptance (application if never accepted)."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "terminate")
        problems = Problems()
        if ground not in TerminationGround.values:
            problems.add("ground", gettext("请选择终止公证的理由。"), code="ground_required")
        why = refund = ""
        with problems.check():
            why = clean(reason, field="reason", label=gettext("终止公证的说明"), max_chars=1000)
        with problems.check():
            refund = clean(refund_note, field="refund_note", label=gettext("退费说明"), max_chars=255, required=False)
        if ground == TerminationGround.STALLED_SIX_MONTHS:
            months = int(setting(locked, rules.STALLED_TERMINATION_MONTHS.key))
            began = timezone.localdate(locked.accepted_at or locked.applied_at)
            if began > _months_before(today(), months):
                problems.add(
                    "ground",
                    gettext("自{began:%Y年%m月%d日}起尚不满{months}个月，不能以“{label}”终止。").format(
                        began=began, months=months, label=TerminationGround(ground).label
                    ),
                    code="not_stalled",
                )
        problems.raise_if_any()
        locked.termination_ground = ground
        locked.decision_note = why
        locked.refund_note = refund
        fields = end_case(locked)
        step(
            locked,
            "terminate",
            actor=actor,
            reason=f"{stored_text(TerminationGround(ground).label)}；{why}",
            data={"ground": ground, "refund_note": refund},
            fields=("termination_ground", "decision_note", "refund_note", *fields),
        )
        close_order_for(locked)
    return locked


def issue_certificate(
    *, actor: User, case: NotarizationCase, certificate_number: str, issued_on: datetime.date | None = None
) -> NotarizationCase:
    """出具公证书 (第32条): the certificate is issued in the office's own system; record its number
    and date. Only the case's notary, only while the clock runs (not paused)."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "issue")
        if locked.notary_id != actor.pk:
            raise NotPermitted(gettext("只有承办公证员可以出具公证书。"))
        problems = Problems()
        number = (certificate_number or "").strip()
        if not number:
            problems.add("certificate_number", gettext("请填写公证书编号"), code="required")
        elif len(number) > 64:
            problems.add("certificate_number", gettext("公证书编号不能超过 64 个字符。"), code="too_long")
        on = issued_on or today()
        accepted = timezone.localdate(locked.accepted_at) if locked.accepted_at else None
        if on > today():
            problems.add("issued_on", gettext("出证日期不能晚于今天。"), code="future")
        elif accepted is not None and on < accepted:
            problems.add(
                "issued_on",
                gettext("出证日期不能早于受理日期（{accepted:%Y年%m月%d日}）。").format(accepted=accepted),
                code="before_acceptance",
            )
        if (
            NotarizationCase.objects.filter(office_id=locked.office_id, certificate_number=number)
            .exclude(pk=locked.pk)
            .exists()
            and number
        ):
            problems.add(
                "certificate_number",
                gettext("公证书编号 {number} 已被本处其他案件使用。").format(number=number),
                code="duplicate",
            )
        problems.raise_if_any()
        locked.certificate_number = number
        locked.issued_on = on
        fields = end_case(locked)
        on_time = locked.due_on is None or on <= locked.due_on
        step(
            locked,
            "issue",
            actor=actor,
            data={"certificate_number": number, "issued_on": on.isoformat(), "on_time": on_time},
            fields=("certificate_number", "issued_on", *fields),
        )
        close_order_for(locked)
    return locked


def archive_case(*, actor: User, case: NotarizationCase) -> NotarizationCase:
    """归档 (第35条; 公证程序规则第57条 ◐)."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "archive")
        locked.archived_on = today()
        step(locked, "archive", actor=actor, fields=("archived_on",))
    return locked
