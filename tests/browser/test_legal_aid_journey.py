"""Legal aid in a real browser (issue #5): a migrant worker applies on a phone for unpaid wages (no
means test, 《法律援助法》第42条), is asked once for the missing proof, uploads it, is granted, is
assigned a lawyer; the lawyer files the closing report; the case closes and the worker rates it.
axe-core checks every page."""

from __future__ import annotations

import datetime
import re

import pytest

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication, ProviderProfile
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing import files
from gongfa.testing.factories import UserFactory, build_network, make_id_number, post
from gongfa.workorders.models import WorkOrder
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_slice import _last_code
from tests.browser.test_hotline_journey import _logout, _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800138222"
PDF = files.PDF  # a real PDF: uploads are checked by parsing


def _open_case(page, base: str, number: str) -> None:
    page.goto(base + "/workbench/legal-aid/")
    page.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(rf"/workbench/legal-aid/{number}/$"))
    assert_accessible(page)


def _act(page, summary: str, button: str | None = None) -> None:
    page.locator("details.action summary", has_text=summary).click()
    page.locator("details.action[open]").get_by_role("button", name=button or summary).click()
    page.wait_for_load_state()


def test_migrant_worker_applies_supplements_is_granted_assigned_closed_and_rates(
    live_server, phone_page, desktop_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = build_network()
    village = network.villages[0]
    reviewer = UserFactory(role=Role.LEGAL_AID_REVIEWER, username="reviewer", real_name="陈审查")
    post(reviewer, network.legal_aid_centre)
    firm = Agency.objects.create(name="示范律师事务所", kind=AgencyKind.LAW_FIRM, region=network.county)
    lawyer = UserFactory(role=Role.LAWYER, username="lawyer", real_name="林律师")
    post(lawyer, firm)
    ProviderProfile.objects.create(user=lawyer, agency=firm, criminal_defence_years=5)
    proof = tmp_path / "务工证明.pdf"
    proof.write_bytes(PDF)
    base = live_server.url
    citizen, staff = phone_page, desktop_page

    # The worker applies on a phone: sign in by SMS, then the guided form.
    citizen.goto(base + "/")
    citizen.get_by_role("link", name="法律援助").first.click()
    citizen.wait_for_url(re.compile(r"/legal-aid/$"))
    citizen.get_by_test_id("legal-aid-start").click()
    citizen.wait_for_url(re.compile(r"/accounts/login/"))
    citizen.get_by_label("手机号").fill(PHONE)
    citizen.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    citizen.wait_for_url(re.compile(r"/accounts/login/verify/"))
    citizen.get_by_label("验证码").fill(_last_code(PHONE))
    citizen.get_by_role("button", name=re.compile("登录")).click()
    citizen.wait_for_url(re.compile(r"/legal-aid/apply/"))
    assert_accessible(citizen)
    citizen.get_by_label("您所在的村(社区)").select_option(village.code)
    citizen.get_by_label("您需要法律援助办什么事？").select_option("labour_pay")
    citizen.get_by_role("button", name="下一步").click()

    citizen.wait_for_url(re.compile(r"/facts/$"))
    assert_accessible(citizen)
    citizen.get_by_label("申请人姓名").fill("赵务工")
    citizen.get_by_label("申请人身份证号").fill(make_id_number(birth=datetime.date(1980, 3, 1), seq=321))
    citizen.get_by_label("联系电话").fill(PHONE)
    citizen.get_by_label("对方是谁？").fill("某建筑劳务公司")
    citizen.get_by_label("发生了什么事？").fill("在工地干了三个月，老板一直不发工资，共欠一万二千元。")
    citizen.get_by_role("button", name="保存，下一步").click()

    citizen.wait_for_url(re.compile(r"/conditions/$"))
    assert_accessible(citizen)
    citizen.get_by_label("没有", exact=True).check()
    citizen.get_by_label(re.compile("进城务工人员")).check()
    citizen.get_by_role("button", name="保存，下一步").click()
    citizen.wait_for_url(re.compile(r"/materials/$"))  # no income questions for this group (第42条)
    assert_accessible(citizen)
    citizen.get_by_role("link", name="下一步").click()
    citizen.wait_for_url(re.compile(r"/confirm/$"))
    assert "第四十二条" in citizen.get_by_test_id("proposal").inner_text()
    assert_accessible(citizen)
    citizen.get_by_role("button", name="提交申请").click()
    citizen.wait_for_url(re.compile(r"/legal-aid/cases/\d+/$"))
    assert "已收到，正在审查" in citizen.get_by_test_id("legal-aid-status").inner_text()
    assert_accessible(citizen)
    application = LegalAidApplication.objects.get()
    assert application.status == ApplicationStatus.RECEIVED and application.number

    # The reviewer asks once for the missing proof of being a migrant worker.
    _staff_login(staff, base, "reviewer")
    _open_case(staff, base, application.number)
    assert "第四十二条" in staff.get_by_test_id("proposal").inner_text()
    staff.locator("details.action summary", has_text="一次性告知补充材料").click()
    form = staff.locator("details.action[open]")
    form.get_by_label("免予核查群体证明", exact=True).check()
    form.get_by_label("免予核查群体证明：具体说明").fill("务工证明：劳动合同、工牌或工友证言")
    form.get_by_label("补充期限（日）").fill("5")
    form.get_by_role("button", name="一次性告知补充材料").click()
    staff.wait_for_load_state()
    assert "待补充材料" in staff.get_by_test_id("case-status").inner_text()
    assert_accessible(staff)

    # The worker uploads it and says the materials are complete.
    citizen.reload()
    assert "免予核查群体证明" in citizen.get_by_test_id("supplement").inner_text()
    citizen.get_by_label("这是什么材料？").select_option("exempt_proof")
    citizen.get_by_label("选择文件").set_input_files(str(proof))
    citizen.get_by_role("button", name="上传").click()
    citizen.wait_for_load_state()
    citizen.get_by_role("button", name="材料已补齐，提交").click()
    citizen.wait_for_load_state()
    assert "正在审查" in citizen.get_by_test_id("legal-aid-status").inner_text()
    assert_accessible(citizen)

    # The reviewer grants and assigns by rotation.
    staff.reload()
    _act(staff, "决定给予法律援助")
    assert "决定给予援助" in staff.get_by_test_id("case-status").inner_text()
    _act(staff, "指派承办人员")
    assert "林律师" in staff.get_by_test_id("case-provider").inner_text()
    assert_accessible(staff)
    notice = LegalAidApplication.objects.get().notices.get(kind="grant")
    pdf = staff.request.get(base + f"/legal-aid/notices/{notice.pk}.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
    _logout(staff)

    # The lawyer signs the engagement, files the documents and the closing report.
    _staff_login(staff, base, "lawyer")
    _open_case(staff, base, application.number)
    _act(staff, "已签订委托协议")
    staff.locator("details.action summary", has_text="上传材料").click()
    form = staff.locator("details.action[open]")
    form.get_by_label("材料类别").select_option("other")
    form.get_by_label("文件（PDF、JPG、PNG）").set_input_files(str(proof))
    form.get_by_role("button", name="上传材料").click()
    staff.wait_for_load_state()
    staff.locator("details.action summary", has_text="提交结案材料").click()
    staff.locator("details.action[open]").get_by_label("结案报告").fill("经仲裁调解，追回工资一万二千元。")
    staff.locator("details.action[open]").get_by_role("button", name="提交结案材料").click()
    staff.wait_for_load_state()
    assert "结案审查" in staff.get_by_test_id("case-status").inner_text()
    assert_accessible(staff)
    _logout(staff)

    # The reviewer visits the recipient (第59条), then closes it with the subsidy.
    _staff_login(staff, base, "reviewer")
    _open_case(staff, base, application.number)
    assert "回访受援人" in staff.get_by_test_id("closing-checklist").inner_text()
    staff.locator("details.action summary", has_text="回访受援人").click()
    form = staff.locator("details.action[open]")
    form.get_by_label("回访方式").select_option("phone")
    form.get_by_label("满意", exact=True).check()
    form.get_by_label("受援人意见").fill("律师很负责，工资已经拿到。")
    form.get_by_role("button", name="回访受援人").click()
    staff.wait_for_load_state()
    staff.locator("details.action summary", has_text="结案（记录补贴）").click()
    staff.locator("details.action[open]").get_by_label("办案补贴（元）").fill("1500")
    staff.locator("details.action[open]").get_by_role("button", name="结案（记录补贴）").click()
    staff.wait_for_load_state()
    assert "已结案" in staff.get_by_test_id("case-status").inner_text()

    # The worker rates the service.
    citizen.reload()
    assert "已结案" in citizen.get_by_test_id("legal-aid-status").inner_text()
    citizen.get_by_test_id("rate-link").click()
    citizen.wait_for_url(re.compile(r"/my/GF\d{8}-\d{5}/"))
    assert_accessible(citizen)
    citizen.get_by_label("非常满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    citizen.wait_for_load_state()
    order = WorkOrder.objects.get(legal_aid_cases__number=application.number)
    assert order.rating == 5
    application = LegalAidApplication.objects.get()
    assert application.status == ApplicationStatus.CLOSED and str(application.subsidy_amount) == "1500.00"
