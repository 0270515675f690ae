"""Notarization's must-show journey (issue #14), in a real browser, axe-core on every page visited:

- a villager on a phone looks up the notary offices near her village in the public directory
  (法律服务名录): the nearer office is listed first; she opens its page and follows 预约;
- she signs in by SMS when asked, books a kinship-certificate (亲属关系) slot, and the confirmation
  lists every material of the matter at once (一次性告知); from 我的预约 she reschedules once;
- on the booked day the notary, on a desktop, opens the day's bookings, registers the application
  from the booking with every required material ticked (she brought them all), and accepts it: the
  15-working-day clock starts;
- the notary asks for a supplement (the clock pauses); a day later it is in (the clock resumes and
  the deadline moves by the working day paused); the certificate is issued within the limit;
- the work order the booking opened is closed with the case, and she rates it on 我的.

The clock: a Monday at least a week after today (the real date), whose weekdays are all working
days, so that "tomorrow" and every deadline work out the same whenever the test runs, and the session
cookies the server sets at that time are still valid in the browser (which keeps the real clock).
Sessions last 8 hours: each new day the notary and the citizen sign in again.
The data are made with factories and services; only the journey's own steps use the pages.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.appointments.choices import BookingStatus, NotarizationStatus, ResourceKind
from gongfa.appointments.models import (
    BookableResource,
    Booking,
    NotarialMatter,
    NotarizationCase,
    OfficeMatter,
    SlotTemplate,
)
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region
from gongfa.portal.notarization_forms import WEEKDAYS
from gongfa.testing.factories import CitizenFactory, build_network, staff
from gongfa.workdays.services import add_working_days, is_working_day
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from tests.browser.conftest import axe_violations
from tests.browser.test_first_slice import _last_code
from tests.browser.test_hotline_journey import _logout, _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
PHONE = "13912340014"
NINE = datetime.time(9, 0)
TEN = datetime.time(10, 0)
CERTIFICATE = "(2026)示证字第1408号"


# axe-core runs on every page visited; what it finds is gathered and asserted at the end, so that one
# run shows the whole journey's problems (and the journey's own assertions still run past them).
_AXE_FOUND: list[str] = []


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    if violations:
        _AXE_FOUND.append(f"{page.url}: {violations}")


def _monday() -> datetime.date:
    """The first Monday at least 7 days from now whose weekdays are all working days."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    day += datetime.timedelta(days=(7 - day.weekday()) % 7)
    while not all(is_working_day(day + datetime.timedelta(days=n)) for n in range(5)):
        day += datetime.timedelta(days=7)
    return day


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=BEIJING)


def _located(obj: Any, lat: str, lng: str) -> None:
    obj.latitude, obj.longitude = Decimal(lat), Decimal(lng)
    obj.save(update_fields=["latitude", "longitude"])


def _world() -> dict[str, Any]:
    net = build_network()
    village = net.villages[0]  # 示范1镇1村
    _located(village, "29.000000", "118.900000")
    # The nearer office (about 2.2 km) sorts after the farther one by region and name: only the
    # distance puts it first.
    near = Agency.objects.create(
        name="示范县公证处",
        kind=AgencyKind.NOTARY_OFFICE,
        region=net.county,
        point=net.centre,
        address="示范县人民路1号",
        phone="0570-81234567",
        opening_hours="周一至周五 9:00-17:00",
        latitude=Decimal("29.020000"),
        longitude=Decimal("118.900000"),
    )
    far = Agency.objects.create(
        name="示范市公证处",
        kind=AgencyKind.NOTARY_OFFICE,
        region=net.city,
        address="示范市中山路8号",
        latitude=Decimal("29.150000"),
        longitude=Decimal("118.950000"),
    )
    kinship = NotarialMatter.objects.get(code="kinship")
    OfficeMatter.objects.create(office=near, matter=kinship)
    OfficeMatter.objects.create(office=near, matter=NotarialMatter.objects.get(code="birth"))
    OfficeMatter.objects.create(office=far, matter=kinship)
    room = BookableResource.objects.create(office=near, kind=ResourceKind.ROOM, name="第一业务室")
    for weekday in range(5):
        for start in (NINE, TEN):
            SlotTemplate.objects.create(
                resource=room, weekday=weekday, starts_at=start, ends_at=start.replace(minute=30)
            )
    notary = staff(Role.NOTARY, at=near, username="notary", real_name="张公证")
    citizen = CitizenFactory(phone=PHONE, real_name="陈小红")
    return {
        "net": net,
        "village": village,
        "near": near,
        "far": far,
        "kinship": kinship,
        "notary": notary,
        "citizen": citizen,
        "room": room,
    }


