"""De-identifying a question before staff keep it (去标识化, issue #19): what the patterns replace
and what they leave alone, and `personal_data_in`, the check the verification service runs on the
text staff finally submit."""

from __future__ import annotations

import itertools

import pytest

from gongfa.knowledge.deidentify import PLACEHOLDER, deidentify, findings, personal_data_in

ID = PLACEHOLDER["id_number"]
CARD = PLACEHOLDER["bank_card"]
PHONE = PLACEHOLDER["phone"]
EMAIL = PLACEHOLDER["email"]
ADDRESS = PLACEHOLDER["address"]
NAME = PLACEHOLDER["name"]

# (question, what deidentify makes of it, the kinds personal_data_in finds in the question)
REPLACED = [
    # ID numbers: 18 digits, 18 with a check letter X / x, the old 15 digits
    ("我的身份证号是330102197001011234，能办吗", f"我的身份证号是{ID}，能办吗", ["id_number"]),
    ("身份证33010219700101123X丢了", f"身份证{ID}丢了", ["id_number"]),
    ("身份证33010219700101123x丢了", f"身份证{ID}丢了", ["id_number"]),
    ("老身份证330102700101123还能用吗", f"老身份证{ID}还能用吗", ["id_number"]),
    # mobiles: plain, with +86, with dashes, with spaces
    ("我电话13812345678，请回电", f"我电话{PHONE}，请回电", ["phone"]),
    ("电话+8613812345678", f"电话{PHONE}", ["phone"]),
    ("电话+86 138 1234 5678", f"电话{PHONE}", ["phone"]),
    ("电话86-13812345678", f"电话{PHONE}", ["phone"]),
    ("电话138-1234-5678", f"电话{PHONE}", ["phone"]),
    ("手机号：138 1234 5678，", f"手机号：{PHONE}，", ["phone"]),
    # landlines: area code with and without a dash or a space
    ("座机0571-87654321", f"座机{PHONE}", ["phone"]),
    ("座机010-62345678找我", f"座机{PHONE}找我", ["phone"]),
    ("打02087654321", f"打{PHONE}", ["phone"]),
    ("0571 87654321", PHONE, ["phone"]),
    # bank cards: 16 to 19 digits, grouped or not
    ("卡号6222021234567890123被冻结", f"卡号{CARD}被冻结", ["bank_card"]),
    ("我的银行卡号是6222021234567890", f"我的银行卡号是{CARD}", ["bank_card"]),
    ("卡号6222 0212 3456 7890 123被冻结", f"卡号{CARD}被冻结", ["bank_card"]),
    ("工资卡6217-0000-1234-5678", f"工资卡{CARD}", ["bank_card"]),
    # e-mail
    ("发到zhang.san+law@example.com.cn吧", f"发到{EMAIL}吧", ["email"]),
    # house-level addresses: road + number + building/room, estate + building, village + group
    ("我住在杭州市西湖区文三路100号3幢201室", ADDRESS, ["address"]),
    ("我家住在人民路5号，隔壁", f"{ADDRESS}，隔壁", ["address"]),
    ("住在新华路88号院", ADDRESS, ["address"]),
    ("住在幸福小区3栋2单元501室", ADDRESS, ["address"]),
    ("东湖花园7幢1单元302室漏水", f"{ADDRESS}漏水", ["address"]),
    ("我家在李家村3组，宅基地", f"{ADDRESS}，宅基地", ["address"]),
    ("红旗村五组12号的房子", f"{ADDRESS}的房子", ["address"]),
    # names after a cue
    ("我叫张三，老板欠钱", f"我叫{NAME}，老板欠钱", ["name"]),
    ("姓名：李四", f"姓名：{NAME}", ["name"]),
    ("姓名:李四", f"姓名:{NAME}", ["name"]),
    ("我老公叫王大明，他打我", f"我老公叫{NAME}，他打我", ["name"]),
    ("被告是赵六", f"被告是{NAME}", ["name"]),
    ("老板叫王老五，欠我工资", f"老板叫{NAME}，欠我工资", ["name"]),
    ("我叫欧阳娜娜", f"我叫{NAME}", ["name"]),
    # a surname with a form of address
    ("王先生你好", f"{NAME}你好", ["name"]),
    ("李女士说她不还", f"{NAME}说她不还", ["name"]),
    ("张老板拖欠工资", f"{NAME}拖欠工资", ["name"]),
    # several kinds at once, each once and left to right
    (
        "我叫张三，电话13812345678，身份证330102197001011234",
        f"我叫{NAME}，电话{PHONE}，身份证{ID}",
        ["name", "phone", "id_number"],
    ),
]

KEPT = [
    "老板欠我5000元工资",
    "欠了12万元，利息2分",
    "工资3000元一个月，干了18个月",
    "2023年5月1日入职",
    "2024-05-01签的合同",
    "20240501签的合同",
    "我今年45岁",
    "我今年65岁了，儿子不给赡养费",
    "被告张某欠钱",
    "被告张某某欠钱",
    "被告是张某",
    "我是农民工",
    "我是包工头，被告是包工头",
    "我是残疾人",
    "我是个体户",
    "我是退伍军人",
    "本人是农民",
    "我在桐庐县打工",
    "淳安县的宅基地",
    "我在余杭区上班",
    "合同编号20230501001",
    "起诉金额123456元",
    "案号(2023)浙0102民初1234号",
    "邻居是个老太太",
    "被告是一家公司",
    "我是2019年入职的",
    "我是被辞退的",
]


@pytest.mark.parametrize(("text", "expected", "kinds"), REPLACED)
def test_personal_data_is_replaced(text, expected, kinds):
    assert deidentify(text) == expected
    assert personal_data_in(text) == kinds


@pytest.mark.parametrize(("text", "expected", "kinds"), REPLACED)
def test_nothing_is_left_after_deidentifying(text, expected, kinds):
    cleaned = deidentify(text)
    assert personal_data_in(cleaned) == []
    assert findings(cleaned) == []
    assert deidentify(cleaned) == cleaned  # a second pass changes nothing


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_words_numbers_and_places_are_kept(text):
    assert deidentify(text) == text
    assert personal_data_in(text) == []


def test_findings_are_left_to_right_without_overlaps():
    text = "我叫张三，住在文三路100号3幢201室，电话0571-87654321"
    found = findings(text)
    assert [f.kind for f in found] == ["name", "address", "phone"]
    assert [text[f.start : f.end] for f in found] == ["张三", "住在文三路100号3幢201室", "0571-87654321"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_an_id_number_inside_a_longer_number_is_not_cut_out():
    # 19 digits that begin like an ID number: a card number, replaced whole, not an ID plus digits
    assert personal_data_in("卡号3301021970010112345") == ["bank_card"]
    assert deidentify("卡号3301021970010112345") == f"卡号{CARD}"
    # 20 digits are none of the kinds: nothing is cut out of the middle
    assert deidentify("编号33010219700101123456") == "编号33010219700101123456"
    # an 11-digit mobile inside a longer number is not a phone
    assert "phone" not in personal_data_in("流水号9913812345678999")


def test_the_empty_text():
    assert deidentify("") == "" and personal_data_in("") == [] and findings("") == []


# Ordinary words after 我是 / 被告是 whose first character is a common surname are not names (they
# were, once: staff who kept such a sentence were refused by the verification service).
@pytest.mark.parametrize(
    "text",
    ["我是温州人，在杭州打工", "我是程序员，公司拖欠工资", "我是高中毕业", "我是明年退休", "被告是华为公司"],
)
def test_places_and_occupations_after_a_cue_are_not_names(text):
    assert personal_data_in(text) == []
