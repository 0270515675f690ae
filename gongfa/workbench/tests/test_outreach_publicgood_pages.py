"""The public-good pages on the workbench: the table (with its xlsx), a person's archive and 刷新,
我的公益服务, 申报公益服务 with its errors, and 待认定 with the decision."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongfa.accounts.choices import Role
from gongfa.outreach.choices import RecordStatus
from gongfa.outreach.models import PublicGoodRecord
from gongfa.outreach.tests import publicgood_support as h
from gongfa.testing.factories import build_network, law_firm, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyer(network):
    return h.lawyer(network.county, name="钱律师", phone="13900001111")


@pytest.fixture
def boss(network):
    return h.manager(network.centre, name="郑主任")


def url(name, *args):
    return reverse(f"workbench:outreach_publicgood_{name}", args=args)


def html(response):
    return response.content.decode()


def test_the_table_lists_people_and_firms_with_points(client, network, lawyer, boss, django_assert_max_num_queries):
    day = h.days_ago(1)
    h.record(lawyer, "legal_aid_case", day, cases=2)
    h.record(lawyer, "duty_shift", day, hours="12")
    client.force_login(boss)
    with django_assert_max_num_queries(30):
        response = client.get(url("table"), {"year": day.year})
    page = html(response)
    assert response.status_code == 200
    assert "钱律师" in page and law_firm(network.county).name in page and "已达到" in page
    assert "13900001111" not in page and url("person", lawyer.pk) in page


def test_the_table_filters_by_band(client, network, lawyer, boss):
    day = h.days_ago(1)
    other = h.lawyer(network.county, name="孙律师")
    h.record(other, "legal_aid_case", day, cases=7)
    client.force_login(boss)
    page = html(client.get(url("table"), {"year": day.year, "band": "优秀"}))
    assert "孙律师" in page and "钱律师" not in page


def test_the_table_exports_xlsx_without_phones(client, network, lawyer, boss):
    day = h.days_ago(1)
    h.record(lawyer, "duty_shift", day, hours="55")
    client.force_login(boss)
    response = client.get(url("table"), {"year": day.year, "format": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "钱律师" in cells and "是" in cells and not any("13900001111" in c for c in cells)


def test_the_table_is_for_managers_only(client, lawyer):
    client.force_login(lawyer)
    assert client.get(url("table")).status_code == 403


def test_a_lawyer_sees_their_own_archive_and_not_anothers(client, network, lawyer):
    other = h.lawyer(network.county, name="孙律师")
    h.record(lawyer, "duty_shift", h.days_ago(1), hours="3")
    client.force_login(lawyer)
    page = html(client.get(url("mine")))
    assert "我的公益服务" in page and "测试记录" in page and url("declare") in page
    assert client.get(url("person", other.pk)).status_code == 404
    assert client.get(url("person", lawyer.pk)).status_code == 200


def test_a_manager_sees_an_archive_and_refreshes_it(client, network, lawyer, boss):
    case = h.legal_aid_case(network.county, network.legal_aid_centre, lawyer, on=h.days_ago(2))
    client.force_login(boss)
    page = html(client.get(url("person", lawyer.pk)))
    assert "钱律师的公益法律服务档案" in page and url("refresh", lawyer.pk) in page
    response = client.post(url("refresh", lawyer.pk), {"year": h.days_ago(2).year})
    assert response.status_code == 302
    assert PublicGoodRecord.objects.filter(source_key=f"legalaid:{case.pk}:{lawyer.pk}").exists()


def test_a_manager_of_another_region_gets_404():
    here = build_network(prefix="330102")
    there = build_network(prefix="330103", name="邻")
    lawyer = h.lawyer(here.county)
    outsider = h.manager(there.centre)
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    assert client.get(url("person", lawyer.pk)).status_code == 404
    assert client.post(url("refresh", lawyer.pk)).status_code == 404


def test_declaring_an_entry(client, lawyer):
    client.force_login(lawyer)
    assert client.get(url("declare")).status_code == 200
    response = client.post(
        url("declare"),
        {"occurred_on": h.days_ago(2).isoformat(), "hours": "3", "description": "义务普法", "evidence": h.pdf_upload()},
    )
    assert response.status_code == 302
    record = PublicGoodRecord.objects.get()
    assert record.status == RecordStatus.PENDING and record.person == lawyer


def test_declaring_shows_every_problem(client, lawyer):
    client.force_login(lawyer)
    response = client.post(
        url("declare"), {"occurred_on": h.days_ago(-2).isoformat(), "hours": "-3", "description": "义务普法"}
    )
    page = html(response)
    assert response.status_code == 400
    assert "服务日期不能晚于今天" in page and "服务时长不能为负数" in page and "请上传证明材料" in page
    assert not PublicGoodRecord.objects.exists()


def test_absurd_hours_are_refused_on_the_page(client, lawyer):
    client.force_login(lawyer)
    response = client.post(
        url("declare"),
        {"occurred_on": h.days_ago(1).isoformat(), "hours": "30", "description": "x", "evidence": h.pdf_upload()},
    )
    assert response.status_code == 400 and "不能超过 24 小时" in html(response)


def test_window_staff_cannot_declare(client, network):
    clerk = staff(Role.WINDOW_STAFF, at=network.centre)
    client.force_login(clerk)
    assert 'data-testid="declare-not-allowed"' in html(client.get(url("declare")))
    response = client.post(url("declare"), {"hours": "3"})
    assert response.status_code == 403 and not PublicGoodRecord.objects.exists()


def test_pending_list_and_approval(client, network, lawyer, boss, django_assert_max_num_queries):
    entries = [h.manual(lawyer, h.days_ago(1)) for _ in range(3)]
    client.force_login(boss)
    with django_assert_max_num_queries(20):
        page = html(client.get(url("pending")))
    assert all(url("record", e.pk) in page for e in entries)
    assert url("evidence", entries[0].pk) in html(client.get(url("record", entries[0].pk)))
    evidence = client.get(url("evidence", entries[0].pk))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content).startswith(b"%PDF-")
    response = client.post(url("record", entries[0].pk), {"decision": "approve"})
    assert response.status_code == 302
    entries[0].refresh_from_db()
    assert entries[0].status == RecordStatus.APPROVED and entries[0].decided_by == boss


def test_rejecting_without_a_reason_is_refused(client, lawyer, boss):
    entry = h.manual(lawyer, h.days_ago(1))
    client.force_login(boss)
    response = client.post(url("record", entry.pk), {"decision": "reject", "reason": ""})
    assert response.status_code == 400 and "不予认定须填写理由" in html(response)
    entry.refresh_from_db()
    assert entry.status == RecordStatus.PENDING


def test_approving_ones_own_entry_on_the_page_is_refused(client, network, boss):
    from gongfa.testing.factories import post

    post(boss, law_firm(network.county), role=Role.LAWYER)
    entry = h.manual(boss, h.days_ago(1))
    client.force_login(boss)
    assert 'data-testid="publicgood-self"' in html(client.get(url("record", entry.pk)))
    response = client.post(url("record", entry.pk), {"decision": "approve"})
    assert response.status_code == 400 and "不能认定本人申报" in html(response)
    entry.refresh_from_db()
    assert entry.status == RecordStatus.PENDING


def test_another_lawyer_cannot_see_an_entry_or_its_evidence(client, network, lawyer):
    entry = h.manual(lawyer, h.days_ago(1))
    client.force_login(h.lawyer(network.county, name="孙律师"))
    assert client.get(url("record", entry.pk)).status_code == 404
    assert client.get(url("evidence", entry.pk)).status_code == 404


def test_menu_entries(client, lawyer, boss):
    client.force_login(lawyer)
    page = html(client.get(url("mine")))
    assert 'data-testid="publicgood-mine-link"' in page and 'data-testid="outreach-home-link"' not in page
    client.force_login(boss)
    page = html(client.get(reverse("workbench:outreach_home")))
    assert 'data-testid="outreach-publicgood-link"' in page and 'data-testid="outreach-publicgood-pending-link"' in page


def test_the_tables_queries_do_not_grow_with_people(client, network, boss):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    day = h.days_ago(1)
    client.force_login(boss)

    def count() -> int:
        with CaptureQueriesContext(connection) as found:
            assert client.get(url("table"), {"year": day.year}).status_code == 200
        return len(found)

    h.record(h.lawyer(network.county, name="律师0"), "duty_shift", day, hours="3")
    few = count()
    for n in range(1, 8):
        person = h.lawyer(network.county, name=f"律师{n}", firm=law_firm(network.county, name=f"第{n}所"))
        h.record(person, "duty_shift", day, hours="3")
        h.record(person, "legal_aid_case", day, cases=1)
    assert count() == few


def test_a_lawyer_may_not_refresh_or_see_pending(client, lawyer):
    client.force_login(lawyer)
    assert client.post(url("refresh", lawyer.pk)).status_code == 403
    assert client.get(url("pending")).status_code == 403