def _km(card_text: str) -> float:
    found = re.search(r"约 ([\d.]+) 公里", card_text)
    assert found, card_text
    return float(found.group(1))


def _day_label(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日 {WEEKDAYS[day.weekday()]}"


def _slot_label(start: datetime.time) -> str:
    return f"{start:%H:%M}–{start.replace(minute=30):%H:%M}"


def _sign_in_by_sms(page: Any, url_after: str) -> None:
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name=re.compile("获取验证码|发送验证码")).click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    assert_accessible(page)
    page.get_by_label("验证码").fill(_last_code(PHONE))
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(re.compile(url_after))


def _act(
    page: Any,
    name: str,
    fill: dict[str, str] | None = None,
    *,
    select: dict[str, str] | None = None,
    check: tuple[str, ...] = (),
) -> None:
    """Open the case page's action `name`, fill it and submit: back on the case page, no error."""
    action = page.get_by_test_id(f"action-{name}")
    action.locator("summary").click()
    for label, value in (select or {}).items():
        action.get_by_label(label, exact=True).select_option(value)
    for label in check:
        action.get_by_label(label, exact=True).check()
    for label, value in (fill or {}).items():
        action.get_by_label(label, exact=True).fill(value)
    action.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert_accessible(page)


def _status(page: Any) -> str:
    return str(page.get_by_test_id("notary-facts").locator("dd").first.inner_text())


def test_kinship_certificate_from_the_directory_to_the_rating(live_server, phone_page, desktop_page):
    _AXE_FOUND.clear()
    world = _world()
    monday = _monday()
    tuesday, wednesday, thursday, friday = (monday + datetime.timedelta(days=n) for n in (1, 2, 3, 4))
    base = live_server.url
    citizen, desk = phone_page, desktop_page
    for page in (citizen, desk):
        page.set_default_timeout(30_000)  # a shared, busy machine: more than the usual 10 s
    with time_machine.travel(_at(monday, datetime.time(10, 0)), tick=True) as clock:
        _directory_and_booking(world, base, citizen, tuesday=tuesday, wednesday=wednesday, thursday=thursday)

        # 4. The booked day: the notary registers, accepts, asks for a supplement.
        clock.move_to(_at(thursday, datetime.time(10, 5)))
        booking = Booking.objects.get()
        case = _register_and_accept(world, base, desk, booking)
        assert (
            case.due_on == add_working_days(thursday, world["kinship"].working_days) == add_working_days(thursday, 15)
        )
        accepted_due = case.due_on

        _act(desk, "request_supplement", {"需补充的材料（一次性告知）": "请补充关系人的出生医学证明原件。"})
        case.refresh_from_db()
        assert case.status == NotarizationStatus.SUPPLEMENTING
        assert case.paused_on == thursday and case.due_on == accepted_due
        assert "补充" in _status(desk)

        # A day later the supplement is in: the clock resumes, the deadline moves by the day paused.
        # (A new working day: the notary signs in again.)
        clock.move_to(_at(friday, datetime.time(9, 30)))
        _staff_login(desk, base, "notary")
        desk.get_by_test_id("notary-queue-link").first.click()
        desk.wait_for_url(re.compile(r"/workbench/notary/$"))
        assert_accessible(desk)
        desk.get_by_role("link", name=case.number).click()
        desk.wait_for_url(re.compile(rf"/workbench/notary/{re.escape(case.number)}/$"))
        assert_accessible(desk)
        _act(desk, "receive_supplement")
        case.refresh_from_db()
        assert case.status == NotarizationStatus.ACCEPTED and case.paused_on is None
        assert case.paused_working_days == 1
        assert case.due_on == add_working_days(accepted_due, 1)

        # The certificate, within the limit.
        _act(desk, "issue", {"公证书编号": CERTIFICATE})
        case.refresh_from_db()
        assert case.status == NotarizationStatus.ISSUED
        assert case.certificate_number == CERTIFICATE
        assert case.issued_on == friday and case.issued_on <= case.due_on
        assert CERTIFICATE in desk.get_by_test_id("notary-certificate").inner_text()
        _logout(desk)

        # 5. The work order the booking opened is closed with the case; the citizen rates it.
        order = WorkOrder.objects.get(pk=booking.work_order_id)
        assert order.status == WorkOrderStatus.CLOSED
        citizen.goto(base + "/my/")
        _sign_in_by_sms(citizen, r"/my/$")  # her Monday session has expired
        assert_accessible(citizen)
        citizen.locator(".card", has_text=order.tracking_number).get_by_role("link").first.click()
        citizen.wait_for_url(re.compile(rf"/my/{re.escape(order.tracking_number)}/$"))
        assert_accessible(citizen)
        citizen.get_by_label("非常满意", exact=True).check()
        citizen.get_by_role("button", name="提交评价").click()
        citizen.get_by_text("感谢您的评价").wait_for()
        assert_accessible(citizen)
        order.refresh_from_db()
        assert order.rating == 5
    assert not _AXE_FOUND, "axe-core found serious or critical problems:\n" + "\n".join(_AXE_FOUND)


