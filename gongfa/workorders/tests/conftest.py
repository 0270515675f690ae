import pytest

from gongfa.accounts.choices import Role
from gongfa.network.services import assign_village_advisor
from gongfa.testing.factories import CitizenFactory, UserFactory, post


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
    advisor = UserFactory(role=Role.LAWYER, real_name="陈律师")
    assign_village_advisor(advisor=advisor, village=village)
    return village, advisor
