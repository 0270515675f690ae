"""export_region / import_region on the demo county with a year of history (work orders, legal
aid, mediation, notarization, appraisal, outreach, performance, audit trail, uploaded files):
the archive's contents, no personal data in clear, and a delete-then-import round trip that gives
back the same rows (compared through a second export)."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from gongfa.accounts.models import User
from gongfa.appointments.models import Sequence as AppointmentsSequence
from gongfa.appointments.services.common import next_number as appointments_number
from gongfa.core.choices import Channel
from gongfa.core.crypto import current_key_id, decrypt_bytes, encrypt_bytes, is_encrypted_bytes
from gongfa.core.region_archive import graph
from gongfa.core.region_archive.container import FORMAT_VERSION, MANIFEST
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import LegalAidApplication, Material, NoticeSequence
from gongfa.legalaid.services.common import issue_notice
from gongfa.mediation.models import CaseParty
from gongfa.network.models import Region
from gongfa.network.tests.region_archive_helpers import members, purge, rows_by_model
from gongfa.outreach.models import Sequence as OutreachSequence
from gongfa.outreach.services.common import next_number as outreach_number
from gongfa.testing.factories import build_network
from gongfa.workorders.models import TrackingSequence, WorkOrder
from gongfa.workorders.services import create_work_order

START = datetime.date(2026, 11, 24)
NEIGHBOUR_PHONE = "13755550001"
IDENTITY_SCAN = b"identity card scan 330102197001011234"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
COUNTERS = (TrackingSequence, NoticeSequence, AppointmentsSequence, OutreachSequence)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict[str, Any]]:
    """The demo county with history, and a neighbouring county in the same city; seeded once per
    module inside a transaction that is rolled back when the module ends."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", villages=12, citizens=20, history=True, start_date=START, stdout=io.StringIO())
            county = Region.objects.get(level=3, code__startswith="3399")
            neighbour = build_network(prefix=county.code[:4] + "77", name="邻")
            create_work_order(
                channel=Channel.PORTAL, region=neighbour.villages[0], text="邻县的事", contact_phone=NEIGHBOUR_PHONE
            )
            # An identity document, stored encrypted as the legal-aid upload service stores it.
            application = LegalAidApplication.objects.filter(region__code__startswith=county.code[:6]).first()
            assert application is not None
            Material.objects.create(
                application=application,
                kind=MaterialKind.IDENTITY,
                file=ContentFile(encrypt_bytes(IDENTITY_SCAN), name="id-card.png"),
                original_name="id-card.png",
                content_type="image/png",
                size=len(IDENTITY_SCAN),
            )
            yield {"county": county.code, "neighbour": neighbour.county.code}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def archive(
    world: dict[str, Any], tmp_path_factory: pytest.TempPathFactory, django_db_blocker: DjangoDbBlocker
) -> Path:
    path = tmp_path_factory.mktemp("archive") / "county.tar.gz"
    with django_db_blocker.unblock():
        call_command("export_region", world["county"], output=str(path), stdout=io.StringIO())
    return path


def _in_county(code: str) -> Any:
    return WorkOrder.objects.filter(region__code__startswith=code[:6])


def test_the_archive(world: dict[str, Any], archive: Path, db: None) -> None:
    contents = members(archive)
    manifest = json.loads(contents[MANIFEST])
    county = Region.objects.get(code=world["county"])
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["county"] == {
        "code": county.code,
        "name": county.name,
        "parent_code": county.parent.code if county.parent else None,
    }
    assert manifest["key_ids"] == [current_key_id()]
    assert "0001_initial" in manifest["migrations"]["workorders"]
    # Dependency order: every row's archived foreign keys point at a model written earlier.
    written: set[str] = set()
    for entry in manifest["models"]:
        for column, target in entry["references"].items():
            if target in written or target == entry["label"] or not graph.archived_labels().count(target):
                continue
            assert graph.concrete_field(graph.model(entry["label"]), column).null, (entry["label"], column)
        written.add(entry["label"])
    # Counts and checksums.
    rows = {e["label"]: e["rows"] for e in manifest["models"]}
    assert rows["workorders.WorkOrder"] == _in_county(county.code).count() > 2000
    assert rows["network.Region"] == Region.objects.subtree(county).count()
    for label in (
        "legalaid.LegalAidApplication",
        "mediation.MediationCase",
        "appointments.NotarizationCase",
        "appointments.AppraisalReferral",
        "outreach.AdvisorLog",
        "audit.Event",
        "workorders.CaseLink",
        "mediation.CaseParty",
        "legalaid.Material",
        "performance.Target",
        "accounts.User",
    ):
        assert rows[label] > 0, label
    for entry in [*manifest["models"], *manifest["files"]]:
        body = contents[entry["member"]]
        assert hashlib.sha256(body).hexdigest() == entry["sha256"] and len(body) == entry["bytes"]
        lines = body.count(b"\n")
        assert "rows" not in entry or lines == entry["rows"]
    assert not manifest["missing_files"]
    assert set(manifest["excluded"]) >= {"performance.RollupFact", "sessions.Session", "api.ApiToken"}
    # The neighbour's data is not in it.
    everything = b"\n".join(contents.values())
    assert NEIGHBOUR_PHONE.encode() not in everything and "邻县的事".encode() not in everything
    assert b'"' + world["neighbour"][:6].encode() not in everything
    # No personal data in clear: not one phone or ID number of the county's people.
    secrets = set()
    for order in _in_county(county.code).exclude(contact_phone="")[:300]:
        secrets.add(order.contact_phone)
    user_pks = [row["id"] for row in rows_by_model(archive)["accounts.User"]]
    for user in User.objects.filter(pk__in=user_pks):
        secrets |= {user.phone, user.id_number}
    for application in LegalAidApplication.objects.filter(region__code__startswith=county.code[:6]):
        secrets |= {application.id_number, application.phone}
    for party in CaseParty.objects.filter(case__region__code__startswith=county.code[:6]):
        secrets |= {party.id_number, party.phone}
    secrets.discard("")
    secrets.discard(None)
    assert len(secrets) > 100
    # One pass over everything: every run of 11 or more digits (and ID numbers ending in X).
    runs = {run.decode() for run in re.findall(rb"[0-9Xx]{11,}", everything)}
    pieces = {run[i : i + n] for run in runs for n in (11, 18) for i in range(len(run) - n + 1)}
    assert not pieces & secrets
    assert IDENTITY_SCAN not in everything
    # Encrypted uploads (identity documents) stay encrypted; the others are as stored.
    identity = Material.objects.get(kind=MaterialKind.IDENTITY, original_name="id-card.png")
    item = next(i for i in manifest["files"] if i["name"] == identity.file.name)
    assert is_encrypted_bytes(contents[item["member"]])
    assert decrypt_bytes(contents[item["member"]]) == IDENTITY_SCAN


