"""import_region: load a county archive into this installation, all or nothing.

Checks first (nothing is written until all pass): the format version, every member's sha256 and
row count, the encryption key ids (each must be in FIELD_ENCRYPTION_KEYS), the migration state
(the archive's applied migrations must all be applied here: same or older schema), that every
archived column still exists, that the county's parent region exists and that the county holds
no data here yet. Then, in one transaction: regions and users are matched by natural key (code,
username) and reused when present; every other row is inserted; primary keys are kept for a
model when none of them is taken here and renumbered otherwise (foreign keys and generic keys
follow); references to rows outside the county are looked up by natural key. Files go to
storage first and are deleted again when anything fails.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import IntegrityError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from gongfa.core.crypto import _key_id, blind_index, decrypt_text
from gongfa.core.region_archive import graph
from gongfa.core.region_archive.codec import Inserter, existing_pks
from gongfa.core.region_archive.container import FORMAT_VERSION, ArchiveError, Reader
from gongfa.core.region_archive.exporter import blind_index_key_id
from gongfa.core.region_archive.refs import RefResolver, describe, is_ref
from gongfa.core.region_archive.selection import select
from gongfa.network.models import Region

Progress = Callable[[str], None]
_TRACKING = re.compile(r"^GF(\d{8})-(\d+)$")


@dataclass
class ImportResult:
    county_code: str
    inserted: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    renumbered: list[str] = field(default_factory=list)
    unresolved: Counter[str] = field(default_factory=Counter)
    blind_indexes_recomputed: bool = False
    mapping: dict[str, dict[Any, Any]] = field(default_factory=dict)


def check_manifest(reader: Reader) -> dict[str, Any]:
    manifest = reader.manifest()
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveError(f"The archive's format version {version!r} is not valid.")
    if version > FORMAT_VERSION:
        raise ArchiveError(
            f"The archive has format version {version}, newer than this installation reads ({FORMAT_VERSION}): "
            "upgrade gongfa here first."
        )
    for key in ("county", "models", "files", "key_ids", "migrations"):
        if key not in manifest:
            raise ArchiveError(f"manifest.json has no {key!r}.")
    needed = {
        "models": {"label", "member", "rows", "sha256", "bytes", "pk", "columns", "references", "generic"}
        | {"encrypted", "blind_indexes", "files"},
        "files": {"name", "member", "sha256", "bytes", "model"},
    }
    for part, keys in needed.items():
        for number, entry in enumerate(manifest[part], start=1):
            if not isinstance(entry, dict) or keys - set(entry):
                raise ArchiveError(f"manifest.json: entry {number} of {part!r} is malformed.")
    if not isinstance(manifest["county"], dict) or "code" not in manifest["county"]:
        raise ArchiveError("manifest.json: 'county' is malformed.")
    return manifest


def check_checksums(reader: Reader, manifest: dict[str, Any]) -> None:
    for entry in [*manifest["models"], *manifest["files"]]:
        digest, size = reader.checksum(entry["member"])
        if digest != entry["sha256"] or size != entry["bytes"]:
            raise ArchiveError(
                f"Checksum mismatch for {entry['member']}: the archive is damaged or was changed after export."
            )


def check_keys(manifest: dict[str, Any]) -> None:
    available = {_key_id(key).hex() for key in settings.FIELD_ENCRYPTION_KEYS}
    missing = sorted(set(manifest["key_ids"]) - available)
    if missing:
        raise ArchiveError(
            "The archive's personal data is encrypted with key id(s) "
            f"{', '.join(missing)}, which FIELD_ENCRYPTION_KEYS here does not hold: add the source "
            "installation's key(s) (after the current one), import, then run manage.py rotate_keys."
        )


def check_migrations(manifest: dict[str, Any], using: str = "default") -> None:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    missing = sorted(
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in applied
    )
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise ArchiveError(
            f"The archive was made with a newer schema: migrations {shown} are not applied here. "
            "Upgrade this installation (manage.py migrate) first."
        )


def check_models(manifest: dict[str, Any]) -> None:
    archived = set(graph.archived_labels())
    for entry in manifest["models"]:
        label = entry["label"]
        if label not in archived:
            raise ArchiveError(f"The archive carries {label}, which this installation does not import.")
        attnames = {f.attname for f in graph.model(label)._meta.concrete_fields}
        unknown = sorted(set(entry["columns"]) - attnames)
        if unknown:
            raise ArchiveError(f"The archive's {label} has columns {unknown} that do not exist here.")


def check_county(manifest: dict[str, Any]) -> Region | None:
    county = manifest["county"]
    parent_code = county.get("parent_code")
    if parent_code and not Region.objects.filter(code=parent_code).exists():
        raise ArchiveError(
            f"The county's parent region {parent_code} does not exist here: load the province and city regions first."
        )
    existing = Region.objects.filter(code=county["code"]).first()
    if existing is None:
        return None
    present = {
        label: len(pks)
        for label, pks in select(existing).items()
        if pks and label in graph.OWNED and label != graph.ROOT
    }
    if present:
        shown = ", ".join(f"{label} {count}" for label, count in sorted(present.items())[:6])
        raise ArchiveError(
            f"County {county['code']} {county['name']} already has data in this installation ({shown}); "
            "it was imported before or is in use here. Nothing was imported."
        )
    return existing


class _SkipRow(Exception):
    pass


class _Loader:
    def __init__(self, reader: Reader, manifest: dict[str, Any], result: ImportResult, say: Progress) -> None:
        self.reader = reader
        self.manifest = manifest
        self.result = result
        self.say = say
        self.refs = RefResolver()
        self.connection = connections["default"]
        self.recompute = manifest.get("blind_index_key_id") != blind_index_key_id()
        result.blind_indexes_recomputed = self.recompute
        self.existing_users: set[Any] = set()
        self.file_names: dict[str, str] = {}
        self.deferred: list[tuple[str, Any, str, str, Any]] = []  # label, new pk, column, target, old value

    def load(self) -> None:
        order = [entry["label"] for entry in self.manifest["models"]]
        for entry in self.manifest["models"]:
            self._load_model(entry, done=set(order[: order.index(entry["label"])]))
        for label, pk, column, target, old in self.deferred:
            new = self.result.mapping.get(target, {}).get(old)
            if new is None:
                raise ArchiveError(f"{label}: {column}={old} names a {target} row that is not in the archive.")
            Inserter(graph.model(label), self.connection).update(pk, {column: new})

    def _rows(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        rows = list(self.reader.lines(entry["member"]))
        if len(rows) != entry["rows"]:
            raise ArchiveError(f"{entry['member']} has {len(rows)} rows, the manifest says {entry['rows']}.")
        return rows

    def _load_model(self, entry: dict[str, Any], done: set[str]) -> None:
        label = entry["label"]
        model_class = graph.model(label)
        rows = self._rows(entry)
        mapping = self.result.mapping.setdefault(label, {})
        if not rows:
            return
        pk_name = entry["pk"]
        to_insert = []
        for row in rows:
            if self._skip_for_existing_user(label, row):
                self.result.skipped[label] += 1
                continue
            matched = self._match(label, row)
            if matched is not None:
                mapping[row[pk_name]] = matched
                self.result.matched[label] += 1
                if label == graph.USER:
                    self.existing_users.add(matched)
                continue
            to_insert.append(row)
        old_pks = [row[pk_name] for row in to_insert]
        keep = not existing_pks(model_class, old_pks)
        if not keep:
            self.result.renumbered.append(label)
        inserter = Inserter(model_class, self.connection)
        defaults = {
            f.attname: f.get_default() for f in model_class._meta.concrete_fields if f.attname not in entry["columns"]
        }
        try:
            for row in to_insert:
                self._insert_row(entry, row, inserter, keep, defaults, done)
            inserter.flush()
        except IntegrityError as error:
            raise ArchiveError(
                f"{label}: a row conflicts with data already here ({error}). Nothing was imported."
            ) from None

    def _insert_row(
        self,
        entry: dict[str, Any],
        row: dict[str, Any],
        inserter: Inserter,
        keep: bool,
        defaults: dict[str, Any],
        done: set[str],
    ) -> None:
        label = entry["label"]
        old_pk = row[entry["pk"]]
        values = {**defaults, **row}
        try:
            later = self._map_references(entry, values, done)
        except _SkipRow:
            self.result.skipped[label] += 1
            return
        self._map_files(entry, values)
        if self.recompute:
            self._recompute_blind_indexes(entry, values)
        new_pk = inserter.insert(values, keep_pk=keep)
        self.result.mapping[label][old_pk] = new_pk
        self.result.inserted[label] += 1
        for column, target, old in later:
            self.deferred.append((label, new_pk, column, target, old))

    def _skip_for_existing_user(self, label: str, row: dict[str, Any]) -> bool:
        if label not in graph.USER_OWNED:
            return False
        users = self.result.mapping.get(graph.USER, {})
        return any(users.get(row.get(f"{anchor}_id")) in self.existing_users for anchor in graph.USER_OWNED[label])

    def _match(self, label: str, row: dict[str, Any]) -> Any:
        keys = graph.MERGED_BY_NATURAL_KEY.get(label)
        if not keys:
            return None
        model_class = graph.model(label)
        return model_class._base_manager.filter(**{k: row[k] for k in keys}).values_list("pk", flat=True).first()

    def _map_references(
        self, entry: dict[str, Any], values: dict[str, Any], done: set[str]
    ) -> list[tuple[str, str, Any]]:
        label = entry["label"]
        model_class = graph.model(label)
        later: list[tuple[str, str, Any]] = []
        for ct_column, id_column in entry["generic"]:
            if values.get(ct_column) is None:
                continue
            content_type = self._resolve(label, ct_column, values[ct_column], nullable=False)
            values[ct_column] = content_type
            subject = values.get(id_column)
            id_field = graph.concrete_field(model_class, id_column)
            if isinstance(subject, dict) and is_ref(subject):
                found = self.refs.resolve(subject)
                if found is None:
                    # An event about a row of another county that is not here: it stays behind.
                    self.result.unresolved[f"{label}.{id_column} -> {subject.get('$ref')} (row skipped)"] += 1
                    raise _SkipRow
                values[id_column] = id_field.to_python(found)
                continue
            subject_model = ContentType.objects.get_for_id(content_type).model_class()
            if subject_model is None or subject in (None, ""):
                continue
            subject_map = self.result.mapping.get(graph.label_of(subject_model), {})
            subject_pk = subject_model._meta.pk.to_python(subject)
            if subject_pk in subject_map:
                values[id_column] = id_field.to_python(subject_map[subject_pk])
        for column, target in entry["references"].items():
            value = values.get(column)
            if value is None or column in [ct for ct, _ in entry["generic"]]:
                continue
            field = graph.concrete_field(model_class, column)
            if is_ref(value):
                values[column] = self._resolve(label, column, value, nullable=field.null)
            elif target in done:
                new = self.result.mapping.get(target, {}).get(value)
                if new is None:
                    raise ArchiveError(f"{label}: {column}={value} names a {target} row that is not in the archive.")
                values[column] = new
            elif target == label and value in self.result.mapping.get(label, {}):
                values[column] = self.result.mapping[label][value]
            else:
                if not field.null:
                    raise ArchiveError(f"{label}.{column} cannot be filled in later (not nullable).")
                later.append((column, target, value))
                values[column] = None
        return later

    def _resolve(self, label: str, column: str, ref: Any, nullable: bool) -> Any:
        if not is_ref(ref):
            raise ArchiveError(f"{label}.{column}: expected a reference, found {ref!r}.")
        found = self.refs.resolve(ref)
        if found is None:
            if not nullable:
                raise ArchiveError(
                    f"{label}.{column} refers to {describe(ref)}, which does not exist in this installation: "
                    "load that reference data (or region) first."
                )
            self.result.unresolved[f"{label}.{column} -> {ref.get('$ref')} (left empty)"] += 1
        return found

    def _map_files(self, entry: dict[str, Any], values: dict[str, Any]) -> None:
        for column in entry["files"]:
            name = values.get(column)
            if name:
                values[column] = self.file_names.get(name, name)

    def _recompute_blind_indexes(self, entry: dict[str, Any], values: dict[str, Any]) -> None:
        for column, (source, kind) in entry["blind_indexes"].items():
            clear = values.get(source) or ""
            if source in entry["encrypted"]:
                clear = decrypt_text(clear)
            values[column] = blind_index(clear, kind)


def _store_files(reader: Reader, manifest: dict[str, Any], loader: _Loader, written: list[tuple[Any, str]]) -> None:
    storages = {}
    for entry in manifest["models"]:
        model_class = graph.model(entry["label"])
        for column in entry["files"]:
            storages[entry["label"]] = model_class._meta.get_field(column).storage  # type: ignore[union-attr]
    for item in manifest["files"]:
        storage = storages.get(item["model"])
        if storage is None:
            raise ArchiveError(f"The archive has a file for {item['model']}, which stores no files here.")
        with reader.open(item["member"]) as handle:
            saved = storage.save(item["name"], handle)
        written.append((storage, saved))
        loader.file_names[item["name"]] = saved


# Plain integer columns that name a row of another model, by kind (performance evaluations).
_SUBJECT_KINDS = {"point": "network.ServicePoint", "agency": "network.Agency", "person": graph.USER}


def _renumber_evaluation_subjects(result: ImportResult) -> None:
    from gongfa.performance.models import EvaluationInput, EvaluationResult

    for model_class, kind_path in ((EvaluationResult, "subject_kind"), (EvaluationInput, "run__scheme__subject_kind")):
        new_pks = list(result.mapping.get(graph.label_of(model_class), {}).values())
        for start in range(0, len(new_pks), 500):
            chunk = new_pks[start : start + 500]
            for pk, subject_id, kind in model_class.objects.filter(pk__in=chunk).values_list(
                "pk", "subject_id", kind_path
            ):
                new = result.mapping.get(_SUBJECT_KINDS.get(kind, ""), {}).get(subject_id)
                if new is not None and new != subject_id:
                    model_class.objects.filter(pk=pk).update(subject_id=new)


def _after_insert(result: ImportResult) -> None:
    _renumber_evaluation_subjects(result)
    connection = connections["default"]
    inserted = [graph.model(label) for label, count in result.inserted.items() if count]
    if connection.vendor == "postgresql" and inserted:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), inserted):
                cursor.execute(statement)
    # Tracking numbers are per-installation counters per day: never issue an imported number again.
    from gongfa.workorders.models import TrackingSequence, WorkOrder

    new_orders = list(result.mapping.get("workorders.WorkOrder", {}).values())
    highest: dict[str, int] = {}
    for start in range(0, len(new_orders), 500):
        for number in WorkOrder.objects.filter(pk__in=new_orders[start : start + 500]).values_list(
            "tracking_number", flat=True
        ):
            match = _TRACKING.match(number or "")
            if match:
                highest[match.group(1)] = max(highest.get(match.group(1), 0), int(match.group(2)))
    for day, value in highest.items():
        sequence, _ = TrackingSequence.objects.select_for_update().get_or_create(
            day=f"{day[:4]}-{day[4:6]}-{day[6:]}", defaults={"last_value": value}
        )
        if sequence.last_value < value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])
    _cover_year_numbers(result)


def _imported_values(result: ImportResult, label: str, field: str) -> Iterator[str]:
    """The `field` of every row of `label` this import wrote."""
    model_class = graph.model(label)
    new_pks = list(result.mapping.get(label, {}).values())
    for start in range(0, len(new_pks), 500):
        yield from model_class._default_manager.filter(pk__in=new_pks[start : start + 500]).values_list(
            field, flat=True
        )


def _cover_year_numbers(result: ImportResult) -> None:
    """Numbers per kind and year (notices, bookings, notarial cases, referrals, outreach): the
    counters are installation-wide and not in the archive, so raise them past what came in."""
    from gongfa.appointments.services.common import cover_numbers as cover_appointments
    from gongfa.legalaid.services.common import cover_notice_numbers
    from gongfa.outreach.services.common import cover_numbers as cover_outreach

    numbered = (
        (
            cover_appointments,
            ("appointments.Booking", "appointments.NotarizationCase", "appointments.AppraisalReferral"),
        ),
        (cover_outreach, ("outreach.PublicityEvent", "outreach.PublicityPrompt", "outreach.TypicalCase")),
        (cover_notice_numbers, ("legalaid.LegalAidNotice",)),
    )
    for cover, labels in numbered:
        cover([number for label in labels for number in _imported_values(result, label, "number")])


def import_region(path: Path, progress: Progress | None = None) -> ImportResult:
    say: Progress = progress or (lambda message: None)
    reader = Reader(Path(path))
    written: list[tuple[Any, str]] = []
    try:
        manifest = check_manifest(reader)
        check_checksums(reader, manifest)
        check_keys(manifest)
        check_migrations(manifest)
        check_models(manifest)
        result = ImportResult(county_code=manifest["county"]["code"])
        with transaction.atomic():
            check_county(manifest)
            loader = _Loader(reader, manifest, result, say)
            _store_files(reader, manifest, loader, written)
            loader.load()
            _after_insert(result)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        reader.close()
    for label in result.inserted | result.matched | result.skipped:
        say(
            f"{label}: {result.inserted[label]} imported"
            + (f", {result.matched[label]} already here" if result.matched[label] else "")
            + (f", {result.skipped[label]} skipped" if result.skipped[label] else "")
        )
    return result
