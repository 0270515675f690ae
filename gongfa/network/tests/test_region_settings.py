import datetime

import pytest

from gongfa.core.errors import DomainError
from gongfa.network.models import RegionSetting
from gongfa.network.selectors import region_setting
from gongfa.network.services import set_region_setting


def test_default_applies_without_any_setting(network):
    assert region_setting(network.villages[0], "day_count_mode") == "calendar"
    assert region_setting(None, "advisor.max_villages") == 5


def test_nearest_ancestor_wins_and_dates_matter(network):
    village = network.villages[0]
    set_region_setting(
        region=network.province, key="advisor.max_villages", value=4, effective_from=datetime.date(2020, 1, 1)
    )
    set_region_setting(
        region=network.county, key="advisor.max_villages", value=3, effective_from=datetime.date(2024, 1, 1)
    )
    set_region_setting(
        region=network.county, key="advisor.max_villages", value=2, effective_from=datetime.date(2030, 1, 1)
    )
    assert region_setting(village, "advisor.max_villages", on=datetime.date(2023, 6, 1)) == 4
    assert region_setting(village, "advisor.max_villages", on=datetime.date(2025, 6, 1)) == 3
    assert region_setting(village, "advisor.max_villages", on=datetime.date(2031, 1, 1)) == 2
    other_county_village = network.villages[0].__class__.objects.get(code=network.villages[-1].code)
    assert region_setting(other_county_village, "advisor.max_villages", on=datetime.date(2025, 6, 1)) == 3


def test_lookup_is_one_query(network, django_assert_num_queries):
    with django_assert_num_queries(1):
        region_setting(network.villages[0], "day_count_mode")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("day_count_mode", "lunar", "只能取"),
        ("advisor.max_villages", 0, "不能小于 1"),
        ("advisor.max_villages", "5", "应为整数"),
        ("no.such.key", 1, "未登记的区域参数"),
    ],
)
def test_bad_values_are_refused(network, key, value, message):
    with pytest.raises(DomainError, match=message):
        set_region_setting(region=network.county, key=key, value=value, effective_from=datetime.date(2025, 1, 1))
    assert not RegionSetting.objects.exists()
