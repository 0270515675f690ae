"""How a legal-aid case starts (rules.md §1.3, §1.7, §5.2–5.3): a citizen's draft submitted on the
portal, an application taken at a window or recorded orally, one forwarded by a custody site or a
duty lawyer (24-hour clock), or a notice from a court, procuratorate or police."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel, SpecialGroup
from gongfa.core.crypto import blind_index
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_person_phone
from gongfa.legalaid.choices import (
    AgentRelation,
    ApplicationStatus,
    Capacity,
    ExemptGroup,
    IntakeChannel,
    NotifiedGround,
    NotifyingOrgan,
    Route,
    VerificationMethod,
)
from gongfa.legalaid.eligibility import (
    ART_CATALOGUE,
    OUTSIDE_CATALOGUE,
    OUTSIDE_CATALOGUE_NAME,
    NotifiedFacts,
    notified_requirements,
    validate_income_inputs,
)
from gongfa.legalaid.models import SUBMITTED_OPEN_STATUSES, LegalAidApplication
from gongfa.legalaid.selectors import legal_aid_centre_for, matter_by_code
from gongfa.legalaid.services.applicants import (
    REPRESENTATIVE_FIELDS,
    age_on,
    representative_problems,
    special_groups_value,
)
from gongfa.legalaid.services.common import CHANNEL, due_after, lock_as_party, require_text, setting, step
from gongfa.legalaid.services.orders import mark_order_converted
from gongfa.network.models import Region
from gongfa.network.region_settings import (
    LA_ASSIGN_DAYS_AFTER_NOTICE,
    LA_CUSTODY_FORWARD_HOURS,
    LA_DUTY_LAWYER_FORWARD_HOURS,
    LA_GREEN_CHANNEL_REVIEW_DAYS,
    LA_REVIEW_DAYS,
    LA_SENIOR_COUNSEL_MIN_YEARS,
)
from gongfa.workorders.models import WorkOrder

# Fields a draft or an application form may carry, and the kind of each.
TEXT_FIELDS = {
    "applicant_name": (_("申请人姓名"), 64),
    "address": (_("住址"), 255),
    "agent_name": (_("代为申请人姓名"), 64),
    "opponent_name": (_("对方当事人"), 128),
    "facts": (_("案情及申请理由"), 2000),
    "other_reasons": (_("其他原因"), 255),
}
# What every application must state (checked by _incomplete).
_REQUIRED = ("applicant_name", "id_number", "matter_code", "facts")
FLAG_FIELDS = (
    "has_agent",
    "retrial_started",
    "opponent_co_resident",
    "is_foreign",
    "home_visit_requested",
    "low_income_certificate",
)
# Special groups that put an application in the green channel (绿色通道), as one mask.
GREEN_CHANNEL_GROUPS: int = (
    SpecialGroup.MILITARY_FAMILY.value
    | SpecialGroup.VETERAN.value
    | SpecialGroup.ELDERLY.value
    | SpecialGroup.DISABLED.value
    | SpecialGroup.MINOR.value
)
ELDERLY_AGE = 60
ADULT_AGE = 18


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "on", "yes", "是"}
    return bool(value)


def _clean_fields(region: Region, data: dict[str, Any]) -> dict[str, Any]:
    """Validate the fields present in `data` (a partial draft is fine); every bad one is reported
    at once (ValidationFailed)."""
    problems = Problems()
    values = _clean_into(region, data, problems)
    problems.raise_if_any()
    return values


def check_fields(region: Region, data: dict[str, Any]) -> None:
    """What save_draft / receive_application would refuse in these fields, changing nothing."""
    _clean_fields(region, data)


def _clean_into(region: Region | None, data: dict[str, Any], problems: Problems) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, (label, limit) in TEXT_FIELDS.items():
        if name in data:
            text = str(data[name] or "").strip()
            if len(text) > limit:
                problems.add(
                    name, gettext("{label}不能超过 {limit} 个字。").format(label=label, limit=limit), code="too_long"
                )
            values[name] = text
    if "id_number" in data:
        number = normalize_id_number(str(data["id_number"] or ""))
        if number:
            try:
                validate_id_number(number)
            except ValidationError as exc:
                problems.add("id_number", exc.messages[0], code="invalid_id_number")
        values["id_number"] = number
    for field in ("phone", "agent_phone"):
        if field in data:
            phone = normalize_phone(str(data[field] or ""))
            if phone:
                try:
                    validate_person_phone(phone)
                except ValidationError as exc:
                    problems.add(field, exc.messages[0], code="invalid_phone")
            values[field] = phone
    if "agent_id_number" in data:
        number = normalize_id_number(str(data["agent_id_number"] or ""))
        if number:
            try:
                validate_id_number(number)
            except ValidationError as exc:
                problems.add("agent_id_number", exc.messages[0], code="invalid_id_number")
        values["agent_id_number"] = number
    if "agent_relation" in data:
        relation = str(data["agent_relation"] or "").strip()
        if relation and relation not in AgentRelation.values:
            problems.add("agent_relation", gettext("与申请人的关系不正确。"), code="invalid_agent_relation")
        values["agent_relation"] = relation
    if "applicant_capacity" in data:
        capacity = str(data["applicant_capacity"] or "").strip() or Capacity.FULL
        if capacity not in Capacity.values:
            problems.add("applicant_capacity", gettext("民事行为能力不正确。"), code="invalid_capacity")
        else:
            values["applicant_capacity"] = capacity
    if "matter_code" in data:
        code = str(data["matter_code"] or "").strip()
        matter = matter_by_code(region, code) if code and region is not None else None
        if code == OUTSIDE_CATALOGUE:  # still decided in writing (第43条): refused, the catalogue named
            values.update(matter_code=code, matter_name=OUTSIDE_CATALOGUE_NAME, matter_article=ART_CATALOGUE)
        elif matter is not None:
            values.update(matter_code=matter.code, matter_name=matter.name, matter_article=matter.article)
        else:
            if code:
                problems.add("matter_code", gettext("申请事项不在本地区的法律援助事项目录中。"), code="unknown_matter")
            values.update(matter_code="", matter_name="", matter_article="")
    if "exempt_group" in data:
        group = str(data["exempt_group"] or "").strip()
        if group and group not in ExemptGroup.values:
            problems.add("exempt_group", gettext("免予核查群体不正确。"), code="invalid_exempt_group")
        values["exempt_group"] = group
    if "verification" in data:
        method = str(data["verification"] or "").strip()
        if method and method not in VerificationMethod.values:
            problems.add("verification", gettext("经济困难核查方式不正确。"), code="invalid_verification")
        values["verification"] = method
    if "special_groups" in data:
        mask = special_groups_value(data["special_groups"])
        if mask is None:
            problems.add("special_groups", gettext("特殊群体不正确。"), code="invalid_special_group")
        else:
            values["special_groups"] = mask
    for name in FLAG_FIELDS:
        if name in data:
            values[name] = _bool(data[name])
    income_keys = ("household_size", "household_monthly_income", "applicant_monthly_income")
    if any(key in data for key in income_keys):
        raw = {key: data.get(key) for key in income_keys}
        raw = {key: (None if value in (None, "") else value) for key, value in raw.items()}
        income_ok = False
        with problems.check():
            validate_income_inputs(
                raw["household_size"], raw["household_monthly_income"], raw["applicant_monthly_income"]
            )
            income_ok = True
        if income_ok:
            values["household_size"] = None if raw["household_size"] is None else int(raw["household_size"])
            for key in income_keys[1:]:
                values[key] = None if raw[key] is None else Decimal(str(raw[key]).strip()).quantize(Decimal("0.01"))
    return values


def _incomplete(application: LegalAidApplication, problems: Problems) -> None:
    """What every application must state before it is received (rules.md §1.8), each missing item
    reported (a field the caller already faulted is not reported twice)."""
    required = (
        ("applicant_name", application.applicant_name, gettext("请填写申请人姓名。")),
        ("id_number", application.id_number, gettext("请填写申请人身份证号（法律援助须实名申请）。")),
        ("matter_code", application.matter_code, gettext("请选择申请事项。")),
        ("facts", application.facts, gettext("请简要说明案情和申请理由。")),
    )
    for field, value, message in required:
        if not value and not problems.has(field):
            problems.add(field, message, code="required")
    representative_problems(application, problems)


def _require_complete(application: LegalAidApplication) -> None:
    problems = Problems()
    _incomplete(application, problems)
    problems.raise_if_any()


def _check_duplicate(application: LegalAidApplication) -> None:
    existing = (
        LegalAidApplication.objects.filter(
            id_number_hash=blind_index(application.id_number, "id_number"),
            matter_code=application.matter_code,
            route=Route.APPLICATION,
            status__in=SUBMITTED_OPEN_STATUSES,
        )
        .exclude(pk=application.pk)
        .values_list("number", flat=True)
        .first()
    )
    if existing is not None:
        raise DomainError(
            gettext("申请人就同一事项已有正在办理的法律援助申请（{existing}），请勿重复申请。").format(
                existing=existing
            ),
            code="duplicate_application",
            field="matter_code",
        )


def save_draft(
    *, applicant: User, region: Region, data: dict[str, Any], draft: LegalAidApplication | None = None
) -> LegalAidApplication:
    """Save the citizen's guided form so far (保存草稿); resumable later. Real-name: the account's
    verified name and ID number fill the applicant fields unless an agent applies for someone else."""
    if not applicant.is_citizen:
        raise NotPermitted(gettext("网上申请须由群众本人登录后填写。"))
    agency = legal_aid_centre_for(region)
    if agency is None:
        raise DomainError(gettext("本地区尚未设立法律援助机构，请拨打12348咨询。"), code="no_agency", field="region")
    values = _clean_fields(region, data)
    with transaction.atomic():
        if draft is None:
            draft = LegalAidApplication(
                applicant=applicant,
                region=region,
                agency=agency,
                intake_channel=IntakeChannel.PORTAL,
                applicant_name=applicant.real_name,
                id_number=applicant.id_number,
                phone=applicant.phone,
            )
        else:
            draft = lock_as_party(applicant, draft)
            if draft.status != ApplicationStatus.DRAFT:
                raise DomainError(gettext("申请已提交，不能再修改草稿。"), code="not_a_draft")
            draft.region, draft.agency = region, agency
        for name, value in values.items():
            setattr(draft, name, value)
        draft.save()
    return draft


def _create_order(application: LegalAidApplication, *, channel: str, received_by: User | None) -> None:
    """Every case hangs on a work order (DESIGN: the one flow): create it, owned by the legal aid
    centre through the dispatch rule for service type legal_aid, and link it."""
    from django.contrib.contenttypes.models import ContentType

    from gongfa.catalog.selectors import service_type_by_code
    from gongfa.workorders.models import CaseLink
    from gongfa.workorders.services import create_work_order

    text = f"法律援助申请：{application.matter_name}。{application.facts}"[:2000]
    result = create_work_order(
        channel=channel,
        region=application.region,
        text=text,
        requester=application.applicant if application.applicant_id else None,
        contact_name=application.applicant_name,
        contact_phone=application.phone,
        service_type=service_type_by_code("legal_aid"),
        received_by=received_by,
    )
    application.work_order = result.order
    mark_order_converted(result.order)
    CaseLink.objects.create(
        order=result.order,
        case_type=ContentType.objects.get_for_model(LegalAidApplication),
        case_id=str(application.pk),
    )


def _start_review_clock(application: LegalAidApplication, received_at: datetime.datetime) -> None:
    """第43条: decide within 7 days of receiving the application (per-region day counting); a
    green-channel case also gets a shorter internal target."""
    day = timezone.localdate(received_at)
    region = application.agency.region
    application.received_at = received_at
    application.review_due, warnings = due_after(region, day, setting(application, LA_REVIEW_DAYS.key, day))
    application.review_target = None
    if application.green_channel:
        target, _ = due_after(region, day, setting(application, LA_GREEN_CHANNEL_REVIEW_DAYS.key, day))
        application.review_target = min(target, application.review_due)
    application.deadline_warnings = list(warnings)


def _green_channel(application: LegalAidApplication, today: datetime.date) -> bool:
    if GREEN_CHANNEL_GROUPS & application.special_groups:
        return True
    age = age_on(application.id_number, today)
    return age is not None and (age >= ELDERLY_AGE or age < ADULT_AGE)


def _number(application: LegalAidApplication) -> str:
    return f"FY{timezone.localdate(application.received_at):%Y}{application.pk:07d}"


def _receive(
    application: LegalAidApplication, *, actor: User | None, channel: str, order_channel: str, action: str
) -> LegalAidApplication:
    """The common second half of every route in: checks, clock, number, work order, proposal."""
    from gongfa.legalaid.services.review import refresh_proposal

    _require_complete(application)
    _check_duplicate(application)
    now = timezone.now()
    application.submitted_at = now
    application.green_channel = application.green_channel or _green_channel(application, timezone.localdate(now))
    _start_review_clock(application, now)
    refresh_proposal(application, save=False)
    try:
        with transaction.atomic():
            application.save()
            application.number = _number(application)
            if application.work_order_id is None:
                _create_order(
                    application, channel=order_channel, received_by=actor if order_channel != Channel.PORTAL else None
                )
            step(
                application,
                action,
                actor=actor,
                channel=channel,
                data={"intake_channel": application.intake_channel, "green_channel": application.green_channel},
                fields=(
                    "number",
                    "work_order",
                    "submitted_at",
                    "received_at",
                    "review_due",
                    "review_target",
                    "deadline_warnings",
                    "green_channel",
                    "proposal",
                    "proposal_outcome",
                ),
            )
    except IntegrityError:
        # The partial unique index caught a concurrent duplicate the check above could not see.
        raise DomainError(
            gettext("申请人就同一事项已有正在办理的法律援助申请，请勿重复申请。"),
            code="duplicate_application",
            field="matter_code",
        ) from None
    return application


def submit_application(*, application: LegalAidApplication, actor: User) -> LegalAidApplication:
    """提交申请: the citizen's draft becomes a received application (RECEIVED, 7-day clock)."""
    with transaction.atomic():
        locked = lock_as_party(actor, application)
        if locked.status != ApplicationStatus.DRAFT:
            raise DomainError(gettext("该申请已经提交。"), code="already_submitted")
        return _receive(locked, actor=actor, channel=Channel.PORTAL, order_channel=Channel.PORTAL, action="submit")