def _comparable(rows: dict[str, list[dict[str, Any]]], kept_users: set[int]) -> dict[str, list[dict[str, Any]]]:
    """The rows an import gives back: the own rows of users that stayed (never deleted, so
    matched by username on import) are not written again."""
    result = {}
    for label, found in rows.items():
        anchors = graph.USER_OWNED.get(label, ())
        result[label] = [r for r in found if not any(r.get(f"{a}_id") in kept_users for a in anchors)]
    return result


def test_round_trip(world: dict[str, Any], archive: Path, db: None, tmp_path: Path) -> None:
    original = rows_by_model(archive)
    neighbour_before = sorted(_in_county(world["neighbour"]).values_list("tracking_number", "contact_phone_hash"))
    kept = purge(archive)
    assert not _in_county(world["county"]).exists()
    assert not Region.objects.filter(code=world["county"]).exists()
    for counter in COUNTERS:  # as on an installation that never numbered anything
        counter.objects.all().delete()
    out = io.StringIO()
    call_command("import_region", str(archive), stdout=out)
    assert f"Imported county {world['county']}" in out.getvalue()
    assert f"workorders.WorkOrder: {len(original['workorders.WorkOrder'])} imported" in out.getvalue()
    again = tmp_path / "again.tar.gz"
    call_command("export_region", world["county"], output=str(again), stdout=io.StringIO())
    second = rows_by_model(again)
    expected = _comparable(original, kept)
    assert set(second) == set(expected)
    for label in expected:
        assert second[label] == expected[label], label
    first_files = {i["name"]: i["sha256"] for i in json.loads(members(archive)[MANIFEST])["files"]}
    second_files = {i["name"]: i["sha256"] for i in json.loads(members(again)[MANIFEST])["files"]}
    assert first_files == second_files
    assert (
        sorted(_in_county(world["neighbour"]).values_list("tracking_number", "contact_phone_hash")) == neighbour_before
    )
    # The imported personal data reads back through the ORM with this installation's keys.
    order = _in_county(world["county"]).exclude(contact_phone="").first()
    assert order is not None and order.contact_phone.isdigit()
    with pytest.raises(Exception, match="already has data"):
        call_command("import_region", str(archive), stdout=io.StringIO())
    _numbers_are_not_issued_again(original)


def _numbers_are_not_issued_again(original: dict[str, list[dict[str, Any]]]) -> None:
    """The counters this installation draws from were raised past every imported number of the
    year, so the next number of each kind is new. Drawn on the history's last day (START): its
    year has numbers to collide with whatever the date the suite runs."""
    with time_machine.travel(datetime.datetime(START.year, START.month, START.day, 12, tzinfo=SHANGHAI), tick=False):
        _draw_and_compare(original)


def _draw_and_compare(original: dict[str, list[dict[str, Any]]]) -> None:
    this_year = str(timezone.localdate().year)
    drawn = {
        "appointments.Booking": appointments_number("booking"),
        "appointments.NotarizationCase": appointments_number("notarization"),
        "appointments.AppraisalReferral": appointments_number("appraisal"),
        "outreach.PublicityEvent": outreach_number("event"),
        "outreach.TypicalCase": outreach_number("typical_case"),
    }
    for label, number in drawn.items():
        imported = {row["number"] for row in original[label]}
        assert any(this_year in n for n in imported), label  # there is something to collide with
        assert number not in imported, (label, number)
        assert number > max(n for n in imported if n[2:6] == this_year), (label, number)
    application = LegalAidApplication.objects.filter(notices__isnull=False).first()
    assert application is not None
    imported = {row["number"] for row in original["legalaid.LegalAidNotice"]}
    for kind in ("grant", "supplement"):
        notice = issue_notice(application, kind, {}, actor=None)
        assert notice.number not in imported
    sequences = sorted(TrackingSequence.objects.values_list("day", "last_value"))
    assert sequences and all(value > 0 for _, value in sequences)
