"""Performance management's must-show journey (issue #12), in a real browser on a desktop and a
phone, axe-core on every page visited:

- a county supervisor sets the year's target for legal-aid cases (法律援助申请受理量) and splits it
  among the townships (first a split that does not add up: the error summary explains it);
- opens 绩效管理 and drills down to a township;
- generates last month's report (the shipped 工单与法律援助工作月报表), types its one manual cell
  (法律援助经费支出) and submits it;
- the city supervisor returns it with a reason; the county fixes the cell and resubmits; the city
  accepts it;
- the city issues a bulletin ranking its counties and downloads it as xlsx, whose figures are
  checked against the work orders and legal-aid applications in the database.

Last month's work orders and applications are made through the services under a clock set to that
month (the live server then runs on the real clock: the browser keeps its session cookie), so the
report can be generated whatever the day the test runs (in December 2026 it is the November report).
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import save_draft, submit_application
from gongfa.network.choices import PointTier
from gongfa.network.models import Region, ServicePoint
from gongfa.performance.choices import ReportStatus
from gongfa.performance.definitions import load_indicators
from gongfa.performance.models import Bulletin, MonthlyReport, Target
from gongfa.performance.periods import add_months, month_end, month_start
from gongfa.performance.rollup import refresh_pending
from gongfa.performance.templates_loader import load_files, template_files
from gongfa.testing.factories import TEST_PASSWORD, CitizenFactory, UserFactory, build_network, make_id_number, post
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order
from tests.browser.conftest import PHONE, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
TEMPLATE = "workorder-legalaid-monthly"
# A migrant worker's wage claim: no means test (《法律援助法》第42条), so no hardship standard needed.
WAGES = {
    "matter_code": "labour_pay",
    "facts": "在工地干了三个月，老板一直不发工资，共欠一万二千元。",
    "opponent_name": "某建筑劳务公司",
    "exempt_group": "migrant_worker",
}


def _last_month() -> datetime.date:
    return add_months(month_start(timezone.localdate()), -1)


def _at(month: datetime.date, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(month.year, month.month, day, hour, tzinfo=BEIJING)


def _seed_history(month: datetime.date, plan: dict[Region, tuple[int, int]], agent: Any) -> None:
    """For each village: (work orders, legal-aid applications) received in `month`, through the
    services (every other order by the 12348 agent, the rest on the portal; an application also
    opens its work order), then the rollups refreshed."""
    seq = 100
    with time_machine.travel(_at(month, 10), tick=False) as clock:
        for index, (village, (orders, applications)) in enumerate(plan.items()):
            clock.move_to(_at(month, 10 + index))
            for number in range(orders):
                hotline = number % 2 == 1
                create_work_order(
                    channel=Channel.HOTLINE if hotline else Channel.PORTAL,
                    region=village,
                    text="邻居装修把我家墙震裂了，想问怎么维权",
                    requester=CitizenFactory(),
                    received_by=agent if hotline else None,
                )
            for _ in range(applications):
                seq += 1
                citizen = CitizenFactory(id_number=make_id_number(birth=datetime.date(1985, 5, 1), seq=seq))
                submit_application(application=save_draft(applicant=citizen, region=village, data=WAGES), actor=citizen)
    refresh_pending()


def _world() -> dict[str, Any]:
    # The shipped indicators and report templates (migrations 0002/0003): a transactional test
    # before this one may have flushed them, so load them again (both loaders update in place).
    load_indicators()
    load_files(template_files())
    county = build_network()  # 示范省 › 示范市 › 示范县 › 示范1镇, 示范2镇
    neighbour = build_network(prefix="330103", townships=1, name="东湖")  # 东湖县, the city's other county
    county_sup = UserFactory(role=Role.SUPERVISOR, username="county_sup", real_name="郑主任")
    post(county_sup, county.centre)
    city_centre = ServicePoint.objects.create(name="示范市公共法律服务中心", tier=PointTier.CENTRE, region=county.city)
    city_sup = UserFactory(role=Role.SUPERVISOR, username="city_sup", real_name="王处长")
    post(city_sup, city_centre)
    agent = UserFactory(role=Role.HOTLINE_AGENT, username="agent", real_name="孙坐席")
    post(agent, county.centre)
    month = _last_month()
    _seed_history(
        month,
        {
            county.villages[0]: (2, 2),  # 示范1镇
            county.villages[3]: (0, 1),  # 示范2镇
            neighbour.villages[0]: (6, 1),
        },
        agent,
    )
    return {"county": county, "neighbour": neighbour, "month": month}


# ---------------------------------------------------------------------------------------------
# Independent figures: counted from the records, not from the rollups


def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=BEIJING)
    return start, datetime.datetime.combine(month_end(month), datetime.time.max, tzinfo=BEIJING)


def _orders_received(region: Region, month: datetime.date) -> int:
    """Work orders submitted in the month in the region's subtree."""
    return WorkOrder.objects.filter(
        created_at__range=_month_bounds(month), region_code__range=region.subtree_bounds()
    ).count()


