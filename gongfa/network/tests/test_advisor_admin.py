import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.network.models import AdvisorAssignment
from gongfa.network.services import assign_village_advisor
from gongfa.testing.factories import UserFactory, build_network, eligible_advisor


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


def test_appointing_through_the_admin_uses_the_service(admin_client):
    network = build_network(villages_per_township=3)
    advisor = eligible_advisor(network.county, Role.LAWYER)
    response = admin_client.post(
        "/admin/network/advisorassignment/add/",
        {"advisor": advisor.pk, "village": network.villages[0].pk, "started_on": "2026-11-24"},
    )
    assert response.status_code == 302
    assert AdvisorAssignment.objects.filter(advisor=advisor, is_active=True).count() == 1
    assert Event.objects.filter(verb="network.advisor_assigned").count() == 1


def test_the_sixth_village_is_refused_in_the_admin(admin_client):
    network = build_network(villages_per_township=3)
    advisor = eligible_advisor(network.county, Role.LAWYER, real_name="赵律师")
    for village in network.villages[:5]:
        assign_village_advisor(advisor=advisor, village=village)
    response = admin_client.post(
        "/admin/network/advisorassignment/add/",
        {"advisor": advisor.pk, "village": network.villages[5].pk, "started_on": "2026-11-24"},
    )
    assert response.status_code == 200
    assert "赵律师 已服务 5 个村(社区)" in response.content.decode()
    assert AdvisorAssignment.objects.filter(advisor=advisor).count() == 5


def test_ending_from_the_admin_records_the_event(admin_client):
    network = build_network()
    assignment = assign_village_advisor(
        advisor=eligible_advisor(network.county, Role.LAWYER), village=network.villages[0]
    )
    admin_client.post(
        "/admin/network/advisorassignment/",
        {"action": "end_assignments", "_selected_action": [assignment.pk]},
    )
    assignment.refresh_from_db()
    assert assignment.is_active is False
    assert Event.objects.filter(verb="network.advisor_ended").exists()


def test_an_ineligible_adviser_is_refused_in_the_admin(admin_client):
    network = build_network()
    bare = UserFactory(role=Role.VILLAGE_ADVISOR, real_name="钱某")
    response = admin_client.post(
        "/admin/network/advisorassignment/add/",
        {"advisor": bare.pk, "village": network.villages[0].pk, "started_on": "2026-11-24"},
    )
    assert response.status_code == 200
    assert "不具备村(居)法律顾问任职资格" in response.content.decode()
    assert not AdvisorAssignment.objects.exists()
