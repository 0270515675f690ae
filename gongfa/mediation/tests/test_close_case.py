"""The case file and closing (结案归档, 《人民调解法》第27条; practice.md §a): which documents each
outcome needs, adding documents (checked by parsing; identity documents encrypted), and closing
only with a complete file, in one message naming every missing document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongfa.audit.models import Event
from gongfa.core.crypto import is_encrypted_bytes
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.mediation.choices import CaseStatus, DocumentKind, Outcome
from gongfa.mediation.documents import missing_documents, required_documents
from gongfa.mediation.models import CaseDocument, MediationCase
from gongfa.mediation.services.closing import add_document, close_case, document_content
from gongfa.mediation.services.confirmation import file_confirmation
from gongfa.mediation.services.outcome import record_failure, record_oral_agreement
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import TODAY, effective_case, fields, frozen, mediator_of
from gongfa.testing import files
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]
K = DocumentKind


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.PDF, content_type="application/pdf")


def with_outcome(world: MediationWorld, status: str, outcome: str) -> MediationCase:
    case = make_case(world, status)
    MediationCase.objects.filter(pk=case.pk).update(outcome=outcome)
    case.refresh_from_db()
    return case


def test_required_documents_by_outcome(frozen: Any) -> None:
    world = build_world()
    written = with_outcome(world, "performed", Outcome.WRITTEN_AGREEMENT)
    assert required_documents(written) == [
        K.APPLICATION,
        K.RIGHTS_NOTICE,
        K.IDENTITY,
        K.SESSION_RECORD,
        K.AGREEMENT,
        K.BACK_COVER,
    ]
    oral = with_outcome(world, "performed", Outcome.ORAL_AGREEMENT)
    assert K.ORAL_AGREEMENT_RECORD in required_documents(oral) and K.AGREEMENT not in required_documents(oral)
    for status, outcome in (("failed", Outcome.FAILED), ("terminated_by_party", Outcome.TERMINATED)):
        ended = with_outcome(world, status, outcome)
        kinds = required_documents(ended)
        assert K.AGREEMENT not in kinds and K.ROUTES_NOTICE in kinds and K.SESSION_RECORD in kinds
    refused = with_outcome(world, "not_accepted", Outcome.NOT_ACCEPTED)
    assert required_documents(refused) == [K.APPLICATION, K.NON_ACCEPTANCE_NOTICE, K.BACK_COVER]
    not_mediated = with_outcome(world, "not_mediated", Outcome.REFUSED)
    assert required_documents(not_mediated) == [K.APPLICATION, K.ROUTES_NOTICE, K.BACK_COVER]


def test_a_confirmation_applied_for_adds_its_materials(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_case(world)
    file_confirmation(actor=world.chair, case=case, court="示范县人民法院", filed_on=TODAY)
    assert K.JUDICIAL_CONFIRMATION in required_documents(case)


def test_closing_with_a_mandatory_document_missing_names_them_all_at_once(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    record_failure(actor=mediator_of(world), case=case, reason="分歧过大")  # the routes notice is generated
    add_document(actor=world.chair, case=case, kind=K.APPLICATION, title="调解申请书", file=pdf())
    with pytest.raises(DomainError) as error:
        close_case(actor=world.chair, case=case)
    assert error.value.message == "卷宗材料不全，不能结案归档。缺少：权利义务告知书、身份证明、调解记录。"
    assert error.value.code == "documents_missing" and len(error.value.problems) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.FAILED and case.closed_at is None
    assert not case.documents.filter(kind=K.BACK_COVER).exists()


def test_a_complete_file_closes_with_its_back_cover(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    record_oral_agreement(actor=mediator_of(world), case=case, content="赔礼道歉。")
    case.refresh_from_db()
    type(case).objects.filter(pk=case.pk).update(status=CaseStatus.PERFORMED)
    for kind, title in ((K.APPLICATION, "申请登记表"), (K.RIGHTS_NOTICE, "告知书"), (K.SESSION_RECORD, "调解笔录")):
        add_document(actor=world.chair, case=case, kind=kind, title=title)  # paper documents in the folder
    add_document(actor=world.chair, case=case, kind=K.IDENTITY, title="身份证复印件", file=pdf("身份证.pdf"))
    assert missing_documents(case) == [K.BACK_COVER]
    closed = close_case(actor=world.chair, case=case)
    assert closed.status == CaseStatus.CLOSED and closed.closed_at is not None
    assert closed.documents.get(kind=K.BACK_COVER).generated
    assert missing_documents(closed) == []
    event = Event.objects.get(subject_id=str(case.pk), verb="mediation.mediationcase.close")
    assert event.data == {"outcome": "oral_agreement"}
    with pytest.raises(DomainError) as error:
        add_document(actor=world.chair, case=closed, kind=K.EVIDENCE, title="补充证据")
    assert error.value.code == "closed"


def test_an_open_case_cannot_close(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    with pytest.raises(InvalidTransition) as error:
        close_case(actor=world.chair, case=case)
    assert error.value.message == "当前状态为“调解中”，不能执行“结案归档”。"


def test_identity_documents_are_encrypted_at_rest(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    document = add_document(actor=world.chair, case=case, kind=K.IDENTITY, title="身份证", file=pdf())
    with document.file.open("rb") as handle:
        assert is_encrypted_bytes(handle.read())
    assert document_content(document) == files.PDF and document.content_type == "application/pdf"
    evidence = add_document(actor=world.chair, case=case, kind=K.EVIDENCE, title="照片", file=pdf())
    with evidence.file.open("rb") as handle:
        assert handle.read() == files.PDF
    assert str(case.pk) in evidence.file.name and "照片" not in evidence.file.name
    event = Event.objects.filter(subject_id=str(case.pk), verb="mediation.mediationcase.document_added").first()
    assert event is not None and event.data["with_file"] is True


def test_every_bad_document_input_at_once(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(DomainError) as error:
        add_document(actor=world.chair, case=case, kind="receipt", title=" ", file=fake)
    assert fields(error) == ["kind", "title", "file"]
    with pytest.raises(DomainError) as error:
        add_document(actor=world.chair, case=case, kind=K.BACK_COVER, title="封底")
    assert error.value.message == "封底由系统在结案归档时生成，不能手工添加。"
    assert not CaseDocument.objects.exists()


def test_closing_a_case_from_a_work_order_closes_the_order_for_rating(frozen: Any) -> None:
    from gongfa.workorders.services import rate_work_order, submit_question

    world = build_world()
    citizen = CitizenFactory(real_name="赵申请")
    order = submit_question(requester=citizen, village=world.net.villages[0], text="邻居装修把我家墙弄裂了")
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrderStatus.CONVERTED)
    case = make_case(world, "in_mediation", applicant_user=citizen)
    MediationCase.objects.filter(pk=case.pk).update(work_order=order)
    case.refresh_from_db()
    record_failure(actor=mediator_of(world), case=case, reason="分歧过大")
    for kind in (K.APPLICATION, K.RIGHTS_NOTICE, K.IDENTITY, K.SESSION_RECORD):
        add_document(actor=world.chair, case=case, kind=kind, title=str(kind.label))
    close_case(actor=world.chair, case=case)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED and order.result_code == ResultCode.CONVERTED
    rated = rate_work_order(order=order, actor=citizen, rating=4, comment="调解员很耐心")
    assert rated.rating == 4
