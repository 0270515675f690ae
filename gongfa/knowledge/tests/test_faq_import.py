"""FAQ import (常见问题导入): every row is checked first, one bad row and nothing is written, every
bad row is reported as 第N行：…; importing the same file again changes nothing."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command

from gongfa.audit.models import Event
from gongfa.core.xlsx import SheetRow
from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry, Law
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import bundled_database, read_sqlite
from gongfa.testing.statutes import import_small_corpus

TODAY = datetime.date(2026, 3, 2)
HEADER = list(faq.COLUMNS)
WAGES = [
    "老板拖欠工资不给怎么办？",
    "可以申请支付令，也可以申请劳动仲裁。",
    "劳动纠纷",
    "《劳动合同法》第三十条",
    "已发布",
    "",
]
CONTRACT = [
    "没签书面劳动合同能要二倍工资吗？",
    "超过一个月不满一年未订立书面劳动合同的，可以要求每月二倍工资。",
    "劳动纠纷",
    "《中华人民共和国劳动合同法》第82条；《法律援助法》第三十一条",
    "草稿",
    "2027-01-31",
]


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    """An xlsx file with the header row and `rows` (row 2 on)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def load_corpus(folder: Path) -> None:
    """The small real corpus (劳动合同法 30/82, 法律援助法 31, 道路交通安全法 76), no FAQ index left."""
    import_small_corpus(folder)
    faq.forget_faq_index()


@pytest.fixture
def corpus(db, tmp_path):
    load_corpus(tmp_path / "laws")
    return tmp_path


def test_rows_become_entries_with_topic_articles_and_status(corpus):
    path = write_xlsx(corpus / "faq.xlsx", [WAGES, CONTRACT])
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)):
        report = faq.import_file(path)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    wages = FaqEntry.objects.get(question=WAGES[0])
    assert wages.status == FaqStatus.PUBLISHED and wages.topic is not None and wages.topic.name == "劳动纠纷"
    assert [a.citation for a in wages.articles.all()] == ["《劳动合同法》第三十条"]
    assert wages.reviewed_at is not None and wages.review_due == TODAY + datetime.timedelta(days=365)
    contract = FaqEntry.objects.get(question=CONTRACT[0])
    assert contract.status == FaqStatus.DRAFT and contract.review_due == datetime.date(2027, 1, 31)
    assert sorted(a.citation for a in contract.articles.all()) == [
        "《劳动合同法》第八十二条",
        "《法律援助法》第三十一条",
    ]
    assert Event.objects.filter(verb="knowledge.faqentry.publish", subject_id=str(wages.pk)).exists()