def _application_input(
    *,
    region: Region | None,
    data: dict[str, Any],
    intake_channel: str,
    applicant: User | None,
    forwarded_by: str,
    requested_at: datetime.datetime | None,
) -> tuple[dict[str, Any], Any, str]:
    """Every problem of a staff-entered application at once (ValidationFailed): the channel's own
    fields, each field's shape, and what every application must state. Region None (not chosen):
    only what can be judged without it."""
    problems = Problems()
    if intake_channel not in IntakeChannel.values or intake_channel == IntakeChannel.PORTAL:
        problems.add("intake_channel", gettext("申请方式不正确。"), code="invalid_intake_channel")
    if intake_channel in (IntakeChannel.CUSTODY_FORWARD, IntakeChannel.DUTY_LAWYER_FORWARD):
        with problems.check():
            forwarded_by = require_text(forwarded_by, field="forwarded_by", label=gettext("转交单位"), max_chars=128)
        if requested_at is None:
            problems.add("requested_at", gettext("请填写当事人提出申请的时间。"), code="required")
        elif requested_at > timezone.now():
            problems.add("requested_at", gettext("提出申请的时间不能晚于现在。"), code="future_time")
    if applicant is not None and not applicant.is_citizen:
        problems.add("applicant", gettext("申请人账号须为群众账号。"), code="invalid_applicant")
    agency = legal_aid_centre_for(region) if region is not None else None
    if region is not None and agency is None:
        problems.add("region", gettext("本地区尚未设立法律援助机构。"), code="no_agency")
    if region is None:
        data = {key: value for key, value in data.items() if key != "matter_code"}
    values = _clean_into(region, data, problems)
    if not values.get("phone") and applicant is None and not problems.has("phone"):
        problems.add("phone", gettext("请填写联系电话。"), code="required")
    if applicant is None:
        checked = LegalAidApplication(
            **{k: v for k, v in values.items() if k in _REQUIRED or k in REPRESENTATIVE_FIELDS}
        )
        if region is None:
            checked.matter_code = "?"  # not judged without a region
        _incomplete(checked, problems)
    problems.raise_if_any()
    return values, agency, forwarded_by


