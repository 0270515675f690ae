"""Helpers shared by the mediation services: locking with access, the transition step, settings,
clocks and case numbers."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.mediation.models import CaseSequence, Committee, MediationCase
from gongfa.mediation.selectors import Action, visible_to
from gongfa.mediation.states import MEDIATION
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import deadline_for_region

CHANNEL = Channel.WORKBENCH
_ACTING_VIA: ContextVar[str | None] = ContextVar("mediation_acting_via", default=None)


@contextmanager
def acting_via(channel: str) -> Iterator[None]:
    """Within this block, mediation events are recorded as coming through `channel` (the API, the
    portal)."""
    token = _ACTING_VIA.set(channel)
    try:
        yield
    finally:
        _ACTING_VIA.reset(token)


def channel_of(default: str = CHANNEL) -> str:
    return _ACTING_VIA.get() or default


def lock_for(actor: User | None, case: MediationCase, action: Action = Action.HANDLE) -> MediationCase:
    """Re-read the case under a row lock, only if `actor` may act on it (inside transaction.atomic()).
    actor None is the system (reminders, sweeps)."""
    queryset = MediationCase.objects.all() if actor is None else visible_to(actor, action)
    locked = queryset.select_for_update(of=("self",)).filter(pk=case.pk).first()
    if locked is None:
        raise NotPermitted(gettext("您无权处理该调解案件，或案件不存在。"))
    return locked


def step(
    case: MediationCase,
    action: str,
    *,
    actor: User | None,
    channel: str = CHANNEL,
    reason: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    """One transition of the mediation table and its event (region = the dispute's)."""
    transition(
        case,
        MEDIATION,
        action,
        actor=actor,
        channel=channel_of(channel),
        reason=reason,
        data=data,
        region=case.region,
        extra_update_fields=fields,
    )


def note(case: MediationCase, verb: str, *, actor: User | None, data: dict[str, Any] | None = None) -> None:
    """An event that changes no status (a document added, a reminder sent)."""
    record_event(
        case, f"mediation.mediationcase.{verb}", actor=actor, channel=channel_of(), data=data, region=case.region
    )


def setting(case: MediationCase, key: str, on: datetime.date | None = None) -> Any:
    """A region setting for the case: the committee's region decides (its bureau sets it)."""
    return region_setting(case.committee.agency.region, key, on)


def calendar_due(case: MediationCase, start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of `days` from `start`, in the region's day-count mode (the last day
    moves past a holiday)."""
    return deadline_for_region(case.committee.agency.region, start, days).due


def next_number(committee: Committee, kind: str = "case", prefix: str = "调") -> str:
    """A case or agreement number (案号 青山调〔2026〕12号): per committee, kind and year, without gaps
    inside a transaction (the counter row stays locked until it commits)."""
    year = timezone.localdate().year
    with transaction.atomic():
        sequence, _ = CaseSequence.objects.select_for_update().get_or_create(year=year, committee=committee, kind=kind)
        CaseSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + 1)
        sequence.refresh_from_db(fields=["last_value"])
    short = committee.agency.name.replace("人民调解委员会", "").replace("调解委员会", "")[:8] or "人民"
    return f"{short}{prefix}〔{year}〕{committee.pk}-{sequence.last_value}号"


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
