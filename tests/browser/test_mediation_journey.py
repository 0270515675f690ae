"""People's mediation's must-show journey (issue #13), in a real browser on phones and a desktop,
axe-core on every page visited:

- a villager calls 12348 about his neighbour's renovation cracking his wall; the agent registers
  the call, the village room's clerk accepts it and converts it to a mediation case (转为案件 →
  人民调解), which goes to the village's committee;
- the committee adds the neighbour as respondent and invites him: the invitation link reaches his
  phone by SMS, and he consents on his phone (第17条);
- the committee accepts and assigns its mediator; the mediator, on a phone, starts the mediation,
  records two sessions, drafts the agreement and finalises it: the PDF is stored and each party
  gets their own confirmation link by SMS;
- both parties confirm on their phones, the mediator signs, the committee seals: the agreement is
  in force and the 30-day window for judicial confirmation opens (第33条);
- with the clock moved 23 days on, the daily reminder texts the respondent (no account) and
  notifies the applicant and the mediator;
- the mediator records the return visit (performed, 第31条); the committee closes the case and
  downloads the whole case file (卷宗) as one PDF;
- the villager signs in by SMS and rates the service on his work order;
- in the next month the county supervisor generates the monthly mediation report (人民调解工作月报表)
  and downloads it as xlsx, with the case counted.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from gongfa.accounts.choices import Role
from gongfa.accounts.sms import LocmemSmsBackend
from gongfa.mediation.choices import AgreementStatus, CaseStatus, Employment, Outcome
from gongfa.mediation.models import Agreement, MediationCase, Mediator
from gongfa.mediation.reports import REPORT_CODE, load_definitions
from gongfa.mediation.testing import build_world
from gongfa.notifications.models import Notification
from gongfa.performance.models import MonthlyReport
from gongfa.testing import files
from gongfa.testing.factories import CitizenFactory, UserFactory, post, staff
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from tests.browser.conftest import PHONE, assert_accessible
from tests.browser.test_first_slice import _last_code
from tests.browser.test_hotline_journey import _logout, _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
CALLER = "13912340001"  # 李大爷, the applicant (has used the portal: an account)
NEIGHBOUR = "13712340002"  # 王邻居, the respondent (no account)
CALL = "邻居家装修拆了承重墙，我家墙体开裂，想请村里调解，让他赔修缮费。"


def _link(phone: str, kind: str) -> str:
    """The path of the latest link of `kind` texted to `phone`."""
    for to, message in reversed(LocmemSmsBackend.outbox):
        match = re.search(rf"(/mediation/{kind}/\S+/)", message)
        if to == phone and match:
            return match.group(1)
    raise AssertionError(f"no {kind} link texted to {phone}: {LocmemSmsBackend.outbox}")


def _open_case(page: Any, base: str, case: MediationCase) -> None:
    page.goto(base + "/workbench/mediation/")
    assert_accessible(page)
    page.get_by_role("link", name=case.number).first.click()
    page.wait_for_url(re.compile(r"/workbench/mediation/cases/"))
    assert_accessible(page)


def _field(form: Any, label: str) -> Any:
    """The field labelled `label`, or `label` （选填） where the field is optional."""
    return form.get_by_label(re.compile(rf"^{re.escape(label)}( （选填）)?$"))


def _act(
    page: Any,
    name: str,
    fill: dict[str, str] | None = None,
    *,
    select: dict[str, str | int] | None = None,
    files: dict[str, str] | None = None,
) -> None:
    """Open the case page's action `name` (a <details>), fill it and submit: the page comes back with
    the success message, no error summary."""
    action = page.get_by_test_id(f"action-{name}")
    action.locator("summary").click()
    for label, value in (select or {}).items():
        # An option by its visible text, or by its value where the text carries more (a mediator's grade).
        field = _field(action, label)
        field.select_option(value=str(value)) if isinstance(value, int) else field.select_option(label=value)
    for label, value in (fill or {}).items():
        _field(action, label).fill(value)
    for label, path in (files or {}).items():
        _field(action, label).set_input_files(path)
    action.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert_accessible(page)


def _status(page: Any) -> str:
    return str(page.get_by_test_id("case-status").inner_text())


def _world() -> dict[str, Any]:
    world = build_world()
    net = world.net
    village = net.villages[0]
    agent = UserFactory(role=Role.HOTLINE_AGENT, username="agent", real_name="孙坐席")
    post(agent, net.centre)
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk", real_name="吴干事")
    post(clerk, net.rooms[village.code])
    chair = staff(Role.WINDOW_STAFF, at=world.village_committee.agency, username="chair", real_name="陈主任")
    mediator = staff(Role.MEDIATOR, at=world.village_committee.agency, username="mediator", real_name="周调解")
    Mediator.objects.create(user=mediator, committee=world.village_committee, employment=Employment.FULL_TIME)
    supervisor = UserFactory(role=Role.SUPERVISOR, username="county_sup", real_name="郑主任")
    post(supervisor, net.centre)
    citizen = CitizenFactory(phone=CALLER, real_name="李大爷")
    # The shipped mediation indicators and report template: a transactional test before this one
    # may have flushed them (the loader updates in place).
    load_definitions()
    return {"world": world, "village": village, "chair": chair, "mediator": mediator, "citizen": citizen}


def test_neighbour_dispute_from_the_hotline_to_the_monthly_report(
    live_server, browser, desktop_page, phone_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup = _world()
    photo = tmp_path / "身份证照片.jpg"
    photo.write_bytes(files.jpeg_with_gps())  # a phone photo: its GPS position is stripped on upload
    setup["photo"] = str(photo)
    village = setup["village"]
    base = live_server.url
    desk, mediator_phone = desktop_page, phone_page
    citizen_context = browser.new_context(locale="zh-CN", **PHONE)
    citizen_phone = citizen_context.new_page()
    neighbour_context = browser.new_context(locale="zh-CN", **PHONE)
    neighbour_phone = neighbour_context.new_page()
    # PDFs are rendered in some requests (the agreement, the case file): more than the usual 10 s.
    for page in (desk, mediator_phone, citizen_phone, neighbour_phone):
        page.set_default_timeout(30_000)
    try:
        _journey(setup, village, base, desk, mediator_phone, citizen_phone, neighbour_phone)
    finally:
        citizen_context.close()
        neighbour_context.close()


def _journey(setup, village, base, desk, mediator_phone, citizen_phone, neighbour_phone) -> None:
    # 1. The hotline agent registers the call.
    _staff_login(desk, base, "agent")
    desk.get_by_role("link", name="热线坐席台").click()
    desk.wait_for_url(re.compile(r"/workbench/hotline/"))
    desk.get_by_label("来电号码").fill(CALLER)
    desk.get_by_role("button", name="查找").click()
    desk.get_by_text("该号码没有历史工单。").wait_for()
    desk.get_by_label("姓名").fill("李大爷")
    desk.get_by_label("诉求内容").fill(CALL)
    desk.get_by_label("所在村(社区)或乡镇").select_option(village.code)
    desk.get_by_role("button", name="登记工单").click()
    desk.get_by_text(re.compile(r"已登记工单 GF\d{8}-\d{5}")).wait_for()
    assert_accessible(desk)
    order = WorkOrder.objects.get()
    assert order.owner_user is not None and order.owner_user.username == "clerk", order.routing_reason
    _logout(desk)

    # 2. The village room's clerk accepts it and converts it to people's mediation.
    _staff_login(desk, base, "clerk")
    desk.goto(base + f"/workbench/orders/{order.tracking_number}/")
    desk.get_by_role("button", name="受理", exact=True).click()
    desk.get_by_text(f"已受理工单 {order.tracking_number}。").wait_for()
    convert = desk.locator("#action-convert")
    convert.locator("summary").click()
    convert.get_by_label("案件类型").select_option(label="人民调解")
    convert.get_by_role("button", name="转为案件").click()
    desk.wait_for_load_state()
    assert_accessible(desk)
    case = MediationCase.objects.get(work_order=order)
    world = setup["world"]
    assert case.committee == world.village_committee and case.status == CaseStatus.APPLIED
    assert case.parties.get().name == "李大爷"  # the respondent is not known yet
    _logout(desk)

    # 3. The committee adds the neighbour and invites him; the link reaches his phone.
    _staff_login(desk, base, "chair")
    _open_case(desk, base, case)
    _act(desk, "add_party", {"姓名或名称": "王邻居", "联系电话": NEIGHBOUR}, select={"当事人地位": "被申请人"})
    # The order's topic named no dispute category: the committee corrects it (the statistics follow).
    _act(desk, "change_category", select={"纠纷类型": "邻里"})
    _act(desk, "seek_consent")
    case.refresh_from_db()
    assert case.status == CaseStatus.CONSENT_PENDING and case.category.code == "neighbour"
    invite = _link(NEIGHBOUR, "invite")
    assert NEIGHBOUR not in invite and "王邻居" not in invite  # no personal data in the link

    neighbour_phone.goto(base + invite)
    assert_accessible(neighbour_phone)
    dispute = neighbour_phone.get_by_test_id("dispute").inner_text()
    assert "李*爷" in dispute and "邻里" in dispute  # the name masked: an SMS may be forwarded
    neighbour_phone.get_by_label("同意调解", exact=True).check()
    neighbour_phone.get_by_label("您的姓名").fill("王邻居")
    neighbour_phone.get_by_role("button", name="提交答复").click()
    neighbour_phone.get_by_test_id("answered").wait_for()
    assert_accessible(neighbour_phone)

    # 4. The committee accepts and assigns its mediator.
    desk.reload()
    _act(desk, "accept")
    _act(desk, "assign_mediator", select={"主持调解员": Mediator.objects.get(user=setup["mediator"]).pk})
    assert "周调解" in desk.get_by_test_id("case-mediators").inner_text()
    _logout(desk)

    # 5. The mediator, on a phone: starts, two sessions, the agreement drafted and finalised.
    page = mediator_phone
    _staff_login(page, base, "mediator")
    assert "/workbench/mediation/" in page.url  # mediators land on their cases
    _open_case(page, base, case)
    _act(page, "start_mediation")
    now = timezone.localtime(timezone.now(), BEIJING)
    first = second = now  # the case was registered minutes ago: both sessions in this minute
    _act(
        page,
        "record_session",
        {
            "调解时间": f"{first:%Y-%m-%dT%H:%M}",
            "调解地点": "示范1镇1村村委会调解室",
            "参加人员": "李大爷、王邻居、周调解",
            "调解记录": "双方到场陈述；王邻居承认装修时拆除了部分墙体，同意查看开裂情况后协商。",
        },
        select={"调解方式": "现场调解", "附件种类": "身份证明"},
        files={"附件": setup["photo"]},
    )
    _act(
        page,
        "record_session",
        {
            "调解时间": f"{second:%Y-%m-%dT%H:%M}",
            "调解地点": "李大爷家",
            "参加人员": "李大爷、王邻居、周调解、村委会委员",
            "调解记录": "现场查看墙体裂缝；经调解，王邻居同意承担修缮费用八千元，十日内付清。",
        },
        select={"调解方式": "现场调解"},
    )
    assert page.locator(".plain-timeline li").count() == 2
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    _act(
        page,
        "draft_agreement",
        {
            "当事人基本情况": "申请人李大爷，示范1镇1村村民；被申请人王邻居，示范1镇1村村民。",
            "纠纷主要事实、争议事项及各方责任": "被申请人装修拆除部分墙体，致申请人房屋墙体开裂，负全部责任。",
            "协议内容": "被申请人赔偿申请人房屋修缮费用人民币八千元。",
            "履行方式": "现金或银行转账",
            "履行地点": "示范1镇1村村委会",
            "履行期限": deadline.isoformat(),
            "协议涉及金额（元）": "8000",
        },
    )
    _act(page, "finalise_agreement")
    agreement = Agreement.objects.get(case=case)
    assert agreement.status == AgreementStatus.FINALISED and agreement.number
    assert agreement.pdf, "the finalised agreement's PDF is stored"
    page.get_by_role("link", name="查看协议全文").click()
    assert_accessible(page)
    pdf = page.request.get(base + f"/workbench/mediation/agreements/{agreement.pk}/pdf/")
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
    with agreement.pdf.open("rb") as stored:
        assert pdf.body() == stored.read()  # the download is the stored file
    page.go_back()

    # 6. Both parties confirm on their phones, each by their own texted link.
    for phone, party_page in ((CALLER, citizen_phone), (NEIGHBOUR, neighbour_phone)):
        link = _link(phone, "agreement")
        party_page.goto(base + link)
        assert "八千元" in party_page.get_by_test_id("agreement-text").inner_text()
        assert_accessible(party_page)
        party_page.get_by_test_id("confirm").click()
        party_page.get_by_test_id("confirmed").wait_for()
        assert_accessible(party_page)

    # The mediator signs, the committee seals: in force, the 30-day window opens (第33条).
    page.reload()
    _act(page, "sign_as_mediator")
    _staff_login(desk, base, "chair")
    _open_case(desk, base, case)
    _act(desk, "seal_by_committee")
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREEMENT_EFFECTIVE and case.outcome == Outcome.WRITTEN_AGREEMENT
    assert case.confirmation_window_ends_on is not None
    assert case.confirmation_window_ends_on - timezone.localdate() >= datetime.timedelta(days=30)
    assert case.agreement_amount == 8000

    # 7. 23 days on, the daily reminder: the respondent by SMS, the applicant and the mediator notified.
    ends = case.confirmation_window_ends_on
    with time_machine.travel(
        datetime.datetime.combine(ends, datetime.time(9), tzinfo=BEIJING) - datetime.timedelta(days=7)
    ):
        call_command("mediation_reminders", stdout=io.StringIO())
    reminder = [m for to, m in LocmemSmsBackend.outbox if to == NEIGHBOUR and "司法确认" in m]
    assert len(reminder) == 1 and f"{ends:%Y年%m月%d日}" in reminder[0]
    notified = set(
        Notification.objects.filter(title__contains="司法确认").values_list("recipient__username", flat=True)
    )
    assert setup["mediator"].username in notified and setup["citizen"].username in notified

    # 8. The mediator's return visit: performed and satisfied (第31条).
    page.reload()
    assert_accessible(page)
    _act(
        page,
        "return_visit",
        {"回访记录": "电话回访，八千元已当面付清，双方满意。"},
        select={"履行情况": "已履行", "满意程度": "满意"},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.PERFORMED, case.status
    _logout(page)

    # 9. The committee closes the case; the whole file downloads as one PDF.
    desk.reload()
    closing = desk.get_by_test_id("action-close")
    assert "卷宗材料齐全" in closing.text_content(), closing.text_content()
    _act(desk, "close")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    file_pdf = desk.request.get(base + f"/workbench/mediation/cases/{case.number}/file.pdf")
    assert file_pdf.status == 200 and file_pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(file_pdf.body()))
    documents = case.documents.count()
    assert len(reader.pages) >= documents + 2  # the cover, the contents, the documents, the back page
    _logout(desk)
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.CLOSED

    # 10. The villager signs in by SMS and rates the service on his work order.
    citizen_phone.goto(base + "/my/")
    citizen_phone.wait_for_url(re.compile(r"/accounts/login/"))
    citizen_phone.get_by_label("手机号").fill(CALLER)
    citizen_phone.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    citizen_phone.wait_for_url(re.compile(r"/accounts/login/verify/"))
    citizen_phone.get_by_label("验证码").fill(_last_code(CALLER))
    citizen_phone.get_by_role("button", name=re.compile("登录")).click()
    citizen_phone.wait_for_url(re.compile(r"/my/"))
    assert_accessible(citizen_phone)
    citizen_phone.goto(base + f"/my/{order.tracking_number}/")
    assert_accessible(citizen_phone)
    citizen_phone.get_by_label("非常满意", exact=True).check()
    citizen_phone.get_by_role("button", name="提交评价").click()
    citizen_phone.get_by_text("感谢您的评价").wait_for()
    order.refresh_from_db()
    assert order.rating == 5

    # 11. Next month, the county supervisor's monthly mediation report counts the case.
    month = timezone.localdate().replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=2)
    with time_machine.travel(datetime.datetime.combine(next_month, datetime.time(10), tzinfo=BEIJING), tick=True):
        _staff_login(desk, base, "county_sup")
        desk.get_by_test_id("nav-performance").click()
        desk.wait_for_url(re.compile(r"/workbench/performance/$"))
        desk.get_by_test_id("performance-subnav").get_by_role("link", name="月报与通报").click()
        desk.wait_for_url(re.compile(r"/workbench/performance/reports/$"))
        assert_accessible(desk)
        desk.get_by_label("报表").select_option(REPORT_CODE)
        desk.get_by_label("月份").fill(f"{month:%Y-%m}")
        desk.get_by_role("button", name="生成").click()
        desk.wait_for_url(re.compile(r"/workbench/performance/reports/\d+/$"))
        assert_accessible(desk)
        report = MonthlyReport.objects.get(template__code=REPORT_CODE, month=month)
        cells = {c.row.code: c.value for c in report.cells.select_related("row")}
        assert cells["med_accepted"] == 1 and cells["med_succeeded"] == 1, cells
        with desk.expect_download() as download_info:
            desk.get_by_role("link", name="下载 Excel").click()
        with open(download_info.value.path(), "rb") as handle:
            sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
        assert sheet is not None
        rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
        assert rows["受理（件）"][1] == 1 and rows["调解成功（件）"][1] == 1, rows
        assert rows["协议涉及金额（万元）"][1] == 0.8
