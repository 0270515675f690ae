"""Who applies and for whom (rules.md §1.4(d), §1.7): the applicant's special groups (the one
list, gongfa.core.choices.SpecialGroup) and the representative who applies for a person without
full capacity (代为申请, 《法律援助法》第40条), checked with every problem at once."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from gongfa.core.choices import ALL_SPECIAL_GROUPS, SpecialGroup
from gongfa.core.errors import Problems
from gongfa.legalaid.choices import AgentRelation, Capacity
from gongfa.legalaid.models import LegalAidApplication

# What the representative checks read (applicant_capacity and the agent_* fields).
REPRESENTATIVE_FIELDS = ("applicant_capacity", "agent_name", "agent_id_number", "agent_phone", "agent_relation")
# Relations that are a legal representative (法定代理人): only a person without full capacity has one.
GUARDIAN_RELATIONS = frozenset({AgentRelation.GUARDIAN.value, AgentRelation.OTHER_GUARDIAN.value})
# 《民法典》第19–20条: under 16 a person has no full capacity (16–17 only when living on their own work).
FULL_CAPACITY_MIN_AGE = 16


def age_on(id_number: str, day: datetime.date) -> int | None:
    """Age in whole years from the birth date in a resident ID number (None if unreadable)."""
    try:
        birth = datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except (ValueError, IndexError):
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def special_groups_value(value: Any) -> int | None:
    """Special groups as the one mask (gongfa.core.choices.SpecialGroup): a mask, or a list of
    flags (ints or digit strings, as a form posts them); None when any is not a known group."""
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 and not value & ~ALL_SPECIAL_GROUPS else None
    items = [value] if isinstance(value, str) else list(value)
    mask = 0
    for item in items:
        text = str(item).strip()
        if not text.isdecimal() or int(text) not in SpecialGroup.values:
            return None
        mask |= int(text)
    return mask


def representative_problems(application: LegalAidApplication, problems: Problems) -> None:
    """代为申请 (《法律援助法》第40条): a person without full capacity applies through their legal
    representative (or, where that one harms them, another one or a close relative); whoever
    applies for someone else is named, identified and related to them. Every problem at once."""

    def add(field: str, message: str, code: str) -> None:
        if not problems.has(field):
            problems.add(field, message, code=code)

    capacity = application.applicant_capacity if application.applicant_capacity in Capacity.values else Capacity.FULL
    relation = application.agent_relation
    acting = bool(application.agent_name or application.agent_id_number or relation or application.agent_phone)
    if capacity != Capacity.FULL and not acting:
        label = Capacity(capacity).label
        add(
            "agent_name",
            gettext(
                "申请人为{label}人，应当由其法定代理人代为申请（《法律援助法》第四十条）：请填写代为申请人的姓名。"
            ).format(label=label),
            "representative_required",
        )
    if capacity != Capacity.FULL or acting:
        if not application.agent_name:
            add("agent_name", gettext("请填写代为申请人的姓名。"), "required")
        if not application.agent_id_number:
            add("agent_id_number", gettext("请填写代为申请人的身份证号。"), "required")
        if not relation:
            add("agent_relation", gettext("请选择代为申请人与申请人的关系。"), "required")
    if relation in GUARDIAN_RELATIONS and capacity == Capacity.FULL:
        add(
            "agent_relation",
            gettext("申请人具有完全民事行为能力，没有法定代理人；近亲属代为申请的，请选择“近亲属”。"),
            "no_legal_representative",
        )
    if application.agent_id_number and application.agent_id_number == application.id_number:
        add("agent_id_number", gettext("代为申请人与申请人不能是同一人。"), "agent_is_applicant")
    age = age_on(application.id_number, timezone.localdate()) if application.id_number else None
    if capacity == Capacity.FULL and age is not None and age < FULL_CAPACITY_MIN_AGE:
        add(
            "applicant_capacity",
            gettext(
                "申请人未满{FULL_CAPACITY_MIN_AGE}周岁，不具有完全民事行为能力（《民法典》第十九条、第二十条），请选择其民事行为能力并由法定代理人代为申请。"
            ).format(FULL_CAPACITY_MIN_AGE=FULL_CAPACITY_MIN_AGE),
            "minor_capacity",
        )
