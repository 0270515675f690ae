"""Each role lands on the page that starts with its own work (/workbench/ and the staff login
lead there); the landing pages show the right things with a fixed, small number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.services import assign_provider, grant, save_draft, sign_engagement, submit_application
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.testing.factories import TEST_PASSWORD, CitizenFactory, make_id_number
from gongfa.workbench.tests.conftest import make_order, set_due
from gongfa.workbench.tests.test_navigation import person
from gongfa.workorders.models import SupervisionNotice

R = Role
HARDSHIP_CASE = {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "2000"}
LANDING = {
    R.VILLAGE_ADVISOR: "workbench:queue",
    R.WINDOW_STAFF: "workbench:queue",
    R.ADMINISTRATOR: "workbench:queue",
    R.HOTLINE_AGENT: "workbench:hotline",
    R.LEGAL_AID_REVIEWER: "workbench:legal_aid_queue",
    R.LAWYER: "workbench:my_legal_aid",
    R.SUPERVISOR: "workbench:overview",
    R.MEDIATOR: "workbench:mediation",
    R.NOTARY_CLERK: "workbench:notary_queue",
    R.NOTARY: "workbench:notary_queue",
    R.APPRAISER: "workbench:appraisal_queue",
    R.ARBITRATION_STAFF: "workbench:queue",
}
# The most queries each landing page may make (measured, plus a little room): the session, the
# user, their scope, the page's selectors and the menu's unread badge.
LANDING_QUERIES = {
    "workbench:queue": 18,
    # The desk also lists the recipients for 派给… (points, agencies, people) and last night's messages.
    "workbench:hotline": 19,
    "workbench:legal_aid_queue": 12,
    "workbench:my_legal_aid": 7,
    "workbench:overview": 12,
    "workbench:notary_queue": 16,
    "workbench:appraisal_queue": 16,
    "workbench:mediation": 16,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(LANDING))
def test_each_role_lands_on_its_page(client, network, role, django_assert_max_num_queries):
    client.force_login(person(role, network))
    make_order(network.villages[0])
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302 and response["Location"] == reverse(LANDING[role])
    client.get(response["Location"])  # warm the session and content types
    with django_assert_max_num_queries(LANDING_QUERIES[LANDING[role]]):
        assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_staff_login_leads_to_the_landing_page(client, network):
    lawyer = person(R.LAWYER, network)
    response = client.post(
        reverse("accounts:staff_login"), {"username": lawyer.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("workbench:my_legal_aid")
    assert "我承办的法律援助案件" in response.content.decode()


@pytest.mark.django_db
def test_citizens_and_visitors_do_not_get_a_workbench(client, network):
    assert client.get(reverse("workbench:home"))["Location"].startswith(reverse("accounts:staff_login"))
    client.force_login(CitizenFactory())
    assert client.get(reverse("workbench:home")).status_code == 403
    assert client.get(reverse("workbench:my_legal_aid")).status_code == 403


@pytest.mark.django_db
def test_the_adviser_lands_on_the_open_orders_of_their_villages(client, network, django_assert_max_num_queries):
    adviser = person(R.VILLAGE_ADVISOR, network)
    mine = make_order(network.villages[0], text="宅基地边界纠纷")
    elsewhere = make_order(network.villages[4], text="邻居占用通道")
    client.force_login(adviser)
    client.get(reverse("workbench:queue"))  # warm the session and content types
    landing = client.get(reverse("workbench:home"))["Location"]
    with django_assert_max_num_queries(20):  # the queue's own budget (test_queue_view)
        page = client.get(landing).content.decode()
    assert mine.tracking_number in page and elsewhere.tracking_number not in page


def _assigned_case(network, reviewer, lawyer, seq: int):
    worker = CitizenFactory(id_number=make_id_number(birth=datetime.date(1980, 1, 1), seq=seq))
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=HARDSHIP_CASE), actor=worker
    )
    grant(application=application, actor=reviewer)
    return assign_provider(application=application, actor=reviewer, provider=lawyer)


@pytest.mark.django_db
def test_a_lawyer_sees_their_cases_next_deadline_first(
    client, network, reviewer, lawyers, standard, frozen, django_assert_max_num_queries
):
    lawyer, other = lawyers[0], lawyers[1]
    in_service = _assigned_case(network, reviewer, lawyer, 11)
    in_service = sign_engagement(application=in_service, actor=lawyer)  # no deadline running any more
    frozen.shift(datetime.timedelta(days=7))
    later = _assigned_case(network, reviewer, lawyer, 12)  # assigned last: the latest deadline
    frozen.shift(datetime.timedelta(days=-7))
    sooner = _assigned_case(network, reviewer, lawyer, 13)
    not_mine = _assigned_case(network, reviewer, other, 14)
    assert sooner.engagement_due < later.engagement_due
    assert in_service.status == ApplicationStatus.IN_SERVICE

    client.force_login(lawyer)
    client.get(reverse("workbench:my_legal_aid"))
    with django_assert_max_num_queries(6):
        page = client.get(reverse("workbench:my_legal_aid")).content.decode()
    cases = page.split('data-testid="my-cases"')[1]
    order = [cases.index(a.number) for a in (sooner, later, in_service)]
    assert order == sorted(order), "next deadline first, cases without a running deadline last"
    assert not_mine.number not in page
    assert sooner.engagement_due.isoformat() in cases


@pytest.mark.django_db
def test_the_supervisor_overview_counts_with_a_fixed_number_of_queries(
    client, network, county_supervisor, django_assert_max_num_queries
):
    client.force_login(county_supervisor)
    client.get(reverse("workbench:overview"))

    def counters() -> tuple[str, int]:
        with django_assert_max_num_queries(12) as queries:
            page = client.get(reverse("workbench:overview")).content.decode()
        return page, len(queries.captured_queries)

    _, before = counters()
    set_due(make_order(network.villages[0]), -5)
    set_due(make_order(network.villages[1]), 1)
    overdue = set_due(make_order(network.villages[2]), -1)
    SupervisionNotice.objects.create(
        order=overdue, level=1, region=network.county, supervisor=county_supervisor, reason="超时未办结"
    )
    page, after = counters()
    assert after == before  # the same queries however many orders
    orders = page.split('data-testid="overview-orders"')[1].split("</ul>")[0]
    assert "<strong>3</strong>在办" in orders
    assert "<strong>2</strong>已超时" in orders
    assert "<strong>1</strong>即将超时" in orders
    assert "<strong>1</strong>督办中" in orders


@pytest.mark.django_db
def test_a_clerk_lands_where_they_are_posted(client, network):
    """公证/司法鉴定受理人员: a notary office's clerk on its cases, an appraisal institution's on its
    referrals, a clerk posted nowhere on the work-order queue."""
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency
    from gongfa.testing.factories import UserFactory, post

    institution = Agency.objects.create(name="示范鉴定所", kind=AgencyKind.APPRAISAL_INSTITUTION, region=network.county)
    clerk = UserFactory(role=R.NOTARY_CLERK)
    post(clerk, institution)
    client.force_login(clerk)
    assert client.get(reverse("workbench:home"))["Location"] == reverse("workbench:appraisal_queue")
    client.force_login(UserFactory(role=R.NOTARY_CLERK))
    assert client.get(reverse("workbench:home"))["Location"] == reverse("workbench:queue")
