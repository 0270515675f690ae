"""The agreement PDF and the whole case file (卷宗) as PDFs from the workbench: for whoever may see
the case, recorded as an audit event; 404 for anyone else."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongfa.audit.models import Event
from gongfa.mediation.choices import AgreementStatus
from gongfa.mediation.models import Agreement
from gongfa.mediation.testing import MediationWorld, build_world, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def _text(content: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def test_the_case_file_downloads_with_its_cover_and_back_page(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    client.force_login(world.mediators[0].user)
    case_page = client.get(reverse("workbench:mediation_case", args=[case.number])).content.decode()
    url = reverse("workbench:mediation_case_file_pdf", args=[case.number])
    assert url in case_page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _text(response.content)
    assert case.number in text and "封底" in text
    assert (
        Event.objects.filter(verb="mediation.mediationcase.file_downloaded", actor=world.mediators[0].user).count() == 1
    )


def test_the_agreement_pdf_downloads_for_the_case_staff_only(client, world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    agreement = Agreement.objects.create(
        case=case,
        status=AgreementStatus.FINALISED,
        number="测调协〔2026〕1号",
        parties_text="申请人赵申请，被申请人钱被申。",
        facts_and_responsibility="装修致墙体开裂，被申请人负主要责任。",
        terms="被申请人赔偿修缮费用五千元。",
        performance_method="银行转账",
    )
    url = reverse("workbench:mediation_agreement_pdf", args=[agreement.pk])
    client.force_login(world.chair)
    assert url in client.get(reverse("workbench:mediation_agreement", args=[agreement.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert "被申请人赔偿修缮费用五千元" in _text(response.content)
    assert world.outsider is not None
    client.force_login(world.outsider.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("workbench:mediation_case_file_pdf", args=[case.number])).status_code == 404