def test_reimporting_the_same_file_changes_nothing(corpus):
    path = write_xlsx(corpus / "faq.xlsx", [WAGES, CONTRACT])
    faq.import_file(path)
    before = {e.pk: (e.updated_at, e.reviewed_at, e.status) for e in FaqEntry.objects.all()}
    events = Event.objects.count()
    report = faq.import_file(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert {e.pk: (e.updated_at, e.reviewed_at, e.status) for e in FaqEntry.objects.all()} == before
    assert Event.objects.count() == events


def test_reimport_updates_matched_questions_and_moves_status(corpus):
    faq.import_file(write_xlsx(corpus / "a.xlsx", [WAGES, CONTRACT]))
    changed_wages = [*WAGES[:1], "新的答复。", "综合咨询", "《劳动合同法》第八十二条", "已停用", ""]
    published_contract = [*CONTRACT[:4], "已发布", ""]
    report = faq.import_file(write_xlsx(corpus / "b.xlsx", [changed_wages, published_contract]))
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    wages = FaqEntry.objects.get(question=WAGES[0])
    assert wages.answer == "新的答复。" and wages.status == FaqStatus.RETIRED
    assert wages.topic is not None and wages.topic.name == "综合咨询"
    assert [a.number for a in wages.articles.all()] == [82]
    contract = FaqEntry.objects.get(question=CONTRACT[0])
    assert contract.status == FaqStatus.PUBLISHED and contract.review_due == datetime.date(2027, 1, 31)
    assert FaqEntry.objects.count() == 2


def test_blank_status_and_review_date_keep_what_the_entry_has(corpus):
    faq.import_file(write_xlsx(corpus / "a.xlsx", [WAGES]))
    due = FaqEntry.objects.get().review_due
    report = faq.import_file(write_xlsx(corpus / "b.xlsx", [[*WAGES[:4], "", ""]]))
    assert report.unchanged == 1
    entry = FaqEntry.objects.get()
    assert entry.status == FaqStatus.PUBLISHED and entry.review_due == due


def test_a_new_row_without_status_is_a_draft(corpus):
    faq.import_file(write_xlsx(corpus / "a.xlsx", [[*WAGES[:4]]], header=HEADER[:4]))
    assert FaqEntry.objects.get().status == FaqStatus.DRAFT


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["", "答复", "", "", "", ""], "问题为空"),
        (["问" * 301, "答复", "", "", "", ""], "问题超过 300 个字"),
        (["问题", "答复", "不存在的类别", "", "", ""], "类别“不存在的类别”不存在"),
        (["问题", "答复", "", "《不存在法》第一条", "", ""], "依据法条中的法律《不存在法》不在法规库中"),
        (["问题", "答复", "", "《劳动合同法》第九百条", "", ""], "依据法条《劳动合同法》第九百条不存在"),
        (["问题", "答复", "", "劳动合同法第三十条", "", ""], "依据法条中“劳动合同法第三十条”无法识别"),
        (["问题", "答复", "", "", "上线", ""], "状态“上线”无效"),
        (["问题", "答复", "", "", "", "2026-13-45"], "复核日期“2026-13-45”不是有效日期"),
        (["问题", "答复", "", "", "", "明年"], "复核日期“明年”不是有效日期"),
        (["问题", "", "", "", "已发布", ""], "答复为空，不能设为“已发布”"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(corpus, row, message):
    path = write_xlsx(corpus / "faq.xlsx", [WAGES, row])
    with pytest.raises(faq.FaqImportError) as caught:
        faq.import_file(path)
    assert len(caught.value.errors) == 1 and caught.value.errors[0].startswith(f"第3行：{message}"), caught.value.errors
    assert "未写入任何数据" in caught.value.message
    assert FaqEntry.objects.count() == 0


def test_a_duplicate_question_names_the_first_row(corpus):
    path = write_xlsx(corpus / "faq.xlsx", [WAGES, CONTRACT, WAGES])
    with pytest.raises(faq.FaqImportError) as caught:
        faq.import_file(path)
    assert caught.value.errors == ["第4行：问题与第2行重复"]
    assert FaqEntry.objects.count() == 0


def test_every_bad_row_is_reported_at_once(corpus):
    rows = [["", "答复", "", "", "", ""], WAGES, ["问题", "答复", "旅游", "《劳动合同法》第九百条", "发布", "x"]]
    with pytest.raises(faq.FaqImportError) as caught:
        faq.import_file(write_xlsx(corpus / "faq.xlsx", rows))
    errors = caught.value.errors
    assert errors[0] == "第2行：问题为空"
    assert [e[:4] for e in errors[1:]] == ["第4行："] * 4
    assert FaqEntry.objects.count() == 0


def test_an_article_of_a_superseded_version_is_refused(corpus):
    law = Law.objects.get(short_name="劳动合同法")
    old = law.current_version
    assert old is not None
    _revise_labour_contract_law(corpus)
    law.refresh_from_db()
    assert law.current_version_id != old.pk
    rows = read_rows(corpus, [WAGES])
    checked = faq.validate_rows(rows)  # 第三十条 is in the new text: linked to it
    assert checked[0].articles[0].version_id == law.current_version_id
    with pytest.raises(faq.FaqImportError) as caught:
        faq.validate_rows(read_rows(corpus, [[*WAGES[:3], "《劳动合同法》第八十二条", "", ""]]))
    assert caught.value.errors == ["第2行：依据法条《劳动合同法》第八十二条不是现行有效的条文（仅见于旧版本）"]


def read_rows(folder: Path, rows: list[list[Any]]) -> list[faq.SheetRow]:
    return faq.read_xlsx(write_xlsx(folder / "rows.xlsx", rows))


def _revise_labour_contract_law(folder: Path) -> None:
    """A new text of 劳动合同法 (same source key) without 第八十二条."""
    from gongfa.testing.statutes import LAWS

    revised = {**LAWS[0], "articles": [LAWS[0]["articles"][0]]}
    path = folder / "laws" / "law0.json"
    path.write_text(json.dumps(revised, ensure_ascii=False), encoding="utf-8")
    from gongfa.knowledge.sources import read_folder

    import_statutes(read_folder(folder / "laws"), source="test")


@pytest.mark.parametrize(
    ("content", "header", "message"),
    [
        (b"not a workbook", None, "无法读取文件"),
        (None, ["问题", "类别"], "第1行：表头缺少“答复”列"),
        (None, None, "文件中没有数据行"),
    ],
)
def test_unreadable_or_empty_files_are_refused(corpus, content, header, message):
    path = corpus / "faq.xlsx"
    if content is not None:
        path.write_bytes(content)
    else:
        write_xlsx(path, [], header=header)
    with pytest.raises(faq.FaqImportError) as caught:
        faq.import_file(path)
    assert caught.value.errors[0].startswith(message)


def test_blank_rows_are_skipped_and_dates_may_be_date_cells(corpus):
    rows: list[list[Any]] = [[*WAGES[:5], datetime.date(2027, 5, 1)], [None] * 6, [*CONTRACT[:5], "2027/6/1"]]
    report = faq.import_file(write_xlsx(corpus / "faq.xlsx", rows))
    assert report.created == 2
    assert FaqEntry.objects.get(question=WAGES[0]).review_due == datetime.date(2027, 5, 1)
    assert FaqEntry.objects.get(question=CONTRACT[0]).review_due == datetime.date(2027, 6, 1)


def test_only_new_leaves_existing_entries_alone(corpus):
    faq.import_file(write_xlsx(corpus / "a.xlsx", [WAGES]))
    changed = [WAGES[0], "别的答复", *WAGES[2:]]
    report = faq.import_file(write_xlsx(corpus / "b.xlsx", [changed, CONTRACT]), only_new=True)
    assert (report.created, report.skipped) == (1, 1)
    assert FaqEntry.objects.get(question=WAGES[0]).answer == WAGES[1]


def test_import_faq_command(corpus):
    path = write_xlsx(corpus / "faq.xlsx", [WAGES, CONTRACT])
    out = io.StringIO()
    call_command("import_faq", str(path), "--dry-run", stdout=out)
    assert "检查通过：2 行" in out.getvalue() and FaqEntry.objects.count() == 0
    call_command("import_faq", str(path), stdout=out)
    assert "新增 2 条" in out.getvalue() and FaqEntry.objects.count() == 2


def test_import_faq_command_lists_every_bad_row(corpus):
    path = write_xlsx(corpus / "faq.xlsx", [WAGES, ["", "x", "", "", "", ""], ["y", "x", "无此类", "", "", ""]])
    with pytest.raises(CommandError) as caught:
        call_command("import_faq", str(path))
    text = str(caught.value)
    assert "第3行：问题为空" in text and "第4行：类别“无此类”不存在" in text
    assert FaqEntry.objects.count() == 0


def test_the_seed_needs_the_statutes(db):
    with pytest.raises(CommandError, match="import_statutes"):
        call_command("import_faq")


def starter_rows() -> list[SheetRow]:
    return [row for path in faq.starter_files() for row in faq.read_json(path)]


def test_the_starter_knowledge_base_cites_real_articles_in_force(db):
    """Every entry of the starter knowledge base imports against the bundled corpus (the laws it
    cites), published, marked as starter content, with its phrasings."""
    rows = starter_rows()
    import_seed_laws()
    out = io.StringIO()
    call_command("import_faq", "--only-new", stdout=out)
    assert f"新增 {len(rows)} 条" in out.getvalue()
    assert len(rows) >= 300
    assert FaqEntry.objects.published().count() == len(rows) == FaqEntry.objects.filter(is_starter=True).count()
    for entry in FaqEntry.objects.prefetch_related("phrasings"):
        assert entry.topic is not None and entry.answer and entry.articles.exists(), entry.question
        assert faq.stale_articles(entry) == [], entry.question
        assert 2 <= len(entry.phrasings.all()) <= 4 and entry.review_due is not None, entry.question
    call_command("import_faq", "--only-new", stdout=out)
    assert FaqEntry.objects.count() == len(rows)


def import_seed_laws() -> None:
    """The laws the starter knowledge base cites, from the bundled corpus (seconds, not the whole
    corpus)."""
    from gongfa.knowledge.citations import CITATION

    rows = starter_rows()
    cited = {match.group(1) for row in rows for match in CITATION.finditer(str(row.cells["依据法条"]))}
    path, source = bundled_database()
    import_statutes([r for r in read_sqlite(path) if r.name.removeprefix("中华人民共和国") in cited], source=source)
    faq.forget_faq_index()
