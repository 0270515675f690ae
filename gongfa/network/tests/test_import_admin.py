"""The 导入 buttons of the network admin: template download, upload with every error at once,
the round trip (the downloaded template, filled in, imports), who may import; and the user page
editing a person's postings inline."""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from gongfa.accounts.choices import Role
from gongfa.network.imports import KINDS, RegionSheet, StaffSheet
from gongfa.network.models import Region, StaffPosting
from gongfa.testing.factories import UserFactory, build_network, post

pytestmark = pytest.mark.django_db

LISTS = {
    "regions": "/admin/network/region/",
    "points": "/admin/network/servicepoint/",
    "agencies": "/admin/network/agency/",
    "staff": "/admin/network/staffposting/",
    "advisers": "/admin/network/advisorassignment/",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


def upload(
    rows: Sequence[Sequence[object]], header: tuple[str, ...] = RegionSheet.column_names()
) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("regions.xlsx", buffer.getvalue())


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_each_list_offers_the_import_and_its_template(admin_client, slug):
    changelist = LISTS[slug]
    page = admin_client.get(changelist).content.decode()
    assert f'href="{changelist}import/"' in page
    form = admin_client.get(f"{changelist}import/").content.decode()
    assert f'href="{changelist}import/template/"' in form and 'type="file"' in form
    for column in KINDS[slug].columns:
        assert column.name in form
    response = admin_client.get(f"{changelist}import/template/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert list(header) == list(KINDS[slug].column_names())


def test_the_downloaded_template_filled_in_imports(admin_client):
    network = build_network(townships=1, villages_per_township=1)
    template = admin_client.get("/admin/network/staffposting/import/template/").content
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    names = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)  # the example rows
    filled = {"用户名": "wangwu", "姓名": "王五", "账号角色": "窗口工作人员", "服务点": network.centre.name}
    sheet.append([filled.get(name, "") for name in names])
    buffer = io.BytesIO()
    book.save(buffer)
    response = admin_client.post(
        "/admin/network/staffposting/import/", {"file": SimpleUploadedFile("staff.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/network/staffposting/"
    assert StaffPosting.objects.filter(user__username="wangwu", point=network.centre).count() == 1
    assert "工作人员导入完成：新增 1 条。" in admin_client.get(response["Location"]).content.decode()
    assert names == list(StaffSheet.column_names())


def test_a_bad_file_shows_every_error_at_once_and_imports_nothing(admin_client):
    build_network(townships=1, villages_per_township=1)
    before = Region.objects.count()
    rows = [
        ["330102005000", "好镇"],
        ["abc", "坏"],
        ["330102005001", ""],
        ["330102006001", "孤村"],
    ]
    response = admin_client.post("/admin/network/region/import/", {"file": upload(rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "导入未进行，未写入任何数据：文件中有 3 处错误。" in page
    for error in ("第3行：行政区划代码应为12位数字。", "第4行：名称为空。", "第5行：上级区划 330102006000 不存在"):
        assert error in page
    assert Region.objects.count() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("regions.csv", b"a,b", "请上传 Excel 工作簿（.xlsx 文件）。"),
        ("regions.xlsx", b"not a zip", "无法读取文件：请上传 Excel 工作簿（.xlsx）。"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(admin_client, name, content, message):
    response = admin_client.post("/admin/network/region/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and message in response.content.decode()


def test_a_wrong_template_names_its_missing_columns(admin_client):
    response = admin_client.post("/admin/network/region/import/", {"file": upload([["x"]], header=("代码",))})
    assert "第1行：表头缺少“区划代码”“名称”列" in response.content.decode()


def test_only_administrators_import(client):
    clerk = UserFactory(role=Role.WINDOW_STAFF, is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_region", "add_region"]))
    client.force_login(clerk)
    assert client.get("/admin/network/region/").status_code == 200
    assert 'import/"' not in client.get("/admin/network/region/").content.decode()
    assert client.get("/admin/network/region/import/").status_code == 403
    assert client.get("/admin/network/region/import/template/").status_code == 403
    assert client.post("/admin/network/region/import/", {"file": upload([["330000000000", "省"]])}).status_code == 403
    assert not Region.objects.exists()


def test_the_user_page_edits_the_postings_inline(admin_client):
    network = build_network(townships=1, villages_per_township=1)
    person = UserFactory(role=Role.WINDOW_STAFF, username="zhao")
    posting = post(person, network.centre)
    url = f"/admin/accounts/user/{person.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert "postings-TOTAL_FORMS" in page and network.centre.name in page
    data = {
        "username": "zhao",
        "role": Role.WINDOW_STAFF,
        "real_name": person.real_name,
        "phone": "",
        "id_number": "",
        "email": "",
        "failed_login_count": "0",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "postings-TOTAL_FORMS": "2",
        "postings-INITIAL_FORMS": "1",
        "postings-MIN_NUM_FORMS": "0",
        "postings-MAX_NUM_FORMS": "1000",
        "postings-0-id": str(posting.pk),
        "postings-0-user": str(person.pk),
        "postings-0-role": Role.WINDOW_STAFF,
        "postings-0-point": str(network.centre.pk),
        "postings-0-started_on": "2026-01-01",
        "postings-0-ended_on": "2026-06-30",
        "postings-1-user": str(person.pk),
        "postings-1-role": Role.MEDIATOR,
        "postings-1-agency": str(network.legal_aid_centre.pk),
        "postings-1-started_on": "2026-07-01",
        "postings-1-is_active": "on",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    posting.refresh_from_db()
    assert not posting.is_active and str(posting.ended_on) == "2026-06-30"
    assert StaffPosting.objects.get(user=person, is_active=True).agency == network.legal_aid_centre


def test_a_posting_needs_one_place_on_the_user_page(admin_client):
    network = build_network(townships=1, villages_per_township=1)
    person = UserFactory(role=Role.WINDOW_STAFF, username="qian")
    data = {
        "username": "qian",
        "role": Role.WINDOW_STAFF,
        "failed_login_count": "0",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "postings-TOTAL_FORMS": "1",
        "postings-INITIAL_FORMS": "0",
        "postings-MIN_NUM_FORMS": "0",
        "postings-MAX_NUM_FORMS": "1000",
        "postings-0-user": str(person.pk),
        "postings-0-role": Role.WINDOW_STAFF,
        "postings-0-point": str(network.centre.pk),
        "postings-0-agency": str(network.legal_aid_centre.pk),
        "postings-0-started_on": "2026-01-01",
        "postings-0-is_active": "on",
    }
    response = admin_client.post(f"/admin/accounts/user/{person.pk}/change/", data)
    assert response.status_code == 200
    assert "岗位必须且只能关联一个服务点或一个机构。" in response.content.decode()
    assert not StaffPosting.objects.filter(user=person).exists()
