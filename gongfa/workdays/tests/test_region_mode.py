"""The region setting `day_count_mode` picks calendar or working days (nearest ancestor wins)."""

import datetime

from gongfa.network.services import set_region_setting
from gongfa.testing.factories import build_network
from gongfa.workdays.services import deadline_for_region

D = datetime.date
RECEIVED = D(2026, 9, 28)


def test_default_is_calendar_days(network):
    deadline = deadline_for_region(network.villages[0], RECEIVED, 7)
    assert (deadline.due, deadline.mode) == (D(2026, 10, 8), "calendar")
    assert deadline_for_region(None, RECEIVED, 7).due == D(2026, 10, 8)


def test_a_county_in_working_mode_applies_to_its_villages_only(network):
    other = build_network(prefix="330103", name="邻")
    set_region_setting(region=network.county, key="day_count_mode", value="working", effective_from=D(2026, 1, 1))
    village = network.villages[-1]
    deadline = deadline_for_region(village, RECEIVED, 7)
    assert (deadline.due, deadline.mode, deadline.warnings) == (D(2026, 10, 13), "working", ())
    assert deadline_for_region(network.county, RECEIVED, 7).due == D(2026, 10, 13)
    neighbour = deadline_for_region(other.villages[0], RECEIVED, 7)
    assert (neighbour.due, neighbour.mode) == (D(2026, 10, 8), "calendar")


def test_a_setting_is_not_applied_before_its_effective_date(network):
    set_region_setting(region=network.county, key="day_count_mode", value="working", effective_from=D(2026, 10, 1))
    village = network.villages[0]
    # The rule in force on the start day applies by default.
    assert deadline_for_region(village, RECEIVED, 7).mode == "calendar"
    assert deadline_for_region(village, D(2026, 10, 9), 7).mode == "working"
    # `on` chooses another date's rule explicitly.
    assert deadline_for_region(village, RECEIVED, 7, on=D(2026, 9, 30)).due == D(2026, 10, 8)
    assert deadline_for_region(village, RECEIVED, 7, on=D(2026, 10, 1)).due == D(2026, 10, 13)


def test_a_setting_effective_in_the_future_is_not_applied_yet(network):
    set_region_setting(region=network.county, key="day_count_mode", value="working", effective_from=D(2099, 1, 1))
    assert deadline_for_region(network.villages[0], RECEIVED, 7).mode == "calendar"


def test_a_village_can_override_its_county(network):
    set_region_setting(region=network.province, key="day_count_mode", value="working", effective_from=D(2020, 1, 1))
    set_region_setting(region=network.villages[0], key="day_count_mode", value="calendar", effective_from=D(2020, 1, 1))
    assert deadline_for_region(network.villages[0], RECEIVED, 7).mode == "calendar"
    assert deadline_for_region(network.villages[1], RECEIVED, 7).mode == "working"


def test_region_deadline_is_a_bounded_number_of_queries(network, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the region's mode, and the holiday table when cold
        deadline_for_region(network.villages[0], RECEIVED, 30)
    with django_assert_max_num_queries(1):  # the region's mode only
        deadline_for_region(network.villages[0], RECEIVED, 30)
