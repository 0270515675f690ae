import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.network.models import AdvisorAssignment, Region
from gongfa.network.services import (
    AdvisorLimitExceeded,
    assign_village_advisor,
    end_village_advisor,
    set_region_setting,
)
from gongfa.testing.factories import UserFactory, build_network, eligible_advisor


@pytest.fixture
def big_network(db):
    return build_network(townships=2, villages_per_township=4)


def test_an_advisor_serves_up_to_five_villages(big_network):
    advisor = eligible_advisor(big_network.county, Role.LAWYER)
    for village in big_network.villages[:5]:
        assign_village_advisor(advisor=advisor, village=village)
    assert AdvisorAssignment.objects.filter(advisor=advisor, is_active=True).count() == 5
    assert Event.objects.filter(verb="network.advisor_assigned").count() == 5


def test_the_sixth_village_is_refused_and_nothing_is_saved(big_network):
    advisor = eligible_advisor(big_network.county, real_name="王律师")
    for village in big_network.villages[:5]:
        assign_village_advisor(advisor=advisor, village=village)
    events_before = Event.objects.count()
    with pytest.raises(AdvisorLimitExceeded) as excinfo:
        assign_village_advisor(advisor=advisor, village=big_network.villages[5])
    assert "王律师 已服务 5 个村(社区)" in excinfo.value.message
    assert "最多服务 5 个" in excinfo.value.message
    assert not AdvisorAssignment.objects.filter(village=big_network.villages[5]).exists()
    assert Event.objects.count() == events_before


def test_ending_an_assignment_frees_a_place(big_network):
    advisor = eligible_advisor(big_network.county, Role.LAWYER)
    assignments = [assign_village_advisor(advisor=advisor, village=v) for v in big_network.villages[:5]]
    end_village_advisor(assignments[0], reason="合同到期")
    assign_village_advisor(advisor=advisor, village=big_network.villages[5])
    assert AdvisorAssignment.objects.filter(advisor=advisor, is_active=True).count() == 5
    with pytest.raises(DomainError, match="已结束"):
        end_village_advisor(assignments[0])


def test_a_region_may_set_a_lower_limit(big_network):
    set_region_setting(
        region=big_network.county, key="advisor.max_villages", value=3, effective_from=datetime.date(2020, 1, 1)
    )
    advisor = eligible_advisor(big_network.county, Role.LAWYER)
    for village in big_network.villages[:3]:
        assign_village_advisor(advisor=advisor, village=village)
    with pytest.raises(AdvisorLimitExceeded, match="最多服务 3 个"):
        assign_village_advisor(advisor=advisor, village=big_network.villages[3])


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (Role.CITIZEN, "执业律师、基层法律服务工作者或专职人民调解员"),
        (Role.HOTLINE_AGENT, "执业律师、基层法律服务工作者或专职人民调解员"),
    ],
)
def test_only_eligible_people_can_be_advisors(big_network, role, message):
    with pytest.raises(DomainError, match=message):
        assign_village_advisor(advisor=UserFactory(role=role), village=big_network.villages[0])
    assert not AdvisorAssignment.objects.exists()


def test_advisors_serve_villages_not_townships(big_network):
    with pytest.raises(DomainError, match="不是村"):
        assign_village_advisor(
            advisor=eligible_advisor(big_network.county, Role.LAWYER), village=big_network.townships[0]
        )


def test_the_same_village_twice_is_refused(big_network):
    advisor = eligible_advisor(big_network.county, Role.LAWYER)
    assign_village_advisor(advisor=advisor, village=big_network.villages[0])
    with pytest.raises(DomainError, match="已是"):
        assign_village_advisor(advisor=advisor, village=big_network.villages[0])
    assert AdvisorAssignment.objects.count() == 1


def test_limit_counts_only_this_advisor(big_network):
    first, second = (
        eligible_advisor(big_network.county, Role.LAWYER),
        eligible_advisor(big_network.county, Role.MEDIATOR),
    )
    for village in big_network.villages[:5]:
        assign_village_advisor(advisor=first, village=village)
    assign_village_advisor(advisor=second, village=big_network.villages[0])
    assert Region.objects.filter(advisor_assignments__advisor=second).count() == 1


def test_the_adviser_role_alone_is_not_a_qualification(big_network):
    """Seed plans: advisers are lawyers, grassroots legal-service workers or full-time mediators.
    Holding the platform's adviser role without practising anywhere is refused."""
    bare = UserFactory(role=Role.VILLAGE_ADVISOR)
    with pytest.raises(DomainError, match="不具备村\\(居\\)法律顾问任职资格") as excinfo:
        assign_village_advisor(advisor=bare, village=big_network.villages[0])
    assert excinfo.value.code == "advisor_not_eligible"
    assert not AdvisorAssignment.objects.exists()


def test_a_posting_at_a_legal_aid_centre_is_not_a_practice(big_network):
    from gongfa.testing.factories import post

    worker = UserFactory(role=Role.VILLAGE_ADVISOR)
    post(worker, big_network.legal_aid_centre)
    with pytest.raises(DomainError, match="任职资格"):
        assign_village_advisor(advisor=worker, village=big_network.villages[0])


def test_a_grassroots_legal_service_worker_is_eligible(big_network):
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency
    from gongfa.network.qualifications import advisor_qualification
    from gongfa.testing.factories import post

    office = Agency.objects.create(
        name="示范1镇法律服务所", kind=AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE, region=big_network.townships[0]
    )
    worker = UserFactory(role=Role.VILLAGE_ADVISOR)
    post(worker, office)
    assert advisor_qualification(worker) == "基层法律服务工作者"
    assign_village_advisor(advisor=worker, village=big_network.villages[0])
    assert AdvisorAssignment.objects.filter(advisor=worker, is_active=True).count() == 1
