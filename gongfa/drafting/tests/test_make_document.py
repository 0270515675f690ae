"""Making the document: stored encrypted as a version with the answers that made it, a new version
after a change (the old one kept), counted as drafted once, and handed to a lawyer as a work order
whose reviewer's corrections are a version of their own."""

from __future__ import annotations

import io

import docx
import pytest
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.drafting.choices import InterviewStatus, VersionReason
from gongfa.drafting.measures import contributions
from gongfa.drafting.models import Interview
from gongfa.drafting.services import (
    complete_interview,
    finish_review,
    reopen_interview,
    request_review,
    save_answers,
    start_interview,
)
from gongfa.drafting.services.interviews import document_bytes
from gongfa.drafting.tests.conftest import PLAINTIFF_ID, loan_answers_by_step
from gongfa.testing.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(citizen, network, media_root):
    interview = start_interview(code="private_loan_complaint", actor=citizen, region=network.county)
    for step, raw in loan_answers_by_step().items():
        save_answers(interview=interview, actor=citizen, step=step, raw=raw)
    return interview


def _text_of(data: bytes) -> str:
    parsed = docx.Document(io.BytesIO(data))
    parts = [p.text for p in parsed.paragraphs]
    parts += [cell.text for table in parsed.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_document_is_made_stored_encrypted_and_readable(drafted, citizen):
    version = complete_interview(interview=drafted, actor=citizen)
    assert version.number == 1 and version.reason == VersionReason.DRAFTED and version.kind == "complaint"
    assert Interview.objects.get(pk=drafted.pk).status == InterviewStatus.COMPLETED
    with version.docx.open("rb") as handle:
        on_disk = handle.read()
    assert not on_disk.startswith(b"PK") and PLAINTIFF_ID.encode() not in on_disk  # encrypted
    text = _text_of(document_bytes(version, "docx"))
    # 40000 + 5520 (capped at 4 × LPR) + 8000 (no rate agreed: no interest) = 53520
    assert "陈秀英" in text and "王建国" in text and "李保山" in text
    assert "53520.00" in text and "伍万叁仟伍佰贰拾元整" in text and "示范县人民法院" in text
    assert document_bytes(version, "pdf").startswith(b"%PDF")
    assert version.answers["plaintiff_name"] == "陈秀英"


def test_a_change_after_making_it_makes_a_new_version_and_keeps_the_old(drafted, citizen):
    first = complete_interview(interview=drafted, actor=citizen)
    with pytest.raises(DomainError):
        save_answers(interview=drafted, actor=citizen, step="court", raw={"court": "别的法院"})  # not reopened
    reopen_interview(interview=drafted, actor=citizen)
    save_answers(interview=drafted, actor=citizen, step="court", raw={"court": "示范市中级人民法院"})
    second = complete_interview(interview=drafted, actor=citizen)
    assert (second.number, second.reason) == (2, VersionReason.REDRAFTED)
    assert "示范县人民法院" in _text_of(document_bytes(first, "docx"))
    assert "示范市中级人民法院" in _text_of(document_bytes(second, "docx"))
    # Drafted once: only the first version counts as a document drafted.
    facts = [c.measure for version in (first, second) for c in contributions(version)]
    assert facts.count("drafting.documents") == 1 and facts.count("drafting.documents.complaint") == 1


def test_a_lawyer_reviews_it_through_a_work_order_and_their_correction_is_a_version(drafted, citizen, network):
    complete_interview(interview=drafted, actor=citizen)
    request_review(interview=drafted, actor=citizen, note="利息算得对吗？")
    drafted.refresh_from_db()
    order = drafted.review_order
    assert drafted.status == InterviewStatus.IN_REVIEW
    assert order.service_type.code == "document_drafting" and order.requester == citizen
    assert "民事起诉状（民间借贷纠纷）" in order.text and "利息算得对吗" in order.text
    lawyer = staff(Role.WINDOW_STAFF, at=network.centre)
    with pytest.raises(NotPermitted):
        finish_review(interview=drafted, actor=lawyer)  # not the order's owner
    order.owner_user = lawyer
    order.owner_point = network.centre
    order.save(update_fields=["owner_user", "owner_point"])
    drafted.refresh_from_db()
    save_answers(interview=drafted, actor=lawyer, step="claims",
                 raw={"interest_until": "2025-06-01", "claims_costs": "false"})  # fmt: skip
    corrected = complete_interview(interview=drafted, actor=lawyer, note="利息计至起诉日")
    assert (corrected.number, corrected.reason, corrected.made_by) == (2, VersionReason.REVIEWED, lawyer)
    assert [c.measure for c in contributions(corrected)] == ["drafting.reviewed"]
    finish_review(interview=drafted, actor=lawyer)
    assert Interview.objects.get(pk=drafted.pk).status == InterviewStatus.REVIEWED


def test_review_cannot_be_asked_for_before_a_document_exists(drafted, citizen):
    with pytest.raises(InvalidTransition):
        request_review(interview=drafted, actor=citizen)


def test_every_kind_of_document_has_its_measure_and_every_template_a_kind():
    from gongfa.drafting.choices import DocumentKind
    from gongfa.drafting.definitions import DOCUMENT_KINDS
    from gongfa.drafting.measures import MEASURES
    from gongfa.drafting.services import library

    codes = {measure.code for measure in MEASURES}
    assert {f"drafting.documents.{kind}" for kind in DocumentKind.values} <= codes
    assert set(DOCUMENT_KINDS) == set(DocumentKind.values)
    assert {definition.kind for definition in library()} <= set(DocumentKind.values)


def test_staff_opening_the_file_leave_a_record_the_citizen_does_not(drafted, citizen, network):
    from gongfa.audit.models import PersonalDataAccess
    from gongfa.drafting.services.interviews import read_document

    version = complete_interview(interview=drafted, actor=citizen)
    read_document(document=version, fmt="pdf", actor=citizen)
    assert PersonalDataAccess.objects.count() == 0
    clerk = staff(Role.WINDOW_STAFF, at=network.centre)
    assert read_document(document=version, fmt="docx", actor=clerk).startswith(b"PK")
    [record] = PersonalDataAccess.objects.all()
    assert (record.actor, record.person, record.field) == (clerk, citizen, "id_number")


def test_the_indicators_load_over_the_registered_measures():
    from gongfa.drafting.measures import INDICATOR_CODES, load_indicators
    from gongfa.performance.models import Indicator

    assert load_indicators() == len(INDICATOR_CODES)
    loaded = Indicator.objects.filter(code__in=INDICATOR_CODES)
    assert loaded.count() == len(INDICATOR_CODES)
    assert loaded.get(code="dr_documents").is_public


def test_the_indicators_count_documents_by_kind_and_point(drafted, citizen, network, clerk):
    from gongfa.drafting.measures import INDICATOR_CODES, load_indicators
    from gongfa.drafting.tests.test_interview import _fill  # the loan complaint's answers
    from gongfa.performance.compute import indicator_values
    from gongfa.performance.models import Indicator
    from gongfa.performance.rollup import refresh_pending

    load_indicators()
    complete_interview(interview=drafted, actor=citizen)
    reopen_interview(interview=drafted, actor=citizen)
    complete_interview(interview=drafted, actor=citizen)  # a second version: still one document
    at_window = start_interview(code="private_loan_complaint", actor=clerk, point=network.centre)
    _fill(at_window, clerk)
    complete_interview(interview=at_window, actor=clerk)
    refresh_pending()
    today = timezone.localdate()
    indicators = list(Indicator.objects.filter(code__in=INDICATOR_CODES))
    values = indicator_values(indicators, network.county, today, today)
    assert values["dr_documents"].value == 2 and values["dr_complaints"].value == 2
    assert values["dr_reviewed_rate"].value == 0  # no lawyer's version yet: 0 of 2
    # By point: the clerk's counts at the centre, the citizen's own at none.
    assert {c.point_id for c in contributions(at_window.documents.get())} == {network.centre.pk}
    assert {c.point_id for c in contributions(drafted.documents.get(number=1))} == {0}