def _directory_and_booking(
    world: dict[str, Any],
    base: str,
    page: Any,
    *,
    tuesday: datetime.date,
    wednesday: datetime.date,
    thursday: datetime.date,
) -> None:
    village: Region = world["village"]
    near: Agency = world["near"]
    far: Agency = world["far"]
    kinship: NotarialMatter = world["kinship"]

    # 2. The directory: her village, notary offices only, nearest first.
    page.goto(base + "/directory/")
    assert_accessible(page)
    assert village.parent is not None
    page.get_by_label("乡镇(街道)").select_option(village.parent.code)  # htmx fills the villages in
    page.get_by_label("您所在的村(社区)").select_option(village.code)
    page.get_by_label("类型").select_option(AgencyKind.NOTARY_OFFICE.value)
    page.get_by_role("button", name="搜索").click()
    page.get_by_test_id("near-notice").wait_for()
    assert village.name in page.get_by_test_id("near-notice").inner_text()
    assert_accessible(page)
    cards = page.locator(".directory-card")
    assert cards.count() == 2
    assert cards.nth(0).get_attribute("data-testid") == f"place-agency-{near.pk}"
    assert cards.nth(1).get_attribute("data-testid") == f"place-agency-{far.pk}"
    distances = [_km(cards.nth(i).inner_text()) for i in (0, 1)]
    assert distances[0] < distances[1], distances
    assert f"距{village.name}约 2.2 公里" in cards.nth(0).inner_text()

    # Its page: the matters it handles, its next free slots (from tomorrow), and 预约.
    cards.nth(0).get_by_role("link", name=near.name).click()
    page.get_by_role("heading", name=near.name, level=1).wait_for()
    assert_accessible(page)
    assert "亲属关系" in page.get_by_test_id("office-matters").inner_text()
    assert f"{tuesday.month}月{tuesday.day}日" in page.get_by_test_id("office-slots").inner_text()
    page.get_by_test_id("book-link").click()

    # 3. Booking: signed in by SMS when asked, then the steps.
    _sign_in_by_sms(page, r"/notarization/book/")
    assert_accessible(page)
    page.get_by_test_id("step-matter").wait_for()
    page.get_by_role("radio", name=re.compile("亲属关系")).check()
    page.get_by_role("button", name="下一步").click()
    # One mode at this office (its room): straight to the free slots, from tomorrow.
    page.get_by_test_id("step-slot").wait_for()
    assert_accessible(page)
    days = page.get_by_test_id("slot-days")
    assert days.get_by_role("link").first.get_attribute("aria-current") == "date"
    assert _day_label(tuesday) in days.get_by_role("link").first.inner_text()
    days.get_by_role("link", name=re.compile(rf"^{_day_label(wednesday)}")).click()
    page.wait_for_url(re.compile(rf"day={wednesday.isoformat()}"))
    assert_accessible(page)
    page.get_by_label(_slot_label(NINE)).check()
    page.get_by_role("button", name="下一步").click()

    page.wait_for_url(re.compile(r"/notarization/book/details/"))
    assert_accessible(page)
    assert page.get_by_label("姓名").input_value() == "陈小红"  # prefilled from her account
    assert page.get_by_label("手机号码").input_value() == PHONE
    page.get_by_role("button", name="下一步：核对信息").click()
    page.get_by_test_id("booking-confirm-form").wait_for()
    assert_accessible(page)
    page.get_by_test_id("confirm-booking").click()
    page.wait_for_url(re.compile(r"/notarization/bookings/[^/]+/$"))
    assert_accessible(page)

    # The confirmation, with every material of the matter told at once.
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.BOOKED and booking.matter == kinship
    assert (booking.date, booking.starts_at) == (wednesday, NINE)
    assert booking.user == world["citizen"] and booking.work_order_id is not None
    assert booking.number in page.get_by_test_id("booking-number").inner_text()
    listed = page.get_by_test_id("booking-materials").inner_text()
    required = list(kinship.materials.filter(required=True).values_list("name", flat=True))
    assert len(required) == 3
    for name in required:
        assert name in listed, (name, listed)

    # Reschedules once from 我的预约: Thursday 10:00.
    page.get_by_role("link", name="返回我的预约").click()
    page.wait_for_url(re.compile(r"/notarization/bookings/$"))
    assert_accessible(page)
    page.get_by_test_id(f"reschedule-{booking.number}").click()
    page.wait_for_url(re.compile(rf"/notarization/bookings/{re.escape(booking.number)}/reschedule/"))
    assert_accessible(page)
    page.get_by_test_id("slot-days").get_by_role("link", name=re.compile(rf"^{_day_label(thursday)}")).click()
    page.wait_for_url(re.compile(rf"day={thursday.isoformat()}"))
    assert_accessible(page)
    page.get_by_label(_slot_label(TEN)).check()
    page.get_by_role("button", name="确认改约").click()
    page.wait_for_url(re.compile(rf"/notarization/bookings/{re.escape(booking.number)}/$"))
    assert_accessible(page)
    booking.refresh_from_db()
    assert (booking.date, booking.starts_at) == (thursday, TEN)
    assert booking.reschedule_count == 1 and booking.status == BookingStatus.BOOKED
    assert f"{thursday.year}年{thursday.month}月{thursday.day}日" in page.get_by_test_id("booking-when").inner_text()
    assert "10:00" in page.get_by_test_id("booking-when").inner_text()


