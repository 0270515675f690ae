"""Queries over the service catalogue, and the deadlines its SLA rules give."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, Q
from django.utils import timezone

from gongfa.catalog.choices import SlaStage, SlaUnit
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
from gongfa.network.models import Region
from gongfa.workdays.services import day_count_mode_for

__all__ = [
    "DEFAULT_SERVICE_CODE",
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

# The service a request gets when nobody has classified it yet (a general consultation).
DEFAULT_SERVICE_CODE = "consultation"


def active_service_types() -> list[ServiceType]:
    """The published catalogue, in display order."""
    return list(ServiceType.objects.active().order_by("sort_order", "code"))


def service_type_by_code(code: str) -> ServiceType:
    """The active service type with this code; DomainError for an unknown or inactive one."""
    service_type = ServiceType.objects.active().filter(code=(code or "").strip()).first()
    if service_type is None:
        raise DomainError("未知的服务类型。", code="unknown_service_type", field="service_type")
    return service_type


def default_service_type() -> ServiceType | None:
    """The service type of an unclassified request (法律咨询), or None if it is missing or inactive."""
    return ServiceType.objects.active().filter(code=DEFAULT_SERVICE_CODE).first()


def _candidates(region: Region | None, on: datetime.date) -> Q:
    """Rules in force on `on` that may apply in `region`: its own, its ancestors', the national ones."""
    condition = Q(region__isnull=True)
    if region is not None:
        condition |= Q(region__code__in=[*region.ancestor_codes(), region.code])
    return condition & Q(effective_from__lte=on)


# Nearest region first (highest level; national rows, with no region, last), then the latest date.
_PRECEDENCE = (F("region__level").desc(nulls_last=True), "-effective_from", "-pk")


def sla_rule_for(
    service_type: ServiceType, stage: str, region: Region | None, on: datetime.date | None = None
) -> SlaRule | None:
    """The rule in force on `on` (default today) for one stage of a service type in `region`
    (one query): the nearest ancestor's rule wins over those above it and the national default,
    and among one region's rules the latest effective date not after `on`."""
    on = on or timezone.localdate()
    return (
        SlaRule.objects.filter(_candidates(region, on), service_type=service_type, stage=stage)
        .order_by(*_PRECEDENCE)
        .first()
    )


def sla_rules_for(
    service_type: ServiceType, region: Region | None, on: datetime.date | None = None
) -> dict[str, SlaRule]:
    """The rule in force for every stage that has one (one query), keyed by stage (SlaStage
    members, which are also the plain strings "accept", "first_contact", "resolve")."""
    on = on or timezone.localdate()
    rules: dict[str, SlaRule] = {}
    for rule in SlaRule.objects.filter(_candidates(region, on), service_type=service_type).order_by(*_PRECEDENCE):
        rules.setdefault(SlaStage(rule.stage), rule)
    return {stage: rules[stage] for stage in SlaStage if stage in rules}


def stage_deadlines(
    service_type: ServiceType, region: Region | None, start: datetime.datetime
) -> dict[str, StageDeadline]:
    """The deadline of every stage that has a rule, for a matter of `service_type` started at
    `start` (aware) in `region`, keyed by stage (ACCEPT, FIRST_CONTACT, RESOLVE order).

    Rules are those in force on the local start date. At most 3 queries for all stages within
    years the calendar covers: the rules, the Holiday rows (one load for all stages) and the
    region's day_count_mode (only when a LEGAL_DAYS rule applies); one more (CalendarYear) when a
    deadline reaches a year without packaged holiday data.
    """
    local = local_start(start)
    rules = sla_rules_for(service_type, region, local.date())
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


def national_rules_in_force(
    service_types: Iterable[ServiceType], on: datetime.date | None = None
) -> dict[int, list[SlaRule]]:
    """The national default rule in force for each stage of each service type (one query), keyed by
    service type id, stages in order. For the public catalogue, which is not tied to a region."""
    on = on or timezone.localdate()
    ids = [service_type.pk for service_type in service_types]
    latest: dict[tuple[int, str], SlaRule] = {}
    for rule in SlaRule.objects.filter(service_type_id__in=ids, region__isnull=True, effective_from__lte=on).order_by(
        "-effective_from", "-pk"
    ):
        latest.setdefault((rule.service_type_id, rule.stage), rule)
    order = {stage.value: index for index, stage in enumerate(SlaStage)}
    result: dict[int, list[SlaRule]] = {pk: [] for pk in ids}
    for (type_id, _stage), rule in sorted(latest.items(), key=lambda item: (item[0][0], order[item[0][1]])):
        result[type_id].append(rule)
    return result


def catalogue_with_time_limits(on: datetime.date | None = None) -> list[tuple[ServiceType, list[SlaRule]]]:
    """The active service types with their national time limits (two queries)."""
    types = active_service_types()
    rules = national_rules_in_force(types, on)
    return [(service_type, rules[service_type.pk]) for service_type in types]
