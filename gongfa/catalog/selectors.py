"""Queries over the service catalogue, and the deadlines its SLA rules give."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from gongfa.catalog.choices import APPLY_CHANNELS, SlaStage, SlaUnit
from gongfa.catalog.deadlines import (
    StageDeadline,
    WorkingCalendar,
    compute_stage_deadline,
    horizon_days,
    local_start,
    stage_deadline,
)
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.core.errors import DomainError
from gongfa.core.refcache import reference
from gongfa.network.models import Region
from gongfa.workdays.services import day_count_mode_for

__all__ = [
    "DEFAULT_SERVICE_CODE",
    "PublicTimeLimit",
    "StageDeadline",
    "active_service_types",
    "catalogue_with_time_limits",
    "default_service_type",
    "national_rules_in_force",
    "service_type_by_code",
    "sla_rule_for",
    "sla_rules_for",
    "stage_deadline",
    "stage_deadlines",
]

_CHANNEL_ORDER = {channel.value: index for index, channel in enumerate(APPLY_CHANNELS)}

# The service a request gets when nobody has classified it yet (a general consultation).
DEFAULT_SERVICE_CODE = "consultation"


def active_service_types() -> list[ServiceType]:
    """The published catalogue, in display order."""
    return list(ServiceType.objects.active().order_by("sort_order", "code"))


def service_type_by_code(code: str) -> ServiceType:
    """The active service type with this code; DomainError for an unknown or inactive one."""
    service_type = ServiceType.objects.active().filter(code=(code or "").strip()).first()
    if service_type is None:
        raise DomainError(gettext("未知的服务类型。"), code="unknown_service_type", field="service_type")
    return service_type


@reference("catalog.service_types", models=("catalog.ServiceType",))
def _active_service_types_by_code() -> dict[str, ServiceType]:
    return {service_type.code: service_type for service_type in ServiceType.objects.active()}


def default_service_type() -> ServiceType | None:
    """The service type of an unclassified request (法律咨询), or None if it is missing or inactive
    (kept per process: gongfa.core.refcache)."""
    return _active_service_types_by_code().get(DEFAULT_SERVICE_CODE)


@reference("catalog.sla_rules", models=("catalog.SlaRule", "network.Region"))
def _sla_rules_by_service_type() -> dict[int, tuple[SlaRule, ...]]:
    """Every SLA rule with its region, grouped by service type (a few hundred rows in a province),
    kept per process and invalidated when a rule changes (gongfa.core.refcache)."""
    grouped: dict[int, list[SlaRule]] = {}
    for rule in SlaRule.objects.select_related("region").order_by("pk"):
        grouped.setdefault(rule.service_type_id, []).append(rule)
    return {type_id: tuple(rules) for type_id, rules in grouped.items()}


def _precedence(rule: SlaRule) -> tuple[int, int, int, int, int]:
    """SlaRule's precedence (see its docstring) as a sort key, smallest first: the nearest region
    first (highest level; national rules, with no region, last), then the channel's own rule before
    the any-channel one, then the latest effective date, then the newest row."""
    level = rule.region.level if rule.region is not None else None
    return (
        0 if level is not None else 1,
        -int(level or 0),
        0 if rule.channel else 1,
        -rule.effective_from.toordinal(),
        -int(rule.pk),
    )


def _rules_in_force(
    service_type: ServiceType, region: Region | None, on: datetime.date, channel: str | None
) -> list[SlaRule]:
    """The rules that may apply on `on` in `region` to a request from `channel`: its own, its
    ancestors', the national ones; those for any channel and those for `channel` (None or "": any
    channel only), in precedence order."""
    codes = {*region.ancestor_codes(), region.code} if region is not None else set()
    channels = {"", channel} if channel else {""}
    found = [
        rule
        for rule in _sla_rules_by_service_type().get(service_type.pk, ())
        if (rule.region is None or rule.region.code in codes) and rule.channel in channels and rule.effective_from <= on
    ]
    return sorted(found, key=_precedence)


def sla_rule_for(
    service_type: ServiceType,
    stage: str,
    region: Region | None,
    on: datetime.date | None = None,
    channel: str | None = None,
) -> SlaRule | None:
    """The rule in force on `on` (default today) for one stage of a service type in `region`, for
    a request that came in through `channel`. Precedence as in SlaRule's docstring: the nearest
    region's rules win; within it the channel's own rule beats the any-channel rule; then the
    latest effective date not after `on`."""
    on = on or timezone.localdate()
    return next((rule for rule in _rules_in_force(service_type, region, on, channel) if rule.stage == stage), None)


def sla_rules_for(
    service_type: ServiceType,
    region: Region | None,
    on: datetime.date | None = None,
    channel: str | None = None,
) -> dict[str, SlaRule]:
    """The rule in force for every stage that has one, keyed by stage (SlaStage members, which are
    also the plain strings "accept", "first_contact", "resolve"), for a request from `channel`
    (None: the any-channel rules only). No query once the rules are cached."""
    on = on or timezone.localdate()
    rules: dict[str, SlaRule] = {}
    for rule in _rules_in_force(service_type, region, on, channel):
        rules.setdefault(SlaStage(rule.stage), rule)
    return {stage: rules[stage] for stage in SlaStage if stage in rules}


def stage_deadlines(
    service_type: ServiceType,
    region: Region | None,
    start: datetime.datetime,
    channel: str | None = None,
) -> dict[str, StageDeadline]:
    """The deadline of every stage that has a rule, for a matter of `service_type` that came in
    through `channel` (a Channel value; None: the any-channel rules), started at `start` (aware) in
    `region`, keyed by stage (ACCEPT, FIRST_CONTACT, RESOLVE order).

    Rules are those in force on the local start date. At most 3 queries for all stages within
    years the calendar covers: the rules, the Holiday rows (one load for all stages) and the
    region's day_count_mode (only when a LEGAL_DAYS rule applies); one more (CalendarYear) when a
    deadline reaches a year without packaged holiday data.
    """
    local = local_start(start)
    rules = sla_rules_for(service_type, region, local.date(), channel)
    if not rules:
        return {}
    calendar = WorkingCalendar()
    horizon = max(horizon_days(rule) for rule in rules.values())
    if any(rule.unit != SlaUnit.HOURS for rule in rules.values()):
        calendar.preload(local.date(), local.date() + datetime.timedelta(days=horizon))
    mode = None
    if any(rule.unit == SlaUnit.LEGAL_DAYS for rule in rules.values()):
        mode = day_count_mode_for(region, local.date())
    return {
        stage: compute_stage_deadline(start, rule, calendar=calendar, day_count_mode=mode)
        for stage, rule in rules.items()
    }


@dataclass(frozen=True)
class PublicTimeLimit:
    """One line of a service's published time limits: the rule, and which channels it is for
    ("" when one rule covers every channel of its stage)."""

    rule: SlaRule
    channels: str

    @property
    def text(self) -> str:
        return self.rule.plain_text()


def national_rules_in_force(
    service_types: Iterable[ServiceType], on: datetime.date | None = None
) -> dict[int, list[PublicTimeLimit]]:
    """The national default time limits in force (one query), keyed by service type id, stages in
    order, for the public catalogue (which is not tied to a region). A stage with a channel rule
    whose period differs from the any-channel rule shows both: the channel's line first
    ("网络平台：…"), then the any-channel rule for the other channels; a channel rule with the same
    period as the any-channel rule is not repeated."""
    on = on or timezone.localdate()
    ids = [service_type.pk for service_type in service_types]
    latest: dict[tuple[int, str, str], SlaRule] = {}
    found = SlaRule.objects.filter(service_type_id__in=ids, region__isnull=True, effective_from__lte=on)
    for rule in found.order_by("-effective_from", "-pk"):
        latest.setdefault((rule.service_type_id, rule.stage, rule.channel), rule)
    by_stage: dict[tuple[int, str], list[SlaRule]] = {}
    for (type_id, stage, _channel), rule in latest.items():
        by_stage.setdefault((type_id, stage), []).append(rule)
    result: dict[int, list[PublicTimeLimit]] = {pk: [] for pk in ids}
    for type_id in ids:
        for stage in SlaStage:
            rules = by_stage.get((type_id, stage.value), [])
            general = next((r for r in rules if not r.channel), None)
            own = sorted((r for r in rules if r.channel), key=lambda r: _CHANNEL_ORDER.get(r.channel, 99))
            if general is not None:
                own = [r for r in own if (r.amount, r.unit) != (general.amount, general.unit)]
            result[type_id].extend(PublicTimeLimit(rule, rule.channel_label) for rule in own)
            if general is not None:
                result[type_id].append(PublicTimeLimit(general, gettext("其他渠道") if own else ""))
    return result


def catalogue_with_time_limits(on: datetime.date | None = None) -> list[tuple[ServiceType, list[PublicTimeLimit]]]:
    """The active service types with their national time limits (two queries)."""
    types = active_service_types()
    rules = national_rules_in_force(types, on)
    return [(service_type, rules[service_type.pk]) for service_type in types]
