"""FAQ in the admin: the import page (staff with FAQ permissions only, every error listed), export
of the selected entries, and the publish / retire / review actions."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry
from gongfa.testing.factories import CitizenFactory, UserFactory

from .test_faq_import import CONTRACT, WAGES, _revise_labour_contract_law, load_corpus, write_xlsx

IMPORT = reverse("admin:knowledge_faqentry_import")
CHANGELIST = reverse("admin:knowledge_faqentry_changelist")
NO_PHRASINGS = {"phrasings-TOTAL_FORMS": "0", "phrasings-INITIAL_FORMS": "0"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def corpus(db, tmp_path):
    load_corpus(tmp_path / "laws")
    return tmp_path


def _upload(folder, rows, name="faq.xlsx") -> SimpleUploadedFile:
    path = write_xlsx(folder / "upload.xlsx", rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type=XLSX)


def _staff(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="knowledge", codename__in=codenames))
    return user


def test_the_import_page_is_for_staff_with_faq_permissions(client, corpus):
    assert client.get(IMPORT).status_code == 302  # anonymous: to the login page
    client.force_login(CitizenFactory())
    response = client.get(IMPORT)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(_staff("view_faqentry"))
    assert client.get(IMPORT).status_code == 403
    response = client.post(IMPORT, {"file": _upload(corpus, [WAGES])})
    assert response.status_code == 403 and FaqEntry.objects.count() == 0
    client.force_login(_staff("view_faqentry", "add_faqentry", "change_faqentry"))
    page = client.get(IMPORT)
    assert page.status_code == 200 and "导入常见问题" in page.content.decode()


def test_the_changelist_links_to_the_import_page(admin_client, corpus):
    page = admin_client.get(CHANGELIST).content.decode()
    assert IMPORT in page


def test_importing_in_the_admin(admin_client, corpus):
    response = admin_client.post(IMPORT, {"file": _upload(corpus, [WAGES, CONTRACT])}, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "新增 2 条" in response.content.decode()
    wages = FaqEntry.objects.get(question=WAGES[0])
    assert wages.status == FaqStatus.PUBLISHED and wages.reviewed_by is not None
    assert wages.reviewed_by.username == "admin"


def test_a_bad_file_shows_every_error_and_writes_nothing(admin_client, corpus):
    rows = [WAGES, ["", "答复", "", "", "", ""], ["问题", "答复", "无此类", "《劳动合同法》第九百条", "", ""]]
    response = admin_client.post(IMPORT, {"file": _upload(corpus, rows)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "导入未进行，未写入任何数据" in page
    assert "第3行：问题为空" in page and "第4行：类别“无此类”不存在" in page
    assert "第4行：依据法条《劳动合同法》第九百条不存在" in page
    assert FaqEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("faq.csv", b"a,b", content_type="text/csv"), "请上传 Excel 工作簿（.xlsx 文件）"),
        (SimpleUploadedFile("faq.xlsx", b"not a zip", content_type=XLSX), "无法读取文件"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(admin_client, corpus, upload, message):
    response = admin_client.post(IMPORT, {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert FaqEntry.objects.count() == 0


def test_no_file_chosen(admin_client, corpus):
    response = admin_client.post(IMPORT, {})
    assert response.status_code == 200 and "请选择要上传的xlsx 文件。" in response.content.decode()


def test_export_selected_entries(admin_client, corpus):
    faq.import_file(write_xlsx(corpus / "in.xlsx", [WAGES, CONTRACT]))
    wages = FaqEntry.objects.get(question=WAGES[0])
    response = admin_client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [wages.pk]})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="faq-')
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == faq.COLUMNS and [r[0] for r in rows[1:]] == [WAGES[0]]


def test_publish_action_reports_what_it_refused(admin_client, corpus):
    ready = FaqEntry.objects.create(question="可以发布的问题", answer="答复")
    empty = FaqEntry.objects.create(question="没有答复的问题", answer="")
    response = admin_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [ready.pk, empty.pk]}, follow=True
    )
    page = response.content.decode()
    assert "已发布 1 条" in page and "“没有答复的问题”：没有答复的常见问题不能发布" in page
    ready.refresh_from_db()
    empty.refresh_from_db()
    assert ready.status == FaqStatus.PUBLISHED and empty.status == FaqStatus.DRAFT


def test_retire_and_review_actions(admin_client, corpus):
    entry = FaqEntry.objects.create(question="问题", answer="答复")
    admin_client.post(CHANGELIST, {"action": "mark_reviewed_selected", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.reviewed_at is None  # a draft is not reviewed
    faq.publish(entry, user=None)
    admin_client.post(CHANGELIST, {"action": "mark_reviewed_selected", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.reviewed_by is not None
    admin_client.post(CHANGELIST, {"action": "retire_selected", "_selected_action": [entry.pk]})
    entry.refresh_from_db()
    assert entry.status == FaqStatus.RETIRED


def test_the_needs_review_filter_and_column(admin_client, corpus):
    faq.import_file(write_xlsx(corpus / "in.xlsx", [WAGES, [*CONTRACT[:4], "已发布", ""]]))
    faq.publish(FaqEntry.objects.create(question="不依据法条的问题", answer="答复"), user=None)
    FaqEntry.objects.create(question="草稿问题", answer="答复")
    _revise_labour_contract_law(corpus)  # a new text of 劳动合同法: both imported entries cite the old one
    page = admin_client.get(CHANGELIST, {"needs_review": "yes"}).content.decode()
    assert CONTRACT[0] in page and WAGES[0] in page
    assert "不依据法条的问题" not in page and "草稿问题" not in page
    contract = FaqEntry.objects.get(question=CONTRACT[0])
    detail = admin_client.get(reverse("admin:knowledge_faqentry_change", args=[contract.pk])).content.decode()
    assert "依据法条已修订或失效：《劳动合同法》第八十二条" in detail


def test_entries_are_written_as_drafts_in_the_admin(admin_client, corpus):
    response = admin_client.post(
        reverse("admin:knowledge_faqentry_add"),
        {"question": "新问题", "answer": "新答复", "status": FaqStatus.PUBLISHED, **NO_PHRASINGS},
    )
    assert response.status_code == 302
    assert FaqEntry.objects.get().status == FaqStatus.DRAFT  # publishing is an action
