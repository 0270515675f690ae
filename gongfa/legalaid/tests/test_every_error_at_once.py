"""Legal-aid services refuse bad input once, naming every rejected field (ValidationFailed)."""

import pytest

from gongfa.core.errors import ValidationFailed
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import receive_application, save_draft, terminate
from gongfa.legalaid.services.visits import record_return_visit


def _fields(error: ValidationFailed) -> list[str | None]:
    return [problem.field for problem in error.problems]


@pytest.mark.django_db
def test_a_draft_with_several_bad_fields(network, worker):
    data = {"id_number": "110101199003071234", "phone": "12", "matter_code": "astrology", "applicant_name": "名" * 65}
    with pytest.raises(ValidationFailed) as caught:
        save_draft(applicant=worker, region=network.villages[0], data=data)
    assert _fields(caught.value) == ["applicant_name", "id_number", "phone", "matter_code"]
    assert not LegalAidApplication.objects.exists()


@pytest.mark.django_db
def test_a_staff_registration_names_every_missing_item(network, reviewer):
    with pytest.raises(ValidationFailed) as caught:
        receive_application(actor=reviewer, region=network.villages[0], data={}, intake_channel="duty_lawyer_forward")
    assert _fields(caught.value) == [
        "forwarded_by",
        "requested_at",
        "phone",
        "applicant_name",
        "id_number",
        "matter_code",
        "facts",
    ]
    assert not LegalAidApplication.objects.exists()


@pytest.mark.django_db
def test_a_return_visit_with_several_bad_fields(reviewer):
    with pytest.raises(ValidationFailed) as caught:
        record_return_visit(
            application=LegalAidApplication(), actor=reviewer, method="fax", satisfied="maybe", opinion="长" * 2001
        )
    assert _fields(caught.value) == ["method", "satisfied", "opinion"]


@pytest.mark.django_db
def test_a_dissatisfied_visit_without_issues_is_reported_with_the_rest(reviewer):
    with pytest.raises(ValidationFailed) as caught:
        record_return_visit(application=LegalAidApplication(), actor=reviewer, method="fax", satisfied="no")
    assert _fields(caught.value) == ["method", "issues"]


@pytest.mark.django_db
def test_termination_without_ground_or_reasons(reviewer):
    with pytest.raises(ValidationFailed) as caught:
        terminate(application=LegalAidApplication(), actor=reviewer, ground="", reasons=" ")
    assert _fields(caught.value) == ["ground", "reasons"]
