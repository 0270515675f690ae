"""export_region / import_region on a small county: refusals with clear errors, all-or-nothing
imports, renumbered keys, another blind-index key, .zip archives."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from gongfa.core.choices import Channel
from gongfa.core.crypto import blind_index
from gongfa.core.region_archive import ArchiveError, export_region, graph, import_region
from gongfa.network.models import Region, ServicePoint
from gongfa.network.tests.region_archive_helpers import member_of, purge, rewrite, rows_by_model
from gongfa.testing.factories import CitizenFactory, build_network, make_id_number
from gongfa.workorders.models import AnswerTemplate, TrackingSequence, WorkOrder
from gongfa.workorders.services import create_work_order

PHONE = "13912345678"
ID_NUMBER = make_id_number("330102", seq=456)
OTHER_PHONE = "13787654321"


@pytest.fixture
def county(network: Any) -> Any:
    citizen = CitizenFactory(phone=PHONE, id_number=ID_NUMBER)
    create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="工资被拖欠", contact_phone=PHONE, requester=citizen
    )
    AnswerTemplate.objects.create(
        region=network.county, title="欠薪答复", body="请携带材料", attachment=ContentFile(b"template file", "a.txt")
    )
    other = build_network(prefix="330103", name="邻")
    create_work_order(channel=Channel.PORTAL, region=other.villages[0], text="邻县的事", contact_phone=OTHER_PHONE)
    return network


def _export(tmp_path: Path, name: str = "county.tar.gz", code: str = "330102000000") -> Path:
    path = tmp_path / name
    call_command("export_region", code, output=str(path), stdout=io.StringIO())
    return path


def _counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "points": ServicePoint.objects.count(),
        "orders": WorkOrder.objects.count(),
        "templates": AnswerTemplate.objects.count(),
    }


def test_unknown_county_code(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No region with code '330199000000'"):
        call_command("export_region", "330199000000", output=str(tmp_path / "x.tar.gz"))
    assert not (tmp_path / "x.tar.gz").exists()


@pytest.mark.parametrize(("code", "level"), [("330100000000", "市"), ("330102001000", "乡镇")])
def test_a_code_that_is_not_a_county(network: Any, tmp_path: Path, code: str, level: str) -> None:
    with pytest.raises(CommandError, match=f"is a {level}.* region, not a county"):
        call_command("export_region", code, output=str(tmp_path / "x.tar.gz"))


def test_bad_output_names(county: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"must end in \.tar\.gz, \.tgz or \.zip"):
        call_command("export_region", "330102000000", output=str(tmp_path / "x.rar"))
    path = _export(tmp_path)
    with pytest.raises(CommandError, match="already exists"):
        call_command("export_region", "330102000000", output=str(path))


def test_the_archive_holds_the_county_only_and_no_plaintext(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    raw = path.read_bytes()
    rows = rows_by_model(path)
    orders = rows["workorders.WorkOrder"]
    assert len(orders) == 1
    assert orders[0]["contact_phone"].startswith("gf1:")
    assert orders[0]["contact_phone_hash"] == blind_index(PHONE, "phone")
    # Nothing of the neighbouring county, no personal data in clear anywhere (gzip hides nothing
    # here: the JSON members are checked uncompressed).
    text = "\n".join(json.dumps(r, ensure_ascii=False) for rs in rows.values() for r in rs)
    for secret in (PHONE, ID_NUMBER, OTHER_PHONE, "邻县的事"):
        assert secret not in text
    assert PHONE.encode() not in raw
    archived_codes = {r["code"] for r in rows["network.Region"]}
    assert archived_codes == set(Region.objects.filter(code__startswith="330102").values_list("code", flat=True))


def test_corrupted_archive_is_refused(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    manifest = json.loads(_manifest(path))
    bad = rewrite(
        path,
        tmp_path / "bad.tar.gz",
        member=(member_of(manifest, "workorders.WorkOrder"), lambda body: body.replace(b'"text"', b'"texT"')),
    )
    purge(path)
    before = _counts()
    with pytest.raises(CommandError, match=r"Checksum mismatch for data/.*workorders\.WorkOrder"):
        call_command("import_region", str(bad), stdout=io.StringIO())
    assert _counts() == before
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(path.read_bytes()[:200])
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_region", str(truncated), stdout=io.StringIO())
    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive at all")
    with pytest.raises(CommandError, match=r"not a readable \.tar\.gz or \.zip"):
        call_command("import_region", str(tmp_path / "junk.tar.gz"), stdout=io.StringIO())
    assert _counts() == before


def _manifest(path: Path) -> str:
    from gongfa.network.tests.region_archive_helpers import members

    return members(path)["manifest.json"].decode()


def test_newer_format_version_is_refused(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    newer = rewrite(path, tmp_path / "newer.tar.gz", manifest=lambda m: m.update(format_version=2))
    purge(path)
    with pytest.raises(CommandError, match="format version 2, newer than this installation reads"):
        call_command("import_region", str(newer), stdout=io.StringIO())
    malformed = rewrite(path, tmp_path / "malformed.tar.gz", manifest=lambda m: m["models"][0].pop("sha256"))
    with pytest.raises(CommandError, match=r"manifest\.json: entry 1 of 'models' is malformed"):
        call_command("import_region", str(malformed), stdout=io.StringIO())
    foreign = rewrite(path, tmp_path / "foreign.tar.gz", manifest=lambda m: m.update(format="something-else"))
    with pytest.raises(CommandError, match="not a gongfa region archive"):
        call_command("import_region", str(foreign), stdout=io.StringIO())


def test_newer_schema_is_refused_older_accepted(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)

    def newer(m: dict[str, Any]) -> None:
        m["migrations"]["workorders"].append("9999_from_the_future")

    def older(m: dict[str, Any]) -> None:
        m["migrations"]["workorders"].pop()

    purge(path)
    with pytest.raises(CommandError, match=r"newer schema: migrations workorders\.9999_from_the_future"):
        call_command("import_region", str(rewrite(path, tmp_path / "n.tar.gz", manifest=newer)), stdout=io.StringIO())
    call_command("import_region", str(rewrite(path, tmp_path / "o.tar.gz", manifest=older)), stdout=io.StringIO())
    assert WorkOrder.objects.filter(region__code__startswith="330102").count() == 1


def test_unknown_column_is_refused(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)

    def extra(m: dict[str, Any]) -> None:
        next(e for e in m["models"] if e["label"] == "workorders.WorkOrder")["columns"].append("dropped_later")

    purge(path)
    with pytest.raises(CommandError, match=r"WorkOrder has columns \['dropped_later'\] that do not exist here"):
        call_command("import_region", str(rewrite(path, tmp_path / "c.tar.gz", manifest=extra)), stdout=io.StringIO())


def test_missing_encryption_key_is_refused(county: Any, tmp_path: Path, settings: Any) -> None:
    path = _export(tmp_path)
    key_ids = json.loads(_manifest(path))["key_ids"]
    assert len(key_ids) == 1
    purge(path)
    settings.FIELD_ENCRYPTION_KEYS = [os.urandom(32)]
    with pytest.raises(CommandError, match=f"encrypted with key id\\(s\\) {key_ids[0]}.*FIELD_ENCRYPTION_KEYS"):
        call_command("import_region", str(path), stdout=io.StringIO())


def test_importing_twice_is_refused(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    before = _counts()
    with pytest.raises(CommandError, match="County 330102000000 示范县 already has data in this installation"):
        call_command("import_region", str(path), stdout=io.StringIO())
    assert _counts() == before
    purge(path)
    call_command("import_region", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already has data"):
        call_command("import_region", str(path), stdout=io.StringIO())


def test_missing_parent_region_is_refused(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    moved = rewrite(path, tmp_path / "m.tar.gz", manifest=lambda m: m["county"].update(parent_code="110100000000"))
    purge(path)
    with pytest.raises(CommandError, match="parent region 110100000000 does not exist here"):
        call_command("import_region", str(moved), stdout=io.StringIO())


def test_a_failure_half_way_leaves_nothing_behind(county: Any, tmp_path: Path) -> None:
    """A reference that cannot be found here (a topic this installation lacks) fails the import
    after regions, points and users were written: all of them are rolled back, files deleted."""
    path = _export(tmp_path)
    manifest = json.loads(_manifest(path))
    member = member_of(manifest, "workorders.WorkOrder")
    broken = rewrite(
        path,
        tmp_path / "broken.tar.gz",
        member=(
            member,
            lambda body: body.replace(
                b'"region_id": ', b'"region_id": {"$ref": "network.Region", "key": {"code": "999999999999"}}, "x": ', 1
            ),
        ),
        refresh_checksums=True,
    )
    purge(path)
    before = _counts()
    media = Path(str(settings_media()))
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    with pytest.raises(CommandError, match=r"refers to network.Region\(code='999999999999'\), which does not exist"):
        call_command("import_region", str(broken), stdout=io.StringIO())
    assert _counts() == before
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before


def settings_media() -> Any:
    from django.conf import settings

    return settings.MEDIA_ROOT


def test_round_trip_with_renumbered_keys_and_another_blind_index_key(
    county: Any, tmp_path: Path, settings: Any
) -> None:
    path = _export(tmp_path, "county.zip")
    original = rows_by_model(path)
    purge(path)
    # Other rows now hold the primary keys the archived village and citizen had.
    village = next(r for r in original["network.Region"] if r["code"] == "330102001001")
    citizen = next(u for u in original["accounts.User"] if u["role"] == "citizen")
    Region.objects.create(
        pk=village["id"], code="330103001009", name="邻1镇9村", level=5, parent=Region.objects.get(code="330103001000")
    )
    CitizenFactory(pk=citizen["id"], username="someone-else")
    settings.BLIND_INDEX_KEY = b"another installation's blind key!"
    out = io.StringIO()
    call_command("import_region", str(path), stdout=out)
    assert "Renumbered (primary keys taken here): accounts.User, network.Region" in out.getvalue()
    assert "blind indexes recomputed" in out.getvalue()
    imported = WorkOrder.objects.get(tracking_number=original["workorders.WorkOrder"][0]["tracking_number"])
    assert imported.region.code == "330102001001" and imported.region.pk != village["id"]
    assert imported.requester is not None and imported.requester.pk != citizen["id"]
    assert imported.requester.username == citizen["username"] and imported.requester.phone == PHONE
    assert imported.contact_phone == PHONE
    assert imported.contact_phone_hash == blind_index(PHONE, "phone")
    # The imported day's counter never issues the imported number again.
    day = imported.tracking_number[2:10]
    assert TrackingSequence.objects.get(day=f"{day[:4]}-{day[4:6]}-{day[6:]}").last_value >= int(
        imported.tracking_number.split("-")[1]
    )
    template = AnswerTemplate.objects.get(region__code="330102000000")
    assert template.attachment.read() == b"template file"
    # New rows get fresh keys afterwards (sequences reset on PostgreSQL).
    fresh = create_work_order(
        channel=Channel.PORTAL, region=imported.region, text="导入后新工单", contact_phone=PHONE
    ).order
    assert fresh.pk != imported.pk
    Region.objects.create(code="330102002009", name="新村", level=5, parent=Region.objects.get(code="330102002000"))


def test_import_result_counts(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    rows = rows_by_model(path)
    kept = purge(path)
    result = import_region(path)
    for label, archived in rows.items():
        assert result.inserted[label] + result.matched[label] + result.skipped[label] == len(archived), label
    assert result.matched["accounts.User"] == len(kept)
    with pytest.raises(ArchiveError, match="already has data"):
        import_region(path)
    with pytest.raises(ArchiveError, match="No archive at"):
        import_region(tmp_path / "nothing.tar.gz")
    with pytest.raises(ArchiveError, match="not a county"):
        export_region("330100000000", tmp_path / "city.tar.gz")


# Installation-wide data, never archived, referred to by natural key. A new model lands here by
# default: this list makes whoever adds one decide whether a county owns its rows (graph.OWNED).
REFERENCE = {
    "appointments.AppraisalCategory",
    "appointments.MatterMaterial",
    "appointments.NotarialMatter",
    "auth.Group",
    "auth.Group_permissions",
    "auth.Permission",
    "catalog.ServiceType",
    "contenttypes.ContentType",
    # By (code, sha256): the receiving installation must have used the same template version.
    "drafting.TemplateVersion",
    "knowledge.Article",
    "knowledge.FaqEntry",
    "knowledge.FaqEntry_articles",
    "knowledge.FaqPhrasing",
    "knowledge.Law",
    "knowledge.LawVersion",
    "knowledge.SafetyCue",
    "knowledge.VocabularyEntry",
    "mediation.DisputeCategory",
    "notifications.Subscription",
    "outreach.PointsScheme",
    "outreach.WorkLogKind",
    "performance.EvaluationItem",
    "performance.EvaluationScheme",
    "performance.Indicator",
    "performance.ReportRow",
    "performance.ReportTemplate",
    "performance.ScoringCategory",
    "performance.ScoringItem",
    "performance.ScoringSheet",
    "workdays.CalendarYear",
    "workdays.Holiday",
    "workorders.DispatchRule",
    "workorders.QualityChecklistItem",
    "workorders.Topic",
}


def test_every_model_is_classified() -> None:
    labels = set(graph.all_labels())
    assert {label for label in labels if graph.is_reference(label)} == REFERENCE
    named = set(graph.OWNED) | set(graph.USER_OWNED) | set(graph.EXCLUDED) | {graph.USER}
    assert named <= labels, named - labels
    for label, anchors in {**graph.OWNED, **graph.USER_OWNED}.items():
        for anchor in anchors:
            target = graph.label_of(graph.concrete_field(graph.model(label), anchor).related_model)  # type: ignore[arg-type]
            assert target in graph.OWNED or target == graph.USER, (label, anchor)
    # Every archived model is written after the models its non-null foreign keys need.
    order = graph.dependency_order()
    assert sorted(order) == sorted(graph.archived_labels())
    for label in order:
        for fk in graph.foreign_keys(graph.model(label)):
            target = graph.label_of(fk.related_model)  # type: ignore[arg-type]
            if target in order and target != label and not fk.null:
                assert order.index(target) < order.index(label), (label, fk.name)


def test_an_event_about_a_row_outside_the_county(county: Any, tmp_path: Path) -> None:
    """An event recorded under this county about another county's work order refers to it by
    tracking number; importing finds it here, or skips the event (with a warning) when absent."""
    from django.contrib.contenttypes.models import ContentType

    from gongfa.audit.models import Event

    other_order = WorkOrder.objects.get(region__code__startswith="330103")
    Event.objects.create(
        subject_type=ContentType.objects.get_for_model(WorkOrder),
        subject_id=str(other_order.pk),
        verb="cross_county_note",
        region=county.county,
    )
    path = _export(tmp_path)
    events = [e for e in rows_by_model(path)["audit.Event"] if e["verb"] == "cross_county_note"]
    assert events[0]["subject_id"] == {
        "$ref": "workorders.WorkOrder",
        "key": {"tracking_number": other_order.tracking_number},
    }
    manifest = json.loads(_manifest(path))
    gone = rewrite(
        path,
        tmp_path / "gone.tar.gz",
        member=(
            member_of(manifest, "audit.Event"),
            lambda body: body.replace(other_order.tracking_number.encode(), b"GF19990101-00001"),
        ),
        refresh_checksums=True,
    )
    purge(path)
    out = io.StringIO()
    call_command("import_region", str(gone), stdout=out)
    assert "audit.Event.subject_id -> workorders.WorkOrder (row skipped)" in out.getvalue()
    assert not Event.objects.filter(verb="cross_county_note").exists()
    purge(gone)
    call_command("import_region", str(path), stdout=io.StringIO())
    assert Event.objects.get(verb="cross_county_note").subject_id == str(other_order.pk)


def test_a_natural_key_taken_here_is_refused(county: Any, tmp_path: Path) -> None:
    path = _export(tmp_path)
    [archived] = rows_by_model(path)["workorders.WorkOrder"]
    purge(path)
    # This installation already issued the same tracking number to one of its own orders.
    WorkOrder.objects.filter(region__code__startswith="330103").update(tracking_number=archived["tracking_number"])
    before = _counts()
    with pytest.raises(CommandError, match=r"workorders\.WorkOrder: a row conflicts with data already here"):
        call_command("import_region", str(path), stdout=io.StringIO())
    assert _counts() == before
