"""The one way to record what happened: record_event for any domain event, transition for a
status change checked against the case type's transition table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext

from gongfa.audit.models import Event, PersonalDataAccess, PersonalDataField
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.core.statemachine import Transition, TransitionTable

if TYPE_CHECKING:
    from gongfa.accounts.models import User
    from gongfa.network.models import Region

# Called with every event just written (inside its transaction). Apps that react to events
# (notifications) register here from their AppConfig.ready(), so audit imports none of them.
_event_hooks: list[Callable[[Event], None]] = []


def register_event_hook(hook: Callable[[Event], None]) -> None:
    if hook not in _event_hooks:
        _event_hooks.append(hook)


def record_event(
    subject: models.Model,
    verb: str,
    *,
    actor: User | None = None,
    channel: str = Channel.SYSTEM,
    reason: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict[str, Any] | None = None,
    region: Region | None = None,
) -> Event:
    event = Event.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_role=getattr(actor, "role", "") or "",
        channel=channel,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        verb=verb,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        data=data or {},
        region=region,
    )
    for hook in _event_hooks:
        hook(event)
    return event


def transition(
    subject: models.Model,
    table: TransitionTable,
    action: str,
    *,
    actor: User | None,
    channel: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    region: Region | None = None,
    status_field: str = "status",
    extra_update_fields: tuple[str, ...] = (),
) -> Transition:
    """Move `subject` along its transition table and write the event, in one transaction.

    The caller sets any other fields first and names them in extra_update_fields; they are saved
    together with the status. Raises InvalidTransition (nothing saved) when the action is not
    allowed from the current status.
    """
    current = getattr(subject, status_field)
    step = table.get(current, action)
    if step.reason_required and not reason.strip():
        raise DomainError(
            gettext("“{label}”须填写原因。").format(label=step.label), code="reason_required", field="reason"
        )
    with transaction.atomic():
        setattr(subject, status_field, step.target)
        subject.save(update_fields=[status_field, *extra_update_fields])
        record_event(
            subject,
            f"{subject._meta.label_lower}.{action}",
            actor=actor,
            channel=channel,
            reason=reason,
            from_status=current,
            to_status=step.target,
            data=data,
            region=region,
        )
    return step


def record_personal_data_access(
    *,
    actor: User,
    person: User | None,
    field: str,
    purpose: str = "",
    context: str = "",
    ip_address: str | None = None,
) -> PersonalDataAccess:
    if field not in PersonalDataField.values:
        raise DomainError(gettext("未知的个人信息字段：{field}。").format(field=field), code="unknown_field")
    return PersonalDataAccess.objects.create(
        actor=actor, person=person, field=field, purpose=purpose[:255], context=context[:255], ip_address=ip_address
    )