def check_application(
    *,
    region: Region | None,
    data: dict[str, Any],
    intake_channel: str,
    forwarded_by: str = "",
    requested_at: datetime.datetime | None = None,
) -> None:
    """What receive_application would refuse in this input, changing nothing."""
    _application_input(
        region=region,
        data=data,
        intake_channel=intake_channel,
        applicant=None,
        forwarded_by=forwarded_by,
        requested_at=requested_at,
    )


def receive_application(
    *,
    actor: User,
    region: Region,
    data: dict[str, Any],
    intake_channel: str = IntakeChannel.WINDOW,
    applicant: User | None = None,
    forwarded_by: str = "",
    requested_at: datetime.datetime | None = None,
) -> LegalAidApplication:
    """Staff take an application on the applicant's behalf (窗口代为录入), record an oral
    application (口头申请), or register one forwarded by a custody site or a duty lawyer (第39条:
    within 24 hours of the request; a late forward is flagged, never refused)."""
    if not actor.is_platform_staff:
        raise NotPermitted(gettext("只有工作人员可以代为录入法律援助申请。"))
    forwarded = intake_channel in (IntakeChannel.CUSTODY_FORWARD, IntakeChannel.DUTY_LAWYER_FORWARD)
    values, agency, forwarded_by = _application_input(
        region=region,
        data=data,
        intake_channel=intake_channel,
        applicant=applicant,
        forwarded_by=forwarded_by,
        requested_at=requested_at,
    )
    assert agency is not None
    from gongfa.workorders.services.intake import staff_point

    application = LegalAidApplication(
        route=Route.APPLICATION,
        intake_channel=intake_channel,
        region=region,
        agency=agency,
        applicant=applicant,
        received_point=staff_point(actor),
        forwarded_by=forwarded_by if forwarded else "",
        forward_requested_at=requested_at if forwarded else None,
        status=ApplicationStatus.DRAFT,
    )
    if applicant is not None:
        application.applicant_name, application.id_number = applicant.real_name, applicant.id_number
        application.phone = applicant.phone
    for name, value in values.items():
        setattr(application, name, value)
    limit_hours = 0
    if forwarded and requested_at is not None:
        key = (
            LA_CUSTODY_FORWARD_HOURS
            if intake_channel == IntakeChannel.CUSTODY_FORWARD
            else LA_DUTY_LAWYER_FORWARD_HOURS
        )
        limit_hours = setting(application, key.key)
        application.forward_overdue = timezone.now() - requested_at > datetime.timedelta(hours=limit_hours)
    with transaction.atomic():
        received = _receive(application, actor=actor, channel=CHANNEL, order_channel=Channel.WINDOW, action="submit")
        if received.forward_overdue:
            record_event(
                received,
                "legalaid.forward_overdue",
                actor=actor,
                channel=CHANNEL,
                reason=f"转交超过{limit_hours}小时时限（《法律援助法》第三十九条）",
                region=received.region,
            )
    return received


