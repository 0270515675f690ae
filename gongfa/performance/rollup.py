"""Keeping the fact tables up to date (统计汇总): incrementally from the domain events, or rebuilt.

Incremental path:
1. audit's event hook (on_event_recorded) finds the fact sources the event touches and marks their
   subjects in PendingRefresh, in the event's own transaction (nothing is lost if the broker is
   down), then queues refresh_pending_facts after the commit.
2. refresh_pending() takes a batch of marks, locks the subjects' ledger rows, recomputes each
   subject's contributions, and applies only the difference from its ledger to DailyFact and,
   along the region tree, to RollupFact. A mark changed meanwhile (its version moved on) stays for
   the next run. Safe to retry and to run in several workers at once.

Rebuild (manage.py rebuild_facts): for a date range, deletes the range's facts and adds every
subject's contributions inside it, keeping their ledgers' contributions outside it. The rebuild and
the incremental path call the same contribute() and the same expansion, so they give identical
rows (tests/test_rollup_identity.py).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gongfa.network.choices import RegionLevel
from gongfa.network.models import ancestor_codes, level_of_code
from gongfa.performance import registry
from gongfa.performance.choices import Grain, MixDimension
from gongfa.performance.models import DailyFact, FactLedger, PendingRefresh, RollupFact
from gongfa.performance.models.facts import ALL
from gongfa.performance.periods import month_start

if TYPE_CHECKING:
    from gongfa.audit.models import Event

logger = logging.getLogger(__name__)

DAILY_KEY = (
    "measure",
    "day",
    "region_code",
    "point_id",
    "person_id",
    "agency_id",
    "service",
    "channel",
    "topic",
    "special_groups",
    "tier",
)
ROLLUP_KEY = ("grain", "measure", "region_code", "period", "service", "channel", "dim", "dim_value")
ROLLUP_COLUMNS = (*ROLLUP_KEY, "level")
BATCH_SIZE = 500
REBUILD_FLUSH_KEYS = 200_000  # daily keys held in memory by a rebuild before they are written

Key = tuple[Any, ...]


# --- expansion along the region tree -------------------------------------------------------------


@lru_cache(maxsize=65536)
def region_chain(code: str) -> tuple[tuple[int, str], ...]:
    """(level, code) of the region and each ancestor, province first; () for no or a bad code."""
    if not code:
        return ()
    try:
        level = level_of_code(code)
    except ValidationError:
        return ()
    chain = [(int(level_of_code(ancestor)), ancestor) for ancestor in ancestor_codes(code, level)]
    chain.append((int(level), code))
    return tuple(chain)


def rollup_rows(contribution: registry.Contribution) -> Iterator[tuple[Key, int]]:
    """The RollupFact rows (key with level last, value) a daily fact adds to."""
    c = contribution
    yield from _rollup_rows(
        c.measure, c.day, c.region_code, c.service, c.channel, c.topic, c.special_groups, c.tier, c.value
    )


def _rollup_rows(
    measure: str,
    day: datetime.date,
    region_code: str,
    service: str,
    channel: str,
    topic: str,
    special_groups: int,
    tier: str,
    value: int,
) -> Iterator[tuple[Key, int]]:
    month = month_start(day)
    mixes: list[tuple[str, str]] = []
    if topic:
        mixes.append((MixDimension.TOPIC, topic))
    if tier:
        mixes.append((MixDimension.TIER, tier))
    if special_groups:
        mixes.extend((MixDimension.GROUP, str(1 << bit)) for bit in range(31) if special_groups & (1 << bit))
        mixes.append((MixDimension.GROUP, registry.ANY_SPECIAL_GROUP))
    for level, code in region_chain(region_code):
        yield (Grain.MONTH, measure, code, month, ALL, ALL, "", "", level), value
        if level >= RegionLevel.VILLAGE:
            continue  # a village keeps month totals only (compute reads the rest from DailyFact)
        yield (Grain.DAY, measure, code, day, ALL, ALL, "", "", level), value
        yield (Grain.MONTH, measure, code, month, service, channel, "", "", level), value
        for dim, dim_value in mixes:
            yield (Grain.MONTH, measure, code, month, ALL, ALL, dim, dim_value, level), value


def _as_contribution(key: Key, value: int) -> registry.Contribution:
    return registry.Contribution(*key, value)  # type: ignore[call-arg]


def rollup_deltas(daily: dict[Key, int]) -> dict[Key, int]:
    # Point, person and agency do not reach the rollups: sum over them first, expand once.
    collapsed: dict[Key, int] = defaultdict(int)
    for key, value in daily.items():
        if value:
            collapsed[(key[0], key[1], key[2], key[6], key[7], key[8], key[9], key[10])] += value
    deltas: dict[Key, int] = defaultdict(int)
    for (measure, day, region, service, channel, topic, groups, tier), value in collapsed.items():
        if value:
            for rollup_key, rollup_value in _rollup_rows(
                measure, day, region, service, channel, topic, groups, tier, value
            ):
                deltas[rollup_key] += rollup_value
    return {key: value for key, value in deltas.items() if value}


# --- SQL: upsert by increment ----------------------------------------------------------------------


def _chunk_rows() -> int:
    return 1000 if connection.vendor == "postgresql" else 400


def _upsert_increment(table: str, key_columns: Sequence[str], extra_columns: Sequence[str], rows: list[Key]) -> None:
    """INSERT … ON CONFLICT (key) DO UPDATE SET value = value + EXCLUDED.value, in key order (so two
    workers lock rows in the same order), then delete the rows that reached zero."""
    if not rows:
        return
    rows.sort()  # each position holds one type: tuples compare natively
    columns = [*key_columns, *extra_columns, "value"]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    conflict = ", ".join(connection.ops.quote_name(column) for column in key_columns)
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    zero_ids: list[int] = []
    size = _chunk_rows()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            sql = (
                f"INSERT INTO {table} ({quoted}) VALUES {', '.join([placeholder] * len(chunk))} "  # noqa: S608
                f"ON CONFLICT ({conflict}) DO UPDATE SET value = {table}.value + EXCLUDED.value "
                f"RETURNING id, value"
            )
            cursor.execute(sql, [part for row in chunk for part in row])
            zero_ids.extend(row_id for row_id, value in cursor.fetchall() if value == 0)
        for start in range(0, len(zero_ids), size):
            ids = zero_ids[start : start + size]
            cursor.execute(
                f"DELETE FROM {table} WHERE value = 0 AND id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608
                ids,
            )


def apply_daily_deltas(daily: dict[Key, int]) -> None:
    """Add the differences to DailyFact and, along the region tree, to RollupFact."""
    daily = {key: value for key, value in daily.items() if value}
    if not daily:
        return
    _upsert_increment(DailyFact._meta.db_table, DAILY_KEY, (), [(*key, value) for key, value in daily.items()])
    rollup = rollup_deltas(daily)
    rows = [(*key[:-1], key[-1], value) for key, value in rollup.items()]
    _upsert_increment(RollupFact._meta.db_table, ROLLUP_KEY, ("level",), rows)


# --- ledgers ---------------------------------------------------------------------------------------


def _encode(contributions: Iterable[registry.Contribution]) -> list[list[Any]]:
    totals: dict[Key, int] = defaultdict(int)
    for contribution in contributions:
        if contribution.value:
            totals[contribution.key] += contribution.value
    # In contribute()'s own order: deterministic for the same subject, so equal states give equal lists.
    return [[*_jsonable(key), value] for key, value in totals.items() if value]


def _jsonable(key: Key) -> list[Any]:
    return [part.isoformat() if isinstance(part, datetime.date) else part for part in key]


def _decode(rows: list[list[Any]]) -> dict[Key, int]:
    decoded: dict[Key, int] = {}
    for row in rows:
        key = list(row[:-1])
        key[1] = datetime.date.fromisoformat(key[1])
        decoded[tuple(key)] = int(row[-1])
    return decoded


def _difference(old: dict[Key, int], new: dict[Key, int]) -> dict[Key, int]:
    delta: dict[Key, int] = defaultdict(int)
    for key, value in new.items():
        delta[key] += value
    for key, value in old.items():
        delta[key] -= value
    return {key: value for key, value in delta.items() if value}


def _lock_ledgers(source: str, subject_ids: Sequence[int]) -> dict[int, FactLedger]:
    FactLedger.objects.bulk_create(
        [FactLedger(source=source, subject_id=subject_id, rows=[]) for subject_id in subject_ids],
        ignore_conflicts=True,
    )
    ledgers = FactLedger.objects.select_for_update().filter(source=source, subject_id__in=subject_ids).order_by("pk")
    return {ledger.subject_id: ledger for ledger in ledgers}


def refresh_subjects(source_name: str, subject_ids: Sequence[int]) -> dict[Key, int]:
    """Recompute the subjects' contributions and apply the difference from their ledgers (inside
    the caller's transaction). Returns the daily differences applied."""
    source = registry.source(source_name)
    subject_ids = sorted(set(subject_ids))
    if not subject_ids:
        return {}
    ledgers = _lock_ledgers(source.name, subject_ids)
    subjects = {subject.pk: subject for subject in source.queryset().filter(pk__in=subject_ids)}
    total: dict[Key, int] = defaultdict(int)
    now = timezone.now()
    changed: list[FactLedger] = []
    for subject_id in subject_ids:
        ledger = ledgers[subject_id]
        subject = subjects.get(subject_id)
        new_rows = _encode(source.contribute(subject)) if subject is not None else []
        if new_rows == ledger.rows:
            continue
        for key, value in _difference(_decode(ledger.rows), _decode(new_rows)).items():
            total[key] += value
        ledger.rows = new_rows
        ledger.updated_at = now
        changed.append(ledger)
    FactLedger.objects.bulk_update(changed, ["rows", "updated_at"])
    apply_daily_deltas(total)
    return dict(total)