def _applications_received(region: Region, month: datetime.date) -> int:
    """Legal-aid applications received in the month in the region's subtree."""
    return LegalAidApplication.objects.filter(
        received_at__range=_month_bounds(month), region__code__range=region.subtree_bounds()
    ).count()


# ---------------------------------------------------------------------------------------------
# Browser steps


def _new_page(browser: Any, device: str) -> Any:
    options: dict[str, Any] = dict(PHONE) if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _login(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/staff/login/")
    assert_accessible(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/([a-z-]+/)?$"))
    assert_accessible(page)


def _submitted(page: Any, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def _errors(page: Any) -> str:
    summary = page.locator(".error-summary")
    summary.wait_for()
    return str(summary.inner_text())


def _status(page: Any) -> str:
    return str(page.get_by_test_id("report-status").inner_text())


def _cell(page: Any, row: str) -> str:
    return str(page.locator(f'[data-testid="report-cells"] tr[data-row="{row}"] td').first.inner_text())


def _set_and_split_target(page: Any, world: dict[str, Any]) -> None:
    county = world["county"]
    one, two = county.townships
    year = timezone.localdate().year
    page.get_by_test_id("nav-performance").click()
    page.wait_for_url(re.compile(r"/workbench/performance/$"))
    page.get_by_test_id("performance-subnav").get_by_role("link", name="目标任务").click()
    page.wait_for_url(re.compile(r"/workbench/performance/targets/$"))
    assert_accessible(page)
    page.get_by_role("link", name="下达目标").click()
    page.wait_for_url(re.compile(r"/targets/new/$"))
    assert_accessible(page)
    form = page.get_by_test_id("set-target")
    form.get_by_label("指标").select_option("la_received")
    form.get_by_label("区划").select_option(county.county.code)
    form.get_by_label("年度").fill(str(year))
    form.get_by_label("目标值").fill("120")
    form.get_by_label("文件依据").fill("示司发〔2026〕8号")
    _submitted(page, "下达")
    page.wait_for_url(re.compile(r"/targets/\d+/$"))
    assert "120" in page.get_by_test_id("target-summary").inner_text()
    assert_accessible(page)

    # A split that does not add up: explained in the error summary, nothing saved.
    split = page.get_by_test_id("split-form")
    split.get_by_label("逐项填写").check()
    split.get_by_label(one.name, exact=True).fill("70")
    split.get_by_label(two.name, exact=True).fill("40")
    _submitted(page, "保存分解")
    assert "分解合计 110，比上级目标 120 少 10。各下级目标之和须等于上级目标。" in _errors(page)
    assert_accessible(page)
    target = Target.objects.get(indicator__code="la_received", region=county.county, year=year)
    assert not target.parts.exists()

    split = page.get_by_test_id("split-form")
    split.get_by_label(two.name, exact=True).fill("50")
    _submitted(page, "保存分解")
    page.get_by_test_id("parts").wait_for()
    assert page.locator(".error-summary").count() == 0
    assert "分解合计 120" in page.get_by_test_id("parts-total").inner_text()
    assert_accessible(page)
    parts = dict(target.parts.values_list("region__code", "value"))
    assert parts == {one.code: Decimal(70), two.code: Decimal(50)}


def _drill_down(page: Any, world: dict[str, Any]) -> None:
    county = world["county"]
    township = county.townships[0]
    page.get_by_test_id("nav-performance").click()
    page.wait_for_url(re.compile(r"/workbench/performance/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "绩效看板：示范县"
    assert_accessible(page)
    page.get_by_role("link", name=township.name, exact=True).first.click()
    page.wait_for_url(re.compile(rf"region={township.code}"))
    assert page.get_by_role("heading", level=1).inner_text() == f"绩效看板：{township.name}"
    # The township's own figure: its villages' applications (2 last month, none since).
    tile = page.locator('[data-indicator="la_received"] .perf-tile__value')
    assert _applications_received(township, world["month"]) == 2
    assert tile.inner_text().strip() == "2 件"
    assert_accessible(page)


def _generate_and_submit(page: Any, world: dict[str, Any]) -> MonthlyReport:
    month = world["month"]
    page.get_by_test_id("performance-subnav").get_by_role("link", name="月报与通报").click()
    page.wait_for_url(re.compile(r"/workbench/performance/reports/$"))
    assert_accessible(page)
    page.get_by_label("报表").select_option(TEMPLATE)
    page.get_by_label("月份").fill(f"{month:%Y-%m}")
    _submitted(page, "生成")
    page.wait_for_url(re.compile(r"/workbench/performance/reports/\d+/$"))
    report = MonthlyReport.objects.get(template__code=TEMPLATE, region=world["county"].county, month=month)
    assert _status(page) == "草稿"
    # The figures come from the rollups of last month's records.
    assert _cell(page, "la_received") == str(_applications_received(world["county"].county, month)) == "3"
    assert _cell(page, "wo_received") == str(_orders_received(world["county"].county, month)) == "5"
    assert_accessible(page)

    # The one typed cell: a word is refused (with the row named), then a number is kept.
    page.get_by_label("法律援助经费支出（万元）").fill("约十二万")
    _submitted(page, "保存")
    assert "“法律援助经费支出（万元）”请填数字（如 12.5），现在是“约十二万”。" in _errors(page)
    assert_accessible(page)
    page.get_by_label("法律援助经费支出（万元）").fill("12.5")
    _submitted(page, "保存")
    assert _cell(page, "la_funds_spent") == "12.5"
    _submitted(page, "报送上一级")
    assert _status(page) == "已报送待审核"
    assert_accessible(page)
    return report


def _to_reports(page: Any) -> None:
    """绩效管理 in the main menu, then 月报与通报 in its sub-menu."""
    page.get_by_test_id("nav-performance").click()
    page.wait_for_url(re.compile(r"/workbench/performance/$"))
    page.get_by_test_id("performance-subnav").get_by_role("link", name="月报与通报").click()
    page.wait_for_url(re.compile(r"/workbench/performance/reports/$"))
    assert_accessible(page)


def _open_report(page: Any, world: dict[str, Any], report: MonthlyReport) -> None:
    _to_reports(page)
    page.get_by_test_id("expected-reports").get_by_role("link", name=world["county"].county.name).click()
    page.wait_for_url(re.compile(rf"/workbench/performance/reports/{report.pk}/$"))


def _bulletin(page: Any, world: dict[str, Any]) -> Bulletin:
    month, county, neighbour = world["month"], world["county"], world["neighbour"]
    page.get_by_role("link", name="制发通报").click()
    page.wait_for_url(re.compile(r"/bulletins/new/$"))
    assert_accessible(page)
    page.get_by_label("通报单位").select_option(county.city.code)
    page.get_by_label("起始日期").fill(month.isoformat())
    page.get_by_label("截止日期").fill(month_end(month).isoformat())
    page.get_by_label("法律援助申请受理量", exact=True).check()
    page.get_by_label("工单受理量", exact=True).check()
    _submitted(page, "制发")
    page.wait_for_url(re.compile(r"/bulletins/\d+/$"))
    assert_accessible(page)
    bulletin = Bulletin.objects.get()
    assert bulletin.title == f"示范市{month.year}年{month.month}月公共法律服务工作通报"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Excel").click()
    download = download_info.value
    assert download.suggested_filename == f"{bulletin.title}.xlsx"
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(index for index, row in enumerate(rows) if row[0] == "地区")
    # The indicators in their catalogue order (工单受理量 first), each a value and a rank.
    assert rows[header][1:5] == [
        "工单受理量（件）",
        "工单受理量排名",
        "法律援助申请受理量（件）",
        "法律援助申请受理量排名",
    ]
    # From the records: 示范县 3 applications and 5 orders (2 + the 3 applications' own), 东湖县
    # 1 application and 7 orders.
    figures = {
        region.name: (_orders_received(region, month), _applications_received(region, month))
        for region in (county.county, neighbour.county)
    }
    assert figures == {"示范县": (5, 3), "东湖县": (7, 1)}
    # Ranked on each indicator, the larger first; the rows in the order of the first indicator.
    body = [row[:5] for row in rows[header + 1 : header + 3]]
    assert body == [
        ["东湖县", figures["东湖县"][0], 1, figures["东湖县"][1], 2],
        ["示范县", figures["示范县"][0], 2, figures["示范县"][1], 1],
    ]
    assert str(rows[header + 3][0]).startswith("排名：")  # the notes follow: no other region ranked
    return bulletin


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_county_target_report_cycle_and_city_bulletin(
    live_server: Any, browser: Any, device: str, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = _world()
    base = live_server.url
    county_page = _new_page(browser, device)
    city_page = _new_page(browser, device)
    try:
        # The county: target and split, the dashboard, the report.
        _login(county_page, base, "county_sup")
        _set_and_split_target(county_page, world)
        _drill_down(county_page, world)
        report = _generate_and_submit(county_page, world)

        # The city returns it with a reason.
        _login(city_page, base, "city_sup")
        _open_report(city_page, world, report)
        assert _status(city_page) == "已报送待审核"
        assert_accessible(city_page)
        _submitted(city_page, "退回修改")  # no reason: refused
        assert "退回须填写原因。" in _errors(city_page)
        assert_accessible(city_page)
        reason = "经费支出与财务决算不符，请按财务数据核实后重报。"
        city_page.get_by_label("退回原因").fill(reason)
        _submitted(city_page, "退回修改")
        assert _status(city_page) == "已退回修改"
        assert_accessible(city_page)

        # The county fixes the cell and resubmits.
        county_page.reload()
        assert _status(county_page) == "已退回修改"
        assert county_page.get_by_test_id("return-reason").inner_text() == reason
        county_page.get_by_label("法律援助经费支出（万元）").fill("13.25")
        _submitted(county_page, "保存")
        assert _cell(county_page, "la_funds_spent") == "13.25"
        _submitted(county_page, "报送上一级")
        assert _status(county_page) == "已报送待审核"
        assert_accessible(county_page)

        # The city accepts it, then ranks its counties.
        city_page.reload()
        _submitted(city_page, "审核通过")
        assert _status(city_page) == "已审核通过"
        assert_accessible(city_page)
        report.refresh_from_db()
        assert report.status == ReportStatus.ACCEPTED
        assert report.cells.get(row__code="la_funds_spent").value == Decimal("13.25")
        _to_reports(city_page)
        _bulletin(city_page, world)
    finally:
        county_page.context.close()
        city_page.context.close()