@dataclass(frozen=True)
class NoticeInput:
    """A notice of defence or representation from a court, procuratorate or police (通知辩护/代理)."""

    organ: str
    organ_name: str
    organ_phone: str
    defendant_name: str
    id_number: str
    grounds: tuple[str, ...]
    facts: str
    has_defender: bool = False


def _notice_input(region: Region | None, notice: NoticeInput) -> tuple[dict[str, Any], str, str, str, Any]:
    """Every problem of a notice at once (ValidationFailed); the cleaned values otherwise."""
    problems = Problems()
    if notice.organ not in NotifyingOrgan.values:
        problems.add("organ", gettext("通知机关类别不正确。"), code="invalid_organ")
    unknown = [g for g in notice.grounds if g not in NotifiedGround.values]
    if not notice.grounds or unknown:
        problems.add("grounds", gettext("请选择通知辩护/代理的理由。"), code="invalid_grounds")
    organ_name = name = facts = ""
    with problems.check():
        organ_name = require_text(notice.organ_name, field="organ_name", label=gettext("通知机关名称"), max_chars=128)
    with problems.check():
        name = require_text(
            notice.defendant_name, field="defendant_name", label=gettext("犯罪嫌疑人、被告人姓名"), max_chars=64
        )
    with problems.check():
        facts = require_text(notice.facts, field="facts", label=gettext("案由"), max_chars=2000)
    shape = Problems()
    values = _clean_into(region, {"id_number": notice.id_number, "phone": notice.organ_phone}, shape)
    for problem in shape:  # the organ's number is the notice's "phone"
        problems.add("organ_phone" if problem.field == "phone" else problem.field, problem.message, code=problem.code)
    if not values["id_number"] and not problems.has("id_number"):
        problems.add("id_number", gettext("请填写犯罪嫌疑人、被告人的身份证号。"), code="required")
    if not values["phone"] and not problems.has("organ_phone"):
        problems.add("organ_phone", gettext("请填写通知机关的联系电话。"), code="required")
    agency = legal_aid_centre_for(region) if region is not None else None
    if region is not None and agency is None:
        problems.add("region", gettext("本地区尚未设立法律援助机构。"), code="no_agency")
    problems.raise_if_any()
    return values, organ_name, name, facts, agency


