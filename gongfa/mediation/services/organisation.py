"""Mediation committees and mediators (《人民调解法》第7–14条、第34条): setting a committee up, its
members and their terms, the mediators it has, their training and insurance.

Who may do this: the justice bureau over the committee's region (第5条、第10条: the county bureau
keeps the register of committees and members and trains the mediators) – a supervisor whose
region contains the committee's, or staff posted at a justice bureau (司法行政机关) whose region
contains it – or an administrator.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.core.validators import validate_contact_phone
from gongfa.mediation import rules
from gongfa.mediation.choices import (
    STATIONED_TYPES,
    CommitteeType,
    Employment,
    Gender,
    IndustryField,
    InsuranceKind,
    MemberRole,
)
from gongfa.mediation.models import (
    Committee,
    CommitteeMember,
    DisputeCategory,
    Mediator,
    MediatorInsurance,
    MediatorTraining,
)
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting, level_of_code
from gongfa.network.scope import ScopeKind, forget_scope, scope_for
from gongfa.network.selectors import region_setting

CHANNEL = Channel.WORKBENCH
MIN_MEMBERS = 3  # 第9条: 委员三至九人
MAX_MEMBERS = 9
TERM_YEARS = 3  # 第9条: 每届任期三年
ADULT_AGE = 18  # 第14条: 成年公民
MAJORITY_ETHNICITY = "汉族"

# 第8条、第34条: where each kind of committee sits. Village and residents' committees are set up in
# a village (community); township and street committees in a township (street).
_LEVEL_OF_TYPE = {
    CommitteeType.VILLAGE: RegionLevel.VILLAGE,
    CommitteeType.RESIDENTS: RegionLevel.VILLAGE,
    CommitteeType.TOWNSHIP: RegionLevel.TOWNSHIP,
    CommitteeType.STREET: RegionLevel.TOWNSHIP,
}
# Committees that belong to a host (the court, police station or petition office they are stationed
# at; the enterprise that set them up): its name is required.
_HOSTED_TYPES = (*STATIONED_TYPES, CommitteeType.ENTERPRISE)


# --- access ---------------------------------------------------------------------------------------


def manages_region(actor: User | None, region: Region) -> bool:
    """Whether `actor` acts for the justice bureau over `region` (第10条、第14条 name the county
    bureau): an administrator, a supervisor of a county (or a city or province) containing it, or
    staff posted at the justice bureau of a county (or above) containing it. A township's justice
    office (司法所) guides its committees' daily work but does not keep their register."""
    scope = scope_for(actor)
    if scope.sees_everything:
        return True
    if scope.kind == ScopeKind.SUPERVISOR:
        for low, high in scope.region_ranges:
            if low <= region.code <= high and level_of_code(low) <= RegionLevel.COUNTY:
                return True
    if scope.kind in (ScopeKind.STAFF, ScopeKind.SUPERVISOR) and scope.agency_ids:
        bureaus = Agency.objects.filter(
            pk__in=scope.agency_ids,
            kind=AgencyKind.JUSTICE_BUREAU,
            is_active=True,
            region__level__lte=RegionLevel.COUNTY,
        ).select_related("region")
        return any(bureau.region.contains(region) for bureau in bureaus)
    return False


def require_region_manager(actor: User | None, region: Region) -> None:
    if not manages_region(actor, region):
        raise NotPermitted(
            gettext("您无权管理“{name}”的人民调解组织和调解员（须为该地区司法行政机关人员或督办主管）。").format(
                name=region.name
            )
        )


def _event(subject: Any, verb: str, *, actor: User | None, region: Region, data: dict[str, Any] | None = None) -> None:
    record_event(
        subject,
        f"mediation.{subject._meta.model_name}.{verb}",
        actor=actor,
        channel=CHANNEL,
        data=data,
        region=region,
    )


def _text(problems: Problems, value: str | None, *, field: str, label: str, max_chars: int, required: bool) -> str:
    text = (value or "").strip()
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


