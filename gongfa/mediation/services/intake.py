"""How a mediation case starts (rules.md §2.2, §5.5): a party's written or oral application (portal,
window, village room, hotline), the committee's own initiative (主动调解), a hand-over from the
police, an entrustment from a court or an assignment by a government department, or a work order
converted on the work-order page ("转为案件 → 人民调解").

Every case is registered (登记, Mediation Provisions ◐) with a number and a 受理登记表 in its file.
A case needs a respondent (被申请人) — except one converted from a work order, where the caller
is the applicant and the other side is not known yet: it is registered with the applicant only
(the registration event says {"respondent_missing": true}); `add_party` adds the respondent, and
seeking consent or accepting is refused until there is one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_person_phone
from gongfa.mediation import rules
from gongfa.mediation.choices import (
    REFERRED_SOURCES,
    STATIONED_TYPES,
    TOWNSHIP_TYPES,
    ApplicationForm,
    CaseSource,
    CaseStatus,
    CommitteeType,
    ConsentDecision,
    DocumentKind,
    IntakeChannel,
    PartyKind,
    PartySide,
)
from gongfa.mediation.models import CaseDocument, CaseParty, Committee, Consent, DisputeCategory, MediationCase
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.common import (
    acting_via,
    calendar_due,
    channel_of,
    lock_for,
    next_number,
    note,
    require_text,
    setting,
)
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.workorders.models import WorkOrder

PARTY_FIELDS = (
    "name",
    "kind",
    "id_number",
    "phone",
    "address",
    "user",
    "representative_name",
    "representative_user",
)
SIDE_LABELS = {PartySide.APPLICANT: _("申请人"), PartySide.RESPONDENT: _("被申请人")}
SIDE_KEYS = {PartySide.APPLICANT: "applicants", PartySide.RESPONDENT: "respondents"}
# The work order's topic → the dispute category a converted case starts with (staff may correct it).
TOPIC_CATEGORY = {
    "marriage_family": "marriage_family",
    "labour": "labour",
    "traffic_accident": "road_traffic",
    "contract": "contract",
    "debt": "contract",
    "real_estate": "housing_homestead",
    "medical": "medical",
    "demolition_resettlement": "land_requisition",
    "personal_injury": "damages",
    "tort": "damages",
}
ORDER_CHANNEL_INTAKE = {
    Channel.PORTAL: IntakeChannel.PORTAL,
    Channel.API: IntakeChannel.PORTAL,
    Channel.HOTLINE: IntakeChannel.HOTLINE,
    Channel.TRANSFER_12345: IntakeChannel.HOTLINE,
    Channel.VILLAGE_ROOM: IntakeChannel.VILLAGE_ROOM,
}


# --- parties -------------------------------------------------------------------------------------


def _clean_party(data: dict[str, Any], *, side: str, prefix: str, problems: Problems) -> dict[str, Any]:
    """One party's details, every problem added to `problems` under `prefix.field`. A linked
    citizen account fills a missing name, ID number and phone."""
    who = SIDE_LABELS[PartySide(side)]
    unknown = sorted(set(data) - set(PARTY_FIELDS))
    if unknown:
        problems.add(
            prefix,
            gettext("{who}信息中有无法识别的项目：{join}。").format(who=who, join="、".join(unknown)),
            code="unknown_field",
        )
    kind = str(data.get("kind") or PartyKind.PERSON)
    if kind not in PartyKind.values:
        problems.add(f"{prefix}.kind", gettext("{who}类型不正确。").format(who=who), code="invalid_kind")
    user = data.get("user")
    representative_user = data.get("representative_user")
    for key, account in (("user", user), ("representative_user", representative_user)):
        if account is not None and (not isinstance(account, User) or not account.is_citizen):
            problems.add(
                f"{prefix}.{key}", gettext("{who}的账号须为群众账号。").format(who=who), code="invalid_account"
            )
    linked = user if isinstance(user, User) and user.is_citizen else None
    values: dict[str, Any] = {"side": side, "kind": kind, "user": linked}
    values["representative_user"] = representative_user if isinstance(representative_user, User) else None
    name = str(data.get("name") or "").strip() or (linked.real_name if linked else "")
    if not name:
        problems.add(f"{prefix}.name", gettext("请填写{who}的姓名或名称。").format(who=who), code="required")
    elif len(name) > 128:
        problems.add(f"{prefix}.name", gettext("{who}的姓名或名称不能超过 128 个字。").format(who=who), code="too_long")
    values["name"] = name
    representative = str(data.get("representative_name") or "").strip()
    if len(representative) > 64:
        problems.add(
            f"{prefix}.representative_name", gettext("代理人或法定代表人姓名不能超过 64 个字。"), code="too_long"
        )
    if kind == PartyKind.ORGANISATION and not representative:
        problems.add(
            f"{prefix}.representative_name",
            gettext("{who}为单位的，请填写其法定代表人或代理人。").format(who=who),
            code="required",
        )
    values["representative_name"] = representative
    id_number = normalize_id_number(str(data.get("id_number") or "")) or (linked.id_number if linked else "") or ""
    if id_number:
        if kind == PartyKind.ORGANISATION:
            problems.add(
                f"{prefix}.id_number",
                gettext("{who}为单位的，不填写身份证号。").format(who=who),
                code="invalid_id_number",
            )
        else:
            try:
                validate_id_number(id_number)
            except ValidationError as exc:
                problems.add(f"{prefix}.id_number", f"{who}{exc.messages[0]}", code="invalid_id_number")
    values["id_number"] = id_number
    phone = normalize_phone(str(data.get("phone") or "")) or (linked.phone if linked else "") or ""
    if phone:
        try:
            validate_person_phone(phone)
        except ValidationError as exc:
            problems.add(f"{prefix}.phone", f"{who}{exc.messages[0]}", code="invalid_phone")
    values["phone"] = phone
    address = str(data.get("address") or "").strip()
    if len(address) > 255:
        problems.add(f"{prefix}.address", gettext("{who}住址不能超过 255 个字。").format(who=who), code="too_long")
    values["address"] = address
    if side == PartySide.APPLICANT and not phone and not problems.has(f"{prefix}.phone"):
        problems.add(f"{prefix}.phone", gettext("请填写申请人的联系电话。"), code="required")
    if side == PartySide.RESPONDENT and not phone and not address and not problems.has(f"{prefix}.phone"):
        problems.add(
            f"{prefix}.phone",
            gettext("请填写被申请人的联系电话或住址，以便征询其调解意愿。"),
            code="required",
        )
    return values


def _clean_parties(
    applicants: list[dict[str, Any]], respondents: list[dict[str, Any]], problems: Problems
) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    for side, rows in ((PartySide.APPLICANT, applicants), (PartySide.RESPONDENT, respondents)):
        for index, row in enumerate(rows):
            cleaned.append(_clean_party(dict(row), side=side, prefix=f"{SIDE_KEYS[side]}.{index}", problems=problems))
    _check_same_person(cleaned, problems)
    return cleaned


def _check_same_person(parties: list[dict[str, Any]], problems: Problems, existing: Sequence[CaseParty] = ()) -> None:
    """The same person (ID number or account) cannot be on both sides, nor twice on one side."""
    seen: dict[str, str] = {}
    for existing_party in existing:
        party_keys = (
            f"id:{existing_party.id_number}" if existing_party.id_number else "",
            f"user:{existing_party.user_id}" if existing_party.user_id else "",
        )
        for key in party_keys:
            if key:
                seen[key] = existing_party.side
    for party in parties:
        user = party.get("user")
        keys = [f"id:{party['id_number']}" if party.get("id_number") else "", f"user:{user.pk}" if user else ""]
        for key in filter(None, keys):
            if key in seen:
                message = (
                    gettext("同一当事人不能既是申请人又是被申请人。")
                    if seen[key] != party["side"]
                    else gettext("{value}“{value2}”重复填写。").format(
                        value=SIDE_LABELS[PartySide(party["side"])], value2=party["name"]
                    )
                )
                problems.add(SIDE_KEYS[PartySide(party["side"])], message, code="duplicate_party")
                break
            seen[key] = party["side"]


def _create_parties(case: MediationCase, parties: list[dict[str, Any]]) -> list[CaseParty]:
    return [CaseParty.objects.create(case=case, **party) for party in parties]


# --- who may register ------------------------------------------------------------------------------


def _may_register(actor: User, committee: Committee) -> bool:
    """Staff posted at the committee's agency, a supervisor over its region, an administrator; a
    citizen only for themselves (checked with the parties)."""
    scope = scope_for(actor)
    if scope.sees_everything:
        return True
    if scope.kind == ScopeKind.SUPERVISOR:
        return scope.covers_region(committee.agency.region)
    if scope.kind == ScopeKind.STAFF:
        return committee.agency_id in scope.agency_ids
    return scope.kind == ScopeKind.CITIZEN


def _amount(value: Any, problems: Problems) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.add("amount_in_dispute", gettext("争议金额须为不小于0的数字。"), code="invalid_amount")
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        problems.add("amount_in_dispute", gettext("争议金额须为不小于0的数字。"), code="invalid_amount")
        return None
    return amount.quantize(Decimal("0.01"))


# --- registering -----------------------------------------------------------------------------------


def register_case(
    *,
    actor: User,
    committee: Committee,
    region: Region | None,
    category: DisputeCategory | None,
    source: str,
    application_form: str,
    intake_channel: str,
    summary: str,
    facts: str,
    claims: str,
    applicants: list[dict[str, Any]],
    respondents: list[dict[str, Any]],
    sender_name: str = "",
    sender_reference: str = "",
    work_order: WorkOrder | None = None,
    amount_in_dispute: Any = None,
) -> MediationCase:
    """登记: register a dispute (APPLIED), with its number, parties and 受理登记表.

    - 《人民调解法》第17条: a party applies, or the committee acts on its own (主动调解, allowed only
      while no party objects — Mediation Provisions ◐; consent is still sought before acceptance);
      第18条: the police and courts may hand disputes over. Mediation Provisions ◐: written or oral
      application, each registered.
    - A case without a respondent is refused (the other side must be known to ask its consent).
    - Referred cases (公安移交、法院委托、政府指定) carry the sender and its reference, and feedback is
      due REFERRAL_FEEDBACK_DAYS after registration (诉调、警调、访调对接 ◐).
    - Labour disputes (《劳动争议调解仲裁法》第14条): arbitration may be applied for once
      LABOUR_ARBITRATION_DAYS have passed from the application without agreement.
    - Who: the committee's staff, a supervisor over it, or a citizen applying for themselves on the
      portal (an applicant whose account is theirs).
    Every problem is reported at once (ValidationFailed); nothing is written on error.
    """
    if not _may_register(actor, committee):
        raise NotPermitted(gettext("您无权为该调委会登记调解案件。"))
    problems = Problems()
    citizen = actor.is_citizen
    if not committee.agency.is_active:
        problems.add("committee", gettext("该调委会已停用，不能登记案件。"), code="inactive_committee")
    if region is None:
        problems.add("region", gettext("请选择纠纷发生地。"), code="required")
    if category is None or not category.is_active:
        problems.add("category", gettext("请选择纠纷类型。"), code="required")
    if source not in CaseSource.values:
        problems.add("source", gettext("请选择案件来源。"), code="invalid_source")
    if application_form not in ApplicationForm.values:
        problems.add("application_form", gettext("请选择申请形式（书面或口头）。"), code="invalid_application_form")
    if intake_channel not in IntakeChannel.values:
        problems.add("intake_channel", gettext("请选择登记渠道。"), code="invalid_intake_channel")
    if citizen:
        if source != CaseSource.PARTY_APPLICATION:
            problems.add("source", gettext("网上只能由当事人本人申请调解。"), code="citizen_source")
        if intake_channel != IntakeChannel.PORTAL:
            problems.add("intake_channel", gettext("群众本人申请的登记渠道应为网上申请。"), code="citizen_channel")
        if not any(row.get("user") == actor for row in applicants):
            problems.add(
                "applicants",
                gettext("网上申请调解须由当事人本人提交：申请人中须有您本人。"),
                code="not_own_application",
            )
    elif intake_channel == IntakeChannel.PORTAL:
        problems.add(
            "intake_channel", gettext("网上申请须由当事人本人提交，工作人员登记请选择其他渠道。"), code="staff_portal"
        )
    with problems.check():
        summary = require_text(summary, field="summary", label=gettext("纠纷简要"), max_chars=200)
    with problems.check():
        facts = require_text(facts, field="facts", label=gettext("纠纷事实"), max_chars=5000)
    claims = (claims or "").strip()
    if len(claims) > 2000:
        problems.add(
            "claims",
            gettext("当事人请求不能超过 2000 个字（现在 {len} 个字）。").format(len=len(claims)),
            code="too_long",
        )
    referred = source in REFERRED_SOURCES
    sender_name, sender_reference = (sender_name or "").strip(), (sender_reference or "").strip()
    if referred:
        if not sender_name:
            problems.add("sender_name", gettext("委托移送的案件须填写移送（委托、指定）单位。"), code="required")
        if not sender_reference:
            problems.add("sender_reference", gettext("委托移送的案件须填写来文编号。"), code="required")
        if len(sender_name) > 128:
            problems.add("sender_name", gettext("移送（委托、指定）单位不能超过 128 个字。"), code="too_long")
        if len(sender_reference) > 64:
            problems.add("sender_reference", gettext("来文编号不能超过 64 个字。"), code="too_long")
    if not applicants:
        problems.add("applicants", gettext("请至少填写一名申请人。"), code="required")
    if not respondents:
        problems.add("respondents", gettext("请填写被申请人：没有对方当事人的纠纷无法调解。"), code="no_respondent")
    amount = _amount(amount_in_dispute, problems)
    parties = _clean_parties(applicants, respondents, problems)
    problems.raise_if_any()
    assert region is not None
    assert category is not None
    with transaction.atomic(), acting_via(channel_of(Channel.PORTAL if citizen else Channel.WORKBENCH)):
        return _register(
            actor=actor,
            committee=committee,
            region=region,
            category=category,
            source=source,
            application_form=application_form,
            intake_channel=intake_channel,
            summary=summary,
            facts=facts,
            claims=claims,
            parties=parties,
            sender_name=sender_name if referred else "",
            sender_reference=sender_reference if referred else "",
            work_order=work_order,
            amount_in_dispute=amount,
        )


def _register(
    *,
    actor: User | None,
    committee: Committee,
    region: Region,
    category: DisputeCategory,
    source: str,
    application_form: str,
    intake_channel: str,
    summary: str,
    facts: str,
    claims: str,
    parties: list[dict[str, Any]],
    sender_name: str,
    sender_reference: str,
    work_order: WorkOrder | None,
    amount_in_dispute: Decimal | None,
) -> MediationCase:
    now = timezone.now()
    today = timezone.localdate(now)
    case = MediationCase(
        number=next_number(committee),
        status=CaseStatus.APPLIED,
        committee=committee,
        region=region,
        work_order=work_order,
        category=category,
        source=source,
        application_form=application_form,
        intake_channel=intake_channel,
        sender_name=sender_name,
        sender_reference=sender_reference,
        summary=summary,
        facts=facts,
        claims=claims,
        amount_in_dispute=amount_in_dispute,
        registered_at=now,
        created_by=actor,
    )
    if source in REFERRED_SOURCES:
        case.feedback_due_on = calendar_due(case, today, setting(case, rules.REFERRAL_FEEDBACK_DAYS.key, today))
    if category.is_labour:
        # 《劳动争议调解仲裁法》第14条: counted in calendar days from the application day.
        case.labour_arbitration_from = today + datetime.timedelta(
            days=setting(case, rules.LABOUR_ARBITRATION_DAYS.key, today)
        )
    case.save()
    created = _create_parties(case, parties)
    CaseDocument.objects.create(
        case=case,
        kind=DocumentKind.APPLICATION,
        title=gettext("人民调解申请书")
        if application_form == ApplicationForm.WRITTEN
        else gettext("人民调解受理登记表"),
        generated=True,
        added_by=actor,
    )
    respondents = [p for p in created if p.side == PartySide.RESPONDENT]
    note(
        case,
        "register",
        actor=actor,
        data={
            "committee": committee.pk,
            "source": source,
            "intake_channel": intake_channel,
            "application_form": application_form,
            "category": category.code,
            "applicants": sum(1 for p in created if p.side == PartySide.APPLICANT),
            "respondents": len(respondents),
            "respondent_missing": not respondents,
            "labour": category.is_labour,
            "feedback_due_on": case.feedback_due_on.isoformat() if case.feedback_due_on else None,
            "work_order": work_order.pk if work_order else None,
        },
    )
    return case


# --- from a work order -----------------------------------------------------------------------------


def committee_for(region: Region) -> Committee | None:
    """The committee a converted request goes to: the village's own committee, else the township's,
    else one at the county (Mediation Provisions 第21条 ◐: where the parties live or the dispute
    arose). Stationed and enterprise committees take only their host's cases."""
    preference = {
        **dict.fromkeys((CommitteeType.VILLAGE, CommitteeType.RESIDENTS, *TOWNSHIP_TYPES), 0),
        CommitteeType.OTHER: 1,
        CommitteeType.INDUSTRY: 2,
    }
    current: Region | None = region
    while current is not None and current.level >= RegionLevel.COUNTY:
        candidates = [
            c
            for c in Committee.objects.active()
            .filter(agency__region=current)
            .exclude(committee_type__in=(*STATIONED_TYPES, CommitteeType.ENTERPRISE))
            .select_related("agency__region")
            .order_by("pk")
            if c.committee_type in preference
        ]
        if candidates:
            return min(candidates, key=lambda c: preference[CommitteeType(c.committee_type)])
        current = current.parent
    return None


