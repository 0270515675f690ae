"""FAQ export (常见问题导出): the columns import reads, so export → import is a round trip."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry

from .test_faq_import import CONTRACT, WAGES, _revise_labour_contract_law, load_corpus, write_xlsx

RETIRED = ["交通事故谁赔？", "先由交强险赔偿。", "交通事故", "《道路交通安全法》第七十六条", "已停用", "2026-12-31"]


@pytest.fixture
def imported(db, tmp_path):
    load_corpus(tmp_path / "laws")
    faq.import_file(write_xlsx(tmp_path / "in.xlsx", [WAGES, CONTRACT, RETIRED]))
    return tmp_path


def _sheet(content: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def _state() -> list[tuple]:
    return [
        (e.question, e.answer, e.topic_id, e.status, e.review_due, sorted(a.pk for a in e.articles.all()))
        for e in FaqEntry.objects.order_by("question")
    ]


def test_export_writes_every_entry_in_the_import_columns(imported):
    rows = _sheet(faq.export_entries())
    assert rows[0] == faq.COLUMNS
    by_question = {row[0]: row for row in rows[1:]}
    assert set(by_question) == {WAGES[0], CONTRACT[0], RETIRED[0]}
    contract = by_question[CONTRACT[0]]
    assert contract[1:5] == (CONTRACT[1], "劳动纠纷", "《劳动合同法》第八十二条；《法律援助法》第三十一条", "草稿")
    assert contract[5] == datetime.datetime(2027, 1, 31)  # a date cell
    assert by_question[RETIRED[0]][4] == "已停用"


def test_export_of_selected_entries(imported):
    rows = _sheet(faq.export_entries(FaqEntry.objects.filter(status=FaqStatus.PUBLISHED)))
    assert [row[0] for row in rows[1:]] == [WAGES[0]]
    assert _sheet(faq.export_entries([]))[1:] == []


def test_export_then_import_into_the_same_database_changes_nothing(imported):
    path = imported / "out.xlsx"
    path.write_bytes(faq.export_entries())
    report = faq.import_file(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)


def test_export_then_import_into_an_empty_database_gives_the_same_entries(imported):
    before = _state()
    path = imported / "out.xlsx"
    path.write_bytes(faq.export_entries())
    FaqEntry.objects.all().delete()
    report = faq.import_file(path)
    assert report.created == 3
    assert _state() == before


def test_export_faq_command_with_filters(imported):
    out = io.StringIO()
    path = imported / "published.xlsx"
    call_command("export_faq", str(path), "--status", "已发布", stdout=out)
    assert "已导出 1 条" in out.getvalue()
    assert [row[0] for row in _sheet(path.read_bytes())[1:]] == [WAGES[0]]
    call_command("export_faq", str(imported / "labour.xlsx"), "--topic", "labour", stdout=out)
    assert len(_sheet((imported / "labour.xlsx").read_bytes())) == 3
    call_command("export_faq", str(imported / "all.xlsx"), stdout=out)
    assert len(_sheet((imported / "all.xlsx").read_bytes())) == 4


def test_export_faq_command_refuses_bad_arguments(imported):
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("export_faq", str(imported / "out.csv"))
    with pytest.raises(CommandError, match="类别“旅游”不存在"):
        call_command("export_faq", str(imported / "out.xlsx"), "--topic", "旅游")
    with pytest.raises(CommandError, match="无法写入"):
        call_command("export_faq", str(imported / "missing" / "out.xlsx"))


def test_export_then_import_relinks_entries_to_the_revised_text(imported):
    _revise_labour_contract_law(imported)  # 第三十条 is in the new text; 第八十二条 is not
    wages = FaqEntry.objects.get(question=WAGES[0])
    assert [a.citation for a in faq.stale_articles(wages)] == ["《劳动合同法》第三十条"]
    path = imported / "out.xlsx"
    path.write_bytes(faq.export_entries(FaqEntry.objects.filter(pk=wages.pk)))
    assert faq.import_file(path).updated == 1
    assert faq.stale_articles(wages) == [] and faq.review_reasons(wages) == []
    path.write_bytes(faq.export_entries(FaqEntry.objects.filter(question=CONTRACT[0])))
    with pytest.raises(faq.FaqImportError) as caught:
        faq.import_file(path)
    assert caught.value.errors == ["第2行：依据法条《劳动合同法》第八十二条不是现行有效的条文（仅见于旧版本）"]