def _today() -> datetime.date:
    return timezone.localdate()


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_too_long(starts_on: datetime.date | None, ends_on: datetime.date | None) -> bool:
    """第9条: a term is three years; one that ends later than three years after it starts is too long."""
    return starts_on is not None and ends_on is not None and ends_on > add_years(starts_on, TERM_YEARS)


# --- committees -----------------------------------------------------------------------------------


def create_committee(
    *,
    actor: User | None,
    name: str,
    region: Region,
    committee_type: str,
    industry_field: str = "",
    host_name: str = "",
    point: ServicePoint | None = None,
    established_on: datetime.date | None = None,
    address: str = "",
    phone: str = "",
) -> Committee:
    """Set up a mediation committee (第8条: village and residents' committees must, enterprises may;
    第34条: townships, streets, social organisations and others by analogy): the agency in the
    network (kind 人民调解委员会, or 行业性专业性 for an industry committee) and its mediation profile.
    Its members come with constitute_committee (第9条)."""
    require_region_manager(actor, region)
    problems = Problems()
    name = _text(problems, name, field="name", label=gettext("调委会名称"), max_chars=128, required=True)
    host_name = _text(
        problems, host_name, field="host_name", label=gettext("派驻单位或所属单位"), max_chars=128, required=False
    )
    address = _text(problems, address, field="address", label=gettext("地址"), max_chars=255, required=False)
    phone = (phone or "").strip()
    if committee_type not in CommitteeType.values:
        problems.add("committee_type", gettext("调委会类型不正确。"), code="invalid_committee_type")
    else:
        level = _LEVEL_OF_TYPE.get(CommitteeType(committee_type))
        if level is not None and region.level != level:
            problems.add(
                "region",
                gettext("{label}应设在{label2}，“{name}”是{label3}。").format(
                    label=CommitteeType(committee_type).label,
                    label2=RegionLevel(level).label,
                    name=region.name,
                    label3=RegionLevel(region.level).label,
                ),
                code="wrong_region_level",
            )
        if committee_type in _HOSTED_TYPES and not host_name and not problems.has("host_name"):
            problems.add(
                "host_name",
                gettext("{label}须填写派驻单位或所属单位。").format(label=CommitteeType(committee_type).label),
                code="required",
            )
    if committee_type == CommitteeType.INDUSTRY:
        if not industry_field:
            problems.add("industry_field", gettext("行业性专业性调委会须选择行业领域。"), code="required")
        elif industry_field not in IndustryField.values:
            problems.add("industry_field", gettext("行业领域不正确。"), code="invalid_industry_field")
    elif industry_field:
        problems.add(
            "industry_field", gettext("只有行业性专业性调委会填写行业领域。"), code="industry_field_not_allowed"
        )
    if phone:
        try:
            validate_contact_phone(phone)
        except ValidationError as exc:
            problems.add("phone", exc.messages[0], code="invalid_phone")
    if point is not None:
        if not point.is_active:
            problems.add("point", gettext("服务点“{name}”已停用。").format(name=point.name), code="inactive_point")
        elif not (region.contains(point.region) or point.region.contains(region)):
            problems.add(
                "point",
                gettext("服务点“{name}”不在“{name2}”，也不是其上级的服务点。").format(
                    name=point.name, name2=region.name
                ),
                code="point_elsewhere",
            )
    if established_on is not None and established_on > _today():
        problems.add("established_on", gettext("成立日期不能晚于今天。"), code="future_date")
    if name and not problems.has("name") and Agency.objects.filter(region=region, name=name).exists():
        problems.add(
            "name",
            gettext("“{name}”已有名为“{name2}”的机构。").format(name=region.name, name2=name),
            code="duplicate_name",
        )
    problems.raise_if_any()
    kind = (
        AgencyKind.INDUSTRY_MEDIATION_COMMITTEE
        if committee_type == CommitteeType.INDUSTRY
        else AgencyKind.MEDIATION_COMMITTEE
    )
    with transaction.atomic():
        agency = Agency.objects.create(
            name=name,
            kind=kind,
            region=region,
            point=point,
            address=address,
            phone=phone,
            industry=stored_text(IndustryField(industry_field).label) if industry_field else "",
        )
        committee = Committee.objects.create(
            agency=agency,
            committee_type=committee_type,
            industry_field=industry_field,
            host_name=host_name,
            established_on=established_on,
        )
        _event(
            committee,
            "created",
            actor=actor,
            region=region,
            data={"name": name, "committee_type": committee_type, "industry_field": industry_field},
        )
    return committee


