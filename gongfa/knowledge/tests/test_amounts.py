"""Questions that ask for an amount or a method (issue #16 item 14): the answer says where the amount
comes from (the article, the FAQ, or that it is decided case by case), and never drops that part."""

import json

import pytest

from gongfa.knowledge import qa
from gongfa.knowledge.amounts import amount_sentence, asks_amount
from gongfa.knowledge.choices import AnswerSource, FaqStatus
from gongfa.knowledge.models import Article, FaqEntry
from gongfa.knowledge.search import build_index, forget_loaded_index
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder

# Real articles (text as published).
LAWS = [
    {
        "name": "中华人民共和国劳动合同法",
        "status": "现行有效",
        "effective_date": "2013-07-01",
        "articles": [
            {
                "number": "第三十条",
                "chapter": "第三章 劳动合同的履行和变更",
                "text": "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。\n"
                "用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令，"
                "人民法院应当依法发出支付令。",
            },
            {
                "number": "第四十七条",
                "chapter": "第四章 劳动合同的解除和终止",
                "text": "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。"
                "六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。\n"
                "劳动者月工资高于用人单位所在直辖市、设区的市级人民政府公布的本地区上年度职工月平均工资三倍的，"
                "向其支付经济补偿的标准按职工月平均工资三倍的数额支付，向其支付经济补偿的年限最高不超过十二年。\n"
                "本条所称月工资是指劳动者在劳动合同解除或者终止前十二个月的平均工资。",
            },
            {
                "number": "第八十七条",
                "chapter": "第七章 法律责任",
                "text": "用人单位违反本法规定解除或者终止劳动合同的，应当依照本法第四十七条规定的经济补偿标准的"
                "二倍向劳动者支付赔偿金。",
            },
        ],
    },
    {
        "name": "中华人民共和国民法典",
        "short_name": "民法典",
        "status": "现行有效",
        "effective_date": "2021-01-01",
        "articles": [
            {
                "number": "第一千一百七十九条",
                "chapter": "第七编 侵权责任",
                "text": "侵害他人造成人身损害的，应当赔偿医疗费、护理费、交通费、营养费、住院伙食补助费等为治疗和康复"
                "支出的合理费用，以及因误工减少的收入。造成残疾的，还应当赔偿辅助器具费和残疾赔偿金；"
                "造成死亡的，还应当赔偿丧葬费和死亡赔偿金。",
            },
            {
                "number": "第一千零八十五条",
                "chapter": "第五编 婚姻家庭",
                "text": "离婚后，子女由一方直接抚养的，另一方应当负担部分或者全部抚养费。负担费用的多少和期限的长短，"
                "由双方协议；协议不成的，由人民法院判决。\n前款规定的协议或者判决，不妨碍子女在必要时向父母任何一方"
                "提出超过协议或者判决原定数额的合理要求。",
            },
        ],
    },
]


@pytest.fixture
def amount_corpus(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    folder = tmp_path / "laws"
    folder.mkdir()
    for number, law in enumerate(LAWS):
        (folder / f"law{number}.json").write_text(json.dumps(law, ensure_ascii=False), encoding="utf-8")
    forget_loaded_index()
    import_statutes(read_folder(folder), source="test")
    forget_loaded_index()
    build_index()
    yield
    forget_loaded_index()


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("被公司辞退，经济补偿怎么算？", True),
        ("违法解除劳动合同赔多少", True),
        ("抚养费标准是多少", True),
        ("加班费如何计算", True),
        ("赔偿金是工资的几倍", True),
        ("老板拖欠工资怎么办", False),
        ("离婚后孩子归谁", False),
    ],
)
def test_which_questions_ask_for_an_amount(question, asks):
    assert asks_amount(question) is asks


def test_the_amount_sentence_of_an_article():
    text = str(LAWS[0]["articles"][1]["text"])  # type: ignore[index]
    assert (amount_sentence(text) or "").startswith("经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资")
    assert (amount_sentence(text, ["月平均工资", "三倍"]) or "").startswith("劳动者月工资高于")
    # A period's start (之日起计算) is not an amount; nor is a text without numbers.
    assert amount_sentence("仲裁时效期间从当事人知道或者应当知道其权利被侵害之日起计算。") is None
    assert amount_sentence(str(LAWS[1]["articles"][0]["text"])) is None  # type: ignore[index]


# (question, what the answer must say about the amount, what it must not say)
TABLE = [
    ("公司违法解除劳动合同，赔偿金怎么算？", "金额/计算方法见《劳动合同法》第", "由人民法院根据"),
    ("被辞退了经济补偿如何计算？", "金额/计算方法见《劳动合同法》第四十七条：“", "法律没有规定"),
    ("被人打伤了，医疗费和误工费能赔多少？", "由人民法院根据实际损失、过错程度", "金额/计算方法见"),
    ("离婚后抚养费标准是多少？", "由人民法院根据", "金额/计算方法见"),
    ("拖欠的劳动报酬能要多少？", "由劳动人事争议仲裁委员会或者人民法院", "金额/计算方法见"),
]


@pytest.mark.parametrize(("question", "says", "not_says"), TABLE)
def test_amount_questions_say_where_the_amount_comes_from(amount_corpus, question, says, not_says):
    answer = qa.ask(question)
    assert says in answer.amount_note, answer.amount_note
    assert not_says not in answer.amount_note
    assert answer.short_answer.endswith(answer.amount_note)  # part of the answer, on every channel
    assert answer.log.answer == answer.short_answer
    if "由" in says:
        assert "转人工" in answer.amount_note  # a case-by-case amount: a person can help estimate it


def test_the_quoted_sentence_is_the_articles_own(amount_corpus):
    answer = qa.ask("被辞退了经济补偿如何计算？")
    quoted = answer.amount_note.split("：“", 1)[1].rstrip("”")
    assert quoted in Article.objects.get(label="第四十七条").text


def test_a_question_without_an_amount_gets_no_amount_note(amount_corpus):
    answer = qa.ask("老板拖欠工资怎么办")
    assert answer.amount_note == "" and "金额" not in answer.short_answer


def test_a_faq_answer_that_carries_the_amount_is_cited(amount_corpus):
    FaqEntry.objects.create(
        question="公司违法辞退我，赔偿金怎么算？",
        answer="用人单位违法解除劳动合同的，按经济补偿标准的二倍支付赔偿金。经济补偿按工作年限，每满一年支付一个月工资。",
        status=FaqStatus.PUBLISHED,
    )
    answer = qa.ask("公司违法辞退我，赔偿金怎么算？")
    assert answer.source == AnswerSource.FAQ
    assert answer.amount_note.startswith("金额/计算方法见常见问题“公司违法辞退我，赔偿金怎么算？”：“")
    assert "二倍" in answer.amount_note


def test_a_faq_answer_without_the_amount_falls_back_to_the_articles(amount_corpus):
    entry = FaqEntry.objects.create(
        question="公司违法辞退我，赔偿金怎么算？",
        answer="可以先与单位协商，协商不成的申请劳动仲裁。",
        status=FaqStatus.PUBLISHED,
    )
    entry.articles.set(Article.objects.filter(label="第八十七条"))
    answer = qa.ask("公司违法辞退我，赔偿金怎么算？")
    assert answer.source == AnswerSource.FAQ
    assert answer.amount_note.startswith("金额/计算方法见《劳动合同法》第八十七条：“")
