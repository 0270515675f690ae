"""Article numbers: Chinese ⇄ Arabic, every style people write."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongfa.knowledge.numerals import article_label, chinese_to_int, int_to_chinese, parse_article_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("十七", 17), ("二十", 20), ("一百零五", 105), ("一百二十", 120),
     ("一千一百六十五", 1165), ("一千零一", 1001), ("一千二百六十", 1260), ("一一六五", 1165), ("两百", 200)],
)  # fmt: skip
def test_chinese_to_int(text, number):
    assert chinese_to_int(text) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("第一千一百六十五条", (1165, 0)), ("第1165条", (1165, 0)), ("1165条", (1165, 0)), ("第１１６５条", (1165, 0)),
     ("第十七条之一", (17, 1)), ("第一百二十条之三", (120, 3)), ("第 24 条", (24, 0))],
)  # fmt: skip
def test_parse_article_number(text, expected):
    assert parse_article_number(text) == expected


@pytest.mark.parametrize("text", ["", "全文", "条目一", "第条", "第abc条", "第十七款", "民法典"])
def test_what_is_not_an_article_number(text):
    with pytest.raises(ValueError):
        parse_article_number(text)


@given(st.integers(min_value=1, max_value=99_999))
def test_int_to_chinese_round_trips(number):
    assert chinese_to_int(int_to_chinese(number)) == number


def test_labels_as_the_statutes_write_them():
    assert article_label(1165) == "第一千一百六十五条"
    assert article_label(10) == "第十条"
    assert article_label(105) == "第一百零五条"
    assert article_label(1010) == "第一千零一十条"
    assert article_label(17, 1) == "第十七条之一"
