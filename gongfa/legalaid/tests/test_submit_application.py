import datetime

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus, ProposalOutcome
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import save_draft, submit_application
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.workorders.models import CaseLink


@pytest.mark.django_db
def test_submitting_a_draft_starts_the_seven_day_clock_and_opens_a_work_order(network, worker, frozen):
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    assert draft.status == ApplicationStatus.DRAFT and draft.agency == network.legal_aid_centre
    assert draft.applicant_name == "张务工"  # real name from the account

    received = submit_application(application=draft, actor=worker)

    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED
    assert (received.number or "").startswith("FY2026")
    assert received.review_due == datetime.date(2026, 11, 30)  # 第43条: 7 days from receipt
    assert received.work_order is not None
    assert CaseLink.objects.filter(order=received.work_order, case_id=str(received.pk)).exists()
    assert Event.objects.filter(verb="legalaid.legalaidapplication.submit", subject_id=str(received.pk)).count() == 1


@pytest.mark.django_db
def test_migrant_worker_without_proof_yet_is_proposed_for_review_with_the_proof_missing(network, worker, frozen):
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    received = submit_application(application=draft, actor=worker)
    assert received.proposal_outcome == ProposalOutcome.NEEDS_REVIEW
    assert received.proposal["missing"] == ["exempt_proof"]
    assert any("第四十二条" in reason["article"] for reason in received.proposal["reasons"])


@pytest.mark.django_db
def test_draft_resumes_where_it_was_left(network, worker):
    draft = save_draft(applicant=worker, region=network.villages[0], data={"matter_code": "labour_pay"})
    again = save_draft(applicant=worker, region=network.villages[0], data={"facts": "欠薪"}, draft=draft)
    assert again.pk == draft.pk and again.matter_code == "labour_pay" and again.facts == "欠薪"


@pytest.mark.django_db
def test_a_second_open_application_for_the_same_matter_is_refused(network, worker, frozen):
    submit_application(application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker)
    second = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    with pytest.raises(DomainError) as error:
        submit_application(application=second, actor=worker)
    assert error.value.code == "duplicate_application"
    second.refresh_from_db()
    assert second.status == ApplicationStatus.DRAFT
    assert LegalAidApplication.objects.exclude(status=ApplicationStatus.DRAFT).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"id_number": "110101199003071234"}, "id_number", "invalid_id_number"),
        ({"household_size": 0, "household_monthly_income": "1000"}, "household_size", None),
        ({"household_size": 2, "household_monthly_income": "-1"}, "household_monthly_income", None),
        ({"household_size": 2, "household_monthly_income": "很多"}, "household_monthly_income", None),
        ({"matter_code": "no_such_matter"}, "matter_code", "unknown_matter"),
        ({"exempt_group": "rich"}, "exempt_group", "invalid_exempt_group"),
    ],
    ids=["bad-id-check-digit", "household-0", "negative-income", "non-numeric-income", "unknown-matter", "bad-group"],
)
@pytest.mark.django_db
def test_bad_input_is_refused_with_its_field_and_changes_nothing(network, worker, data, field, code):
    with pytest.raises(DomainError) as error:
        save_draft(applicant=worker, region=network.villages[0], data={**WAGES, **data})
    assert error.value.field == field
    if code:
        assert error.value.code == code
    assert not LegalAidApplication.objects.exists()


@pytest.mark.django_db
def test_an_incomplete_draft_cannot_be_submitted(network, worker):
    draft = save_draft(applicant=worker, region=network.villages[0], data={"matter_code": "labour_pay"})
    with pytest.raises(DomainError) as error:
        submit_application(application=draft, actor=worker)
    assert error.value.field == "facts"
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT and draft.number is None