def check_notice(*, region: Region | None, notice: NoticeInput) -> None:
    """What receive_notice would refuse in this notice, changing nothing."""
    _notice_input(region, notice)


def receive_notice(*, actor: User, region: Region, notice: NoticeInput) -> LegalAidApplication:
    """Register a notified case (rules.md §5.3): no means test; assign within 3 days of the notice
    (第36条), with the senior-lawyer (第26条) and minors-specialist (《未成年人保护法》第104条) rules."""
    if not actor.is_platform_staff:
        raise NotPermitted(gettext("只有工作人员可以登记通知辩护/代理案件。"))
    values, organ_name, name, facts, agency = _notice_input(region, notice)
    assert agency is not None
    today = timezone.localdate()
    age = age_on(values["id_number"], today)
    is_minor = NotifiedGround.MINOR in notice.grounds or (age is not None and age < ADULT_AGE)
    application = LegalAidApplication(
        route=Route.NOTIFIED,
        intake_channel=IntakeChannel.WINDOW,
        region=region,
        agency=agency,
        applicant_name=name,
        id_number=values["id_number"],
        phone=values["phone"],
        facts=facts,
        has_agent=notice.has_defender,
        matter_code="notified_defence",
        matter_name="通知辩护/代理",
        matter_article="《法律援助法》第二十五条、第二十八条、第三十六条",
        notifying_organ=notice.organ,
        notifying_organ_name=organ_name,
        notified_grounds=sorted(set(notice.grounds)),
        status=ApplicationStatus.DRAFT,
    )
    requirements = notified_requirements(
        NotifiedFacts(grounds=frozenset(notice.grounds), has_defender=notice.has_defender, is_minor=is_minor),
        senior_min_years=setting(application, LA_SENIOR_COUNSEL_MIN_YEARS.key),
    )
    application.senior_years_required = requirements.senior_years
    application.minors_specialist_required = requirements.minors_specialist
    application.proposal = {
        "outcome": "eligible" if requirements.mandatory else "needs_review",
        "means_test_applies": False,
        "reasons": [{"code": r.code, "text": r.text, "article": r.article} for r in requirements.reasons],
        "missing": [],
    }
    application.proposal_outcome = application.proposal["outcome"]
    now = timezone.now()
    application.submitted_at = application.received_at = now
    application.assign_due, warnings = due_after(
        agency.region, today, setting(application, LA_ASSIGN_DAYS_AFTER_NOTICE.key, today)
    )
    application.deadline_warnings = list(warnings)
    application.green_channel = is_minor
    with transaction.atomic():
        application.save()
        application.number = _number(application)
        _create_order(application, channel=Channel.LETTER, received_by=actor)
        step(
            application,
            "submit",
            actor=actor,
            data={"route": Route.NOTIFIED, "grounds": application.notified_grounds},
            fields=("number", "work_order"),
        )
    return application


