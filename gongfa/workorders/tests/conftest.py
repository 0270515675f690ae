import pytest

from gongfa.accounts.choices import Role
from gongfa.network.services import assign_village_advisor
from gongfa.testing.factories import CitizenFactory, UserFactory, eligible_advisor, post


@pytest.fixture
def citizen(db):
    return CitizenFactory(real_name="李大爷", phone="13912345678")


@pytest.fixture
def staffed_village(network):
    """The first village, whose room has a window clerk on duty."""
    village = network.villages[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, network.rooms[village.code])
    return village, clerk


@pytest.fixture
def advisor_village(network):
    village = network.villages[1]
    advisor = eligible_advisor(network.county, Role.LAWYER, real_name="陈律师")
    assign_village_advisor(advisor=advisor, village=village)
    return village, advisor


@pytest.fixture
def county_supervisor(network):
    supervisor = UserFactory(role=Role.SUPERVISOR, real_name="郑主任", phone="13600000009")
    post(supervisor, network.centre)
    return supervisor


@pytest.fixture
def township_supervisor(network):
    supervisor = UserFactory(role=Role.SUPERVISOR, real_name="钱站长", phone="13600000008")
    post(supervisor, network.stations[network.townships[0].code])
    return supervisor


@pytest.fixture
def hotline_agent(network):
    agent = UserFactory(role=Role.HOTLINE_AGENT, real_name="孙坐席")
    post(agent, network.centre)
    return agent
