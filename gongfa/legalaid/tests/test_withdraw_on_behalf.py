"""撤回申请: the applicant may withdraw without a word; staff recording it on the applicant's
behalf must give the reason, and the event names the staff member and says on whose behalf.
Through the service, the workbench page and the API."""

import pytest
from django.test import Client

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.services import save_draft, submit_application, withdraw
from gongfa.legalaid.tests.conftest import WAGES


@pytest.fixture
def received(network, worker, frozen, standard):
    data = {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "2000"}
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )


def _withdrawal(case):
    return Event.objects.get(verb__endswith="withdraw", subject_id=str(case.pk))


def test_the_applicant_withdraws_without_a_reason(received, worker):
    assert withdraw(application=received, actor=worker).status == ApplicationStatus.WITHDRAWN
    event = _withdrawal(received)
    assert event.actor == worker and event.data["on_behalf_of_applicant"] is False


@pytest.mark.parametrize("reason", ["", "   "])
def test_staff_must_give_a_reason(received, reviewer, reason):
    with pytest.raises(DomainError) as exc:
        withdraw(application=received, actor=reviewer, reason=reason)
    assert exc.value.field == "reason" and exc.value.code == "required"
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED
    assert not Event.objects.filter(verb__endswith="withdraw").exists()


def test_staff_withdrawal_is_recorded_as_on_behalf(received, reviewer):
    withdraw(application=received, actor=reviewer, reason="申请人3月1日来电要求撤回")
    event = _withdrawal(received)
    assert event.actor == reviewer and event.data["on_behalf_of_applicant"] is True
    assert event.reason == "申请人3月1日来电要求撤回"


def test_the_workbench_form_requires_the_reason(client, received, reviewer):
    client.force_login(reviewer)
    page = client.get(f"/workbench/legal-aid/{received.number}/").content.decode()
    assert 'id="action-withdraw"' in page
    response = client.post(f"/workbench/legal-aid/{received.number}/withdraw/", {"reason": ""})
    assert response.status_code == 400
    assert "代为撤回的原因" in response.content.decode()
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED
    response = client.post(f"/workbench/legal-aid/{received.number}/withdraw/", {"reason": "申请人到窗口书面撤回"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == ApplicationStatus.WITHDRAWN
    assert _withdrawal(received).data["on_behalf_of_applicant"] is True


def _api(user, case, body):
    browser = Client()
    browser.force_login(user)
    return browser.post(
        f"/api/v1/legal-aid/cases/{case.number}/actions/withdraw", body, content_type="application/json"
    )


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "  "}])
def test_the_api_refuses_a_staff_withdrawal_without_a_reason(received, reviewer, body):
    response = _api(reviewer, received, body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "reason"
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED


def test_the_api_records_a_staff_withdrawal_on_behalf(received, reviewer):
    response = _api(reviewer, received, {"reason": "申请人来电撤回"})
    assert response.status_code == 200, response.content
    event = _withdrawal(received)
    assert event.actor == reviewer and event.data["on_behalf_of_applicant"] is True
