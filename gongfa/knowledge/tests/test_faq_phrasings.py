"""FAQ phrasings (问法, issue #19): the other ways people ask an entry's question. Imported from the
问法 column (one per line; a list in JSON), exported the same way, searched like the question; one
wording (spaces, punctuation and full-width forms aside) belongs to one entry only, checked on
import, in the admin and by the database. Starter entries stay marked until the bureau reviews them."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from gongfa.audit.models import Event
from gongfa.knowledge import faq
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.models import FaqEntry, FaqPhrasing, normalized_wording

from .test_faq_import import load_corpus, write_xlsx

HEADER = list(faq.COLUMNS)
assert HEADER[-1] == "问法"  # the last column: older sheets without it still read

WAGES_Q = "老板拖欠工资不给怎么办？"
WAGES_P = ["工资被拖欠了怎么要回来", "公司一直不发工资可以告吗"]
CONTRACT_Q = "没签书面劳动合同能要二倍工资吗？"
CONTRACT_P = ["入职半年没签合同怎么赔", "单位不跟我签劳动合同违法吗"]


def row(question: str, phrasings: list[str], answer: str = "答复。", status: str = "已发布") -> list[Any]:
    return [question, answer, "劳动纠纷", "《劳动合同法》第三十条", status, "", "\n".join(phrasings)]


WAGES = row(WAGES_Q, WAGES_P)
CONTRACT = row(CONTRACT_Q, CONTRACT_P, status="草稿")


@pytest.fixture
def corpus(db, tmp_path) -> Iterator[Path]:
    load_corpus(tmp_path / "laws")
    yield tmp_path
    faq.forget_faq_index()


def phrasings_of(question: str) -> list[str]:
    return list(FaqEntry.objects.get(question=question).phrasings.order_by("position").values_list("text", flat=True))


def import_xlsx(folder: Path, rows: list[list[Any]], name: str = "faq.xlsx") -> faq.FaqImportReport:
    return faq.import_file(write_xlsx(folder / name, rows))


def refused(folder: Path, rows: list[list[Any]]) -> list[str]:
    before = (FaqEntry.objects.count(), FaqPhrasing.objects.count(), Event.objects.count())
    with pytest.raises(faq.FaqImportError) as caught:
        import_xlsx(folder, rows, name="refused.xlsx")
    assert (FaqEntry.objects.count(), FaqPhrasing.objects.count(), Event.objects.count()) == before
    return caught.value.errors


# ------------------------------------------------------------------------------- import, export
def test_an_xlsx_cell_holds_one_phrasing_a_line(corpus):
    cell = "  工资被拖欠了怎么要回来 \n\n公司一直不发工资可以告吗\r\n"
    report = import_xlsx(corpus, [[*WAGES[:6], cell]])
    assert report.created == 1
    assert phrasings_of(WAGES_Q) == WAGES_P
    stored = FaqPhrasing.objects.get(text=WAGES_P[0])
    assert stored.wording == normalized_wording(WAGES_P[0]) and stored.position == 0


def test_split_phrasings():
    assert faq.split_phrasings("甲\n乙｜丙|丁\n\n  \n") == ["甲", "乙", "丙", "丁"]
    assert faq.split_phrasings(None) == [] and faq.split_phrasings("   ") == []


def test_a_json_file_holds_a_list(corpus):
    path = corpus / "faq.json"
    items = [dict(zip(HEADER[:6], WAGES[:6], strict=True)) | {"问法": WAGES_P}]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    assert faq.import_file(path).created == 1
    assert phrasings_of(WAGES_Q) == WAGES_P


def test_export_writes_the_phrasings_and_reimport_changes_nothing(corpus):
    import_xlsx(corpus, [WAGES, CONTRACT])
    content = faq.export_entries()
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "问法"
    assert {r[0]: r[-1] for r in rows[1:]} == {WAGES_Q: "\n".join(WAGES_P), CONTRACT_Q: "\n".join(CONTRACT_P)}
    pks = sorted(FaqPhrasing.objects.values_list("pk", flat=True))
    events = Event.objects.count()
    path = corpus / "out.xlsx"
    path.write_bytes(content)
    report = faq.import_file(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert sorted(FaqPhrasing.objects.values_list("pk", flat=True)) == pks  # not even rewritten
    assert Event.objects.count() == events


def test_reimport_replaces_reorders_and_clears_phrasings(corpus):
    import_xlsx(corpus, [WAGES])
    report = import_xlsx(corpus, [row(WAGES_Q, [WAGES_P[1], "欠薪找谁"])], name="b.xlsx")
    assert report.updated == 1 and phrasings_of(WAGES_Q) == [WAGES_P[1], "欠薪找谁"]
    event = Event.objects.filter(verb="knowledge.faqentry.import").last()
    assert event is not None and event.data == {"changed": ["phrasings"]}
    assert import_xlsx(corpus, [row(WAGES_Q, [])], name="c.xlsx").updated == 1
    assert phrasings_of(WAGES_Q) == []


def test_a_sheet_without_the_column_keeps_the_phrasings(corpus):
    import_xlsx(corpus, [WAGES])
    older = faq.import_file(write_xlsx(corpus / "old.xlsx", [WAGES[:6]], header=HEADER[:6]))
    assert older.unchanged == 1 and phrasings_of(WAGES_Q) == WAGES_P


# ------------------------------------------------------------------------------------ refusals
def test_more_than_four_are_refused(corpus):
    errors = refused(corpus, [row(WAGES_Q, ["问法一", "问法二", "问法三", "问法四", "问法五"])])
    assert errors == ["第2行：问法最多 4 条（现在 5 条）"]
    assert import_xlsx(corpus, [row(WAGES_Q, ["问法一", "问法二", "问法三", "问法四"])]).created == 1


@pytest.mark.parametrize(
    "same",
    [WAGES_Q, "老板拖欠工资不给怎么办", "老板 拖欠 工资，不给怎么办?", "老板拖欠工资不给怎么办！！"],
)
def test_a_phrasing_that_repeats_its_own_question_is_refused(corpus, same):
    errors = refused(corpus, [row(WAGES_Q, [same])])
    assert errors == [f"第2行：问法“{same}”与本条的问题或其他问法相同"]


def test_two_phrasings_of_one_row_that_are_the_same_wording_are_refused(corpus):
    errors = refused(corpus, [row(WAGES_Q, ["欠薪找谁", "欠薪找谁？"])])
    assert errors == ["第2行：问法“欠薪找谁？”与本条的问题或其他问法相同"]


def test_a_phrasing_that_repeats_another_rows_question_names_the_row(corpus):
    errors = refused(corpus, [WAGES, row(CONTRACT_Q, ["老板拖欠工资不给怎么办"])])
    assert errors == ["第3行：问法“老板拖欠工资不给怎么办”与第2行重复"]


def test_a_phrasing_that_repeats_another_rows_phrasing_names_the_row(corpus):
    errors = refused(corpus, [WAGES, CONTRACT, row("欠薪了怎么办？", ["工资被拖欠了，怎么要回来？"])])
    assert errors == ["第4行：问法“工资被拖欠了，怎么要回来？”与第2行重复"]


def test_a_phrasing_that_repeats_a_stored_entrys_question_or_phrasing_names_it(corpus):
    import_xlsx(corpus, [WAGES])
    errors = refused(corpus, [row(CONTRACT_Q, ["老板拖欠工资不给怎么办", "公司一直不发工资，可以告吗？", "新的问法"])])
    assert errors == [
        f"第2行：问法“老板拖欠工资不给怎么办”与已有常见问题的问题“{WAGES_Q}”重复",
        f"第2行：问法“公司一直不发工资，可以告吗？”与已有常见问题的问题“{WAGES_Q}”重复",
    ]
    assert not FaqEntry.objects.filter(question=CONTRACT_Q).exists()


def test_every_bad_row_is_reported_with_the_good_rows_unwritten(corpus):
    errors = refused(
        corpus,
        [WAGES, row(CONTRACT_Q, [CONTRACT_Q]), row("第三个问题", ["a", "b", "c", "d", "e"]), row("第四个", ["？！"])],
    )
    assert errors == [
        f"第3行：问法“{CONTRACT_Q}”与本条的问题或其他问法相同",
        "第4行：问法最多 4 条（现在 5 条）",
        "第5行：问法“？！”没有文字",
    ]
    assert FaqEntry.objects.count() == 0


def test_an_entry_may_keep_its_own_phrasings_on_reimport(corpus):
    import_xlsx(corpus, [WAGES, CONTRACT])
    # the same entries and phrasings, another answer: an entry's own wordings are not "taken"
    report = import_xlsx(corpus, [row(WAGES_Q, WAGES_P, answer="新答复。"), CONTRACT], name="b.xlsx")
    assert (report.updated, report.unchanged) == (1, 1)


@pytest.mark.parametrize("taker_first", [False, True])
def test_a_phrasing_may_move_from_one_entry_to_another_in_one_import(corpus, taker_first):
    """The file is checked as a whole: a wording the file takes away from one entry may be given
    to another in the same file, whichever row comes first."""
    import_xlsx(corpus, [WAGES, CONTRACT])
    moved = WAGES_P[0]
    taker, giver = row(CONTRACT_Q, [*CONTRACT_P, moved], status="草稿"), row(WAGES_Q, WAGES_P[1:])
    report = import_xlsx(corpus, [taker, giver] if taker_first else [giver, taker], name="b.xlsx")
    assert report.updated == 2
    assert phrasings_of(CONTRACT_Q) == [*CONTRACT_P, moved] and phrasings_of(WAGES_Q) == WAGES_P[1:]


# ------------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("老板拖欠工资怎么办？", "老板拖欠工资怎么办"),
        ("老板 拖欠\t工资　怎么办", "老板拖欠工资怎么办"),  # spaces, tab, ideographic space
        ("老板，拖欠工资……怎么办?!", "老板拖欠工资怎么办"),
        ("《劳动合同法》第82条", "劳动合同法第82条"),
        ("ＡＰＰ上买的东西１２３", "app上买的东西123"),  # full-width letters and digits
        ("App上买的", "app上买的"),
        ("？！。，", ""),
        ("", ""),
    ],
)
def test_the_normalised_wording(text, wording):
    assert normalized_wording(text) == wording


def test_a_phrasing_is_stored_with_its_normalised_wording(corpus):
    entry = FaqEntry.objects.create(question="问题", answer="答复")
    phrasing = FaqPhrasing.objects.create(entry=entry, text="ＡＰＰ 退款，怎么办？")
    assert phrasing.wording == "app退款怎么办"


def test_the_database_refuses_one_wording_on_two_entries(corpus):
    first = FaqEntry.objects.create(question="第一个问题", answer="答复")
    second = FaqEntry.objects.create(question="第二个问题", answer="答复")
    FaqPhrasing.objects.create(entry=first, text="欠薪找谁？")
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqPhrasing.objects.create(entry=second, text="欠薪 找谁")
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqPhrasing.objects.create(entry=first, text="欠薪找谁！")
    assert FaqPhrasing.objects.count() == 1


# --------------------------------------------------------------------------------------- search
def test_search_finds_an_entry_by_its_phrasing(corpus):
    import_xlsx(corpus, [WAGES, row(CONTRACT_Q, CONTRACT_P)])
    faq.forget_faq_index()
    found = faq.search_faq("入职半年没签合同怎么赔")
    assert found[0].entry.question == CONTRACT_Q and found[0].score == pytest.approx(1.0)
    assert found[0].score >= faq.STRONG_MATCH
    assert len({m.entry.pk for m in found}) == len(found)  # an entry once, by its best wording
    # a phrasing added later is found at once (the index follows the phrasings)
    entry = FaqEntry.objects.get(question=WAGES_Q)
    FaqPhrasing.objects.create(entry=entry, text="包工头卷款跑了农民工工资谁来付", position=5)
    assert faq.search_faq("包工头卷款跑了农民工工资谁来付")[0].entry == entry


def test_a_draft_entrys_phrasings_are_not_searched(corpus):
    import_xlsx(corpus, [CONTRACT])
    faq.forget_faq_index()
    assert all(m.entry.question != CONTRACT_Q for m in faq.search_faq("入职半年没签合同怎么赔"))


# ---------------------------------------------------------------------------------------- admin
def _inline(*texts: str, initial: list[FaqPhrasing] | None = None) -> dict[str, str]:
    data = {"phrasings-TOTAL_FORMS": str(len(texts)), "phrasings-INITIAL_FORMS": str(len(initial or []))}
    for n, text in enumerate(texts):
        data[f"phrasings-{n}-text"] = text
        data[f"phrasings-{n}-position"] = str(n)
        if initial and n < len(initial):
            data[f"phrasings-{n}-id"] = str(initial[n].pk)
            data[f"phrasings-{n}-entry"] = str(initial[n].entry_id)
    return data


def test_the_admin_saves_phrasings(admin_client, corpus):
    response = admin_client.post(
        reverse("admin:knowledge_faqentry_add"),
        {"question": "新问题", "answer": "答复", **_inline("新问法甲", "新问法乙")},
    )
    assert response.status_code == 302
    assert phrasings_of("新问题") == ["新问法甲", "新问法乙"]


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (("老板拖欠工资不给，怎么办",), f"问法“老板拖欠工资不给，怎么办”与其他常见问题的问题“{WAGES_Q}”重复"),
        (("工资被拖欠了，怎么要回来？",), f"问法“工资被拖欠了，怎么要回来？”与其他常见问题的问题“{WAGES_Q}”重复"),
        (("新问题？",), "问法“新问题？”与本条的问题或其他问法相同"),
        (("甲问法", "甲问法！"), "问法“甲问法！”与本条的问题或其他问法相同"),
    ],
)
def test_the_admin_refuses_a_duplicate_phrasing_on_the_page(admin_client, corpus, texts, message):
    import_xlsx(corpus, [WAGES])
    before = FaqPhrasing.objects.count()
    response = admin_client.post(
        reverse("admin:knowledge_faqentry_add"), {"question": "新问题", "answer": "答复", **_inline(*texts)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FaqEntry.objects.filter(question="新问题").exists()
    assert FaqPhrasing.objects.count() == before


def test_the_admin_lets_an_entry_keep_its_own_phrasings_when_its_answer_changes(admin_client, corpus):
    import_xlsx(corpus, [WAGES])
    entry = FaqEntry.objects.get(question=WAGES_Q)
    stored = list(entry.phrasings.order_by("position"))
    response = admin_client.post(
        reverse("admin:knowledge_faqentry_change", args=[entry.pk]),
        {"question": WAGES_Q, "answer": "改过的答复", **_inline(*WAGES_P, initial=stored)},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry.refresh_from_db()
    assert entry.answer == "改过的答复" and phrasings_of(WAGES_Q) == WAGES_P


def test_the_admin_lets_an_entry_keep_its_own_phrasings_when_its_question_changes(admin_client, corpus):
    import_xlsx(corpus, [WAGES])
    entry = FaqEntry.objects.get(question=WAGES_Q)
    stored = list(entry.phrasings.order_by("position"))
    response = admin_client.post(
        reverse("admin:knowledge_faqentry_change", args=[entry.pk]),
        {"question": "老板欠薪不给怎么办？", "answer": "答复。", **_inline(*WAGES_P, initial=stored)},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert phrasings_of("老板欠薪不给怎么办？") == WAGES_P


# -------------------------------------------------------------------------------------- starter
STARTER = [
    {
        "问题": "老板拖欠工资不给怎么办？",
        "答复": "可以申请支付令，也可以申请劳动仲裁。",
        "类别": "劳动纠纷",
        "依据法条": "《劳动合同法》第三十条",
        "状态": "已发布",
        "复核日期": "",
        "问法": ["工资被拖欠了怎么要回来", "公司一直不发工资可以告吗"],
    },
    {
        "问题": "出了交通事故，赔偿由谁承担？",
        "答复": "先由交强险在责任限额内赔偿。",
        "类别": "交通事故",
        "依据法条": "《道路交通安全法》第七十六条",
        "状态": "已发布",
        "复核日期": "",
        "问法": ["被车撞了谁来赔"],
    },
]


@pytest.fixture
def starter_dir(corpus, monkeypatch) -> Path:
    folder = corpus / "starter"
    folder.mkdir()
    (folder / "00_test.json").write_text(json.dumps(STARTER, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(faq, "STARTER_DIR", folder)
    return folder


def test_starter_entries_are_marked_until_reviewed(starter_dir):
    assert faq.starter_files() == [starter_dir / "00_test.json"]
    report = faq.import_starter()
    assert report.created == 2
    entries = list(FaqEntry.objects.order_by("pk"))
    assert all(e.is_starter and e.status == FaqStatus.PUBLISHED for e in entries)
    assert phrasings_of(str(STARTER[0]["问题"])) == STARTER[0]["问法"]
    faq.mark_reviewed(entries[0], user=None)
    entries[0].refresh_from_db()
    entries[1].refresh_from_db()
    assert entries[0].is_starter is False and entries[1].is_starter is True
    # loading the starter again leaves the bureau's entries alone
    again = faq.import_starter()
    assert (again.created, again.skipped) == (0, 2)
    entries[0].refresh_from_db()
    assert entries[0].is_starter is False


def test_an_ordinary_import_is_not_starter_content(corpus):
    import_xlsx(corpus, [WAGES])
    assert FaqEntry.objects.get().is_starter is False


def test_a_starter_file_problem_is_named_with_the_file_and_nothing_is_written(starter_dir):
    bad = [{**STARTER[0], "问法": [STARTER[0]["问题"]]}]
    (starter_dir / "10_bad.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(faq.FaqImportError) as caught:
        faq.import_starter(only_new=False)
    assert caught.value.errors == [f"10_bad.json：第1行：问法“{STARTER[0]['问题']}”与本条的问题或其他问法相同"]
    assert FaqEntry.objects.count() == 0


def test_editing_a_starter_entry_in_the_admin_makes_it_the_bureaus(admin_client, starter_dir):
    faq.import_starter()
    entry = FaqEntry.objects.get(question=STARTER[1]["问题"])
    stored = list(entry.phrasings.all())
    response = admin_client.post(
        reverse("admin:knowledge_faqentry_change", args=[entry.pk]),
        {
            "question": entry.question,
            "answer": "本地改写的答复。",
            "topic": entry.topic_id,
            "articles": [a.pk for a in entry.articles.all()],
            "review_due": entry.review_due.isoformat() if entry.review_due else "",
            **_inline(*STARTER[1]["问法"], initial=stored),
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_starter is False and entry.answer == "本地改写的答复。"


def test_a_new_question_worded_like_another_entrys_phrasing_is_refused(corpus):
    import_xlsx(corpus, [WAGES])
    errors = refused(corpus, [row(WAGES_P[0] + "？", [])])  # a new entry asking what WAGES already knows
    assert len(errors) == 1 and "已有常见问题" in errors[0] and WAGES_Q[:10] in errors[0]
    assert FaqEntry.objects.count() == 1
