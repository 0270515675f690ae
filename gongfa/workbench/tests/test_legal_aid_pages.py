"""The reviewer's and the provider's legal-aid pages: queue, case page with the proposal, and the
actions (a refusal shows in the error summary and changes nothing)."""

import pytest

from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.services import grant, save_draft, submit_application
from gongfa.legalaid.tests.conftest import WAGES


@pytest.fixture
def received(network, worker, frozen, standard):
    data = {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "2000"}
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )


@pytest.mark.django_db
def test_queue_and_case_page_show_the_clock_and_the_proposal(client, received, reviewer):
    client.force_login(reviewer)
    page = client.get("/workbench/legal-aid/").content.decode()
    assert received.number in page and "张*" in page  # masked in lists
    page = client.get(f"/workbench/legal-aid/{received.number}/").content.decode()
    assert "2026-11-30" in page  # 7-day review clock
    assert "第三十四条" in page  # the proposal's reasons with their articles
    assert 'id="action-grant"' in page and 'id="action-assign"' not in page  # assign only after the grant


@pytest.mark.django_db
def test_granting_from_the_page(client, received, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/workbench/legal-aid/{received.number}/grant/", {"reasons": "符合条件"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == ApplicationStatus.GRANTED


@pytest.mark.django_db
def test_refusing_without_reasons_is_explained_and_changes_nothing(client, received, reviewer):
    client.force_login(reviewer)
    response = client.post(f"/workbench/legal-aid/{received.number}/refuse/", {"reasons": ""})
    assert response.status_code == 400
    assert "请填写不予法律援助的理由" in response.content.decode()
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED


@pytest.mark.django_db
def test_assigning_before_the_grant_is_refused(client, received, reviewer, lawyers):
    client.force_login(reviewer)
    response = client.post(f"/workbench/legal-aid/{received.number}/assign/", {"provider": ""})
    assert response.status_code == 400
    assert "不能执行“指派承办人员”" in response.content.decode()
    received.refresh_from_db()
    assert received.provider is None


@pytest.mark.django_db
def test_the_assigned_lawyer_sees_the_case_and_its_actions(client, received, reviewer, lawyers):
    grant(application=received, actor=reviewer)
    client.force_login(reviewer)
    client.post(f"/workbench/legal-aid/{received.number}/assign/", {"provider": str(lawyers[1].pk)})
    received.refresh_from_db()
    assert received.provider == lawyers[1]
    client.force_login(lawyers[1])
    assert received.number in client.get("/workbench/legal-aid/").content.decode()
    page = client.get(f"/workbench/legal-aid/{received.number}/").content.decode()
    assert 'id="action-sign_engagement"' in page and 'id="action-grant"' not in page
    client.force_login(lawyers[0])  # another lawyer: not theirs
    assert client.get(f"/workbench/legal-aid/{received.number}/").status_code == 404


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_cases(
    client, network, reviewer, standard, frozen, django_assert_max_num_queries
):
    from gongfa.testing.factories import CitizenFactory, make_id_number

    client.force_login(reviewer)

    def add(n):
        for _ in range(n):
            citizen = CitizenFactory(id_number=make_id_number(seq=500 + LegalAidAppCount.next()))
            submit_application(
                application=save_draft(applicant=citizen, region=network.villages[0], data=WAGES), actor=citizen
            )

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get("/workbench/legal-aid/")
    add(10)
    with django_assert_max_num_queries(40) as many:
        client.get("/workbench/legal-aid/")
    assert len(many.captured_queries) == len(few.captured_queries)


class LegalAidAppCount:
    value = 0

    @classmethod
    def next(cls) -> int:
        cls.value += 1
        return cls.value
