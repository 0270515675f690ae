"""报送情况: what the level above sees of last month's reports beneath it, generated or not, with
each region's due day (region settings resolved in one query) and lateness."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.network.services import set_region_setting
from gongfa.performance.services import reports as services
from gongfa.performance.tests.reports_setup import NOV, NOW, make_indicators, make_people, make_template
from gongfa.testing.factories import UserFactory, build_network, post

pytestmark = pytest.mark.django_db


def test_the_city_sees_every_county_report_owed(network, django_assert_max_num_queries):
    from gongfa.performance.models import ReportTemplate

    ReportTemplate.objects.update(is_active=False)  # the shipped forms apart: only the test's form is owed
    template = make_template(make_indicators())
    people = make_people(network)
    second = build_network(prefix="330103", townships=1, villages_per_township=1, name="邻")
    third = build_network(prefix="330104", townships=1, villages_per_township=1, name="远")
    elsewhere = build_network(prefix="340101", townships=1, villages_per_township=1, name="外省")
    set_region_setting(
        region=network.city, key="performance.report_due_day", value=20, effective_from=datetime.date(2026, 1, 1)
    )
    set_region_setting(
        region=third.county, key="performance.report_due_day", value=27, effective_from=datetime.date(2026, 1, 1)
    )
    set_region_setting(  # not yet in force on 1 December
        region=third.county, key="performance.report_due_day", value=5, effective_from=datetime.date(2027, 1, 1)
    )
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(people.county, template, network.county, NOV)
    neighbour = UserFactory(role="supervisor")
    post(neighbour, second.centre)
    today = datetime.date(2026, 12, 23)
    with django_assert_max_num_queries(6):  # the scope (2, once a request), templates, regions, reports, settings
        owed = services.expected_reports(people.city, NOV, today=today)
    got = [(e.region.name, e.status_label, e.due_on, e.days_late, e.report) for e in owed]
    assert got == [
        ("示范县", "草稿", datetime.date(2026, 12, 20), 3, report),
        ("邻县", "未生成", datetime.date(2026, 12, 20), 3, None),
        ("远县", "未生成", datetime.date(2026, 12, 27), 0, None),
    ]
    assert elsewhere.county.name not in {e.region.name for e in owed}
    # a county supervisor sees its own line only; a township supervisor none
    assert [e.region.name for e in services.expected_reports(neighbour, NOV, today=today)] == ["邻县"]
    assert services.expected_reports(people.township, NOV, today=today) == []
    # the one-query due dates agree with region_setting's
    for county in (network.county, second.county, third.county):
        assert services.due_dates([county], NOV)[county.pk] == services.due_date(county, NOV)
