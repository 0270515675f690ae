"""法律援助指派: the lawyer assigned (or the replacement) is told, with the engagement deadline."""

import pytest

from gongfa.legalaid.services import assign_provider, grant, replace_provider, save_draft, submit_application
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.notifications.models import Notification


@pytest.fixture
def granted(network, worker, frozen, standard, reviewer):
    data = {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "1000"}
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )
    return grant(application=application, actor=reviewer)


@pytest.mark.django_db
def test_assignment_notifies_the_assigned_lawyer(granted, reviewer, lawyers, on_commit):
    with on_commit():
        assigned = assign_provider(application=granted, actor=reviewer, provider=lawyers[0])
    notice = Notification.objects.get(recipient=lawyers[0])
    assert notice.kind == "legal_aid_assignment"
    assert notice.title == f"法律援助指派：案件 {assigned.number}"
    assert assigned.engagement_due is not None and assigned.engagement_due.isoformat() in notice.body
    assert notice.link == f"/workbench/legal-aid/{assigned.number}/"
    assert not Notification.objects.filter(recipient=lawyers[1]).exists()


@pytest.mark.django_db
def test_a_replacement_lawyer_is_told_too(granted, reviewer, lawyers, on_commit):
    with on_commit():
        assign_provider(application=granted, actor=reviewer, provider=lawyers[0])
        replace_provider(application=granted, actor=reviewer, grounds="受援人申请更换", provider=lawyers[1])
    assert Notification.objects.filter(recipient=lawyers[1], kind="legal_aid_assignment").count() == 1
    assert Notification.objects.filter(recipient=lawyers[0]).count() == 1