# --- the incremental path -------------------------------------------------------------------------


def _sources_for_event(event: Event) -> dict[str, set[int]]:
    touched: dict[str, set[int]] = {}
    for source in registry.sources():
        if source.subjects_of_event is not None:
            ids = {int(pk) for pk in source.subjects_of_event(event) if pk is not None}
        elif event.subject_type.model_class() is source.model:
            ids = {int(event.subject_id)}
        else:
            continue
        if ids:
            touched[source.name] = ids
    return touched


def mark_pending(source_name: str, subject_ids: Iterable[int]) -> None:
    """Mark subjects for a refresh; a mark already there gets a new version (so a refresh that read
    the subject before this change does not clear it)."""
    ids = sorted(set(subject_ids))
    if not ids:
        return
    table = PendingRefresh._meta.db_table
    now = timezone.now()
    placeholder = "(%s, %s, %s, 1)"
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} (source, subject_id, queued_at, version) "  # noqa: S608
                f"VALUES {', '.join([placeholder] * len(chunk))} "
                f"ON CONFLICT (source, subject_id) DO UPDATE SET version = {table}.version + 1, "
                f"queued_at = EXCLUDED.queued_at",
                [part for subject_id in chunk for part in (source_name, subject_id, now)],
            )


# One queued refresh serves every mark committed before it starts: a commit queues a new one only
# when none is waiting (the task clears this key before it reads the marks, so a mark committed
# after that read always finds the key gone and queues the next run). The key's lifetime bounds the
# wait when a queued task is lost; the periodic sweep covers the rest.
REFRESH_QUEUED_KEY = "gongfa:performance:refresh-queued"
REFRESH_QUEUED_SECONDS = 10


