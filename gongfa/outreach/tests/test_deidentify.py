"""The de-identification helper: every ID-like and phone-like string and every known name is found
with its position; the proposed replacements turn names into 张某 and places into 某村/某镇."""

from __future__ import annotations

import pytest

from gongfa.outreach.deidentify import (
    ID_NUMBER,
    NAME,
    PHONE,
    Replacement,
    apply_replacements,
    find_in_fields,
    find_personal_data,
    propose_replacements,
)
from gongfa.testing.factories import make_id_number


def kinds(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_personal_data(text, names)]


@pytest.mark.parametrize(
    "number",
    [
        make_id_number(),
        "11010119900307123X",
        "11010119900307123x",
        "110101 19900307 1234",
        "110101199003071",  # 15 digits (the old card)
        "１１０１０１１９９００３０７１２３４",  # full-width digits
    ],
)
def test_id_like_strings_are_found(number):
    found = find_personal_data(f"身份证号{number}，住某村。")
    assert [(f.kind, f.text) for f in found] == [(ID_NUMBER, number)]
    assert found[0].start == 4 and found[0].end == 4 + len(number)


@pytest.mark.parametrize(
    "number",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "0571-87654321",
        "057187654321",
        "010-1234567",
        "(0571)87654321",
    ],
)
def test_phone_like_strings_are_found(number):
    assert kinds(f"电话：{number}。") == [(PHONE, number)]


@pytest.mark.parametrize(
    "text",
    [
        "欠款30000元，利息1500元。",
        "2023-05-01至2024-06-30",
        "（2024）浙0102民初1234号",
        "12345678901",  # 11 digits, not a mobile (starts 12)
        "1381234567890123456789",  # too long for any pattern
        "案件编号AL2026000001",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert find_personal_data(text) == []


def test_known_names_are_found_each_time_with_their_positions():
    text = "王小明向李大壮借款，王小明催要未果。"
    found = find_personal_data(text, ["王小明", "李大壮", "", "张某", "王"])
    expected = [(NAME, "王小明", 0), (NAME, "李大壮", 4), (NAME, "王小明", 10)]
    assert [(f.kind, f.text, f.start) for f in found] == expected


def test_fields_are_named_and_everything_is_listed():
    found = find_in_fields({"title": "王小明案", "facts": f"电话13812345678，身份证{make_id_number()}"}, ["王小明"])
    assert [(f.field, f.kind) for f in found] == [("title", NAME), ("facts", PHONE), ("facts", ID_NUMBER)]
    assert found[1].shown == "138****5678"  # numbers are masked where they are shown
    assert "*" in found[2].shown


def test_names_become_surname_pseudonyms_and_places_become_mou():
    names = ["王小明", "李大壮", "王芳", "欧阳娜娜"]
    proposals = propose_replacements(names, ["和平村", "城关镇", "东风社区", "新华街道"])
    table = {r.original: r.replacement for r in proposals}
    assert table["李大壮"] == "李某"
    assert {table["王小明"], table["王芳"]} == {"王某甲", "王某乙"}  # the same family name: told apart
    assert table["欧阳娜娜"] == "欧阳某"
    assert table["和平村"] == "某村" and table["城关镇"] == "某镇"
    assert table["东风社区"] == "某社区" and table["新华街道"] == "某街道"


def test_replacements_apply_longest_first():
    text = "示范1镇1村的王小明与示范1镇的王小明之妻"
    replacements = propose_replacements(["王小明"], ["示范1镇1村", "示范1镇"])
    assert apply_replacements(text, replacements) == "某村的王某与某镇的王某之妻"
    assert apply_replacements("", replacements) == ""
    assert apply_replacements("无", [Replacement("x", "y", NAME)]) == "无"
    assert find_personal_data(apply_replacements(text, replacements), ["王小明"]) == []


def test_an_organisations_name_keeps_only_its_kind():
    table = {r.original: r.replacement for r in propose_replacements(["杭州宏达建筑有限公司", "王小明", "城东五金店"])}
    assert table == {"杭州宏达建筑有限公司": "某有限公司", "王小明": "王某", "城东五金店": "某店"}
