"""Helpers shared by the notarization services: locking with access, the transition step, region
settings, the clock (pause and resume) and the work order the case hangs on."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.selectors.notarization import Action, visible_cases
from gongfa.appointments.states import NOTARIZATION
from gongfa.audit.services import transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import add_working_days, is_working_day

CHANNEL = Channel.WORKBENCH
_ACTING_VIA: ContextVar[str | None] = ContextVar("notarization_acting_via", default=None)
S = NotarizationStatus
# The case statuses that end it, and how the work order it came from closes (the citizen may then
# rate it): not accepted → pointed elsewhere; issued, refused, terminated → handled as a case.
ENDING_STATUSES = (S.NOT_ACCEPTED, S.ISSUED, S.REFUSED, S.TERMINATED)


@contextmanager
def acting_via(channel: str) -> Iterator[None]:
    """Within this block, notarization events are recorded as coming through `channel` (the API)."""
    token = _ACTING_VIA.set(channel)
    try:
        yield
    finally:
        _ACTING_VIA.reset(token)


def channel_of(default: str = CHANNEL) -> str:
    return _ACTING_VIA.get() or default


def lock_for(actor: User | None, case: NotarizationCase) -> NotarizationCase:
    """Re-read the case under a row lock, only if `actor` may act on it (inside transaction.atomic()).
    actor None is the system."""
    queryset = NotarizationCase.objects.all() if actor is None else visible_cases(actor, Action.ACT)
    locked = queryset.select_for_update(of=("self",)).filter(pk=case.pk).first()
    if locked is None:
        raise NotPermitted(gettext("您无权办理该公证案件，或案件不存在。"))
    return locked


def step(
    case: NotarizationCase,
    action: str,
    *,
    actor: User | None,
    channel: str = CHANNEL,
    reason: str = "",
    data: dict[str, Any] | None = None,
    fields: tuple[str, ...] = (),
) -> None:
    """One transition of states.NOTARIZATION and its event (region = the office's)."""
    transition(
        case,
        NOTARIZATION,
        action,
        actor=actor,
        channel=channel_of(channel),
        reason=reason,
        data=data,
        region=case.office.region,
        extra_update_fields=fields,
    )


def check_order(case: NotarizationCase, action: str) -> None:
    """Refuse an action out of order before anything else is checked (InvalidTransition, 409)."""
    NOTARIZATION.get(case.status, action)


def setting(case: NotarizationCase, spec_key: str, on: datetime.date | None = None) -> Any:
    return region_setting(case.office.region, spec_key, on)


def clean(value: str | None, *, field: str, label: str, max_chars: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
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


def today() -> datetime.date:
    return timezone.localdate()


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """The working days d with first < d ≤ last: how many working days a pause from `first` to
    `last` took off the clock (0 when it ended the day it began)."""
    count, day = 0, first
    while day < last:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def pause_clock(case: NotarizationCase) -> tuple[str, ...]:
    case.paused_on = today()
    return ("paused_on",)


def resume_clock(case: NotarizationCase) -> tuple[str, ...]:
    """The clock starts again: the deadline moves by the working days the pause took (第30条)."""
    if case.paused_on is None:
        return ()
    paused = working_days_between(case.paused_on, today())
    if case.due_on is not None and paused:
        case.due_on = add_working_days(case.due_on, paused)
    case.paused_working_days += paused
    case.paused_on = None
    return ("paused_on", "due_on", "paused_working_days")


def end_case(case: NotarizationCase) -> tuple[str, ...]:
    """The case ends: stop a paused clock where it stood, stamp ended_at."""
    case.ended_at = timezone.now()
    fields: tuple[str, ...] = ("ended_at",)
    if case.paused_on is not None:
        fields += resume_clock(case)
    return fields


def close_order_for(case: NotarizationCase) -> None:
    """Close the work order the case came from when the case has ended (as legal aid and mediation
    do): the citizen is then asked to rate it. Not accepted → referred elsewhere; otherwise handled as
    a case. Runs as the system, in the caller's transaction."""
    if case.work_order_id is None or case.status not in ENDING_STATUSES:
        return
    if case.status == S.ISSUED:
        from gongfa.appointments.services.notarization_rating import rating_waits_for_final

        if rating_waits_for_final(case):
            return  # held while the certificate may be reviewed (notarization_rating)
    release_order_for(case)


def release_order_for(case: NotarizationCase) -> bool:
    """Close the case's work order if it is still open with the case (the citizen is then asked
    to rate it); False when there was nothing to close. Runs as the system, in the caller's
    transaction."""
    if case.work_order_id is None:
        return False
    from gongfa.workorders.choices import ResultCode, WorkOrderStatus
    from gongfa.workorders.models import WorkOrder
    from gongfa.workorders.services.handling import _close

    result = ResultCode.REFERRED if case.status == S.NOT_ACCEPTED else ResultCode.CONVERTED
    order = WorkOrder.objects.select_for_update().get(pk=case.work_order_id)
    if order.status != WorkOrderStatus.CONVERTED:
        return False
    _close(order, actor=None, result_code=result, channel=Channel.SYSTEM)
    return True
