"""The bulletin (通报): the regions beneath ranked on chosen indicators, in each indicator's
direction, ties sharing a rank; stored as issued; rendered as xlsx (read back with openpyxl) and PDF."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine

from gongfa.core.errors import DomainError, NotPermitted
from gongfa.performance.choices import Direction
from gongfa.performance.models import Bulletin
from gongfa.performance.report_files import bulletin_xlsx, report_xlsx
from gongfa.performance.services import reports as services
from gongfa.performance.tests.reports_setup import NOV, NOW, fact, make_indicators, make_people, make_template

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def test_rank_is_competition_ranking_in_the_direction():
    values = [("a", Decimal(5)), ("b", Decimal(9)), ("c", Decimal(5)), ("d", None), ("e", Decimal(1))]
    assert services.rank(values, Direction.HIGHER) == {"a": 2, "b": 1, "c": 2, "d": None, "e": 4}
    assert services.rank(values, Direction.LOWER) == {"a": 2, "b": 4, "c": 2, "d": None, "e": 1}
    assert services.rank([], Direction.HIGHER) == {}


@pytest.fixture
def setup(network):
    indicators = make_indicators()
    people = make_people(network)
    one, two = network.townships
    # township 1: 6 received; 4 closed, 3 on time (75.0 %); review 10 days over 4 cases (2.5)
    fact("wo.received", datetime.date(2026, 11, 2), network.villages[0], 4)
    fact("wo.received", datetime.date(2026, 11, 29), network.villages[1], 2)
    fact("wo.closed", datetime.date(2026, 11, 5), network.villages[0], 4)
    fact("wo.closed_on_time", datetime.date(2026, 11, 5), network.villages[0], 3)
    fact("la.review_days_sum", datetime.date(2026, 11, 5), network.villages[0], 10)
    fact("la.reviewed", datetime.date(2026, 11, 5), network.villages[0], 4)
    # township 2: 6 received (a tie); 8 closed, 8 on time (100.0 %); review 9 days over 2 (4.5)
    fact("wo.received", datetime.date(2026, 11, 10), network.villages[3], 6)
    fact("wo.closed", datetime.date(2026, 11, 10), network.villages[3], 8)
    fact("wo.closed_on_time", datetime.date(2026, 11, 10), network.villages[3], 8)
    fact("la.review_days_sum", datetime.date(2026, 11, 10), network.villages[3], 9)
    fact("la.reviewed", datetime.date(2026, 11, 10), network.villages[3], 2)
    # December does not count
    fact("wo.received", datetime.date(2026, 12, 1), network.villages[3], 50)
    return indicators, people, one, two


def _issue(network, people, codes, **kwargs):
    with time_machine.travel(NOW, tick=False):
        return services.issue_bulletin(people.county, network.county, START, END, codes, **kwargs)


def test_bulletin_ranks_the_townships(network, setup):
    _indicators, people, one, two = setup
    bulletin = _issue(network, people, ["wo_close_on_time_rate", "wo_received", "la_review_days_mean"])
    assert bulletin.title == "示范县2026年11月公共法律服务工作通报"
    assert bulletin.indicator_codes == ["wo_close_on_time_rate", "wo_received", "la_review_days_mean"]
    table = {
        row["region_code"]: {cell["code"]: (cell["value"], cell["rank"]) for cell in row["cells"]}
        for row in bulletin.rows
    }
    assert table[two.code] == {
        "wo_close_on_time_rate": ("100.0", 1),
        "wo_received": ("6", 1),
        "la_review_days_mean": ("4.5", 2),  # lower is better
    }
    assert table[one.code] == {
        "wo_close_on_time_rate": ("75.0", 2),
        "wo_received": ("6", 1),  # a tie shares the rank
        "la_review_days_mean": ("2.5", 1),
    }
    # ordered by the first indicator's rank
    assert [row["region_name"] for row in bulletin.rows] == ["示范2镇", "示范1镇"]


def test_a_region_without_data_has_no_rank(network, setup):
    _indicators, people, one, two = setup
    bulletin = _issue(network, people, ["la_review_days_mean"], title="审查时效通报")
    fact("la.reviewed", datetime.date(2026, 11, 10), network.villages[3], -2)  # township 2 loses its cases
    fact("la.review_days_sum", datetime.date(2026, 11, 10), network.villages[3], -9)
    later = _issue(network, people, ["la_review_days_mean"])
    cells = {row["region_code"]: row["cells"][0] for row in later.rows}
    assert (cells[two.code]["value"], cells[two.code]["rank"]) == (None, None)
    assert cells[one.code]["rank"] == 1
    bulletin.refresh_from_db()
    assert bulletin.title == "审查时效通报"
    assert {row["region_code"]: row["cells"][0]["rank"] for row in bulletin.rows} == {one.code: 1, two.code: 2}


def test_bulletin_xlsx_holds_the_figures(network, setup):
    people = setup[1]
    bulletin = _issue(network, people, ["wo_close_on_time_rate", "la_review_days_mean"])
    sheet = openpyxl.load_workbook(io.BytesIO(bulletin_xlsx(bulletin))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0].startswith("示范县2026年11月公共法律服务工作通报")
    assert values[1] == ("地区", "按时办结率（%）", "按时办结率排名", "平均审查天数（天）", "平均审查天数排名")
    assert values[2] == ("示范2镇", 100, 1, 4.5, 2)
    assert values[3] == ("示范1镇", 75, 2, 2.5, 1)


def test_report_xlsx_holds_the_cells(network, setup):
    _indicators, people, _one, _two = setup
    template = make_template(make_indicators())
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(people.county, template, network.county, NOV)
        services.save_typed_cells(people.county, report, {"funds": "3.5", "notes": '=HYPERLINK("x")'})
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, services.report_cells(report)))).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    assert rows["工单受理量"][:2] == (12, 0)  # October computed: none received
    assert rows["按时办结率"][:2] == (91.7, None)  # 11 of 12 closed on time; October: none closed, no rate
    assert rows["经费支出（万元）"][0] == 3.5
    assert rows["情况说明"][0] == '=HYPERLINK("x")'  # text, never a formula
    assert rows["一、工单"] == (None, None, None, None, None, None)


def test_bulletin_pdf_renders(network, setup):
    from gongfa.performance.pdf import bulletin_html, bulletin_pdf

    _indicators, people, _one, _two = setup
    bulletin = _issue(network, people, ["wo_received"])
    assert "示范1镇" in bulletin_html(bulletin)
    assert bulletin_pdf(bulletin).startswith(b"%PDF")


def test_bad_bulletins_are_refused_with_every_problem(network, setup):
    _indicators, people, _one, _two = setup
    with time_machine.travel(NOW, tick=False), pytest.raises(DomainError) as caught:
        services.issue_bulletin(people.county, network.county, END, START, ["wo_received", "nosuch"], title="标" * 129)
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("end", "bad_period"),
        ("indicators", "unknown_indicator"),
        ("title", "too_long"),
    }
    with time_machine.travel(NOW, tick=False), pytest.raises(DomainError) as caught:
        services.issue_bulletin(people.county, network.county, START, datetime.date(2026, 12, 3), [])
    assert {(p.field, p.code) for p in caught.value.problems} == {("end", "bad_period"), ("indicators", "required")}
    with time_machine.travel(NOW, tick=False), pytest.raises(DomainError, match="没有下级区划"):
        services.issue_bulletin(people.county, network.villages[0], START, END, ["wo_received"])
    with time_machine.travel(NOW, tick=False), pytest.raises(NotPermitted):
        services.issue_bulletin(people.township, network.county, START, END, ["wo_received"])  # outside its scope
    assert not Bulletin.objects.exists()
