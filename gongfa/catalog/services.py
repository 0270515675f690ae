"""Verbs that change the catalogue. Each validates first, then writes and records an event in one
transaction; a DomainError means nothing was saved."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.audit.services import record_event
from gongfa.catalog.choices import SlaStage, SlaUnit
from gongfa.catalog.models import (
    PUBLIC_TEXT_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    ServiceType,
    SlaRule,
    max_amount,
    rule_channel_error,
)
from gongfa.core.errors import DomainError
from gongfa.network.models import Region

if TYPE_CHECKING:
    from gongfa.accounts.models import User


def _service_type(value: ServiceType | str) -> ServiceType:
    if isinstance(value, ServiceType):
        if value.pk is None or not ServiceType.objects.filter(pk=value.pk).exists():
            raise DomainError(gettext("未知的服务类型。"), code="unknown_service_type", field="service_type")
        return value
    found = ServiceType.objects.filter(code=str(value or "").strip()).first()
    if found is None:
        raise DomainError(gettext("未知的服务类型。"), code="unknown_service_type", field="service_type")
    return found


def _region(value: Region | str | None) -> Region | None:
    if value is None or value == "":
        return None
    if isinstance(value, Region):
        if value.pk is None or not Region.objects.filter(pk=value.pk).exists():
            raise DomainError(gettext("适用区划不存在。"), code="unknown_region", field="region")
        return value
    found = Region.objects.filter(code=str(value).strip()).first()
    if found is None:
        raise DomainError(
            gettext("适用区划 {value} 不存在。").format(value=value), code="unknown_region", field="region"
        )
    return found


def _check_amount(amount: object, unit: str) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DomainError(gettext("时限应为正整数。"), code="invalid_amount", field="amount")
    if amount < 1:
        raise DomainError(gettext("时限应为正整数，不能为 0 或负数。"), code="invalid_amount", field="amount")
    limit = max_amount(unit)
    if amount > limit:
        raise DomainError(
            gettext("时限不能超过 365 天，按“{label}”计最多 {limit}。").format(label=SlaUnit(unit).label, limit=limit),
            code="invalid_amount",
            field="amount",
        )
    return amount


def set_sla_rule(
    *,
    service_type: ServiceType | str,
    stage: str,
    amount: int,
    unit: str,
    region: Region | str | None = None,
    effective_from: datetime.date | None = None,
    source: str = "",
    public_text: str = "",
    channel: str = "",
    actor: User | None = None,
) -> SlaRule:
    """Set the time limit of one stage of a service type (设置时限规则), nationally (region None) or
    for a region's subtree (a Region or its code), for every channel (channel "") or for requests
    from one citizen channel, in force from `effective_from` (default today).

    `public_text` is what the public catalogue shows (empty: generated from the amount and unit).
    A rule with the same service type, stage, region and date is replaced; otherwise a new one is
    added (earlier ones stay for the dates before it). Writes event `catalog.sla_rule_set`.
    Raises DomainError (Chinese message, nothing saved) for an unknown service type, stage, unit,
    region or channel (or a staff-side one such as 工作台), or an amount that is not a positive
    integer up to 365 days' worth.
    """
    if stage not in SlaStage.values:
        raise DomainError(
            gettext("未知的时限阶段：{stage}。可选：{join}。").format(stage=stage, join="、".join(SlaStage.values)),
            code="unknown_stage",
            field="stage",
        )
    if unit not in SlaUnit.values:
        raise DomainError(
            gettext("未知的计时方式：{unit}。可选：{join}。").format(unit=unit, join="、".join(SlaUnit.values)),
            code="unknown_unit",
            field="unit",
        )
    channel = channel.strip() if isinstance(channel, str) else channel
    channel_error = rule_channel_error(channel)
    if channel_error:
        raise DomainError(channel_error, code="invalid_channel", field="channel")
    channel = channel or ""
    amount = _check_amount(amount, unit)
    if effective_from is not None and (
        isinstance(effective_from, datetime.datetime) or not isinstance(effective_from, datetime.date)
    ):
        raise DomainError(gettext("生效日期应为日期。"), code="invalid_date", field="effective_from")
    source = (source or "").strip()
    if len(source) > SOURCE_MAX_LENGTH:
        raise DomainError(
            gettext("依据不能超过 {SOURCE_MAX_LENGTH} 个字。").format(SOURCE_MAX_LENGTH=SOURCE_MAX_LENGTH),
            code="too_long",
            field="source",
        )
    public_text = (public_text or "").strip()
    if len(public_text) > PUBLIC_TEXT_MAX_LENGTH:
        raise DomainError(
            gettext("对群众的说明不能超过 {PUBLIC_TEXT_MAX_LENGTH} 个字。").format(
                PUBLIC_TEXT_MAX_LENGTH=PUBLIC_TEXT_MAX_LENGTH
            ),
            code="too_long",
            field="public_text",
        )
    kind = _service_type(service_type)
    where = _region(region)
    effective_from = effective_from or timezone.localdate()
    with transaction.atomic():
        rule = SlaRule.objects.filter(
            service_type=kind, stage=stage, region=where, channel=channel, effective_from=effective_from
        ).first() or SlaRule(
            service_type=kind, stage=stage, region=where, channel=channel, effective_from=effective_from
        )
        previous = None if rule.pk is None else {"amount": rule.amount, "unit": rule.unit}
        rule.amount, rule.unit, rule.source, rule.public_text = amount, unit, source, public_text
        try:
            rule.full_clean()
        except ValidationError as exc:
            raise DomainError(exc.messages[0], code="invalid_sla_rule") from None
        rule.save()
        record_event(
            rule,
            "catalog.sla_rule_set",
            actor=actor,
            region=where,
            reason=source,
            data={
                "service_type": kind.code,
                "stage": stage,
                "amount": amount,
                "unit": unit,
                "region": where.code if where else None,
                "channel": channel,
                "effective_from": effective_from.isoformat(),
                "previous": previous,
            },
        )
    return rule
