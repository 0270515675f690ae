"""Verbs that change the service network. Each validates first, then writes in a transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.errors import DomainError
from gongfa.network.choices import RegionLevel
from gongfa.network.models import AdvisorAssignment, Region, RegionSetting, ancestor_codes, level_of_code
from gongfa.network.qualifications import advisor_qualification
from gongfa.network.region_settings import ADVISOR_MAX_VILLAGES, spec_for
from gongfa.network.selectors import region_setting

ADVISOR_ROLES = {Role.VILLAGE_ADVISOR, Role.LAWYER, Role.MEDIATOR}


class AdvisorLimitExceeded(DomainError):
    code = "advisor_limit_exceeded"


def create_region(code: str, name: str) -> Region:
    """Add a region; its level and parent follow from the code (the parent must exist)."""
    code = code.strip()
    try:
        level = level_of_code(code)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_region_code", field="code") from None
    if not name.strip():
        raise DomainError(gettext("请填写区划名称。"), code="required", field="name")
    if Region.objects.filter(code=code).exists():
        raise DomainError(gettext("区划代码 {code} 已存在。").format(code=code), code="duplicate_region", field="code")
    parent = None
    if level > RegionLevel.PROVINCE:
        parent_code = ancestor_codes(code, level)[-1]
        parent = Region.objects.filter(code=parent_code).first()
        if parent is None:
            raise DomainError(
                gettext("上级区划 {parent_code} 不存在，请先添加上级区划。").format(parent_code=parent_code),
                code="unknown_parent",
                field="code",
            )
    return Region.objects.create(code=code, name=name.strip(), level=level, parent=parent)


def check_village_advisor(advisor: User, village: Region) -> None:
    """Raise DomainError when `advisor` may not (also) serve `village`; changes nothing."""
    if village.level != RegionLevel.VILLAGE:
        raise DomainError(
            gettext("“{name}”不是村(社区)，法律顾问只能聘任到村(社区)。").format(name=village.name),
            code="not_a_village",
            field="village",
        )
    # The role alone proves nothing: the person must be a lawyer, a grassroots legal-service worker
    # or a full-time mediator (network.qualifications, citing the seed plans).
    if advisor.role not in ADVISOR_ROLES or not advisor_qualification(advisor):
        raise DomainError(
            gettext(
                "{display_name} 不具备村(居)法律顾问任职资格：法律顾问应由执业律师、基层法律服务工作者"
                "或专职人民调解员担任"
                "（须在律师事务所、基层法律服务所执业，或为在岗专职人民调解员）。"
            ).format(display_name=advisor.display_name),
            code="advisor_not_eligible",
            field="advisor",
        )
    current = AdvisorAssignment.objects.filter(advisor=advisor, is_active=True)
    if current.filter(village=village).exists():
        raise DomainError(
            gettext("{display_name} 已是{name}的法律顾问。").format(
                display_name=advisor.display_name, name=village.name
            ),
            code="already_assigned",
            field="village",
        )
    limit = region_setting(village, ADVISOR_MAX_VILLAGES.key)
    count = current.count()
    if count >= limit:
        raise AdvisorLimitExceeded(
            gettext(
                "{display_name} 已服务 {count} 个村(社区)，每名法律顾问最多服务 {limit} 个，不能再聘任到{name}。"
            ).format(display_name=advisor.display_name, count=count, limit=limit, name=village.name),
            field="village",
        )


def assign_village_advisor(
    *, advisor: User, village: Region, actor: User | None = None, started_on: datetime.date | None = None
) -> AdvisorAssignment:
    """Appoint a village legal advisor (聘任村(居)法律顾问), at most N villages each (rules.md §3.8)."""
    with transaction.atomic():
        # Lock the advisor row so two concurrent appointments cannot both pass the count check.
        User.objects.select_for_update().filter(pk=advisor.pk).first()
        check_village_advisor(advisor, village)
        assignment = AdvisorAssignment.objects.create(
            advisor=advisor, village=village, started_on=started_on or datetime.date.today()
        )
        record_event(
            assignment,
            "network.advisor_assigned",
            actor=actor,
            region=village,
            data={"advisor_id": advisor.pk, "village": village.code},
        )
    return assignment


def end_village_advisor(assignment: AdvisorAssignment, *, actor: User | None = None, reason: str = "") -> None:
    if not assignment.is_active:
        raise DomainError(gettext("该聘任已结束。"), code="already_ended")
    with transaction.atomic():
        assignment.is_active = False
        assignment.ended_on = datetime.date.today()
        assignment.save(update_fields=["is_active", "ended_on"])
        record_event(assignment, "network.advisor_ended", actor=actor, reason=reason, region=assignment.village)


def set_region_setting(
    *, region: Region, key: str, value: Any, effective_from: datetime.date, actor: User | None = None, note: str = ""
) -> RegionSetting:
    try:
        spec = spec_for(key)
        spec.validate(value)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_setting", field="value") from None
    with transaction.atomic():
        setting, _ = RegionSetting.objects.update_or_create(
            region=region, key=key, effective_from=effective_from, defaults={"value": value, "note": note}
        )
        record_event(setting, "network.setting_changed", actor=actor, region=region, data={"key": key, "value": value})
    return setting
