"""Document drafting in a real browser (issue #18).

1. A citizen on a phone drafts a 民间借贷 complaint with two loans and a guarantor: the interest of
   the first loan is capped at four times the LPR, and the review page says so with the rule; she
   stops halfway, signs in again later and resumes where she left off, makes the document and
   downloads the .docx (opened with python-docx: the parties, the claim total and the court) and
   the PDF.
2. A window clerk drafts a 劳动仲裁申请书 for a citizen from the citizen's work order: the name and
   phone come prefilled from the order.

axe-core checks the pages on the way."""

from __future__ import annotations

import datetime
import io
import re

import docx
import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import Interview
from gongfa.testing.factories import UserFactory, build_network, make_id_number, post
from gongfa.workorders.services import create_work_order
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_slice import _last_code
from tests.browser.test_hotline_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800138333"


def _sign_in(page, base: str) -> None:
    page.goto(base + "/drafting/")
    page.get_by_test_id("drafting-login").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    page.get_by_label("验证码").fill(_last_code(PHONE))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(r"/drafting/$"))


def _next(page, step: str) -> None:
    page.get_by_test_id("save-next").click()
    page.wait_for_url(re.compile(rf"/{step}/$"))


def _fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f'[name="{name}"]').fill(value)


def _choose(page, name: str, value: str) -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def test_a_citizen_drafts_a_loan_complaint_on_a_phone_stops_resumes_and_downloads(
    live_server, browser, phone_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_network()
    base = live_server.url
    page = phone_page
    _sign_in(page, base)
    assert_accessible(page)
    page.get_by_test_id("start-private_loan_complaint").click()
    page.wait_for_url(re.compile(r"/plaintiff/$"))
    assert_accessible(page)
    # Elder mode (large text) on the step: still one column, nothing scrolls sideways, still accessible.
    page.get_by_role("button", name="长辈模式").click()
    page.wait_for_url(re.compile(r"/plaintiff/$"))
    assert "elder" in (page.locator("html").get_attribute("class") or "")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    # 1 原告: all at once wrong first — every problem is listed, what was typed stays.
    _fill(page, {"plaintiff_name": "陈秀英", "plaintiff_id_number": "330102197001011230", "plaintiff_phone": "123"})
    page.get_by_test_id("save-next").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("li").count() >= 2  # the ID number's check digit and the phone, together
    assert page.locator('[name="plaintiff_name"]').input_value() == "陈秀英"
    assert_accessible(page)
    _choose(page, "plaintiff_sex", "female")
    _fill(
        page,
        {
            "plaintiff_birth_date": "1970-01-01",
            "plaintiff_id_number": make_id_number(birth=datetime.date(1970, 1, 1), seq=128),
            "plaintiff_address": "示范县城关镇东街1号",
            "plaintiff_phone": PHONE,
        },
    )
    _next(page, "defendants")
    # 2 被告
    _fill(page, {"defendants-1-defendant_name": "王建国", "defendants-1-defendant_address": "示范县城关镇西街9号"})
    _next(page, "agent")
    _choose(page, "has_agent", "false")
    _next(page, "service")
    _fill(page, {"service_address": "示范县城关镇东街1号", "service_recipient": "陈秀英"})
    _choose(page, "accepts_e_service", "false")
    _next(page, "loans")
    # 5 借款: two loans; the second is added with the button (the first's answers stay).
    _fill(
        page,
        {
            "loans-1-contract_date": "2024-03-01",
            "loans-1-principal": "50000",
            "loans-1-lent_on": "2024-03-01",
            "loans-1-agreed_rate": "24",
            "loans-1-repaid": "10000",
        },
    )
    _choose(page, "loans-1-delivery", "bank_transfer")
    page.get_by_test_id("add-loans").click()
    page.locator('[name="loans-2-principal"]').wait_for()
    assert page.locator('[name="loans-1-principal"]').input_value() == "50000"
    _fill(page, {"loans-2-contract_date": "2024-06-01", "loans-2-principal": "8000", "loans-2-lent_on": "2024-06-01"})
    _choose(page, "loans-2-delivery", "cash")
    _next(page, "guarantee")
    # She stops here: 保存，以后再填 (nothing on this page yet), and closes the phone.
    page.get_by_test_id("save-leave").click()
    page.wait_for_url(re.compile(r"/drafting/[0-9a-f-]{36}/$"))
    interview = Interview.objects.get()
    assert interview.current_step == "guarantee" and len(interview.answers["loans"]) == 2
    page.context.close()

    # Later, in a new browser session (signed in again: the SMS sign-in was shown above and a second
    # code within the minute is refused by its rate limit), 我的文书 → 接着填写: the guarantee step.
    later = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    session = Client()
    assert interview.citizen is not None
    session.force_login(interview.citizen)
    later.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    page = later.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/drafting/")
    page.get_by_test_id("my-drafts").get_by_role("link").first.click()
    page.get_by_test_id("resume").click()
    page.wait_for_url(re.compile(r"/guarantee/$"))
    _choose(page, "has_guarantor", "true")
    _fill(page, {"guarantors-1-guarantor_name": "李保山", "guarantors-1-guarantor_address": "示范县城关镇南街3号"})
    _choose(page, "guarantors-1-guarantee_type", "joint")
    _next(page, "claims")
    # 7 诉讼请求: interest to a chosen date.
    _fill(page, {"interest_until": "2025-03-01"})
    _choose(page, "claims_costs", "false")
    _next(page, "venue")
    _choose(page, "has_venue_clause", "false")
    _choose(page, "wants_preservation", "false")
    _next(page, "facts")
    page.locator('[name="facts"]').fill("被告于2024年3月向原告借款用于经营，到期后经多次催讨未还。")
    _fill(page, {"evidence-1-evidence_name": "借条原件", "evidence-1-evidence_source": "原告保存"})
    _next(page, "court")
    page.locator('[name="court"]').fill("示范县人民法院")
    page.get_by_test_id("save-next").click()
    page.wait_for_url(re.compile(r"/review/$"))

    # The review page: the whole document, the interest with the rule, the cap warning.
    preview = page.get_by_test_id("document-preview")
    assert "53520.00" in preview.inner_text() and "伍万叁仟伍佰贰拾元整" in preview.inner_text()
    assert "13.80%" in preview.inner_text()
    warnings = page.get_by_test_id("warnings").inner_text()
    assert "第二十五条" in warnings and "四倍" in warnings
    assert_accessible(page)
    page.get_by_test_id("generate").click()
    page.wait_for_url(re.compile(r"/drafting/[0-9a-f-]{36}/$"))
    assert "已生成文书" in page.get_by_test_id("status").inner_text()
    assert_accessible(page)

    with page.expect_download() as got:
        page.get_by_test_id("download-docx-1").click()
    parsed = docx.Document(io.BytesIO(open(got.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(
        [p.text for p in parsed.paragraphs]
        + [cell.text for table in parsed.tables for row in table.rows for cell in row.cells]
    )
    assert "陈秀英" in text and "王建国" in text and "李保山" in text
    assert "53520.00" in text and "示范县人民法院" in text
    with page.expect_download() as got_pdf:
        page.get_by_test_id("download-pdf-1").click()
    assert open(got_pdf.value.path(), "rb").read(5) == b"%PDF-"  # noqa: SIM115
    assert Interview.objects.get().status == InterviewStatus.COMPLETED
    later.close()


def test_a_window_clerk_drafts_an_arbitration_application_from_a_work_order(
    live_server, desktop_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = build_network()
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk", real_name="周干事")
    post(clerk, network.centre)
    order = create_work_order(
        channel=Channel.WINDOW,
        region=network.county,
        text="在工厂干了两年，被辞退没拿到补偿，还欠两个月工资，想申请劳动仲裁。",
        contact_name="赵大军",
        contact_phone="13900139000",
        received_by=clerk,
        handle_myself=True,
    ).order
    base = live_server.url
    page = desktop_page
    _staff_login(page, base, "clerk")
    page.goto(base + f"/workbench/drafting/?order={order.tracking_number}")
    assert order.tracking_number in page.get_by_test_id("drafting-order").inner_text()
    assert_accessible(page)
    page.get_by_test_id("template-labour_arbitration_application").check()
    page.get_by_test_id("start-drafting").click()
    page.wait_for_url(re.compile(r"/workbench/drafting/[0-9a-f-]{36}/applicant/$"))
    # Prefilled from the order: the name and the phone.
    assert page.locator('[name="applicant_name"]').input_value() == "赵大军"
    assert page.locator('[name="applicant_phone"]').input_value() == "13900139000"
    assert_accessible(page)
    interview = Interview.objects.get(work_order=order)
    assert interview.drafted_by == clerk and interview.point == network.centre and interview.channel == "window"