def record_court_notified(*, actor: User | None, committee: Committee, notified_on: datetime.date) -> Committee:
    """The county bureau told the basic court that the committee was set up or its make-up changed
    (第10条)."""
    require_region_manager(actor, committee.agency.region)
    problems = Problems()
    if notified_on > _today():
        problems.add("notified_on", gettext("告知日期不能晚于今天。"), code="future_date")
    if committee.established_on is not None and notified_on < committee.established_on:
        problems.add(
            "notified_on",
            gettext("告知日期不能早于调委会成立日期{established_on}。").format(established_on=committee.established_on),
            code="before_established",
        )
    problems.raise_if_any()
    with transaction.atomic():
        committee.court_notified_on = notified_on
        committee.save(update_fields=["court_notified_on"])
        _event(
            committee,
            "court_notified",
            actor=actor,
            region=committee.agency.region,
            data={"notified_on": notified_on.isoformat()},
        )
    return committee


@dataclass(frozen=True)
class MemberInput:
    """One member of a committee as entered (第9条)."""

    name: str
    gender: str
    role: str = MemberRole.MEMBER
    ethnicity: str = MAJORITY_ETHNICITY
    user: User | None = None


def _member_view(members: Iterable[CommitteeMember | MemberInput]) -> list[tuple[str, str, str]]:
    return [(m.role, m.gender, (m.ethnicity or "").strip() or MAJORITY_ETHNICITY) for m in members]


def member_problems(members: Sequence[tuple[str, str, str]], *, multi_ethnic: bool) -> list[str]:
    """第9条 over (role, gender, ethnicity) of the active members: 3 to 9 members, exactly one chair,
    at least one woman, and a member of a smaller ethnic group in a multi-ethnic area (region
    setting mediation.multi_ethnic_area). No query."""
    found: list[str] = []
    count = len(members)
    if count < MIN_MEMBERS or count > MAX_MEMBERS:
        found.append(f"委员应为{MIN_MEMBERS}至{MAX_MEMBERS}人，现有{count}人（《人民调解法》第9条）。")
    chairs = sum(1 for role, _, _ in members if role == MemberRole.CHAIR)
    if chairs != 1:
        found.append(f"应设主任一人，现有{chairs}人（《人民调解法》第9条）。")
    if not any(gender == Gender.FEMALE for _, gender, _ in members):
        found.append("委员中应有妇女成员（《人民调解法》第9条）。")
    if multi_ethnic and not any(ethnicity != MAJORITY_ETHNICITY for _, _, ethnicity in members):
        found.append("多民族居住地区的调委会应有人数较少民族的成员（《人民调解法》第9条）。")
    return found


def term_problems(
    term_starts_on: datetime.date | None, term_ends_on: datetime.date | None, on: datetime.date | None = None
) -> list[str]:
    """第9条: members serve three-year terms. The term must be recorded, at most three years long,
    and (with `on`) not yet expired. No query."""
    if term_starts_on is None or term_ends_on is None:
        return ["未登记本届任期起止日期（委员每届任期三年，《人民调解法》第9条）。"]
    if term_ends_on <= term_starts_on:
        return ["本届任期止应晚于任期起。"]
    if term_too_long(term_starts_on, term_ends_on):
        return [f"本届任期{term_starts_on}至{term_ends_on}超过三年（委员每届任期三年，《人民调解法》第9条）。"]
    if on is not None and term_ends_on < on:
        return [f"本届任期已于{term_ends_on}届满，应当换届（《人民调解法》第9条）。"]
    return []