def _queue_refresh() -> None:
    from gongfa.performance.tasks import refresh_pending_facts

    try:
        if not cache.add(REFRESH_QUEUED_KEY, 1, timeout=REFRESH_QUEUED_SECONDS):
            return
    except Exception:  # the shared cache is down: queue one per commit, as before
        logger.warning("could not read the refresh flag; queueing the refresh anyway", exc_info=True)
    try:
        refresh_pending_facts.delay()
    except Exception:  # the broker is down: the marks wait for the next run or the periodic sweep
        logger.warning("could not queue the facts refresh; the periodic sweep will pick it up", exc_info=True)


def _already_queued() -> bool:
    return any(entry[1] is _queue_refresh for entry in connection.run_on_commit)


def mark_changed(source_name: str, subject_ids: Iterable[int]) -> None:
    """For writes that record no audit event (a bulk sync): mark the subjects and queue the
    refresh after commit, as an event would."""
    ids = list(subject_ids)
    if not ids:
        return
    mark_pending(source_name, ids)
    if connection.in_atomic_block and _already_queued():
        return
    transaction.on_commit(_queue_refresh, robust=True)


def on_event_recorded(event: Event) -> None:
    """audit's event hook: mark the subjects this event changed, in its transaction."""
    touched = _sources_for_event(event)
    if not touched:
        return
    for source_name, ids in touched.items():
        mark_pending(source_name, ids)
    if connection.in_atomic_block and _already_queued():
        return
    transaction.on_commit(_queue_refresh, robust=True)


def refresh_started() -> None:
    """The queued refresh is about to read the marks: the next commit queues another one."""
    try:
        cache.delete(REFRESH_QUEUED_KEY)
    except Exception:
        logger.warning("could not clear the refresh flag; it expires by itself", exc_info=True)


