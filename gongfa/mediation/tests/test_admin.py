"""People's mediation in the admin: every model listed and opened, personal data masked, statuses and
grades read-only (they change only through mediation.services)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.mediation.choices import (
    AgreementForm,
    EscalationRisk,
    GradeAwardStatus,
    ReturnVisitStatus,
    SignatureMethod,
)
from gongfa.mediation.models import (
    Agreement,
    AgreementSignature,
    CaseDocument,
    CaseParty,
    CaseSequence,
    Consent,
    EscalationReport,
    ExpertConsultation,
    GradeAward,
    JudicialConfirmation,
    MediationSession,
    MediatorInsurance,
    MediatorTraining,
    ReturnVisit,
)
from gongfa.mediation.testing import build_world, make_case
from gongfa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def case(world):
    """A case with a row of every kind hanging from it."""
    case = make_case(world, "agreement_effective")
    party = case.parties.first()
    assert party is not None
    party.address = "青山镇桃源村18号"
    party.representative_name = "孙代理"
    party.save()
    Consent.objects.create(case=case, party=party)
    MediationSession.objects.create(case=case, held_at=timezone.now(), attendees="双方", record="调解记录")
    EscalationReport.objects.create(case=case, risk=EscalationRisk.CRIMINAL, description="扬言报复")
    ExpertConsultation.objects.create(case=case, question="责任如何划分")
    agreement = Agreement.objects.create(
        case=case,
        form=AgreementForm.WRITTEN,
        number="测试协〔2026〕1号",
        parties_text="申请人赵申请，身份证号……",
        facts_and_responsibility="事实",
        terms="赔偿",
    )
    AgreementSignature.objects.create(agreement=agreement, party=party, method=SignatureMethod.PAPER)
    JudicialConfirmation.objects.create(case=case, court="示范县人民法院", filed_on=datetime.date(2026, 1, 5))
    ReturnVisit.objects.create(case=case, due_on=datetime.date(2026, 2, 1), status=ReturnVisitStatus.DUE)
    CaseDocument.objects.create(case=case, kind="application", title="申请书")
    CaseSequence.objects.create(year=2026, committee=case.committee, last_value=3)
    mediator = world.mediators[0]
    MediatorTraining.objects.create(
        mediator=mediator, title="培训", held_on=datetime.date(2026, 1, 1), hours=Decimal(8)
    )
    MediatorInsurance.objects.create(
        mediator=mediator,
        insurer="甲",
        policy_number="P1",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    GradeAward.objects.create(
        mediator=mediator, grade="4", status=GradeAwardStatus.PROPOSED, granting_region=world.net.county
    )
    return case


def mediation_models():
    return [model for model in admin.site._registry if model._meta.app_label == "mediation"]


def test_every_mediation_model_is_registered() -> None:
    from django.apps import apps

    assert set(mediation_models()) == set(apps.get_app_config("mediation").get_models())


def test_every_list_and_page_opens(admin_client, case) -> None:
    for model in mediation_models():
        opts = model._meta
        listing = admin_client.get(f"/admin/mediation/{opts.model_name}/")
        assert listing.status_code == 200, opts.model_name
        searched = admin_client.get(f"/admin/mediation/{opts.model_name}/?q=1")
        assert searched.status_code == 200, opts.model_name
        first = model._default_manager.first()
        assert first is not None, opts.model_name
        page = admin_client.get(f"/admin/mediation/{opts.model_name}/{first.pk}/change/")
        assert page.status_code == 200, opts.model_name


def test_personal_data_is_masked_everywhere(admin_client, case) -> None:
    parties = list(CaseParty.objects.filter(case=case))
    pages = [
        admin_client.get("/admin/mediation/caseparty/").content.decode(),
        admin_client.get(f"/admin/mediation/caseparty/{parties[0].pk}/change/").content.decode(),
        admin_client.get(f"/admin/mediation/mediationcase/{case.pk}/change/").content.decode(),
        admin_client.get("/admin/mediation/consent/").content.decode(),
        admin_client.get(f"/admin/mediation/consent/{Consent.objects.get().pk}/change/").content.decode(),
        admin_client.get("/admin/mediation/agreementsignature/").content.decode(),
    ]
    agreement = Agreement.objects.get(case=case)
    pages.append(admin_client.get(f"/admin/mediation/agreement/{agreement.pk}/change/").content.decode())
    for page in pages:
        for party in parties:
            assert party.id_number not in page
            assert party.phone not in page
            assert party.name not in page
        assert "桃源村18号" not in page
        assert "孙代理" not in page
        assert "身份证号……" not in page
    assert parties[0].masked_phone in pages[0]
    assert parties[0].masked_id_number in pages[0]


def test_cases_and_their_records_are_read_only(admin_client, case) -> None:
    page = admin_client.get(f"/admin/mediation/mediationcase/{case.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="outcome"' not in page
    assert "协议已生效" in page
    before = case.status
    admin_client.post(f"/admin/mediation/mediationcase/{case.pk}/change/", {"status": "closed"})
    case.refresh_from_db()
    assert case.status == before
    assert admin_client.get("/admin/mediation/mediationcase/add/").status_code == 403
    award = GradeAward.objects.get()
    admin_client.post(f"/admin/mediation/gradeaward/{award.pk}/change/", {"status": "granted"})
    award.refresh_from_db()
    assert award.status == GradeAwardStatus.PROPOSED


def test_the_mediators_grade_is_read_only(admin_client, world) -> None:
    mediator = world.mediators[0]
    page = admin_client.get(f"/admin/mediation/mediator/{mediator.pk}/change/").content.decode()
    assert 'name="grade"' not in page
    assert 'name="employment"' in page  # the rest of the record is maintained here
    assert "无等级" in page


def test_dispute_categories_are_maintained_here(admin_client) -> None:
    page = admin_client.get("/admin/mediation/disputecategory/?q=劳动").content.decode()
    assert "劳动争议" in page
    assert admin_client.get("/admin/mediation/disputecategory/add/").status_code == 200