def composition_rule_problems(
    members: Sequence[tuple[str, str, str]],
    *,
    multi_ethnic: bool,
    term_starts_on: datetime.date | None,
    term_ends_on: datetime.date | None,
    on: datetime.date | None = None,
) -> list[str]:
    """Every composition problem (第9条): the members' and the term's. No query."""
    return [
        *member_problems(members, multi_ethnic=multi_ethnic),
        *term_problems(term_starts_on, term_ends_on, on),
    ]


def composition_problems(committee: Committee, on: datetime.date | None = None) -> list[str]:
    """What is wrong with the committee's current make-up (第9条), as shown on the coverage view."""
    on = on or _today()
    members = list(committee.members.filter(is_active=True))
    multi_ethnic = bool(region_setting(committee.agency.region, rules.MULTI_ETHNIC_AREA.key, on))
    return composition_rule_problems(
        _member_view(members),
        multi_ethnic=multi_ethnic,
        term_starts_on=committee.term_starts_on,
        term_ends_on=committee.term_ends_on,
        on=on,
    )


def _check_member_input(problems: Problems, index: int, member: MemberInput) -> None:
    field = f"members.{index}"
    label = gettext("第{value}位委员").format(value=index + 1)
    name = (member.name or "").strip()
    if not name:
        problems.add(f"{field}.name", gettext("请填写{label}的姓名。").format(label=label), code="required")
    elif len(name) > 64:
        problems.add(f"{field}.name", gettext("{label}的姓名不能超过 64 个字。").format(label=label), code="too_long")
    if member.gender not in Gender.values:
        problems.add(f"{field}.gender", gettext("{label}的性别不正确。").format(label=label), code="invalid_gender")
    if member.role not in MemberRole.values:
        problems.add(f"{field}.role", gettext("{label}的职务不正确。").format(label=label), code="invalid_role")
    if len((member.ethnicity or "").strip()) > 16:
        problems.add(
            f"{field}.ethnicity", gettext("{label}的民族不能超过 16 个字。").format(label=label), code="too_long"
        )
    if member.user is not None and member.user.is_citizen:
        problems.add(
            f"{field}.user",
            gettext("{label}关联的账号是群众账号，不能作为委员账号。").format(label=label),
            code="citizen_account",
        )


def constitute_committee(
    *,
    actor: User | None,
    committee: Committee,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date,
    members: Sequence[MemberInput],
) -> list[CommitteeMember]:
    """A new term of the committee (产生或换届, 第9条): the members of the term, checked together –
    3 to 9, one chair, women, a smaller ethnic group in a multi-ethnic area, a term of at most three
    years. Refuses with every problem at once; otherwise the previous members leave office and the
    new ones take it."""
    require_region_manager(actor, committee.agency.region)
    problems = Problems()
    for index, member in enumerate(members):
        _check_member_input(problems, index, member)
    multi_ethnic = bool(region_setting(committee.agency.region, rules.MULTI_ETHNIC_AREA.key, term_starts_on))
    for message in member_problems(_member_view(members), multi_ethnic=multi_ethnic):
        problems.add("members", message, code="composition")
    for message in term_problems(term_starts_on, term_ends_on):
        problems.add("term_ends_on", message, code="term")
    if not committee.agency.is_active:
        problems.add(None, gettext("该调委会已撤销（机构已停用），不能换届。"), code="inactive_committee")
    problems.raise_if_any()
    with transaction.atomic():
        Committee.objects.select_for_update().filter(pk=committee.pk).first()
        ended = list(committee.members.filter(is_active=True).values_list("pk", flat=True))
        day_before = term_starts_on - datetime.timedelta(days=1)
        for old in committee.members.filter(pk__in=ended):
            old.is_active = False
            if old.term_ends_on is None or old.term_ends_on > day_before:
                old.term_ends_on = max(day_before, old.term_starts_on) if old.term_starts_on else day_before
            old.save(update_fields=["is_active", "term_ends_on"])
        created = [
            CommitteeMember.objects.create(
                committee=committee,
                user=member.user,
                name=member.name.strip(),
                gender=member.gender,
                ethnicity=(member.ethnicity or "").strip() or MAJORITY_ETHNICITY,
                role=member.role,
                term_starts_on=term_starts_on,
                term_ends_on=term_ends_on,
            )
            for member in members
        ]
        committee.term_starts_on = term_starts_on
        committee.term_ends_on = term_ends_on
        committee.save(update_fields=["term_starts_on", "term_ends_on"])
        _event(
            committee,
            "constituted",
            actor=actor,
            region=committee.agency.region,
            data={
                "term_starts_on": term_starts_on.isoformat(),
                "term_ends_on": term_ends_on.isoformat(),
                "members": len(created),
                "ended_members": len(ended),
            },
        )
    return created


