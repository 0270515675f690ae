"""Generating a monthly report from the rollups: hand-computed cells, last month's values, the due
day, regeneration keeping typed values, and the refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.services import set_region_setting
from gongfa.performance.choices import ReportStatus
from gongfa.performance.models import MonthlyReport, ReportCell
from gongfa.performance.services import reports as services
from gongfa.performance.tests.reports_setup import NOV, NOW, OCT, fact, make_indicators, make_people, make_template
from gongfa.testing.factories import build_network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(network):
    indicators = make_indicators()
    template = make_template(indicators)
    people = make_people(network)
    village_a, village_b = network.villages[0], network.villages[3]  # first and second township
    # November in the county: 3 + 2 + 4 = 9 received; 8 closed, 6 of them on time (75.0 %).
    fact("wo.received", datetime.date(2026, 11, 1), village_a, 3)
    fact("wo.received", datetime.date(2026, 11, 30), village_a, 2)
    fact("wo.received", datetime.date(2026, 11, 15), village_b, 4)
    fact("wo.closed", datetime.date(2026, 11, 20), village_a, 8)
    fact("wo.closed_on_time", datetime.date(2026, 11, 20), village_a, 6)
    # Outside the month: not counted in November.
    fact("wo.received", datetime.date(2026, 10, 31), village_a, 1)
    fact("wo.received", datetime.date(2026, 12, 1), village_a, 5)
    # October: 6 + 1 = 7 received, 4 closed all on time (100.0 %).
    fact("wo.received", datetime.date(2026, 10, 10), village_b, 6)
    fact("wo.closed", datetime.date(2026, 10, 10), village_b, 4)
    fact("wo.closed_on_time", datetime.date(2026, 10, 10), village_b, 4)
    # Another county of the same city: never in this county's report.
    other = build_network(prefix="330103", townships=1, villages_per_township=1, name="邻")
    fact("wo.received", datetime.date(2026, 11, 5), other.villages[0], 100)
    return template, people


def _cells(report: MonthlyReport) -> dict[str, ReportCell]:
    return {cell.row.code: cell for cell in report.cells.select_related("row")}


def test_generate_computes_indicator_rows_and_leaves_typed_rows_empty(network, setup):
    template, people = setup
    report = services.generate_report(people.county, template, network.county, datetime.date(2026, 11, 17))
    assert report.month == NOV
    assert report.status == ReportStatus.DRAFT
    assert report.due_on == datetime.date(2026, 12, 25)
    cells = _cells(report)
    assert set(cells) == {"wo_received", "wo_close_on_time_rate", "funds", "events", "change", "notes"}  # no heading
    assert cells["wo_received"].value == Decimal(9)
    assert cells["wo_received"].computed is True
    assert cells["wo_close_on_time_rate"].value == Decimal("75.0")
    # last month, computed (no October report): 7 received, 100.0 %
    assert cells["wo_received"].previous == Decimal(7)
    assert cells["wo_close_on_time_rate"].previous == Decimal("100.0")
    assert cells["funds"].value is None and cells["funds"].computed is False
    assert cells["funds"].previous is None


def test_previous_comes_from_last_months_report_where_there_is_one(network, setup):
    template, people = setup
    with time_machine.travel(datetime.datetime(2026, 11, 5, 10, tzinfo=NOW.tzinfo), tick=False):
        october = services.generate_report(people.county, template, network.county, OCT)
    services.save_typed_cells(people.county, october, {"funds": "12.5"})
    ReportCell.objects.filter(report=october, row__code="wo_received").update(value=Decimal(8))  # as reported
    report = services.generate_report(people.county, template, network.county, NOV)
    cells = _cells(report)
    assert cells["wo_received"].previous == Decimal(8)
    assert cells["funds"].previous == Decimal("12.5")
    assert cells["wo_close_on_time_rate"].previous == Decimal("100.0")


def test_outlier_warnings_against_last_month(network, setup):
    template, people = setup
    report = services.generate_report(people.county, template, network.county, NOV)
    warnings = services.check_report(report)
    # received: |9 - 7| / 7 = 0.29 ≤ 0.5, no warning; on time: |75 - 100| / 100 = 0.25 > 0.2
    assert [w.row_code for w in warnings] == ["wo_close_on_time_rate"]
    assert "上月 100" in warnings[0].message and "25" in warnings[0].message
    # a typed value with a previous of 0 or none gives no ratio and no warning
    services.save_typed_cells(people.county, report, {"events": "40"})
    ReportCell.objects.filter(report=report, row__code="events").update(previous=Decimal(10))
    warnings = services.check_report(report)
    # events: |40 - 10| / 10 = 3 > 1
    assert [w.row_code for w in warnings] == ["wo_close_on_time_rate", "events"]


def test_regenerate_refreshes_computed_cells_and_keeps_typed_values(network, setup):
    template, people = setup
    report = services.generate_report(people.county, template, network.county, NOV)
    services.save_typed_cells(people.county, report, {"funds": "3.25", "notes": "说明"})
    fact("wo.received", datetime.date(2026, 11, 28), network.villages[1], 10)  # a late-arriving fact
    again = services.generate_report(people.county, template, network.county, NOV)
    assert again.pk == report.pk
    cells = _cells(again)
    assert cells["wo_received"].value == Decimal(19)
    assert cells["funds"].value == Decimal("3.25")
    assert cells["notes"].text == "说明"
    assert MonthlyReport.objects.count() == 1


def test_due_day_is_a_region_setting(network, setup):
    template, people = setup
    set_region_setting(
        region=network.city, key="performance.report_due_day", value=20, effective_from=datetime.date(2026, 1, 1)
    )
    report = services.generate_report(people.county, template, network.county, NOV)
    assert report.due_on == datetime.date(2026, 12, 20)
    assert services.due_date(network.county, datetime.date(2026, 12, 1)) == datetime.date(2027, 1, 20)


def test_a_month_not_over_and_the_wrong_level_are_refused_together(network, setup):
    template, people = setup
    township = network.townships[0]
    with pytest.raises(NotPermitted):
        services.generate_report(people.county, template, township, NOV)  # not posted there
    with pytest.raises(DomainError) as caught:
        services.generate_report(people.township, template, township, datetime.date(2026, 12, 1))
    fields = {p.field: p.message for p in caught.value.problems}
    assert set(fields) == {"region", "month"}
    assert "由县(区)填报" in fields["region"]
    assert "尚未结束" in fields["month"]
    assert not MonthlyReport.objects.exists()


def test_the_level_above_may_not_generate_for_the_county(network, setup):
    template, people = setup
    with pytest.raises(NotPermitted):
        services.generate_report(people.city, template, network.county, NOV)
    assert not MonthlyReport.objects.exists()


def test_a_submitted_report_is_not_regenerated(network, setup):
    template, people = setup
    report = services.generate_report(people.county, template, network.county, NOV)
    services.save_typed_cells(people.county, report, {"funds": "1"})
    services.submit_report(people.county, report)
    fact("wo.received", datetime.date(2026, 11, 28), network.villages[1], 10)
    with pytest.raises(DomainError, match="不能重新生成"):
        services.generate_report(people.county, template, network.county, NOV)
    assert _cells(report)["wo_received"].value == Decimal(9)


def test_an_inactive_template_is_refused(network, setup):
    template, people = setup
    template.is_active = False
    template.save()
    with pytest.raises(DomainError, match="已停用"):
        services.generate_report(people.county, template, network.county, NOV)


def test_same_month_last_year_is_computed_and_shown_as_year_on_year(network, setup):
    """同比: November 2025 beside November 2026 (computed, no report then), and the change in %."""
    from gongfa.performance.report_files import report_lines, report_table

    fact("wo.received", datetime.date(2025, 11, 3), network.villages[0], 6)
    fact("wo.received", datetime.date(2025, 12, 1), network.villages[0], 50)  # not November
    template, people = setup
    report = services.generate_report(people.county, template, network.county, NOV)
    cells = _cells(report)
    assert cells["wo_received"].last_year == Decimal(6)
    assert cells["wo_close_on_time_rate"].last_year is None  # nothing closed in November 2025
    lines = {line["row"].code: line for line in report_lines(report, list(report.cells.all())) if not line["heading"]}
    assert lines["wo_received"]["year_change_text"] == "50%"  # (9 − 6) ÷ 6
    assert lines["wo_received"]["change_text"] == "28.6%"  # (9 − 7) ÷ 7, 环比 as before
    table = report_table(report, list(report.cells.all()))
    assert table.columns == ["栏目", "本月", "上月", "环比变化", "上年同月", "同比变化", "取数方式"]
    received = next(row for row in table.rows if row[0] == cells["wo_received"].row.label)
    assert received[4] == 6 and received[5] == "50%"


def test_last_year_comes_from_that_months_report_where_there_is_one(network, setup):
    template, people = setup
    with time_machine.travel(datetime.datetime(2025, 12, 5, 10, tzinfo=NOW.tzinfo), tick=False):
        earlier = services.generate_report(people.county, template, network.county, datetime.date(2025, 11, 1))
    services.save_typed_cells(people.county, earlier, {"funds": "3"})
    report = services.generate_report(people.county, template, network.county, NOV)
    assert _cells(report)["funds"].last_year == Decimal(3)