def open_from_order(order: WorkOrder, actor: User) -> MediationCase:
    """转为案件 → 人民调解 (the work order's case opener, registered in MediationConfig.ready): the
    requester becomes the applicant; the respondent is not known yet, so the case is registered
    without one (event data respondent_missing) and the committee adds them with `add_party`."""
    committee = committee_for(order.region)
    if committee is None:
        raise DomainError(gettext("纠纷发生地及其上级乡镇、县尚未设立人民调解委员会。"), code="no_committee")
    requester = order.requester
    category = (
        DisputeCategory.objects.filter(
            code=TOPIC_CATEGORY.get(order.topic.code if order.topic is not None else "", "other"), is_active=True
        ).first()
        or DisputeCategory.objects.filter(is_active=True).order_by("-sort_order").first()
    )
    if category is None:
        raise DomainError(gettext("尚未配置纠纷类型。"), code="no_category")
    name = (requester.real_name if requester else "") or order.contact_name or "工单联系人"
    phone = normalize_phone((requester.phone if requester else "") or order.contact_phone or "")
    applicant = {
        "side": PartySide.APPLICANT,
        "kind": PartyKind.PERSON,
        "user": requester if requester is not None and requester.is_citizen else None,
        "name": name[:128],
        "id_number": (requester.id_number if requester else "") or "",
        "phone": phone[:20],
        "address": "",
        "representative_name": "",
        "representative_user": None,
    }
    text = order.text.strip() or "（工单未填写诉求内容）"
    written = order.channel in (Channel.PORTAL, Channel.API, Channel.LETTER)
    with transaction.atomic():
        return _register(
            actor=actor,
            committee=committee,
            region=order.region,
            category=category,
            source=CaseSource.PARTY_APPLICATION,
            application_form=ApplicationForm.WRITTEN if written else ApplicationForm.ORAL,
            intake_channel=ORDER_CHANNEL_INTAKE.get(Channel(order.channel), IntakeChannel.WINDOW),
            summary=text[:200],
            facts=text[:5000],
            claims="",
            parties=[applicant],
            sender_name="",
            sender_reference="",
            work_order=order,
            amount_in_dispute=None,
        )


