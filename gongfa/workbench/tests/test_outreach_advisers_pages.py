"""The village legal advisers' pages: 记录工作 (the kind first, then only its fields; every error at
once; the audience confirmation; a double submit saved once), 我的工作台账 and its xlsx (phones
masked), the supervisor's ledger within their regions, the coverage view (a constant number of
queries) and the menu entries."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongfa.accounts.choices import Role
from gongfa.core.navigation import visible_entries
from gongfa.network.models import AdvisorAssignment, Region
from gongfa.outreach.models import AdvisorLog, WorkLogKind
from gongfa.outreach.tests.test_advisers_log import Advisers, make_advisers
from gongfa.testing.factories import build_network, eligible_advisor, staff
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

LOG = reverse("workbench:outreach_advisers_log")
MINE = reverse("workbench:outreach_advisers_my_ledger")
MINE_XLSX = reverse("workbench:outreach_advisers_my_ledger_export")
LEDGER = reverse("workbench:outreach_advisers_ledger")
LEDGER_XLSX = reverse("workbench:outreach_advisers_ledger_export")
COVERAGE = reverse("workbench:outreach_advisers_coverage")


@pytest.fixture
def advisers() -> Advisers:
    return make_advisers()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def lecture(a: Advisers, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "client_key": "form-1",
        "kind": "lecture",
        "village": str(a.village.pk),
        "occurred_on": timezone.localdate().isoformat(),
        "summary": "在村委会开展民法典宣讲。",
        "topic": "民法典婚姻家庭编",
        "audience": "45",
    }
    data.update(values)
    return data


def test_the_adviser_chooses_a_kind_then_sees_only_its_fields(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    page = client.get(LOG).content.decode()
    assert 'data-testid="log-kinds"' in page and "?kind=lecture" in page and "?kind=visit" in page
    form = client.get(LOG, {"kind": "lecture"}).content.decode()
    assert 'name="audience"' in form and 'name="topic"' in form and 'name="audience_groups"' in form
    assert 'name="days_in_village"' not in form and 'name="group_members"' not in form
    assert 'name="confirm_audience"' not in form  # only after the warning
    # Only the villages the adviser serves are offered.
    assert f'value="{advisers.village.pk}"' in form and f'value="{advisers.other.pk}"' not in form
    visit = client.get(LOG, {"kind": "visit"}).content.decode()
    assert 'name="days_in_village"' in visit and 'name="audience"' not in visit
    consultation = client.get(LOG, {"kind": "consultation"}).content.decode()
    assert 'for="id_requester_phone">咨询人电话</label>' in consultation  # needed for the work order
    assert 'for="id_requester_name">咨询人 <span class="optional">' in consultation


def test_an_unknown_kind_is_a_clear_error(client: Client, advisers: Advisers) -> None:
    response = signed_in(client, advisers.advisor).get(LOG, {"kind": "nonsense"})
    assert response.status_code == 400
    assert "所选工作类型不存在" in response.content.decode()


def test_a_talk_is_recorded_and_shows_in_the_month_s_ledger(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    response = client.post(LOG, lecture(advisers, audience_groups=["villagers", "elderly"]))
    assert response.status_code == 302
    month = timezone.localdate().strftime("%Y-%m")
    assert response["Location"] == f"{MINE}?month={month}"
    entry = AdvisorLog.objects.get()
    assert (entry.audience, entry.audience_groups, entry.topic) == (45, ["elderly", "villagers"], "民法典婚姻家庭编")
    ledger = client.get(MINE, {"month": month}).content.decode()
    assert "在村委会开展民法典宣讲。" in ledger and advisers.village.name in ledger
    assert 'data-testid="ledger-totals"' in ledger


def test_a_double_submit_saves_once(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    client.post(LOG, lecture(advisers))
    again = client.post(LOG, lecture(advisers), follow=True)
    assert AdvisorLog.objects.count() == 1
    assert "重复提交" in again.content.decode()


def test_every_error_of_the_form_shows_at_once(client: Client, advisers: Advisers) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = signed_in(client, advisers.advisor).post(
        LOG, lecture(advisers, occurred_on=tomorrow, topic="", audience="-5", summary="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("日期不能晚于今天。", "请填写主题。", "听众人数不能是负数。", "请填写工作内容。"):
        assert message in page
    assert 'class="error-summary"' in page
    assert not AdvisorLog.objects.exists()


def test_a_village_not_served_and_a_broken_image_are_refused(client: Client, advisers: Advisers) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongfa.testing.files import small_png

    # The select offers only served villages; a forged value is refused by the form.
    broken = SimpleUploadedFile("坏图.png", small_png()[:40], content_type="image/png")
    response = signed_in(client, advisers.advisor).post(
        LOG, {**lecture(advisers, village=str(advisers.other.pk)), "photos": broken}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "所选村(社区)不是您服务的村(社区)" in page
    assert "这张图片无法打开" in page
    assert not AdvisorLog.objects.exists()


def test_a_huge_audience_asks_for_the_checkbox_then_is_accepted(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    warned = client.post(LOG, lecture(advisers, audience="300000"))
    page = warned.content.decode()
    assert warned.status_code == 400
    assert "超过 100,000 人" in page and 'name="confirm_audience"' in page
    accepted = client.post(LOG, lecture(advisers, audience="300000", confirm_audience="on"))
    assert accepted.status_code == 302
    assert AdvisorLog.objects.get().audience == 300_000


def test_a_consultation_becomes_a_closed_work_order(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    data = {
        "client_key": "c-1",
        "kind": "consultation",
        "village": str(advisers.village.pk),
        "occurred_on": timezone.localdate().isoformat(),
        "summary": "解答宅基地继承问题。",
        "requester_name": "王大明",
        "requester_phone": "13912345678",
    }
    assert client.post(LOG, data).status_code == 302
    order = WorkOrder.objects.get()
    assert AdvisorLog.objects.get().work_order == order
    assert order.status == "closed"


def test_staff_without_an_appointment_are_told_so(client: Client) -> None:
    net = build_network()
    clerk = staff(Role.WINDOW_STAFF, at=net.centre)
    page = signed_in(client, clerk).get(LOG)
    assert page.status_code == 200
    assert 'data-testid="no-appointment"' in page.content.decode()


def _entries(a: Advisers, count: int) -> None:
    kinds = [WorkLogKind.objects.get(code="visit"), WorkLogKind.objects.get(code="lecture")]
    start = AdvisorLog.objects.count()
    for n in range(start, start + count):
        AdvisorLog.objects.create(
            advisor=a.advisor,
            village=a.village,
            kind=kinds[n % 2],
            occurred_on=timezone.localdate(),
            summary=f"第{n}条",
            hours=Decimal(1),
        )


def test_the_export_masks_the_person_s_phone(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    client.post(
        LOG,
        {
            "client_key": "c-2",
            "kind": "consultation",
            "village": str(advisers.village.pk),
            "occurred_on": timezone.localdate().isoformat(),
            "summary": "解答劳动报酬问题。",
            "requester_name": "王大明",
            "requester_phone": "13912345678",
        },
    )
    response = client.get(MINE_XLSX, {"month": timezone.localdate().strftime("%Y-%m")})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert "139****5678" in cells and "王*明" in cells
    assert not any("13912345678" in c or "王大明" in c for c in cells)


def test_a_month_in_the_future_is_refused(client: Client, advisers: Advisers) -> None:
    response = signed_in(client, advisers.advisor).get(MINE, {"month": "2999-01"})
    assert response.status_code == 400
    assert "不能查看未来月份的台账" in response.content.decode()
    assert signed_in(client, advisers.advisor).get(MINE, {"month": "2026-13"}).status_code == 400


def test_the_ledger_page_costs_the_same_queries_for_few_or_many_entries(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    _entries(advisers, 2)
    client.get(MINE)
    with CaptureQueriesContext(connection) as few:
        client.get(MINE)
    _entries(advisers, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(MINE).status_code == 200
    assert len(many) == len(few)


def test_a_supervisor_reads_an_adviser_s_ledger_in_their_region_only(client: Client, advisers: Advisers) -> None:
    supervisor = staff(Role.SUPERVISOR, at=advisers.net.centre)
    _entries(advisers, 2)
    signed_in(client, supervisor)
    page = client.get(LEDGER, {"advisor": advisers.advisor.pk}).content.decode()
    assert "第0条" in page and "第1条" in page
    by_village = client.get(LEDGER, {"village": advisers.village.code})
    assert by_village.status_code == 200 and "第1条" in by_village.content.decode()
    xlsx = client.get(LEDGER_XLSX, {"advisor": advisers.advisor.pk})
    assert xlsx.status_code == 200
    elsewhere = build_network(prefix="330103", villages_per_township=1)
    outside = client.get(LEDGER, {"village": elsewhere.villages[0].code})
    assert outside.status_code == 400
    assert "不在您的督办范围内" in outside.content.decode()
    assert client.get(LEDGER_XLSX, {"village": elsewhere.villages[0].code}).status_code == 400
    stranger = eligible_advisor(elsewhere.county)
    AdvisorAssignment.objects.create(advisor=stranger, village=elsewhere.villages[0])
    assert client.get(LEDGER, {"advisor": stranger.pk}).status_code == 400


def test_the_supervisor_pages_are_closed_to_advisers(client: Client, advisers: Advisers) -> None:
    signed_in(client, advisers.advisor)
    assert client.get(COVERAGE).status_code == 403
    assert client.get(LEDGER).status_code == 403


def _coverage_queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(COVERAGE)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_coverage_page_shows_counts_and_costs_the_same_for_more_villages(
    client: Client, advisers: Advisers
) -> None:
    supervisor = staff(Role.SUPERVISOR, at=advisers.net.centre)
    signed_in(client, supervisor)
    Region.objects.filter(pk=advisers.net.villages[5].pk).update(is_poverty_village=True)
    client.get(COVERAGE)
    few, page = _coverage_queries(client)
    assert 'data-testid="count-without">5<' in page
    assert 'data-testid="count-poverty-without">1 / 1<' in page
    assert advisers.village.name in page
    township = advisers.net.townships[0]
    for n in range(4, 10):
        Region.objects.create(code=f"{township.code[:9]}{n:03d}", name=f"新村{n}", level=5, parent=township)
    many, page = _coverage_queries(client)
    assert 'data-testid="count-without">11<' in page
    assert many == few
    chosen = client.get(COVERAGE, {"region": township.code})
    assert chosen.status_code == 200
    assert client.get(COVERAGE, {"region": "110000000000"}).status_code == 400


def test_the_menu_entries(advisers: Advisers) -> None:
    keys = {e.key for e in visible_entries(advisers.advisor)}
    assert "workbench.outreach_advisers_log" in keys and "workbench.outreach_home" not in keys
    lawyer = eligible_advisor(advisers.net.county, role=Role.LAWYER)
    assert "workbench.outreach_advisers_log" not in {e.key for e in visible_entries(lawyer)}
    AdvisorAssignment.objects.create(advisor=lawyer, village=advisers.village)
    lawyer_again = type(lawyer).objects.get(pk=lawyer.pk)
    assert "workbench.outreach_advisers_log" in {e.key for e in visible_entries(lawyer_again)}
    supervisor = staff(Role.SUPERVISOR, at=advisers.net.centre)
    supervisor_keys = {e.key for e in visible_entries(supervisor)}
    assert "workbench.outreach_home" in supervisor_keys  # coverage is linked from 普法与公益
    assert "workbench.outreach_advisers_log" not in supervisor_keys


def test_a_photo_opens_for_its_adviser_and_managers_only(client: Client, advisers: Advisers) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongfa.outreach.models import Attachment
    from gongfa.testing.files import jpeg_with_gps

    signed_in(client, advisers.advisor)
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(LOG, {**lecture(advisers), "photos": photo}).status_code == 302
    stored = Attachment.objects.get()
    url = reverse("workbench:outreach_advisers_attachment", kwargs={"pk": stored.pk})
    assert url in client.get(MINE).content.decode()
    mine = client.get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg"
    assert mine.content[:3] == b"\xff\xd8\xff" and b"TestCam" not in mine.content
    signed_in(client, staff(Role.SUPERVISOR, at=advisers.net.centre))
    assert client.get(url).status_code == 200
    elsewhere = build_network(prefix="330103", villages_per_township=1)
    signed_in(client, staff(Role.SUPERVISOR, at=elsewhere.centre))
    assert client.get(url).status_code == 404
    other = eligible_advisor(advisers.net.county)
    AdvisorAssignment.objects.create(advisor=other, village=advisers.village)
    assert signed_in(client, other).get(url).status_code == 404
