"""Manual public-good entries (人工申报): evidence required, hours and day checked, approval by a
manager of the person's region who is not the author (the DB constraint backs it), rejection
with a reason; and the points scheme admin form."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.outreach.choices import RecordStatus
from gongfa.outreach.forms_admin import PointsSchemeForm
from gongfa.outreach.models import PointsScheme, PublicGoodRecord
from gongfa.outreach.services.publicgood import approve_entry, reject_entry, submit_entry
from gongfa.outreach.tests import publicgood_support as h
from gongfa.testing.factories import build_network, staff

pytestmark = pytest.mark.django_db


def submit(actor, **overrides):
    data: dict[str, Any] = {
        "occurred_on": h.days_ago(2),
        "hours": "3.5",
        "description": "为村民义务解答法律咨询",
        "evidence": h.pdf_upload(),
    }
    data.update(overrides)
    return submit_entry(actor=actor, **data)


def problems(exc: pytest.ExceptionInfo[DomainError]) -> dict[str | None, str]:
    return {p.field: p.code for p in exc.value.problems}


def test_a_lawyer_submits_an_entry_with_evidence(network):
    lawyer = h.lawyer(network.county)
    record = submit(lawyer)
    assert record.status == RecordStatus.PENDING and record.submitted_by == lawyer
    assert record.hours == Decimal("3.5") and record.evidence_content_type == "application/pdf"
    assert record.evidence.read().startswith(b"%PDF-")
    assert Event.objects.filter(verb="outreach.public_good.submit", subject_id=str(record.pk)).exists()


def test_an_image_evidence_is_stored_reencoded(network):
    mediator = staff(Role.MEDIATOR, at=network.centre)
    record = submit(mediator, evidence=h.png_upload())
    assert record.evidence_content_type == "image/png" and record.evidence.name.endswith(".png")


def test_an_entry_without_evidence_is_refused(network):
    lawyer = h.lawyer(network.county)
    with pytest.raises(DomainError) as caught:
        submit(lawyer, evidence=None)
    assert problems(caught) == {"evidence": "evidence_required"}
    assert "证明材料" in caught.value.message
    assert not PublicGoodRecord.objects.exists()


def test_evidence_that_is_not_a_pdf_or_image_is_refused(network):
    lawyer = h.lawyer(network.county)
    fake = SimpleUploadedFile("e.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(DomainError) as caught:
        submit(lawyer, evidence=fake)
    assert list(problems(caught)) == ["evidence"]


@pytest.mark.parametrize(
    ("hours", "code", "words"),
    [
        ("-2", "negative_hours", "不能为负数"),
        ("0", "zero_hours", "大于 0"),
        ("25", "absurd_hours", "不能超过 24 小时"),
        ("240", "absurd_hours", "不能超过 24 小时"),
        ("1.25", "hours_precision", "1 位小数"),
        ("", "required", "请填写服务时长"),
        ("abc", "invalid", "请填数字"),
    ],
)
def test_bad_hours_are_refused(network, hours, code, words):
    lawyer = h.lawyer(network.county)
    with pytest.raises(DomainError) as caught:
        submit(lawyer, hours=hours)
    assert problems(caught) == {"hours": code} and words in caught.value.message
    assert not PublicGoodRecord.objects.exists()


def test_24_hours_is_the_most_for_one_day(network):
    assert submit(h.lawyer(network.county), hours="24").hours == Decimal(24)


def test_a_day_in_the_future_is_refused(network):
    lawyer = h.lawyer(network.county)
    with pytest.raises(DomainError) as caught:
        submit(lawyer, occurred_on=h.days_ago(-1))
    assert problems(caught) == {"occurred_on": "future_date"} and "不能晚于今天" in caught.value.message


def test_a_day_two_years_back_is_refused(network):
    with pytest.raises(DomainError) as caught:
        submit(h.lawyer(network.county), occurred_on=datetime.date(h.days_ago(0).year - 2, 6, 1))
    assert problems(caught) == {"occurred_on": "too_old"}


def test_every_problem_is_reported_at_once(network):
    with pytest.raises(DomainError) as caught:
        submit(h.lawyer(network.county), occurred_on=h.days_ago(-3), hours="30", description="", evidence=None)
    assert set(problems(caught)) == {"occurred_on", "hours", "description", "evidence"}


def test_window_staff_may_not_declare(network):
    with pytest.raises(NotPermitted):
        submit(staff(Role.WINDOW_STAFF, at=network.centre))


# ---------------------------------------------------------------------------------------------
# Approval


def test_a_manager_of_the_region_approves(network):
    lawyer = h.lawyer(network.county)
    boss = h.manager(network.centre)
    record = approve_entry(actor=boss, record=submit(lawyer), note="材料齐全")
    record.refresh_from_db()
    assert record.status == RecordStatus.APPROVED and record.decided_by == boss and record.decided_at
    assert Event.objects.filter(verb__endswith="approve", subject_id=str(record.pk), actor=boss).exists()


def test_approving_ones_own_entry_is_refused(network):
    record = submit(h.lawyer(network.county))
    with pytest.raises(DomainError) as caught:
        approve_entry(actor=record.person, record=record)
    assert caught.value.code == "self_approval" and "本人" in caught.value.message
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING and record.decided_by is None


def test_the_database_refuses_a_self_approval_too(network):
    record = submit(h.lawyer(network.county))
    record.status = RecordStatus.APPROVED
    record.decided_by = record.submitted_by
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_a_manager_of_another_region_may_not_decide():
    here = build_network(prefix="330102")
    there = build_network(prefix="330103", name="邻")
    lawyer = h.lawyer(here.county)
    outsider = h.manager(there.centre)
    record = submit(lawyer)
    with pytest.raises(NotPermitted):
        approve_entry(actor=outsider, record=record)
    with pytest.raises(NotPermitted):
        reject_entry(actor=outsider, record=record, reason="不符合")


def test_reject_needs_a_reason(network):
    record = submit(h.lawyer(network.county))
    boss = h.manager(network.centre)
    with pytest.raises(DomainError) as caught:
        reject_entry(actor=boss, record=record, reason="  ")
    assert (caught.value.field, caught.value.code) == ("reason", "reason_required")
    done = reject_entry(actor=boss, record=record, reason="证明材料与申报内容不符")
    assert done.status == RecordStatus.REJECTED and done.decision_note == "证明材料与申报内容不符"


def test_a_decided_entry_is_not_decided_again(network):
    record = submit(h.lawyer(network.county))
    boss = h.manager(network.centre)
    approve_entry(actor=boss, record=record)
    with pytest.raises(InvalidTransition):
        reject_entry(actor=boss, record=record, reason="改判")


def test_a_manager_who_practises_may_not_approve_their_own_entry(network):
    boss = h.manager(network.centre)
    from gongfa.testing.factories import law_firm, post

    post(boss, law_firm(network.county), role=Role.LAWYER)
    record = submit(boss)
    with pytest.raises(DomainError) as caught:
        approve_entry(actor=boss, record=record)
    assert caught.value.code == "self_approval"


def test_an_automatic_record_needs_no_approval(network):
    lawyer = h.lawyer(network.county)
    auto = h.record(lawyer, "duty_shift", h.days_ago(1), hours="3")
    with pytest.raises(DomainError) as caught:
        approve_entry(actor=h.manager(network.centre), record=auto)
    assert caught.value.code == "not_manual"


# ---------------------------------------------------------------------------------------------
# The admin form


def scheme_data(**overrides):
    data = {
        "code": "test-2027",
        "name": "测试规则",
        "valid_from_year": 2027,
        "source_document": "",
        "rules": '{"duty_shift": {"per_hour": 1}, "legal_aid_case": {"per_case": 15, "cap": 60}}',
        "bands": '[{"band": "不合格", "min": 0, "max": 60}, {"band": "合格", "min": 60, "max": null}]',
        "minimum_hours": "50",
        "minimum_legal_aid_cases": "2",
        "max_points": "100",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_the_admin_form_accepts_a_good_scheme():
    form = PointsSchemeForm(data=scheme_data())
    assert form.is_valid(), form.errors
    assert form.save().rules["legal_aid_case"]["cap"] == 60


def test_the_admin_form_names_the_overlapping_bands():
    bands = (
        '[{"band": "不合格", "min": 0, "max": 65}, {"band": "合格", "min": 60, "max": 80},'
        ' {"band": "优秀", "min": 80, "max": null}]'
    )
    form = PointsSchemeForm(data=scheme_data(bands=bands, rules='{"pro_bono": {"per_hour": 1}}'))
    assert not form.is_valid()
    assert any("“不合格”[0, 65)" in e and "“合格”[60, 80)" in e and "重叠" in e for e in form.errors["bands"])
    assert any("pro_bono" in e for e in form.errors["rules"])
    assert not PointsScheme.objects.filter(code="test-2027").exists()
