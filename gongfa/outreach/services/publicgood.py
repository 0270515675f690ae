"""The public-good service archive (公益法律服务档案, practice.md §c): the automatic records kept in
step with their sources, and manual entries (人工申报) with evidence and someone else's approval.

- `sync_public_good(person=None, year=None)` upserts the automatic records: creates the missing,
  updates those whose hours, cases, day or agency changed, deletes those whose source no longer
  qualifies (a case reopened, a shift removed). Keyed by source_key, so it is safe to retry and
  to run twice at once (a concurrent create of the same key is ignored). Manual records are never
  touched. The nightly task and the archive page's 刷新 button call it.
- `submit_entry` (a lawyer, legal worker, mediator or village adviser, for themselves): evidence
  (PDF/JPG/PNG through core.uploads.check_upload), 0 < hours ≤ 24, a day not in the future;
  every problem at once, nothing saved on a refusal.
- `approve_entry` / `reject_entry` (a manager of the person's region, never the author; reject
  needs a reason) go through the PUBLIC_GOOD transition table; the DB constraint backs the
  no-self-approval rule.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.uploads import check_upload
from gongfa.outreach.choices import PublicGoodSource, RecordStatus
from gongfa.outreach.models import PublicGoodRecord
from gongfa.outreach.selectors.publicgood import may_decide, region_of_person
from gongfa.outreach.services.publicgood_sources import SOURCES, Wanted, practice_agencies, practitioners
from gongfa.outreach.states import PUBLIC_GOOD
from gongfa.performance import rollup

# The fact source of the archive (outreach.measures.people).
PUBLIC_GOOD_SOURCE = "outreach.publicgood"

logger = logging.getLogger("gongfa.outreach.publicgood")

CHANNEL = Channel.WORKBENCH
MAX_HOURS_PER_ENTRY = Decimal(24)
DECLARING_ROLES = frozenset({Role.LAWYER, Role.MEDIATOR, Role.VILLAGE_ADVISOR})
SELF_APPROVAL = "不能认定本人申报（或本人的）公益服务，请由辖区其他管理人员认定。"


def max_evidence_bytes() -> int:
    return int(getattr(settings, "OUTREACH_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


# ---------------------------------------------------------------------------------------------
# Automatic records


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        return f"新增 {self.created} 条，更新 {self.updated} 条，删除 {self.deleted} 条"


def wanted_records(person: User | None = None, year: int | None = None) -> dict[str, Wanted]:
    found: dict[str, Wanted] = {}
    for source in SOURCES.values():
        for item in source(person, year):
            found[item.source_key] = item
    return found


def _changed(record: PublicGoodRecord, item: Wanted, agency_id: int | None) -> bool:
    return (
        record.person_id != item.person_id
        or record.source != item.source
        or record.occurred_on != item.occurred_on
        or Decimal(record.hours) != item.hours
        or record.cases != item.cases
        or record.description != item.description
        or record.agency_id != agency_id
        or record.status != RecordStatus.APPROVED
    )


def sync_public_good(person: User | None = None, year: int | None = None) -> SyncResult:
    """Bring the automatic records of `person` (everyone) in `year` (every year) in step with their
    sources; returns what changed."""
    wanted = wanted_records(person, year)
    agencies = practice_agencies({item.person_id for item in wanted.values()} if person is None else [person.pk])
    scope = Q(source_key__isnull=False) & ~Q(source=PublicGoodSource.MANUAL)
    if person is not None:
        scope &= Q(person=person)
    if year is not None:
        scope &= Q(occurred_on__year=year)
    with transaction.atomic():
        in_scope = {r.source_key: r for r in PublicGoodRecord.objects.filter(scope)}
        outside = [key for key in wanted if key not in in_scope]
        existing = dict(in_scope)
        for start in range(0, len(outside), 500):
            chunk = outside[start : start + 500]
            existing.update({r.source_key: r for r in PublicGoodRecord.objects.filter(source_key__in=chunk)})
        to_create: list[PublicGoodRecord] = []
        to_update: list[PublicGoodRecord] = []
        for key, item in wanted.items():
            agency_id = agencies.get(item.person_id)
            record = existing.get(key)
            if record is None:
                to_create.append(
                    PublicGoodRecord(
                        person_id=item.person_id,
                        agency_id=agency_id,
                        source=item.source,
                        source_key=key,
                        occurred_on=item.occurred_on,
                        hours=item.hours,
                        cases=item.cases,
                        description=item.description,
                        status=RecordStatus.APPROVED,
                    )
                )
            elif _changed(record, item, agency_id):
                record.person_id = item.person_id
                record.agency_id = agency_id
                record.source = item.source
                record.occurred_on = item.occurred_on
                record.hours = item.hours
                record.cases = item.cases
                record.description = item.description
                record.status = RecordStatus.APPROVED
                to_update.append(record)
        stale = [r.pk for key, r in in_scope.items() if key not in wanted]
        PublicGoodRecord.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
        PublicGoodRecord.objects.bulk_update(
            to_update,
            ["person", "agency", "source", "occurred_on", "hours", "cases", "description", "status"],
            batch_size=500,
        )
        deleted = PublicGoodRecord.objects.filter(pk__in=stale).delete()[0] if stale else 0
        # The bulk writes record no events: mark what changed for the statistics (rollups) here.
        created_keys = [r.source_key for r in to_create if r.source_key]
        created_ids: list[int] = []
        for start in range(0, len(created_keys), 500):
            chunk = created_keys[start : start + 500]
            created_ids += PublicGoodRecord.objects.filter(source_key__in=chunk).values_list("pk", flat=True)
        rollup.mark_changed(PUBLIC_GOOD_SOURCE, [*created_ids, *(r.pk for r in to_update), *stale])
    result = SyncResult(created=len(to_create), updated=len(to_update), deleted=deleted)
    logger.info("public-good sync person=%s year=%s: %s", getattr(person, "pk", None), year, result)
    return result


def refresh_person(*, actor: User, person: User, year: int | None = None) -> SyncResult:
    """刷新 (a manager of the person's region): sync one person's records and note who asked."""
    region = region_of_person(person)
    if not may_decide(actor, person):
        raise NotPermitted(gettext("该人员不在您管理的区域内。"))
    result = sync_public_good(person=person, year=year)
    record_event(
        person,
        "outreach.public_good.refresh",
        actor=actor,
        channel=CHANNEL,
        data={"year": year, "created": result.created, "updated": result.updated, "deleted": result.deleted},
        region=region,
    )
    return result


# ---------------------------------------------------------------------------------------------
# Manual entries


def may_declare(user: User) -> bool:
    """Lawyers, grassroots legal workers, mediators and village advisers keep an archive."""
    if not user.is_authenticated:
        return False
    return user.role in DECLARING_ROLES or practitioners().filter(pk=user.pk).exists()


def _hours(problems: Problems, value: Any) -> Decimal | None:
    if value is None or value == "":
        problems.add("hours", gettext("请填写服务时长（小时）。"), code="required")
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation:
        problems.add("hours", gettext("服务时长请填数字。"), code="invalid")
        return None
    if not hours.is_finite():
        problems.add("hours", gettext("服务时长请填数字。"), code="invalid")
        return None
    if hours < 0:
        problems.add("hours", gettext("服务时长不能为负数。"), code="negative_hours")
    elif hours == 0:
        problems.add("hours", gettext("服务时长须大于 0 小时。"), code="zero_hours")
    elif hours > MAX_HOURS_PER_ENTRY:
        problems.add(
            "hours",
            gettext(
                "一次申报的是一天的服务，时长不能超过 24 小时（现在是 {hours} 小时）；多天的服务请分天申报。"
            ).format(hours=hours),
            code="absurd_hours",
        )
    elif hours != hours.quantize(Decimal("0.1")):
        problems.add("hours", gettext("服务时长最多保留 1 位小数。"), code="hours_precision")
    return hours


def _day(problems: Problems, value: Any) -> datetime.date | None:
    if not isinstance(value, datetime.date):
        problems.add("occurred_on", gettext("请填写服务日期。"), code="required")
        return None
    today = timezone.localdate()
    if value > today:
        problems.add(
            "occurred_on", gettext("服务日期不能晚于今天（{today:%Y-%m-%d}）。").format(today=today), code="future_date"
        )
    elif value.year < today.year - 1:
        problems.add("occurred_on", gettext("只能申报今年或上一年度的公益服务。"), code="too_old")
    return value


def submit_entry(
    *,
    actor: User,
    occurred_on: datetime.date | None,
    hours: Any,
    description: str,
    evidence: UploadedFile | None,
) -> PublicGoodRecord:
    """申报公益服务: the actor's own manual entry, pending approval."""
    if not may_declare(actor):
        raise NotPermitted(gettext("只有律师、基层法律服务工作者、人民调解员和村(居)法律顾问可以申报公益法律服务。"))
    problems = Problems()
    day = _day(problems, occurred_on)
    amount = _hours(problems, hours)
    text = (description or "").strip()
    if not text:
        problems.add("description", gettext("请填写服务内容。"), code="required")
    elif len(text) > 255:
        problems.add(
            "description",
            gettext("服务内容不能超过 255 个字（现在 {len} 个字）。").format(len=len(text)),
            code="max_length",
        )
    checked = None
    if evidence is None:
        problems.add(
            "evidence",
            gettext("请上传证明材料（PDF、JPG 或 PNG），没有证明材料的公益服务不能认定。"),
            code="evidence_required",
        )
    else:
        with problems.check():
            checked = check_upload(evidence, max_bytes=max_evidence_bytes(), field="evidence")
    problems.raise_if_any()
    assert day is not None
    assert amount is not None
    assert checked is not None
    agency_id = practice_agencies([actor.pk]).get(actor.pk)
    with transaction.atomic():
        record = PublicGoodRecord(
            person=actor,
            agency_id=agency_id,
            source=PublicGoodSource.MANUAL,
            occurred_on=day,
            hours=amount,
            description=text,
            status=RecordStatus.PENDING,
            submitted_by=actor,
            evidence_content_type=checked.content_type,
        )
        record.evidence.save(f"evidence.{checked.extension}", ContentFile(checked.content), save=False)
        record.save()
        record_event(
            record,
            "outreach.public_good.submit",
            actor=actor,
            channel=CHANNEL,
            to_status=RecordStatus.PENDING,
            data={"hours": str(amount), "occurred_on": day.isoformat()},
            region=region_of_person(actor),
        )
    return record


def _decidable(actor: User, record: PublicGoodRecord) -> PublicGoodRecord:
    locked = PublicGoodRecord.objects.select_for_update().get(pk=record.pk)
    if locked.source != PublicGoodSource.MANUAL:
        raise DomainError(gettext("自动生成的记录无须认定。"), code="not_manual")
    if actor.pk in (locked.submitted_by_id, locked.person_id):
        raise DomainError(SELF_APPROVAL, code="self_approval")
    if not may_decide(actor, locked.person):
        raise NotPermitted(gettext("该人员不在您管理的区域内，不能认定其公益服务。"))
    return locked


def approve_entry(*, actor: User, record: PublicGoodRecord, note: str = "") -> PublicGoodRecord:
    """认定: a manager of the person's region, not the author."""
    with transaction.atomic():
        locked = _decidable(actor, record)
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = (note or "").strip()[:255]
        transition(
            locked,
            PUBLIC_GOOD,
            "approve",
            actor=actor,
            channel=CHANNEL,
            reason=locked.decision_note,
            region=region_of_person(locked.person),
            extra_update_fields=("decided_by", "decided_at", "decision_note"),
        )
    return locked


def reject_entry(*, actor: User, record: PublicGoodRecord, reason: str) -> PublicGoodRecord:
    """不予认定, with the reason the person is shown."""
    why = (reason or "").strip()
    if not why:
        raise DomainError(gettext("不予认定须填写理由。"), code="reason_required", field="reason")
    if len(why) > 255:
        raise DomainError(
            gettext("理由不能超过 255 个字（现在 {len} 个字）。").format(len=len(why)),
            code="max_length",
            field="reason",
        )
    with transaction.atomic():
        locked = _decidable(actor, record)
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = why
        transition(
            locked,
            PUBLIC_GOOD,
            "reject",
            actor=actor,
            channel=CHANNEL,
            reason=why,
            region=region_of_person(locked.person),
            extra_update_fields=("decided_by", "decided_at", "decision_note"),
        )
    return locked
