"""Citation check: every 《某法》第N条 in a text, any numeral style, with exists / current / repealed / not found."""

import datetime

import pytest

from gongfa.knowledge.choices import CitationVerdict
from gongfa.knowledge.citations import check_citations
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import bundled_database, read_sqlite


@pytest.fixture
def corpus(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC))  # 医疗保障法 not yet in force
    path, source = bundled_database()
    import_statutes(read_sqlite(path), source=source, today=datetime.date(2026, 11, 24))


def _verdicts(text):
    return [(c.label, c.verdict) for c in check_citations(text)]


def test_numbers_in_every_style_find_the_same_article(corpus):
    for text in (
        "《民法典》第一千一百六十五条",
        "《民法典》第1165条",
        "《中华人民共和国民法典》第 1165 条",
        "《民法典》第１１６５条",
    ):
        (check,) = check_citations(f"依照{text}的规定")
        assert check.verdict == CitationVerdict.CURRENT and check.is_valid
        assert check.label == "第一千一百六十五条" and "过错" in check.text
        assert check.law_name == "中华人民共和国民法典"


def test_several_articles_after_one_law(corpus):
    found = _verdicts("根据《劳动合同法》第三十条、第三十八条和第八十五条，以及《民法典》第十七条之一。")
    assert found[:3] == [("第三十条", CitationVerdict.CURRENT), ("第三十八条", CitationVerdict.CURRENT),
                         ("第八十五条", CitationVerdict.CURRENT)]  # fmt: skip
    assert found[3] == ("第十七条之一", CitationVerdict.ARTICLE_NOT_FOUND)


def test_what_does_not_exist_or_is_not_in_force(corpus):
    assert _verdicts("《民法典》第二千条") == [("第二千条", CitationVerdict.ARTICLE_NOT_FOUND)]
    assert _verdicts("《中华人民共和国某某不存在法》第一条") == [("第一条", CitationVerdict.LAW_NOT_FOUND)]
    assert _verdicts("《农村土地承包法》第五条") == [("第五条", CitationVerdict.REPEALED)]
    assert _verdicts("《医疗保障法》第一条") == [("第一条", CitationVerdict.NOT_YET_EFFECTIVE)]


def test_text_without_citations(corpus):
    assert check_citations("") == []
    assert check_citations("老板三个月不发工资怎么办？民法典第1165条") == []  # no 《》: not a citation
    assert check_citations("<script>alert(1)</script>《》第一条") == []
