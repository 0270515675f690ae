"""Helpers shared by the legal-aid services: permissions, clocks, notices, the transition step."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.core.i18n import stored_text
from gongfa.core.numbering import raise_counters
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, NoticeSequence
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.legalaid.states import LEGAL_AID
from gongfa.network.choices import DayCountMode
from gongfa.network.models import Region
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import day_count_mode_for, deadline_for_region, is_working_day

CHANNEL = Channel.WORKBENCH
# The door a request came through when it is not the service's default (the API sets it), so the
# audit event names the right channel without every service taking a parameter for it.
_ACTING_VIA: ContextVar[str | None] = ContextVar("legalaid_acting_via", default=None)


@contextmanager
def acting_via(channel: str) -> Iterator[None]:
    """Within this block, legal-aid events are recorded as coming through `channel`."""
    token = _ACTING_VIA.set(channel)
    try:
        yield
    finally:
        _ACTING_VIA.reset(token)


def lock_for(
    actor: User | None, application: LegalAidApplication, action: Action = Action.REVIEW
) -> LegalAidApplication:
    """Re-read the case under a row lock, only if `actor` may act on it. Inside transaction.atomic();
    actor None is the system (sweeps)."""
    queryset = LegalAidApplication.objects.all() if actor is None else visible_to(actor, action)
    locked = queryset.select_for_update(of=("self",)).filter(pk=application.pk).first()
    if locked is None:
        raise NotPermitted(gettext("您无权处理该法律援助案件，或案件不存在。"))
    return locked


def lock_as_party(actor: User, application: LegalAidApplication, *, provider: bool = False) -> LegalAidApplication:
    """Lock the case for its applicant (or, with provider=True, its assigned provider)."""
    locked = LegalAidApplication.objects.select_for_update().filter(pk=application.pk).first()
    owner_id = None if locked is None else (locked.provider_id if provider else locked.applicant_id)
    if locked is None or owner_id is None or owner_id != actor.pk:
        who = gettext("承办人员") if provider else gettext("申请人")
        raise NotPermitted(gettext("只有本案{who}可以办理此事项。").format(who=who))
    return locked


def step(
    application: LegalAidApplication,
    action: str,
    *,
    actor: User | None,
    channel: str = CHANNEL,
    reason: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    """One transition of the legal-aid table and its event (region = the case's)."""
    transition(
        application,
        LEGAL_AID,
        action,
        actor=actor,
        channel=_ACTING_VIA.get() or channel,
        reason=reason,
        data=data,
        region=application.region,
        extra_update_fields=(*fields, "updated_at"),
    )


def setting(application: LegalAidApplication, key: str, on: datetime.date | None = None) -> Any:
    return region_setting(application.agency.region if application.agency_id else application.region, key, on)


def due_after(region: Region, start: datetime.date, days: int) -> tuple[datetime.date, tuple[str, ...]]:
    """The last day of a period of `days` from `start` in the region's day-count mode."""
    deadline = deadline_for_region(region, start, days)
    return deadline.due, deadline.warnings


def days_used(region: Region, start: datetime.date, end: datetime.date) -> int:
    """How many days of a period that began on `start` have passed by `end`, counted the way the
    period itself is counted (the start day does not count)."""
    if end <= start:
        return 0
    if day_count_mode_for(region, start) == DayCountMode.WORKING:
        return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(days=n)))
    return (end - start).days


NOTICE_PREFIX = {
    LegalAidNotice.Kind.SUPPLEMENT: "补",
    LegalAidNotice.Kind.GRANT: "给",
    LegalAidNotice.Kind.REFUSAL: "不予",
    LegalAidNotice.Kind.ASSIGNMENT: "指",
    LegalAidNotice.Kind.TERMINATION: "终",
    LegalAidNotice.Kind.OBJECTION: "异",
    LegalAidNotice.Kind.DEEMED_WITHDRAWAL: "撤",
    LegalAidNotice.Kind.ADVANCE_AID: "先",
}


def representative_of(application: LegalAidApplication) -> dict[str, str]:
    """Who applied for the applicant (代为申请, 第40条), as a notice prints it: name, relation and
    the ID number masked; empty when the applicant applied in person."""
    if not application.agent_name:
        return {}
    return {
        "name": application.agent_name,
        "relation": stored_text(application.get_agent_relation_display() or ""),
        "id_number": application.masked_agent_id_number,
        "capacity": stored_text(application.get_applicant_capacity_display()),
    }


def issue_notice(
    application: LegalAidApplication, kind: str, body: dict[str, Any], *, actor: User | None
) -> LegalAidNotice:
    """A numbered notice (文号 法援补〔2026〕12号): numbers run per kind and year without gaps
    inside a transaction (the counter row is locked until it commits)."""
    year = timezone.localdate().year
    representative = representative_of(application)  # 代为申请 (第40条): named on every notice
    with transaction.atomic():
        sequence, _ = NoticeSequence.objects.select_for_update().get_or_create(year=year, kind=kind)
        NoticeSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + 1)
        sequence.refresh_from_db(fields=["last_value"])
        number = f"法援{NOTICE_PREFIX[LegalAidNotice.Kind(kind)]}〔{year}〕{sequence.last_value}号"
        return LegalAidNotice.objects.create(
            application=application,
            kind=kind,
            number=number,
            body={
                "case_number": application.number,
                "applicant": application.applicant_name,
                **({"representative": representative} if representative else {}),
                **body,
            },
            issued_by=actor if actor is not None and actor.is_authenticated else None,
        )


_NOTICE_NUMBER = re.compile(r"^法援(.+)〔(\d{4})〕(\d+)号$")


def cover_notice_numbers(numbers: Iterable[str]) -> None:
    """Raise the notice counters so that issue_notice never gives one of `numbers` again (notices
    brought in by import_region)."""
    kinds = {prefix: str(kind) for kind, prefix in NOTICE_PREFIX.items()}
    highest: dict[tuple[str, int], int] = {}
    for number in numbers:
        match = _NOTICE_NUMBER.match(number or "")
        if match is None or match.group(1) not in kinds:
            continue
        key = (kinds[match.group(1)], int(match.group(2)))
        highest[key] = max(highest.get(key, 0), int(match.group(3)))
    raise_counters(NoticeSequence, highest)


def require_text(value: str | None, *, field: str, label: str, max_chars: int = 2000) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(gettext("请填写{label}。").format(label=label), code="required", field=field)
    if len(text) > max_chars:
        raise DomainError(
            gettext("{label}不能超过 {max_chars} 个字（现在 {len} 个字）。").format(
                label=label, max_chars=max_chars, len=len(text)
            ),
            code="too_long",
            field=field,
        )
    return text
