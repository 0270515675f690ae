import pytest

from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import Material
from gongfa.legalaid.services import add_material, save_draft
from gongfa.legalaid.tests.conftest import PNG, WAGES, pdf


@pytest.fixture
def draft(network, worker):
    return save_draft(applicant=worker, region=network.villages[0], data=WAGES)


@pytest.mark.django_db
def test_pdf_and_png_are_accepted_by_their_content(draft, worker):
    first = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf())
    second = add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf("照片.png", PNG))
    assert (first.content_type, second.content_type) == ("application/pdf", "image/png")
    assert first.file.name.endswith(".pdf") and "材料" not in first.file.name  # our name, not theirs


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (pdf("伪装.pdf", b"MZ\x90\x00 this is an exe"), "invalid_file_type"),
        (pdf("文本.pdf", "只是文字".encode()), "invalid_file_type"),
        (pdf("空.pdf", b""), "empty_file"),
    ],
    ids=["exe-named-pdf", "text-named-pdf", "empty"],
)
@pytest.mark.django_db
def test_files_that_are_not_pdf_jpeg_png_are_refused(draft, worker, upload, code):
    with pytest.raises(DomainError) as error:
        add_material(application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=upload)
    assert error.value.code == code
    assert not Material.objects.exists()


@pytest.mark.django_db
def test_files_over_the_size_limit_are_refused(draft, worker, settings):
    settings.LEGALAID_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(DomainError) as error:
        add_material(
            application=draft, actor=worker, kind=MaterialKind.IDENTITY, upload=pdf(content=b"%PDF-" + b"0" * 2000)
        )
    assert error.value.code == "file_too_large"
    assert not Material.objects.exists()


@pytest.mark.django_db
def test_someone_else_cannot_add_to_the_application(draft):
    from gongfa.core.errors import NotPermitted
    from gongfa.testing.factories import CitizenFactory

    with pytest.raises(NotPermitted):
        add_material(application=draft, actor=CitizenFactory(), kind=MaterialKind.IDENTITY, upload=pdf())


@pytest.mark.django_db
def test_a_proof_filed_by_staff_updates_the_proposal(network, worker, reviewer, frozen, standard):
    from gongfa.legalaid.services import submit_application

    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )
    assert application.proposal_outcome == "needs_review"  # migrant worker, proof not on file
    add_material(application=application, actor=reviewer, kind=MaterialKind.EXEMPT_PROOF, upload=pdf())
    application.refresh_from_db()
    assert application.proposal_outcome == "eligible" and application.proposal["verification_exempt"]
