import datetime

import pytest

from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidNotice
from gongfa.legalaid.services import (
    assign_provider,
    close_case,
    grant,
    refuse,
    save_draft,
    start_advance_aid,
    submit_application,
    withdraw,
)
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.testing.factories import staff


@pytest.fixture
def received(network, worker, frozen, standard):
    data = {**WAGES, "exempt_group": "", "household_size": 3, "household_monthly_income": "6000"}
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )


@pytest.mark.django_db
def test_grant_starts_the_three_day_assignment_clock_and_issues_the_decision(received, reviewer):
    assert received.proposal_outcome == "eligible"  # 2,000 per head ≤ 2,490 (第34条 standard)
    granted = grant(application=received, actor=reviewer)
    assert granted.status == ApplicationStatus.GRANTED
    assert granted.assign_due == datetime.date(2026, 11, 26)
    notice = granted.notices.get(kind=LegalAidNotice.Kind.GRANT)
    assert notice.number == "法援给〔2026〕1号" and notice.body["proposal"]


@pytest.mark.django_db
def test_refusal_needs_reasons_and_states_the_objection_route(received, reviewer):
    with pytest.raises(DomainError) as error:
        refuse(application=received, actor=reviewer, reasons="  ")
    assert error.value.field == "reasons"
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED

    refused = refuse(application=received, actor=reviewer, reasons="家庭人均收入高于本地标准。")
    body = refused.notices.get(kind=LegalAidNotice.Kind.REFUSAL).body
    assert "第四十九条" in body["objection"] and body["reconsideration_days"] == 60 and body["litigation_months"] == 6


@pytest.mark.django_db
def test_actions_out_of_order_are_refused(received, reviewer, lawyers):
    with pytest.raises(InvalidTransition):
        assign_provider(application=received, actor=reviewer)  # before the grant
    with pytest.raises(DomainError) as error:
        close_case(application=received, actor=reviewer)  # closing without a report
    assert error.value.code == "no_closing_report"
    with pytest.raises(InvalidTransition):
        _close_from(received, reviewer)
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED and received.provider is None


def _close_from(application, actor):
    # Even with a report on file, the table refuses to close a case that was never in service.
    from gongfa.legalaid.services.common import step

    application.closing_report = "报告"
    step(application, "close", actor=actor)


@pytest.mark.django_db
def test_staff_of_another_agency_cannot_decide(received, network):
    from gongfa.accounts.choices import Role

    outsider = staff(Role.LEGAL_AID_REVIEWER, at=network.centre)
    with pytest.raises(NotPermitted):
        grant(application=received, actor=outsider)


@pytest.mark.django_db
def test_advance_aid_needs_the_urgent_reason(received, reviewer):
    with pytest.raises(DomainError):
        start_advance_aid(application=received, actor=reviewer, urgent_reason="")
    advanced = start_advance_aid(application=received, actor=reviewer, urgent_reason="仲裁时效五日后届满")
    assert advanced.status == ApplicationStatus.ADVANCE_AID and advanced.advance_aid


@pytest.mark.django_db
def test_applicant_may_withdraw_before_the_decision(received, worker):
    assert withdraw(application=received, actor=worker).status == ApplicationStatus.WITHDRAWN


@pytest.mark.django_db
def test_grant_is_refused_while_mandatory_proof_is_missing(network, worker, frozen, standard, reviewer):
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )
    assert application.proposal["missing"] == ["exempt_proof"]
    with pytest.raises(DomainError) as error:
        grant(application=application, actor=reviewer)
    assert error.value.code == "mandatory_proof_missing" and "免予核查群体证明" in error.value.message
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED and not application.notices.exists()


@pytest.mark.django_db
def test_review_clock_in_working_days_where_the_region_says_so(network, worker, frozen, standard):
    from gongfa.network.models import RegionSetting

    RegionSetting.objects.create(region=network.province, key="day_count_mode", value="working")
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "1000"}
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )
    # Received Mon 11-23: seven working days end on Wed 12-02 (calendar mode: Mon 11-30).
    assert application.review_due == datetime.date(2026, 12, 2)


@pytest.mark.django_db
def test_green_channel_gets_a_shorter_internal_target(network, frozen, standard):
    from gongfa.testing.factories import CitizenFactory, make_id_number

    elder = CitizenFactory(id_number=make_id_number(birth=datetime.date(1950, 1, 1), seq=11))
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "1000"}
    application = submit_application(
        application=save_draft(applicant=elder, region=network.villages[0], data=data), actor=elder
    )
    assert application.green_channel  # aged 76
    assert application.review_due is not None
    assert application.review_target == datetime.date(2026, 11, 26) < application.review_due
