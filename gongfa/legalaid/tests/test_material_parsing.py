"""Legal-aid materials go through the parsing check (gongfa.core.uploads): an HTML file that
starts with %PDF- is refused and nothing is stored; a photo is stored without its GPS position
(read back the way the applicant downloads it)."""

import io

import pytest
from django.test import Client
from PIL import Image

from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import Material
from gongfa.legalaid.services import add_material, save_draft
from gongfa.legalaid.tests.conftest import WAGES, pdf
from gongfa.testing.files import GPS_IFD, jpeg_with_gps


@pytest.fixture
def draft(network, worker):
    return save_draft(applicant=worker, region=network.villages[0], data=WAGES)


@pytest.mark.django_db
def test_html_named_and_headed_as_pdf_is_refused(draft, worker):
    html = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
    with pytest.raises(DomainError) as exc:
        add_material(application=draft, actor=worker, kind=MaterialKind.CASE_MATERIALS, upload=pdf("欠条.pdf", html))
    assert exc.value.code == "invalid_pdf" and exc.value.field == "file"
    assert not Material.objects.exists()


@pytest.mark.django_db
def test_a_photo_is_stored_without_its_gps_position(draft, worker):
    photo = pdf("欠条.jpg", jpeg_with_gps())
    material = add_material(application=draft, actor=worker, kind=MaterialKind.CASE_MATERIALS, upload=photo)
    assert material.content_type == "image/jpeg" and material.file.name.endswith(".jpg")
    browser = Client()
    browser.force_login(worker)
    response = browser.get(f"/legal-aid/materials/{material.pk}/")
    assert response.status_code == 200
    stored = response.getvalue()
    assert material.size == len(stored)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif().get_ifd(GPS_IFD)
