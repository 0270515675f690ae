"""Identity documents (身份证件) are encrypted on disk and decrypted only when served to someone who
may read the case; staff opening one is recorded in the personal-data access log."""

import pytest
from django.test import Client

from gongfa.audit.models import PersonalDataAccess
from gongfa.core.crypto import is_encrypted_bytes
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.services import add_material, save_draft
from gongfa.legalaid.tests.conftest import PDF, WAGES, pdf


@pytest.fixture
def draft(network, worker):
    return save_draft(applicant=worker, region=network.villages[0], data=WAGES)


def _stored(material):
    with material.file.open("rb") as handle:
        return handle.read()


@pytest.mark.django_db
def test_identity_document_is_encrypted_on_disk_and_served_decrypted(draft, worker, reviewer):
    material = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    stored = _stored(material)
    assert is_encrypted_bytes(stored) and PDF not in stored and b"%PDF" not in stored
    assert material.read_content() == PDF and material.size == len(PDF)
    browser = Client()
    browser.force_login(worker)
    response = browser.get(f"/legal-aid/materials/{material.pk}/")
    assert response.status_code == 200 and response.getvalue() == PDF
    assert not PersonalDataAccess.objects.exists()  # the applicant's own document


@pytest.mark.django_db
def test_other_materials_are_stored_as_uploaded(draft, worker):
    material = add_material(application=draft, actor=worker, kind=MaterialKind.CASE_MATERIALS, upload=pdf("欠条.pdf"))
    assert _stored(material) == PDF == material.read_content()


@pytest.mark.django_db
def test_someone_who_may_not_read_the_case_gets_nothing(draft, worker):
    from gongfa.testing.factories import CitizenFactory

    material = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    browser = Client()
    browser.force_login(CitizenFactory())
    assert browser.get(f"/legal-aid/materials/{material.pk}/").status_code == 404


@pytest.mark.django_db
def test_staff_opening_an_identity_document_is_recorded(network, worker, reviewer, frozen, standard):
    from gongfa.legalaid.services import submit_application

    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )
    material = add_material(application=application, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("身份证.pdf"))
    browser = Client()
    browser.force_login(reviewer)
    response = browser.get(f"/legal-aid/materials/{material.pk}/")
    assert response.status_code == 200 and response.getvalue() == PDF
    access = PersonalDataAccess.objects.get()
    assert access.actor == reviewer and access.person == worker and f"legalaid.material:{material.pk}" in access.context