def open_from_order(order: WorkOrder, actor: User) -> LegalAidApplication:
    """转为法律援助申请: staff turn a consultation into a draft application (the work order's
    case opener); they complete it with receive_draft."""
    agency = legal_aid_centre_for(order.region)
    if agency is None:
        raise DomainError(gettext("本地区尚未设立法律援助机构。"), code="no_agency")
    requester = order.requester
    return LegalAidApplication.objects.create(
        route=Route.APPLICATION,
        intake_channel=IntakeChannel.WINDOW,
        region=order.region,
        agency=agency,
        work_order=order,
        applicant=requester,
        applicant_name=(requester.real_name if requester else order.contact_name),
        id_number=(requester.id_number if requester else ""),
        phone=(requester.phone if requester else order.contact_phone),
        facts=order.text[:2000],
        status=ApplicationStatus.DRAFT,
    )


def receive_draft(*, application: LegalAidApplication, actor: User, data: dict[str, Any]) -> LegalAidApplication:
    """Staff complete a draft opened from a work order and receive it (RECEIVED, 7-day clock)."""
    from gongfa.legalaid.services.common import lock_for

    with transaction.atomic():
        locked = lock_for(actor, application)
        if locked.status != ApplicationStatus.DRAFT:
            raise DomainError(gettext("该申请已经受理。"), code="already_submitted")
        problems = Problems()
        for name, value in _clean_into(locked.region, data, problems).items():
            setattr(locked, name, value)
        if not locked.phone and not problems.has("phone"):
            problems.add("phone", gettext("请填写联系电话。"), code="required")
        _incomplete(locked, problems)
        problems.raise_if_any()
        return _receive(locked, actor=actor, channel=CHANNEL, order_channel=Channel.WINDOW, action="submit")
