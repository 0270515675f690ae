"""The issue's must-show for the hotline desk (#16), in a real browser: a call rings through the
CTI's URL with a known caller; the agent sees the caller's history with the number filled in,
picks the recipient in the searchable "派给…" list and registers the call, then redirects (改派)
the mis-routed order; the hang-up records the talk time and links the call; the receipt PDF
downloads. axe-core checks every page visited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.testing.factories import TEST_PASSWORD, UserFactory, build_network, post
from gongfa.workorders.choices import CallOutcome, WorkOrderStatus
from gongfa.workorders.models import CallRecord, HotlineQueue, WorkOrder
from gongfa.workorders.services import calls, create_work_order
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALLER = "13912345678"
CALL = "村里把我家的宅基地划给了别人，想问问怎么维权。"


def _staff_login(page, base: str, username: str) -> None:
    page.goto(base + "/workbench/")
    page.wait_for_url(re.compile(r"/accounts/staff/login/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/workbench/([a-z-]+/)*$"))


def test_ring_register_redirect_hang_up_and_receipt(live_server, desktop_page, tmp_path: Path):
    network = build_network()
    village = network.villages[2]  # its room has nobody: the rules would send it to station 1
    station1 = network.stations[network.townships[0].code]
    station2 = network.stations[network.townships[1].code]
    agent = UserFactory(role=Role.HOTLINE_AGENT, username="agent", real_name="孙坐席")
    post(agent, network.centre)
    clerk1 = UserFactory(role=Role.WINDOW_STAFF, username="clerk1", real_name="吴干事")
    post(clerk1, station1)
    clerk2 = UserFactory(role=Role.WINDOW_STAFF, username="clerk2", real_name="冯干事")
    post(clerk2, station2)
    HotlineQueue.objects.create(code="12348", name="12348热线", point=network.centre)
    earlier = create_work_order(
        channel=Channel.HOTLINE, region=village, text="上次问的欠薪问题", contact_phone=CALLER, received_by=agent
    ).order
    page = desktop_page
    base = live_server.url
    _staff_login(page, base, "agent")

    # 1. The call rings: the CTI opens the ring URL; the desk opens without the number in the URL.
    page.goto(f"{base}/workbench/hotline/ring/?caller={CALLER}&call_id=CTI-0001&queue=12348")
    page.wait_for_url(re.compile(r"/workbench/hotline/$"))
    assert CALLER not in page.url
    call = CallRecord.objects.get(call_id="CTI-0001")
    assert call.caller_phone == CALLER and call.agent == agent and call.outcome == CallOutcome.RINGING
    assert page.get_by_label("联系电话").input_value() == CALLER
    assert page.get_by_role("link", name=earlier.tracking_number).is_visible()  # the caller's history
    assert_accessible(page)
    calls.record_answer("CTI-0001", agent=agent)

    # 2. The agent records the call and picks the recipient by typing in "派给…".
    page.get_by_label("姓名").fill("李大爷")
    page.get_by_label("诉求内容").fill(CALL)
    page.get_by_label("所在村(社区)或乡镇").select_option(village.code)
    page.get_by_test_id("suggestion").wait_for()  # htmx: the suggestion for this region, with its reason
    page.wait_for_load_state("networkidle")
    assert "示范1镇公共法律服务工作站" in page.get_by_test_id("suggestion").inner_text()
    page.get_by_label("搜索服务点或机构（名称或地名）").fill("2镇")
    page.get_by_role("radio", name=re.compile(r"^示范1镇公共法律服务工作站")).wait_for(state="detached")  # filtered
    page.get_by_role("radio", name=re.compile(r"^示范2镇公共法律服务工作站")).check()
    assert_accessible(page)
    page.get_by_role("button", name="登记工单").click()
    page.get_by_text(re.compile(r"已登记工单 GF\d{8}-\d{5}")).wait_for()
    order = WorkOrder.objects.exclude(pk=earlier.pk).get()
    assert (order.owner_point, order.owner_user, order.status) == (station2, clerk2, WorkOrderStatus.ASSIGNED)
    assert "孙坐席登记时选择派至示范2镇公共法律服务工作站" in order.routing_reason
    assert CallRecord.objects.get(call_id="CTI-0001").order == order  # the desk remembered the call
    assert_accessible(page)

    # 3. It was the wrong station: 改派 from the order page (not "不由您承办，不能办理").
    page.get_by_test_id("last-order").get_by_role("link", name="派错了？改派").click()
    page.wait_for_url(re.compile(rf"/workbench/orders/{order.tracking_number}/"))
    assert page.get_by_text("不由您承办").count() == 0
    assert_accessible(page)
    page.get_by_label("搜索服务点或机构（名称或地名）").fill("1镇")
    page.get_by_role("radio", name=re.compile(r"^示范2镇公共法律服务工作站")).wait_for(state="detached")
    page.get_by_role("radio", name=re.compile(r"^示范1镇公共法律服务工作站")).check()
    page.get_by_label("改派原因").fill("来电人住在1镇，派错了")
    page.get_by_role("button", name="改派", exact=True).click()
    page.get_by_text("已改派至示范1镇公共法律服务工作站（吴干事）。").wait_for()
    order.refresh_from_db()
    assert (order.owner_point, order.owner_user, order.status) == (station1, clerk1, WorkOrderStatus.ASSIGNED)
    assert_accessible(page)

    # 4. The caller hangs up: the CTI reports it; the call gets its talk time.
    ended = calls.record_hangup("CTI-0001", result="registered", tracking_number=order.tracking_number)
    assert ended.talk_seconds is not None and ended.talk_seconds >= 0 and ended.order == order

    # 5. The receipt: the page to print, and the PDF.
    page.get_by_test_id("receipt-link").click()
    page.wait_for_url(re.compile(rf"/workbench/orders/{order.tracking_number}/receipt/$"))
    assert order.tracking_number in page.get_by_test_id("receipt-number").inner_text()
    assert CALLER not in page.content()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载PDF回执").click()
    target = tmp_path / "receipt.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
