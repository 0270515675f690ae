"""After the agreement and at the end, through the case page: judicial confirmation and the court's
ruling (第33条), return visits (第31条), non-performance referred (第32条), feedback to the sender,
documents, and closing with the missing documents named (第27条); the list of visits due."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongfa.mediation.models import CaseDocument, JudicialConfirmation, MediationCase, ReturnVisit
from gongfa.mediation.services import agreement as agreements
from gongfa.mediation.services.closing import add_document
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.workbench.tests.mediation_support import act, case_url, errors_of, post_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def effective(world: MediationWorld) -> MediationCase:
    """A case whose written agreement took effect today (through the services)."""
    case = make_case(world, "in_mediation")
    mediator = world.mediators[0].user
    draft = agreements.draft_agreement(
        actor=mediator,
        case=case,
        parties_text="申请人赵申请，被申请人钱被申。",
        facts_and_responsibility="装修致墙体开裂，被申请人负责。",
        terms="被申请人赔偿五千元。",
        performance_method="银行转账",
        performance_deadline=timezone.localdate() + datetime.timedelta(days=20),
        amount="5000",
    )
    final = agreements.finalise_agreement(actor=mediator, agreement=draft)
    for party in case.parties.all():
        agreements.record_paper_signature(actor=world.chair, agreement=final, party=party)
    agreements.sign_as_mediator(actor=mediator, agreement=final)
    agreements.seal_by_committee(actor=world.chair, agreement=final)
    case = fresh(case)
    assert case.status == "agreement_effective"
    return case


def test_judicial_confirmation_and_the_ruling(client, world: MediationWorld) -> None:
    case = effective(world)
    client.force_login(world.chair)
    response = act(client, case, "file_confirmation", {"court": "", "filed_on": "上周", "joint": "on"})
    assert response.status_code == 400 and len(errors_of(response)) >= 2, errors_of(response)
    assert not JudicialConfirmation.objects.exists()
    today = timezone.localdate().isoformat()
    post_ok(client, case, "file_confirmation", {"court": "示范县人民法院", "filed_on": today, "joint": "on"})
    assert fresh(case).status == "jc_filed"
    response = act(client, case, "court_decision", {"decision": "rejected", "decided_on": today, "then": ""})
    assert response.status_code == 400
    assert "驳回后请选择：经双方同意重新调解，或告知向人民法院起诉。" in errors_of(response)
    post_ok(
        client,
        case,
        "court_decision",
        {"decision": "confirmed", "decided_on": today, "court_reference": "（2026）示民特1号"},
    )
    assert fresh(case).status == "jc_confirmed"


def test_a_return_visit_records_performance(client, world: MediationWorld) -> None:
    case = effective(world)
    visit = ReturnVisit.objects.get(case=case, status="due")
    client.force_login(world.mediators[0].user)
    listing = client.get(reverse("workbench:mediation_return_visits")).content.decode()
    assert case.number in listing.split('data-testid="due-return-visits"')[1]
    response = act(client, case, "return_visit", {"visit": visit.pk, "performance": "", "satisfaction": ""})
    assert response.status_code == 400 and len(errors_of(response)) >= 2, errors_of(response)
    assert ReturnVisit.objects.get(pk=visit.pk).status == "due"
    post_ok(client, case, "return_visit", {"visit": visit.pk, "performance": "performed", "satisfaction": "satisfied"})
    assert ReturnVisit.objects.get(pk=visit.pk).status == "done"
    assert fresh(case).status == "performed"


def test_nonperformance_is_referred_with_the_reason(client, world: MediationWorld) -> None:
    case = make_case(world, "nonperformance")
    client.force_login(world.chair)
    response = act(client, case, "refer_nonperformance", {"reason": ""})
    assert response.status_code == 400 and errors_of(response)
    post_ok(client, case, "refer_nonperformance", {"reason": "经督促仍未履行，告知向法院起诉。"})
    assert fresh(case).status == "referred_to_court"


def test_feedback_to_the_police_station_that_handed_it_over(client, world: MediationWorld) -> None:
    case = make_case(world, "failed")
    MediationCase.objects.filter(pk=case.pk).update(
        source="police_handover", sender_name="示范派出所", outcome="failed", ended_at=timezone.now()
    )
    case = fresh(case)
    client.force_login(world.chair)
    assert 'data-testid="action-referral_feedback"' in client.get(case_url(case)).content.decode()
    response = act(client, case, "referral_feedback", {"content": ""})
    assert response.status_code == 400 and errors_of(response)
    post_ok(client, case, "referral_feedback", {"content": "调解不成，已告知当事人向法院起诉。"})
    assert fresh(case).feedback_sent_at is not None


def test_adding_a_paper_document(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    response = act(client, case, "add_document", {"kind": "", "title": ""})
    assert response.status_code == 400
    assert "请选择卷宗材料的种类。" in errors_of(response) and len(errors_of(response)) >= 2
    post_ok(client, case, "add_document", {"kind": "evidence", "title": "现场照片（纸质）"})
    assert CaseDocument.objects.filter(case=case, kind="evidence").exists()


def test_closing_names_every_missing_document_then_closes(client, world: MediationWorld) -> None:
    case = make_case(world, "failed")
    client.force_login(world.chair)
    page = client.get(case_url(case)).content.decode()
    assert "申请书或受理登记表" in page.split('data-testid="missing-documents"')[1].split("</p>")[0]
    in_form = page.split('data-testid="close-missing"')[1].split("</p>")[0]
    assert "身份证明" in in_form and "封底" not in in_form  # the back cover comes with closing
    response = act(client, case, "close")
    assert response.status_code == 400
    message = errors_of(response)[0]
    assert message.startswith("卷宗材料不全，不能结案归档。缺少：") and "身份证明" in message and "调解记录" in message
    assert fresh(case).status == "failed"
    for kind in ("application", "rights_notice", "identity", "session_record", "routes_notice"):
        add_document(actor=world.chair, case=case, kind=kind, title=kind)
    post_ok(client, case, "close")
    assert fresh(case).status == "closed"
    assert CaseDocument.objects.filter(case=case, kind="back_cover").exists()


def test_an_identity_document_opens_decrypted_for_the_committee_and_the_opening_is_audited(
    client, world: MediationWorld
) -> None:
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from gongfa.audit.models import Event

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    case = make_case(world, "in_mediation")
    client.force_login(world.chair)
    upload = SimpleUploadedFile("id.png", buffer.getvalue(), content_type="image/png")
    post_ok(client, case, "add_document", {"kind": "identity", "title": "申请人身份证", "file": upload})
    document = CaseDocument.objects.get(case=case, kind="identity")
    with document.file.open("rb") as stored:
        assert not stored.read().startswith(b"\x89PNG")  # encrypted at rest
    url = reverse("workbench:mediation_document", args=[document.pk])
    assert url in client.get(case_url(case)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    opened = response.content
    assert opened.startswith(b"\x89PNG") and Image.open(BytesIO(opened)).size == (8, 8)  # decrypted
    assert Event.objects.filter(verb="mediation.casedocument.open", subject_id=str(document.pk)).count() == 1
    assert world.outsider is not None
    client.force_login(world.outsider.user)
    assert client.get(url).status_code == 404