def refresh_pending(batch_size: int = BATCH_SIZE, max_batches: int | None = None) -> int:
    """Apply the marked subjects' changes, a batch per transaction. Returns how many were done."""
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        batches += 1
        with transaction.atomic():
            marks = PendingRefresh.objects.order_by("queued_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                marks = marks.select_for_update(skip_locked=True)
            batch = list(marks.values_list("pk", "source", "subject_id", "version")[:batch_size])
            if not batch:
                break
            by_source: dict[str, list[int]] = defaultdict(list)
            for _pk, source_name, subject_id, _version in batch:
                by_source[source_name].append(subject_id)
            for source_name, ids in sorted(by_source.items()):
                try:
                    registry.source(source_name)
                except KeyError:
                    logger.warning("dropping marks of an unknown fact source %r", source_name)
                    continue
                refresh_subjects(source_name, ids)
            for pk, _source, _subject, version in batch:
                PendingRefresh.objects.filter(pk=pk, version=version).delete()
        done += len(batch)
        if len(batch) < batch_size:
            break
    return done


# --- rebuild ---------------------------------------------------------------------------------------


def _in_range(key: Key, start: datetime.date, end: datetime.date) -> bool:
    return start <= key[1] <= end


def rebuild(start: datetime.date, end: datetime.date, *, chunk_size: int = 2000) -> dict[str, int]:
    """Recompute the facts of [start, end] from the subjects (whole months for RollupFact: the
    range is widened to whole months). Returns the number of subjects read per source."""
    from gongfa.performance.periods import month_end

    start = month_start(start)
    end = month_end(end)
    counts: dict[str, int] = {}
    with transaction.atomic():
        DailyFact.objects.filter(day__range=(start, end)).delete()
        RollupFact.objects.filter(period__range=(start, end)).delete()
        for source in registry.sources():
            counts[source.name] = _rebuild_source(source, start, end, chunk_size)
    return counts


def _rebuild_source(source: registry.FactSource, start: datetime.date, end: datetime.date, chunk_size: int) -> int:
    queryset = source.queryset().filter(source.rebuild_filter(end)).order_by("pk")
    read = 0
    last_pk: Any = None
    daily: dict[Key, int] = defaultdict(int)  # summed over chunks: fewer, larger upserts
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        subjects = list(page[:chunk_size])
        if not subjects:
            break
        last_pk = subjects[-1].pk
        read += len(subjects)
        ids = [subject.pk for subject in subjects]
        ledgers = {
            ledger.subject_id: ledger for ledger in FactLedger.objects.filter(source=source.name, subject_id__in=ids)
        }
        new_ledgers: list[FactLedger] = []
        changed: list[FactLedger] = []
        now = timezone.now()
        for subject in subjects:
            current = _decode(_encode(source.contribute(subject)))
            ledger = ledgers.get(subject.pk)
            kept = (
                {key: value for key, value in _decode(ledger.rows).items() if not _in_range(key, start, end)}
                if ledger
                else {}
            )
            inside = {key: value for key, value in current.items() if _in_range(key, start, end)}
            for key, value in inside.items():
                daily[key] += value
            rows = _encode(_as_contribution(key, value) for key, value in {**kept, **inside}.items())
            if ledger is None:
                new_ledgers.append(FactLedger(source=source.name, subject_id=subject.pk, rows=rows, updated_at=now))
            elif ledger.rows != rows:
                ledger.rows = rows
                ledger.updated_at = now
                changed.append(ledger)
        FactLedger.objects.bulk_create(new_ledgers, batch_size=1000)
        FactLedger.objects.bulk_update(changed, ["rows", "updated_at"], batch_size=1000)
        if len(daily) > REBUILD_FLUSH_KEYS:
            apply_daily_deltas(daily)
            daily = defaultdict(int)
    apply_daily_deltas(daily)
    # Subjects gone since their ledger was written (deleted rows) keep no facts in the range.
    live = source.model._default_manager.values("pk")
    for ledger in FactLedger.objects.filter(source=source.name).exclude(subject_id__in=live).iterator():
        kept_rows = [row for row in ledger.rows if not start <= datetime.date.fromisoformat(row[1]) <= end]
        if kept_rows != ledger.rows:
            ledger.rows = kept_rows
            ledger.save(update_fields=["rows"])
    return read


def mark_unledgered() -> int:
    """Mark the subjects of event-less sources (regions, points) that have no ledger yet."""
    marked = 0
    for source in registry.sources():
        if not source.without_events:
            continue
        ledgered = FactLedger.objects.filter(source=source.name).values("subject_id")
        ids = list(source.queryset().exclude(pk__in=ledgered).values_list("pk", flat=True))
        mark_pending(source.name, ids)
        marked += len(ids)
    return marked


def sweep(limit_batches: int = 100) -> int:
    """The periodic safety net: apply any marks left when the broker was down, and count the
    regions and points added without an event."""
    try:
        with transaction.atomic():
            mark_unledgered()
        return refresh_pending(max_batches=limit_batches)
    except DatabaseError:
        logger.warning("facts sweep failed; will try again", exc_info=True)
        return 0