def add_member(
    *,
    actor: User | None,
    committee: Committee,
    member: MemberInput,
    term_starts_on: datetime.date | None = None,
    term_ends_on: datetime.date | None = None,
) -> CommitteeMember:
    """A member joins during the term (补选): the committee keeps one chair and at most nine members
    (第9条); the member's term ends with the committee's unless given, and lasts at most three years."""
    require_region_manager(actor, committee.agency.region)
    problems = Problems()
    _check_member_input(problems, 0, member)
    starts = term_starts_on or _today()
    ends = term_ends_on or committee.term_ends_on
    if ends is not None and ends <= starts:
        problems.add("term_ends_on", gettext("任期止应晚于任期起。"), code="term_order")
    elif term_too_long(starts, ends):
        problems.add(
            "term_ends_on", gettext("委员每届任期三年，任期不能超过三年（《人民调解法》第9条）。"), code="term_too_long"
        )
    active = list(committee.members.filter(is_active=True).values_list("role", flat=True))
    if len(active) >= MAX_MEMBERS:
        problems.add(
            None,
            gettext("调委会已有{len}名委员，不能超过{MAX_MEMBERS}人（《人民调解法》第9条）。").format(
                len=len(active), MAX_MEMBERS=MAX_MEMBERS
            ),
            code="too_many",
        )
    if member.role == MemberRole.CHAIR and MemberRole.CHAIR in active:
        problems.add(
            "members.0.role", gettext("调委会已有主任，只能设主任一人；请先免去现任主任。"), code="second_chair"
        )
    if not committee.agency.is_active:
        problems.add(None, gettext("该调委会已撤销（机构已停用）。"), code="inactive_committee")
    problems.raise_if_any()
    with transaction.atomic():
        created = CommitteeMember.objects.create(
            committee=committee,
            user=member.user,
            name=member.name.strip(),
            gender=member.gender,
            ethnicity=(member.ethnicity or "").strip() or MAJORITY_ETHNICITY,
            role=member.role,
            term_starts_on=starts,
            term_ends_on=ends,
        )
        _event(
            committee,
            "member_added",
            actor=actor,
            region=committee.agency.region,
            data={"member_id": created.pk, "role": member.role},
        )
    return created


def end_membership(
    *, actor: User | None, member: CommitteeMember, reason: str, ended_on: datetime.date | None = None
) -> CommitteeMember:
    """A member leaves office before the term ends (辞职、罢免、调离): the reason is recorded."""
    committee = member.committee
    require_region_manager(actor, committee.agency.region)
    problems = Problems()
    reason = _text(problems, reason, field="reason", label=gettext("离任原因"), max_chars=255, required=True)
    ended_on = ended_on or _today()
    if not member.is_active:
        problems.add(None, gettext("{name}已不在任。").format(name=member.name), code="not_active")
    if member.term_starts_on is not None and ended_on < member.term_starts_on:
        problems.add("ended_on", gettext("离任日期不能早于任期起。"), code="before_term")
    if ended_on > _today():
        problems.add("ended_on", gettext("离任日期不能晚于今天。"), code="future_date")
    problems.raise_if_any()
    with transaction.atomic():
        member.is_active = False
        member.term_ends_on = ended_on
        member.save(update_fields=["is_active", "term_ends_on"])
        _event(
            committee,
            "member_ended",
            actor=actor,
            region=committee.agency.region,
            data={"member_id": member.pk, "role": member.role, "reason": reason, "ended_on": ended_on.isoformat()},
        )
    return member


