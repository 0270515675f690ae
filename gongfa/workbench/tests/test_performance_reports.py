"""The monthly report and bulletin pages: list (constant queries), generate, the report page with
its typed inputs, warnings and actions, refusals shown with status 400 (every problem at once,
nothing changed), the region subtree, and the downloads (xlsx read back with openpyxl)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.performance.choices import ReportStatus
from gongfa.performance.models import Bulletin, MonthlyReport
from gongfa.performance.services import reports as services
from gongfa.performance.tests.reports_setup import NOV, NOW, fact, make_indicators, make_people, make_template
from gongfa.testing.factories import UserFactory, build_network, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(network):
    template = make_template(make_indicators())
    people = make_people(network)
    fact("wo.received", datetime.date(2026, 11, 3), network.villages[0], 9)
    fact("wo.closed", datetime.date(2026, 11, 3), network.villages[0], 4)
    fact("wo.closed_on_time", datetime.date(2026, 11, 3), network.villages[0], 3)
    fact("wo.received", datetime.date(2026, 11, 9), network.villages[3], 2)
    return template, people


def _report(network, setup) -> MonthlyReport:
    template, people = setup
    return services.generate_report(people.county, template, network.county, NOV)


def test_generate_from_the_list_page(client, network, setup):
    template, people = setup
    client.force_login(people.county)
    page = client.get(reverse("workbench:perf_reports"))
    assert page.status_code == 200
    assert "生成月报" in page.content.decode()
    response = client.post(reverse("workbench:perf_report_generate"), {"template": template.code, "month": "2026-11"})
    report = MonthlyReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("workbench:perf_report", args=[report.pk])
    assert report.cells.get(row__code="wo_received").value == Decimal(11)


def test_generate_refusals_all_at_once(client, network, setup):
    _template, people = setup
    client.force_login(people.county)
    response = client.post(reverse("workbench:perf_report_generate"), {"template": "", "month": "2026-13"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择报表。" in body and "月份的格式不正确" in body
    response = client.post(reverse("workbench:perf_report_generate"), {"template": "test-monthly", "month": "2026-12"})
    assert response.status_code == 400
    assert "2026年12月尚未结束，不能生成月报。" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_the_list_shows_children_reports_with_lateness_in_constant_queries(
    client, network, setup, django_assert_max_num_queries
):
    template, people = setup
    report = _report(network, setup)
    with time_machine.travel(datetime.datetime(2026, 12, 28, 9, tzinfo=NOW.tzinfo), tick=False):
        client.force_login(people.city)  # sessions expire: log in on the day
        with CaptureQueriesContext(connection) as one:
            page = client.get(reverse("workbench:perf_reports"))
        body = page.content.decode()
        assert "示范县" in body and "草稿" in body and "逾期 3 天" in body
        for prefix in ("330103", "330104", "330105"):
            other = build_network(prefix=prefix, townships=1, villages_per_township=1, name=prefix)
            county_sup = UserFactory(role="supervisor")
            post(county_sup, other.centre)
            services.generate_report(county_sup, template, other.county, NOV)
        with django_assert_max_num_queries(len(one.captured_queries)):
            page = client.get(reverse("workbench:perf_reports"))
    assert len(one.captured_queries) <= 14
    assert page.content.decode().count("/workbench/performance/reports/") >= 4
    assert report.pk


def test_other_counties_do_not_see_the_report(client, network, setup):
    report = _report(network, setup)
    other = build_network(prefix="330103", townships=1, villages_per_township=1, name="邻")
    neighbour = UserFactory(role="supervisor", username="neighbour")
    post(neighbour, other.centre)
    client.force_login(neighbour)
    assert client.get(reverse("workbench:perf_report", args=[report.pk])).status_code == 404
    assert client.get(reverse("workbench:perf_report_xlsx", args=[report.pk])).status_code == 404
    assert "示范县" not in client.get(reverse("workbench:perf_reports")).content.decode()


def test_typed_cells_with_every_problem_at_once(client, network, setup):
    _template, people = setup
    report = _report(network, setup)
    client.force_login(people.county)
    page = client.get(reverse("workbench:perf_report", args=[report.pk]))
    assert page.status_code == 200
    assert 'name="cell_funds"' in page.content.decode()
    response = client.post(
        reverse("workbench:perf_report_cells", args=[report.pk]),
        {"cell_funds": "abc", "cell_events": "-1", "cell_change": "2.5", "cell_notes": "x"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "“经费支出（万元）”请填数字（如 12.5），现在是“abc”。" in body
    assert "“宣传活动场次”不能为负数。" in body
    assert "“较上年增减”请填整数（如 12），现在是“2.5”。" in body
    assert not report.cells.filter(text="x").exists()
    response = client.post(
        reverse("workbench:perf_report_cells", args=[report.pk]), {"cell_funds": "8.5", "cell_notes": "无异常"}
    )
    assert response.status_code == 302
    assert report.cells.get(row__code="funds").value == Decimal("8.5")


def test_cycle_through_the_pages(client, network, setup):
    _template, people = setup
    report = _report(network, setup)
    url = reverse("workbench:perf_report", args=[report.pk])
    client.force_login(people.county)
    response = client.post(reverse("workbench:perf_report_action", args=[report.pk, "submit"]))
    assert response.status_code == 400
    assert "请填写“经费支出（万元）”。" in response.content.decode()
    client.post(reverse("workbench:perf_report_cells", args=[report.pk]), {"cell_funds": "8"})
    page = client.get(url).content.decode()
    assert "请核实以下数据" not in page  # October had nothing: no ratio, no warning
    assert client.post(reverse("workbench:perf_report_action", args=[report.pk, "submit"])).status_code == 302
    # the county cannot decide its own report
    assert "审核通过</button>" not in client.get(url).content.decode()
    response = client.post(reverse("workbench:perf_report_action", args=[report.pk, "accept"]))
    assert response.status_code == 403 or response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(people.city)
    assert "退回修改</button>" in client.get(url).content.decode()
    response = client.post(reverse("workbench:perf_report_action", args=[report.pk, "return"]), {"reason": ""})
    assert response.status_code == 400
    assert "退回须填写原因。" in response.content.decode()
    response = client.post(
        reverse("workbench:perf_report_action", args=[report.pk, "return"]), {"reason": "经费与财务不符"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    client.force_login(people.county)
    assert "经费与财务不符" in client.get(url).content.decode()
    client.post(reverse("workbench:perf_report_cells", args=[report.pk]), {"cell_funds": "7.25"})
    assert client.post(reverse("workbench:perf_report_action", args=[report.pk, "submit"])).status_code == 302

    client.force_login(people.city)
    assert client.post(reverse("workbench:perf_report_action", args=[report.pk, "accept"])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    client.force_login(people.county)
    response = client.post(reverse("workbench:perf_report_action", args=[report.pk, "submit"]))
    assert response.status_code in (400, 409)
    assert "不能执行“报送”" in response.content.decode()
    assert client.post(reverse("workbench:perf_report_action", args=[report.pk, "nosuch"])).status_code == 404

    response = client.get(reverse("workbench:perf_report_xlsx", args=[report.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    assert rows["工单受理量"] == 11
    assert rows["按时办结率"] == 75
    assert rows["经费支出（万元）"] == 7.25


def test_report_pdf_download(client, network, setup):
    _template, people = setup
    report = _report(network, setup)
    client.force_login(people.county)
    response = client.get(reverse("workbench:perf_report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_bulletin_pages(client, network, setup):
    _template, people = setup
    client.force_login(people.county)
    page = client.get(reverse("workbench:perf_bulletin_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("workbench:perf_bulletin_new"),
        {"region": network.county.code, "start": "2026-11-30", "end": "2026-11-01", "indicators": ["nosuch"]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "截止日期不能早于起始日期。" in body and "排名指标的选项不在列表中" in body
    response = client.post(
        reverse("workbench:perf_bulletin_new"),
        {
            "region": network.county.code,
            "start": "2026-11-01",
            "end": "2026-11-30",
            "indicators": ["wo_received", "wo_close_on_time_rate"],
        },
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response.url == reverse("workbench:perf_bulletin", args=[bulletin.pk])
    page = client.get(response.url).content.decode()
    assert "示范1镇" in page and "示范2镇" in page
    xlsx = client.get(reverse("workbench:perf_bulletin_xlsx", args=[bulletin.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    # township 1: 9 received, 75.0 % on time; township 2: 2 received, no closing (no rate, no rank)
    assert rows[0] == ("示范1镇", 9, 1, 75, 1)
    assert rows[1] == ("示范2镇", 2, 2, None, None)
    assert client.get(reverse("workbench:perf_reports")).content.decode().count(bulletin.title) == 1
    # the township supervisor sees no county bulletin
    client.force_login(people.township)
    assert client.get(reverse("workbench:perf_bulletin", args=[bulletin.pk])).status_code == 404
