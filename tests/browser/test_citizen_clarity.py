"""The citizen's view on a phone, in Chinese and in English (issue #16 items 8, 9, 10b): a work order
transferred inside the network and then out to 12345, and a legal-aid application refused.

Each page says a state one way, from its case type's one table (never "已办结" beside "正在处理");
a transfer names where it went and why, on the page and in the timeline; the citizen's own words
stand apart from any answer; the refused application says how to object and asks for no rating
while the objection is open; the reviewer's note on the unverified hardship standard is on the
reviewer's page only. The English phrases are read from the catalogue (translation.override), so
the test holds once the msgids are translated. axe-core checks every page."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import ApplicationStatus, HardshipBasis
from gongfa.legalaid.models import HardshipStandard, LegalAidApplication
from gongfa.legalaid.public_status import LEGAL_AID_STATUS
from gongfa.legalaid.services import refuse, save_draft, submit_application
from gongfa.testing.factories import CitizenFactory, UserFactory, build_network, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.public_status import TRANSFER_OUT_PLACE, WORK_ORDER_STATUS
from gongfa.workorders.services import submit_question, transfer_out, transfer_work_order
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_slice import _last_code
from tests.browser.test_hotline_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800138616"
QUESTION = "邻居把排水沟堵了，一下雨水就漫进我家院子，怎么办？"
INSIDE_REASON = "需要镇工作站出面协调邻里"
OUTSIDE_REASON = "排水设施归住建部门管理，请他们处理"
REFUSAL = "家庭人均月收入高于本地区经济困难标准。"
STANDARD_NOTE = "演示数据：家庭人均月收入不高于当地最低工资标准（未核实）"
INCOME = {
    "matter_code": "labour_pay",
    "facts": "在工地干了三个月，老板一直不发工资，共欠一万二千元。",
    "opponent_name": "某建筑劳务公司",
    "exempt_group": "",
    "household_size": 1,
    "household_monthly_income": "9000",
}


def _world() -> dict[str, Any]:
    network = build_network()
    village = network.villages[0]
    room = network.rooms[village.code]
    station = network.stations[network.townships[0].code]
    citizen = CitizenFactory(phone=PHONE, real_name="王群众")
    room_clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(room_clerk, room)
    station_clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="吴干事")
    post(station_clerk, station)
    reviewer = UserFactory(role=Role.LEGAL_AID_REVIEWER, username="reviewer", real_name="陈审查")
    post(reviewer, network.legal_aid_centre)
    HardshipStandard.objects.create(
        region=network.province,
        basis=HardshipBasis.MIN_WAGE,
        base_amount=Decimal("2490"),
        multiplier=Decimal("1"),
        effective_from=datetime.date(2025, 1, 1),
        verified=False,
        source=STANDARD_NOTE,
    )
    # The order: passed from the village room to the township station, then out to 12345.
    order = submit_question(requester=citizen, village=village, text=QUESTION)
    transfer_work_order(order=order, actor=room_clerk, place=station, reason=INSIDE_REASON)
    transfer_out(order=WorkOrder.objects.get(pk=order.pk), actor=station_clerk, reason=OUTSIDE_REASON)
    # The application: above the standard, refused in writing.
    application = submit_application(
        application=save_draft(applicant=citizen, region=village, data=INCOME), actor=citizen
    )
    refuse(application=application, actor=reviewer, reasons=REFUSAL)
    return {"order": WorkOrder.objects.get(pk=order.pk), "application": application, "station": station}


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/my/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    page.get_by_label("验证码").fill(_last_code(PHONE))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(r"/my/$"))


def _fits_the_phone(page: Any) -> None:
    assert page.viewport_size["width"] == 390
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def _t(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def _phrase(table: Any, status: str, language: str) -> tuple[str, str]:
    with translation.override(language):
        return table.phrase(status), table.next_step(status)


def _check_order_page(page: Any, world: dict[str, Any], language: str) -> None:
    order, station = world["order"], world["station"]
    phrase, next_step = _phrase(WORK_ORDER_STATUS, WorkOrderStatus.TRANSFERRED_OUT, language)
    assert page.get_by_test_id("plain-status").inner_text() == phrase
    assert page.get_by_test_id("next-step").inner_text() == next_step
    with translation.override(language):
        inside = translation.gettext("已转交%(place)s办理") % {"place": station.name}
        outside = translation.gettext("已转交%(place)s，由其交有关部门办理") % {"place": TRANSFER_OUT_PLACE}
    # The summary names where it went last and why; the timeline shows both hand-overs and why.
    summary = page.get_by_test_id("transfer").inner_text()
    assert outside in summary and OUTSIDE_REASON in summary
    steps = page.get_by_test_id("citizen-timeline").locator("li")
    inside_step = steps.filter(has_text=inside)
    outside_step = steps.filter(has_text=outside)
    assert inside_step.count() == 1 and INSIDE_REASON in inside_step.inner_text()
    assert outside_step.count() == 1 and OUTSIDE_REASON in outside_step.inner_text()
    # The citizen's own words in their own block; no answer yet, and nothing says otherwise.
    assert page.get_by_test_id("own-words").inner_text() == QUESTION
    assert page.get_by_test_id("qa-answer").count() == 0 and page.get_by_test_id("answer").count() == 0
    main = page.locator("main").inner_text()
    for other in WorkOrderStatus.values:
        if other != WorkOrderStatus.TRANSFERRED_OUT:
            assert _phrase(WORK_ORDER_STATUS, other, language)[0] not in main, other
    for contradiction in ("正在处理", "已办结", "工作人员正在处理"):
        assert contradiction not in main
    for name in ("周干事", "吴干事"):
        assert name not in main  # staff stay unnamed
    assert order.tracking_number in main
    _fits_the_phone(page)
    assert_accessible(page)


def _check_refused_page(page: Any, language: str) -> None:
    phrase, next_step = _phrase(LEGAL_AID_STATUS, ApplicationStatus.REFUSED, language)
    assert page.get_by_test_id("legal-aid-status").inner_text() == phrase
    assert page.get_by_test_id("legal-aid-next").inner_text() == next_step
    assert page.get_by_role("button", name=_t(language, "提出异议")).count() == 1
    main = page.locator("main").inner_text()
    for other in ApplicationStatus.values:
        words = _phrase(LEGAL_AID_STATUS, other, language)[0]
        if other != ApplicationStatus.REFUSED and words not in phrase:
            assert words not in main, other
    # No rating while the objection route is open (item 9); the reviewer's notes stay with staff (10b).
    assert page.get_by_test_id("rate-link").count() == 0
    assert _t(language, "评价这次服务") not in main and _t(language, "请您评价") not in main
    for note in ("演示数据", "未核实", "尚未核对官方文本", STANDARD_NOTE):
        assert note not in main, note
    _fits_the_phone(page)
    assert_accessible(page)


def test_a_transferred_order_and_a_refused_application_read_plainly_on_a_phone_in_chinese_and_english(
    live_server, phone_page, desktop_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = _world()
    order, application = world["order"], world["application"]
    assert order.status == WorkOrderStatus.TRANSFERRED_OUT
    assert LegalAidApplication.objects.get(pk=application.pk).status == ApplicationStatus.REFUSED
    page, base = phone_page, live_server.url
    _sign_in(page, base)

    # 我的事项: the card says the state in the table's words.
    assert_accessible(page)
    card = page.locator("li.card", has_text=order.tracking_number)
    assert WORK_ORDER_STATUS.phrase(WorkOrderStatus.TRANSFERRED_OUT) in card.inner_text()
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/my/{order.tracking_number}/$"))
    _check_order_page(page, world, "zh-hans")

    # 法律援助 → the refused application.
    page.goto(base + "/legal-aid/")
    assert_accessible(page)
    assert LEGAL_AID_STATUS.phrase(ApplicationStatus.REFUSED) in page.locator("main").inner_text()
    page.goto(base + f"/legal-aid/cases/{application.pk}/")
    _check_refused_page(page, "zh-hans")

    # The same two pages in English.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    _check_refused_page(page, "en")
    page.goto(base + f"/my/{order.tracking_number}/")
    assert page.locator("html").get_attribute("lang") == "en"
    _check_order_page(page, world, "en")
    page.goto(base + "/my/")
    card = page.locator("li.card", has_text=order.tracking_number)
    assert _phrase(WORK_ORDER_STATUS, WorkOrderStatus.TRANSFERRED_OUT, "en")[0] in card.inner_text()

    # The reviewer sees the note the applicant never saw.
    _staff_login(desktop_page, base, "reviewer")
    desktop_page.goto(base + f"/workbench/legal-aid/{application.number}/")
    assert STANDARD_NOTE in desktop_page.locator("main").inner_text()


def test_a_refused_application_asks_for_no_rating_while_the_objection_route_is_open(
    live_server, phone_page, settings, tmp_path
):
    # Item 9: the order the application hangs on must not ask for a rating either while the
    # applicant may still object (the legal-aid services decide; this walks the citizen's pages).
    settings.MEDIA_ROOT = tmp_path / "media"
    world = _world()
    application = LegalAidApplication.objects.select_related("work_order").get(pk=world["application"].pk)
    page, base = phone_page, live_server.url
    _sign_in(page, base)
    page.goto(base + f"/legal-aid/cases/{application.pk}/")
    _check_refused_page(page, "zh-hans")
    assert application.work_order is not None  # the online application hangs on a work order
    page.goto(base + f"/my/{application.work_order.tracking_number}/")
    main = page.locator("main").inner_text()
    assert "请您评价" not in main and page.get_by_role("button", name="提交评价").count() == 0
    assert_accessible(page)
    page.goto(base + "/my/")
    assert "请评价" not in page.locator("main").inner_text()