def _register_and_accept(world: dict[str, Any], base: str, desk: Any, booking: Booking) -> NotarizationCase:
    notary = world["notary"]
    _staff_login(desk, base, "notary")

    # The day's bookings: hers is there, her name and phone masked.
    desk.get_by_test_id("bookings-link").first.click()
    desk.wait_for_url(re.compile(r"/workbench/bookings/"))
    assert_accessible(desk)
    row = desk.get_by_test_id(f"booking-row-{booking.number}")
    assert "陈*红" in row.inner_text() and PHONE not in row.inner_text()

    # 登记公证申请 from the booking, every material ticked: she brought them all.
    desk.get_by_test_id("notary-queue-link").first.click()
    desk.wait_for_url(re.compile(r"/workbench/notary/$"))
    assert_accessible(desk)
    desk.get_by_test_id("notary-apply-link").click()
    desk.wait_for_url(re.compile(r"/workbench/notary/apply/"))
    assert_accessible(desk)
    desk.get_by_label("今日预约").select_option(booking.number)
    desk.get_by_role("button", name="下一步：填写申请").click()
    desk.get_by_test_id("notary-apply-form").wait_for()
    assert_accessible(desk)
    assert booking.number in desk.get_by_test_id("notary-booking").inner_text()
    form = desk.get_by_test_id("notary-apply-form")
    assert form.get_by_label("申请人姓名").input_value() == "陈小红"
    provided = form.locator("input[name=materials_provided]")
    assert provided.count() == world["kinship"].materials.count()
    for index in range(provided.count()):
        provided.nth(index).check()
    form.get_by_role("button", name="登记申请").click()
    desk.wait_for_url(re.compile(r"/workbench/notary/[^/]+/$"))
    assert_accessible(desk)
    case = NotarizationCase.objects.get()
    assert case.booking == booking and case.status == NotarizationStatus.APPLIED
    assert case.missing_materials() == []
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED  # checked in by the registration
    assert case.work_order_id == booking.work_order_id

    # 受理: the notary takes it; the clock starts.
    _act(
        desk,
        "accept",
        select={"承办公证员": str(notary.pk)},
        check=("已告知法律意义和可能产生的法律后果，申请人已签署告知笔录", "已录入全国公证管理系统"),
    )
    case.refresh_from_db()
    assert case.status == NotarizationStatus.ACCEPTED and case.notary == notary
    assert case.time_limit_days == 15 and case.due_on is not None
    assert (
        f"{case.due_on:%Y年}{case.due_on.month}月{case.due_on.day}日"
        in desk.get_by_test_id("notary-clock").inner_text()
    )
    return case