# --- adding a party ---------------------------------------------------------------------------------

ADD_PARTY_STATUSES = (CaseStatus.APPLIED, CaseStatus.CONSENT_PENDING)


def add_party(*, actor: User, case: MediationCase, side: str, party: dict[str, Any]) -> CaseParty:
    """Add a party before acceptance (the respondent of a case converted from a work order, or a
    further party on either side). A respondent added while consent is being sought gets their own
    invitation (a PENDING consent, 第17条). The committee's staff or a supervisor (MANAGE)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        problems = Problems()
        if side not in PartySide.values:
            problems.add("side", gettext("请选择当事人地位（申请人或被申请人）。"), code="invalid_side")
            problems.raise_if_any()
        if locked.status not in ADD_PARTY_STATUSES:
            raise DomainError(
                gettext("案件当前状态为“{get_status_display}”，受理后不能再增加当事人。").format(
                    get_status_display=locked.get_status_display()
                ),
                code="parties_closed",
                field="side",
            )
        values = _clean_party(dict(party), side=side, prefix=SIDE_KEYS[PartySide(side)] + ".0", problems=problems)
        _check_same_person([values], problems, existing=list(locked.parties.all()))
        problems.raise_if_any()
        added = CaseParty.objects.create(case=locked, **values)
        consent = None
        if side == PartySide.RESPONDENT and locked.status == CaseStatus.CONSENT_PENDING:
            consent = Consent.objects.create(case=locked, party=added, decision=ConsentDecision.PENDING)
        note(
            locked,
            "add_party",
            actor=actor,
            data={"party": added.pk, "side": side, "consent": consent.pk if consent else None},
        )
    return added


# --- correcting the category ------------------------------------------------------------------------


def change_category(
    *, actor: User, case: MediationCase, category: DisputeCategory | None, reason: str | None = ""
) -> MediationCase:
    """更正纠纷类型: a case converted from a work order takes the order's topic, which names no
    dispute category for many disputes (邻里、山林土地…); the committee corrects it until the case
    is closed, and the statistics by category follow (the case's facts are recomputed from the
    event). The committee's staff or a supervisor (MANAGE)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        problems = Problems()
        if locked.status == CaseStatus.CLOSED:
            problems.add(None, gettext("案件已结案归档，不能再更正纠纷类型。"), code="case_closed")
        if category is None or not category.is_active:
            problems.add("category", gettext("请选择纠纷类型。"), code="required")
        elif category.pk == locked.category_id:
            problems.add("category", gettext("纠纷类型已经是“{name}”。").format(name=category.name), code="unchanged")
        note_text = (reason or "").strip()
        if len(note_text) > 200:
            problems.add("reason", gettext("更正说明不能超过 200 个字。"), code="too_long")
        problems.raise_if_any()
        assert category is not None
        previous = locked.category
        locked.category = category
        locked.save(update_fields=["category"])
        note(
            locked,
            "category_changed",
            actor=actor,
            data={"from": previous.code, "to": category.code, "reason": note_text},
        )
    return locked
