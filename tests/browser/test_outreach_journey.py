"""Outreach in a real browser (issue #15's must-show), on a phone and on a desktop, axe-core on every
page visited:

1. a village legal adviser, on a phone, first submits a visit with a future date and nothing else
   (every problem named at once, nothing saved), then logs a 驻村服务 and a 法治讲座/宣讲 with its
   audience and a photo; the month's ledger shows both, the photo is stored as a JPEG without its
   EXIF (GPS) data and is served to the adviser;
2. the supervisor's 法律顾问履职 (reached from 普法与公益) shows that village as active and the
   adviser's other village, whose last entry is 60 days old, as silent;
3. a lawyer's closed legal-aid case and past duty shift, once synced, are in 我的公益服务 with the
   points and the band;
4. a window clerk nominates a closed legal-aid case as a typical case, is refused 完成脱敏 while a
   phone number is still in the text, fixes it and submits it; a supervisor publishes it; an
   anonymous visitor finds it on the portal on a phone by searching and opens it.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from gongfa.network.services import assign_village_advisor
from gongfa.outreach.choices import PublicGoodSource, TypicalCaseStatus
from gongfa.outreach.models import AdvisorLog, Attachment, PublicGoodRecord, TypicalCase, WorkLogKind
from gongfa.outreach.services.advisers import LogEntry, record_log
from gongfa.outreach.services.publicgood import sync_public_good
from gongfa.outreach.tests.cases_testing import CLEAN, build_world, labour_topic
from gongfa.outreach.tests.publicgood_support import days_ago, lawyer, legal_aid_case, shift
from gongfa.testing.factories import eligible_advisor
from gongfa.testing.files import jpeg_with_gps
from tests.browser.conftest import assert_accessible
from tests.browser.test_hotline_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_IN_TEXT = "13812345678"


def _sign_out(page: Any) -> None:
    page.context.clear_cookies()


def _click(page: Any, locator: Any) -> None:
    locator.click()
    page.wait_for_load_state()
    assert_accessible(page)


def _act(page: Any, name: str, label: str) -> None:
    action = page.get_by_test_id(f"action-{name}")
    action.locator("summary").click()
    action.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def _fill_case_text(page: Any, facts: str) -> None:
    form = page.get_by_test_id("outreach-case-text-form")
    form.get_by_label(re.compile("^标题")).fill(CLEAN["title"])
    form.get_by_label(re.compile("^案例领域")).select_option(labour_topic())
    form.get_by_label(re.compile("^基本案情")).fill(facts)
    form.get_by_label(re.compile("^办理经过与结果")).fill(CLEAN["handling"])
    form.get_by_label(re.compile("^典型意义")).fill(CLEAN["significance"])
    form.get_by_label(re.compile("^引用法条")).fill(CLEAN["citations"])
    form.get_by_test_id("outreach-case-deidentify").click()
    page.wait_for_load_state()


def test_adviser_log_coverage_public_good_and_typical_case(live_server, phone_page, desktop_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    net = world.net
    active_village, silent_village = net.villages[0], net.villages[1]
    adviser = eligible_advisor(net.county, username="adviser", real_name="陈顾问")
    for village in (active_village, silent_village):
        assign_village_advisor(advisor=adviser, village=village, started_on=days_ago(90))
    visit = WorkLogKind.objects.get(code="visit")
    old, _ = record_log(
        adviser,
        LogEntry(
            village=silent_village,
            kind=visit,
            occurred_on=days_ago(60),
            summary="驻村值班，接待村民",
            days_in_village=Decimal(1),
        ),
    )
    lawyer_person = lawyer(net.county, name="林律师", username="lawyer")
    served_on = days_ago(3)
    legal_aid_case(net.villages[2], net.legal_aid_centre, lawyer_person, on=served_on)
    shift(net.centre, lawyer_person, served_on)  # 09:00–12:30
    sync_public_good()
    base = live_server.url
    phone, desk = phone_page, desktop_page
    for page in (phone, desk):
        page.set_default_timeout(30_000)  # the shared test machine is slow under load

    # 1. The adviser, on a phone: a bad entry is refused whole, then a visit and a lecture.
    _staff_login(phone, base, "adviser")
    phone.goto(base + "/workbench/outreach/advisers/")
    assert_accessible(phone)
    _click(phone, phone.get_by_test_id("log-kinds").get_by_role("link", name="驻村服务"))
    form = phone.get_by_test_id("log-form")
    form.get_by_label(re.compile(r"^村\(社区\)")).select_option(label=active_village.name)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form.get_by_label(re.compile("^日期")).fill(tomorrow.isoformat())
    _click(phone, form.get_by_role("button", name="保存"))
    summary = phone.locator(".error-summary").inner_text()
    assert "日期不能晚于今天" in summary and "请填写驻村天数" in summary and "请填写工作内容" in summary
    assert AdvisorLog.objects.filter(village=active_village).count() == 0
    form = phone.get_by_test_id("log-form")
    form.get_by_label(re.compile("^日期")).fill(timezone.localdate().isoformat())
    form.get_by_label(re.compile("^驻村天数")).fill("1")
    form.get_by_label(re.compile("^工作内容")).fill("到村值班，接待来访村民三人")
    form.get_by_role("button", name="保存").click()
    phone.wait_for_url(re.compile(r"/workbench/outreach/advisers/ledger/\?month="))
    assert_accessible(phone)

    phone.goto(base + "/workbench/outreach/advisers/?kind=lecture")
    assert_accessible(phone)
    photo = tmp_path / "讲座现场.jpg"
    photo.write_bytes(jpeg_with_gps(size=(64, 48)))
    form = phone.get_by_test_id("log-form")
    form.get_by_label(re.compile(r"^村\(社区\)")).select_option(label=active_village.name)
    form.get_by_label(re.compile("^主题")).fill("民法典进乡村")
    form.get_by_label(re.compile("^听众人数")).fill("45")
    form.get_by_label("村(居)民").check()
    form.get_by_label(re.compile("^工作内容")).fill("在村委会为村民讲解民法典婚姻家庭编")
    form.get_by_label(re.compile("^照片与材料")).set_input_files(str(photo))
    form.get_by_role("button", name="保存").click()
    phone.wait_for_url(re.compile(r"/workbench/outreach/advisers/ledger/\?month="))
    assert_accessible(phone)
    ledger = phone.get_by_test_id("ledger-village").inner_text()
    assert "驻村服务" in ledger and "法治讲座/宣讲" in ledger and "听众 45 人" in ledger
    assert "民法典进乡村" in ledger
    lecture = AdvisorLog.objects.get(village=active_village, kind__code="lecture")
    assert lecture.audience == 45 and lecture.audience_groups == ["villagers"]
    stored = Attachment.objects.get(log=lecture)
    assert stored.content_type == "image/jpeg"
    with stored.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG" and not image.getexif()  # the GPS position is gone
    link = phone.get_by_test_id("log-attachment")
    assert link.count() == 1
    served = phone.request.get(base + link.get_attribute("href"))
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    assert AdvisorLog.objects.filter(advisor=adviser).count() == 3  # the two new entries and the old one
    _sign_out(phone)

    # 2. The supervisor's coverage: the village just visited is active, the other one silent.
    _staff_login(desk, base, world.editor.username)
    _click(desk, desk.get_by_test_id("outreach-home-link"))
    _click(desk, desk.get_by_test_id("outreach-advisers-coverage-link"))
    silent = desk.get_by_test_id("villages-silent").inner_text()
    assert silent_village.name in silent and active_village.name not in silent
    assert f"最近一次记录 {old.occurred_on:%Y-%m-%d}" in silent
    rows = desk.get_by_test_id("coverage-villages")
    assert "正常" in rows.locator("tr", has_text=active_village.name).inner_text()
    assert "无记录" in rows.locator("tr", has_text=silent_village.name).inner_text()
    assert desk.get_by_test_id("count-active").inner_text().startswith("1")
    assert desk.get_by_test_id("count-silent").inner_text() == "1"
    _sign_out(desk)

    # 3. The lawyer's public-good archive: the closed case and the shift, with points and band.
    assert set(PublicGoodRecord.objects.filter(person=lawyer_person).values_list("source", flat=True)) == {
        PublicGoodSource.LEGAL_AID_CASE,
        PublicGoodSource.DUTY_SHIFT,
    }
    _staff_login(desk, base, "lawyer")
    _click(desk, desk.get_by_test_id("publicgood-mine-link"))
    if f"{served_on.year}年度结果" not in desk.get_by_test_id("publicgood-result").inner_text():
        desk.get_by_label("年度").select_option(str(served_on.year))
        _click(desk, desk.get_by_role("button", name="查看"))
    records = desk.get_by_test_id("publicgood-records").inner_text()
    assert "法律援助案件" in records and "结案" in records and "值班 09:00-12:30" in records
    result = desk.get_by_test_id("publicgood-result").inner_text()
    assert "3.5 小时" in result and "1 件" in result and "18.5" in result  # 15 per case + 1 per hour
    assert desk.get_by_test_id("publicgood-band").inner_text() == "不合格"
    _sign_out(desk)

    # 4. A typical case: nominated by the clerk, de-identified, submitted; published by a supervisor.
    _staff_login(desk, base, world.clerk.username)
    _click(desk, desk.get_by_test_id("outreach-home-link"))
    _click(desk, desk.get_by_test_id("outreach-sections").get_by_test_id("outreach-cases-link"))
    _click(desk, desk.get_by_test_id("outreach-cases-nominate-link"))
    _click(
        desk,
        desk.get_by_test_id("outreach-cases-candidates-legal_aid").get_by_role("link", name=world.legal_aid.number),
    )
    nominate = desk.get_by_test_id("outreach-cases-nominate-form")
    assert nominate.get_by_label(re.compile("^案件编号")).input_value() == world.legal_aid.number
    nominate.get_by_label(re.compile("^案例领域")).select_option(labour_topic())
    nominate.get_by_role("button", name="推荐").click()
    desk.wait_for_url(re.compile(r"/workbench/outreach/cases/[^/]+/$"))
    assert_accessible(desk)
    case = TypicalCase.objects.get()
    assert case.status == TypicalCaseStatus.NOMINATED
    assert desk.get_by_test_id("outreach-case-findings").locator('[data-finding="phone"]').count() >= 1
    # 完成脱敏 while a phone number is still in the facts: refused, the number listed.
    _fill_case_text(desk, CLEAN["facts"] + f"联系电话{PHONE_IN_TEXT}。")
    assert_accessible(desk)
    errors = desk.locator(".error-summary").inner_text()
    assert "基本案情" in errors and "电话号码" in errors
    case.refresh_from_db()
    assert case.status == TypicalCaseStatus.NOMINATED
    _fill_case_text(desk, CLEAN["facts"])
    assert_accessible(desk)
    assert desk.get_by_test_id("outreach-case-clean").is_visible()
    _act(desk, "submit", "提交审核")
    assert_accessible(desk)
    case.refresh_from_db()
    assert case.status == TypicalCaseStatus.IN_REVIEW and PHONE_IN_TEXT not in case.facts
    assert not desk.get_by_test_id("action-publish").count()  # the nominator may not publish
    _sign_out(desk)

    _staff_login(desk, base, world.editor.username)
    _click(desk, desk.get_by_test_id("outreach-home-link"))
    _click(desk, desk.get_by_test_id("outreach-sections").get_by_test_id("outreach-cases-link"))
    _click(desk, desk.get_by_test_id(f"outreach-case-row-{case.number}").get_by_role("link", name=case.number))
    _act(desk, "publish", "审核发布")
    assert_accessible(desk)
    case.refresh_from_db()
    assert case.status == TypicalCaseStatus.PUBLISHED and case.reviewed_by == world.editor
    assert desk.get_by_test_id("outreach-case-status").inner_text() == case.get_status_display()

    # An anonymous visitor, on a phone, searches the portal and opens the case.
    phone.goto(base + "/outreach/cases/")
    assert_accessible(phone)
    phone.get_by_label(re.compile("^搜索案例")).fill("劳动报酬")
    _click(phone, phone.get_by_test_id("outreach-cases-search").get_by_role("button", name="搜索"))
    assert "q=" in phone.url
    found = phone.get_by_test_id(f"outreach-case-{case.number}")
    _click(phone, found.get_by_role("link", name=CLEAN["title"]))
    article = phone.get_by_test_id("outreach-case").inner_text()
    assert CLEAN["title"] in article and "拖欠工资" in article
    assert PHONE_IN_TEXT not in article and "王小明" not in article