# --- mediators ------------------------------------------------------------------------------------


def age_on(id_number: str, day: datetime.date) -> int | None:
    """Whole years from the birth date in a resident ID number (None if unreadable)."""
    try:
        birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _string_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return None
    return [str(item).strip() for item in value]


def register_mediator(
    *,
    actor: User | None,
    user: User,
    committee: Committee,
    employment: str = Employment.PART_TIME,
    specialities: Sequence[str] = (),
    languages: Sequence[str] = (),
    started_on: datetime.date | None = None,
) -> Mediator:
    """A committee member or a mediator the committee hires (第13条): a fair-minded adult citizen
    with some legal knowledge (第14条). The age is read from the birth date in the user's ID number
    where there is one; specialities are dispute-category codes. The mediator is posted at the
    committee so that they see its cases."""
    require_region_manager(actor, committee.agency.region)
    problems = Problems()
    today = _today()
    if user.is_citizen:
        problems.add("user", gettext("群众账号不能登记为调解员，请使用工作人员账号。"), code="citizen_account")
    if not user.is_active:
        problems.add("user", gettext("该账号已停用。"), code="inactive_user")
    if Mediator.objects.filter(user=user).exists():
        problems.add(
            "user",
            gettext("{display_name}已登记为调解员。").format(display_name=user.display_name),
            code="already_mediator",
        )
    if user.id_number:
        age = age_on(user.id_number, today)
        if age is None:
            problems.add("user", gettext("无法从该账号的身份证号读出出生日期。"), code="unreadable_id_number")
        elif age < ADULT_AGE:
            problems.add(
                "user",
                gettext("调解员应为成年公民（《人民调解法》第14条），{display_name}现年{age}岁。").format(
                    display_name=user.display_name, age=age
                ),
                code="minor",
            )
    if employment not in Employment.values:
        problems.add("employment", gettext("专兼职类型不正确。"), code="invalid_employment")
    codes = _string_list(specialities)
    if codes is None:
        problems.add("specialities", gettext("擅长纠纷类型应为纠纷类型代码的列表。"), code="invalid_specialities")
        codes = []
    else:
        known = set(DisputeCategory.objects.filter(is_active=True).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            problems.add(
                "specialities",
                gettext("擅长纠纷类型中有未知的纠纷类型：{join}。").format(join="、".join(unknown)),
                code="unknown_category",
            )
    names = _string_list(languages)
    if names is None:
        problems.add("languages", gettext("工作语言应为语言名称的列表。"), code="invalid_languages")
        names = []
    elif any(not name or len(name) > 32 for name in names):
        problems.add("languages", gettext("工作语言不能为空，每项不超过 32 个字。"), code="invalid_language")
    if started_on is not None and started_on > today:
        problems.add("started_on", gettext("从事调解工作起始日不能晚于今天。"), code="future_date")
    if not committee.agency.is_active:
        problems.add("committee", gettext("该调委会已撤销（机构已停用）。"), code="inactive_committee")
    problems.raise_if_any()
    with transaction.atomic():
        mediator = Mediator.objects.create(
            user=user,
            committee=committee,
            employment=employment,
            specialities=sorted(set(codes)),
            languages=list(dict.fromkeys(names)),
            started_on=started_on,
        )
        if not StaffPosting.objects.filter(user=user, agency=committee.agency, is_active=True).exists():
            StaffPosting.objects.create(user=user, agency=committee.agency, role=Role.MEDIATOR, started_on=today)
            forget_scope(user)
        _event(
            mediator,
            "registered",
            actor=actor,
            region=committee.agency.region,
            data={"committee_id": committee.pk, "employment": employment, "specialities": mediator.specialities},
        )
    return mediator


def record_training(
    *,
    actor: User | None,
    mediator: Mediator,
    title: str,
    held_on: datetime.date,
    hours: Decimal | int | str,
    organiser: str = "",
) -> MediatorTraining:
    """Training a mediator attended (第14条第2款: the county bureau trains mediators); counted in
    grading (training hours)."""
    require_region_manager(actor, mediator.committee.agency.region)
    problems = Problems()
    title = _text(problems, title, field="title", label=gettext("培训名称"), max_chars=128, required=True)
    organiser = _text(problems, organiser, field="organiser", label=gettext("组织单位"), max_chars=128, required=False)
    if held_on > _today():
        problems.add("held_on", gettext("培训日期不能晚于今天。"), code="future_date")
    amount: Decimal | None
    try:
        amount = Decimal(str(hours).strip())
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        problems.add("hours", gettext("学时应为数字。"), code="invalid_hours")
    elif amount <= 0:
        problems.add("hours", gettext("学时应大于0。"), code="invalid_hours")
    elif amount > Decimal("999.9") or amount != amount.quantize(Decimal("0.1")):
        problems.add("hours", gettext("学时最多保留一位小数，且不超过 999.9。"), code="invalid_hours")
    problems.raise_if_any()
    assert amount is not None
    with transaction.atomic():
        training = MediatorTraining.objects.create(
            mediator=mediator, title=title, organiser=organiser, held_on=held_on, hours=amount
        )
        _event(
            mediator,
            "training_recorded",
            actor=actor,
            region=mediator.committee.agency.region,
            data={"training_id": training.pk, "hours": str(amount), "held_on": held_on.isoformat()},
        )
    return training


def record_insurance(
    *,
    actor: User | None,
    mediator: Mediator,
    insurer: str,
    policy_number: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    kind: str = InsuranceKind.ACCIDENT,
) -> MediatorInsurance:
    """A mediator's insurance policy (人民调解员保险): insurer, policy number and a period that ends
    after it starts."""
    require_region_manager(actor, mediator.committee.agency.region)
    problems = Problems()
    insurer = _text(problems, insurer, field="insurer", label=gettext("保险公司"), max_chars=128, required=True)
    policy_number = _text(
        problems, policy_number, field="policy_number", label=gettext("保单号"), max_chars=64, required=True
    )
    if kind not in InsuranceKind.values:
        problems.add("kind", gettext("险种不正确。"), code="invalid_kind")
    if ends_on <= starts_on:
        problems.add("ends_on", gettext("保险期间止应晚于保险期间起。"), code="period_order")
    if (
        policy_number
        and not problems.has("policy_number")
        and MediatorInsurance.objects.filter(mediator=mediator, policy_number=policy_number, kind=kind).exists()
    ):
        problems.add(
            "policy_number",
            gettext("该调解员已登记保单号为 {policy_number} 的同一险种保单。").format(policy_number=policy_number),
            code="duplicate_policy",
        )
    problems.raise_if_any()
    with transaction.atomic():
        insurance = MediatorInsurance.objects.create(
            mediator=mediator,
            kind=kind,
            insurer=insurer,
            policy_number=policy_number,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        _event(
            mediator,
            "insurance_recorded",
            actor=actor,
            region=mediator.committee.agency.region,
            data={"insurance_id": insurance.pk, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        )
    return insurance


def deactivate_mediator(*, actor: User | None, mediator: Mediator, reason: str) -> Mediator:
    """A mediator leaves (解聘、辞职、调离): off duty, their posting at the committee ends, and they
    are no longer offered for new cases. Their past cases and grade stay on record."""
    require_region_manager(actor, mediator.committee.agency.region)
    problems = Problems()
    reason = _text(problems, reason, field="reason", label=gettext("离岗原因"), max_chars=255, required=True)
    if not mediator.is_active:
        problems.add(None, gettext("{mediator}已不在岗。").format(mediator=mediator), code="not_active")
    problems.raise_if_any()
    today = _today()
    with transaction.atomic():
        mediator.is_active = False
        mediator.save(update_fields=["is_active"])
        StaffPosting.objects.filter(
            user=mediator.user, agency=mediator.committee.agency, role=Role.MEDIATOR, is_active=True
        ).update(is_active=False, ended_on=today)
        forget_scope(mediator.user)
        _event(mediator, "deactivated", actor=actor, region=mediator.committee.agency.region, data={"reason": reason})
    return mediator
