"""The triage topic classifier (gongfa.knowledge.topics): cue words, the laws retrieval points to,
the trained model fed by staff corrections, and the 其他 fallback."""

import os
import time
from io import StringIO

import pytest

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.knowledge import topics
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder
from gongfa.knowledge.tests.conftest import write_law
from gongfa.testing.factories import CitizenFactory, UserFactory, post
from gongfa.workorders.classify import TopicGuess, classify_topic
from gongfa.workorders.models import Topic
from gongfa.workorders.services.handling import reclassify_work_order
from gongfa.workorders.services.intake import create_work_order

PATENT_LAW = {
    "name": "中华人民共和国专利法",
    "status": "现行有效",
    "effective_date": "2021-06-01",
    "articles": [
        {
            "number": "第一条",
            "chapter": "第一章 总则",
            "text": "发明创造的申请日以国务院主管部门收到申请文件之日为准。",
        },
        {"number": "第二条", "chapter": "第一章 总则", "text": "申请人可以在被授予权利之前随时撤回其申请。"},
    ],
}
TRAFFIC_LAW = {
    "name": "中华人民共和国道路交通安全法",
    "status": "现行有效",
    "effective_date": "2021-04-29",
    "articles": [
        {"number": "第一条", "chapter": "第一章 总则", "text": "行人应当在人行道内行走，没有人行道的靠路边行走。"}
    ],
}


@pytest.fixture
def law_corpus(db, tmp_path, index_home):
    folder = tmp_path / "laws"
    folder.mkdir()
    write_law(folder, PATENT_LAW, "patent.json")
    write_law(folder, TRAFFIC_LAW, "traffic.json")
    import_statutes(read_folder(folder), source="test")
    return folder


def _code(guess: TopicGuess) -> str:
    return guess.topic.code if guess.topic is not None else ""


@pytest.fixture(autouse=True)
def no_model_left_loaded():
    topics.forget_loaded_model()
    yield
    topics.forget_loaded_model()


def test_cue_words_decide_with_a_readable_reason(db):
    guess = topics.classify("我想和老公离婚，孩子的抚养权会判给谁？")
    assert guess.topic is not None and guess.topic.code == "marriage_family"
    assert "离婚" in guess.reason and "抚养权" in guess.reason
    assert 0.5 < guess.confidence <= 1.0


def test_staff_keywords_on_the_topic_row_count(db):
    maritime = Topic.objects.get(code="maritime")
    maritime.keywords = "滚装码头作业"
    maritime.save()
    guess = topics.classify("滚装码头作业时出了问题找谁")
    assert guess.topic == maritime and "滚装码头作业" in guess.reason


@pytest.mark.parametrize("text", ["", "   \n\t", "hello world 123", "？？！！", None])
def test_nothing_to_go_on_is_other_with_no_confidence(db, text):
    guess = topics.classify(text)
    assert guess.topic is not None and guess.topic.code == "other"
    assert guess.confidence == 0.0 and guess.reason


def test_text_without_cues_or_hits_is_other(db):
    guess = topics.classify("今天天气不错")
    assert _code(guess) == "other" and guess.confidence == 0.0


def test_a_retired_topic_is_never_chosen(db):
    Topic.objects.filter(code="marriage_family").update(is_active=False)
    guess = topics.classify("我想离婚")
    assert guess.topic is None or guess.topic.code != "marriage_family"


def test_the_laws_retrieval_finds_vote_for_their_topic(law_corpus):
    question = "申请文件收到之日怎么算申请日"
    assert not any(cue in question for cue in topics.shipped_rules())  # nothing but retrieval to go on
    guess = topics.classify(question)
    assert _code(guess) == "intellectual_property"
    assert "专利法" in guess.reason and guess.confidence > 0


def test_retrieval_votes_follow_the_law_table(law_corpus):
    evidence = topics.Evidence()
    topics.retrieval_evidence("行人在人行道内行走", {"traffic_accident", "intellectual_property"}, evidence)
    assert max(evidence.scores, key=evidence.scores.__getitem__) == "traffic_accident"
    assert "道路交通安全法" in evidence.laws["traffic_accident"]


@pytest.mark.parametrize(
    ("law", "number", "chapter", "expected"),
    [
        ("中华人民共和国民法典", 1079, "第四章 离婚", {"marriage_family": 1.0}),
        ("中华人民共和国民法典", 1208, "第五章 机动车交通事故责任", {"traffic_accident": 1.0}),
        ("中华人民共和国民法典", 1165, "第一章 一般规定", {"tort": 1.0}),
        ("中华人民共和国民法典", 394, "第十七章 抵押权", {"mortgage_guarantee": 1.0}),
        ("中华人民共和国民法典", 703, "第十四章 租赁合同", {"contract": 0.5, "real_estate": 0.5}),
        ("中华人民共和国刑法修正案（十一）", 1, "", {"criminal_defence": 1.0}),
        ("全国人民代表大会常务委员会关于《中华人民共和国刑法》第三十条的解释", None, "", {"criminal_defence": 1.0}),
        ("中华人民共和国劳动合同法", 10, "第二章 劳动合同的订立", {"labour": 1.0}),
        ("中华人民共和国国歌法", 1, "", {}),
    ],
)
def test_article_topics(law, number, chapter, expected):
    assert topics.article_topics(law, number, chapter, "") == pytest.approx(expected)


def _staffed_village(network):
    village = network.villages[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, network.rooms[village.code])
    return village, clerk


def test_staff_corrections_train_the_model(network, settings):
    from django.core.management import call_command

    village, clerk = _staffed_village(network)
    citizen = CitizenFactory(real_name="李大爷", phone="13912345678")
    question = "村口那块老石碑的事情"
    assert _code(topics.classify(question)) != "administrative_litigation"
    administrative = Topic.objects.get(code="administrative_litigation")
    contract = Topic.objects.get(code="contract")
    labelled = [("村口老石碑被人挪走了", administrative), ("老石碑旁边立了新牌子", administrative)]
    labelled += [("谁能管管村口的石碑", administrative), ("对方一直拖着不办", contract)]
    for text, topic in labelled:
        order = create_work_order(channel=Channel.PORTAL, region=village, text=text, requester=citizen).order
        reclassify_work_order(order=order, actor=clerk, topic=topic)
    call_command("train_topic_classifier", "--min-examples", "3", stdout=StringIO())
    guess = topics.classify(question)
    assert guess.topic == administrative and "模型" in guess.reason
    settings.TOPIC_CLASSIFIER = "gongfa.knowledge.topics.classify"  # what triage calls
    assert classify_topic(question).topic == administrative


def test_training_examples_take_each_orders_latest_label(network):
    village, clerk = _staffed_village(network)
    order = create_work_order(
        channel=Channel.PORTAL, region=village, text="邻居占路", contact_phone="13912345678"
    ).order
    reclassify_work_order(order=order, actor=clerk, topic=Topic.objects.get(code="contract"))
    reclassify_work_order(order=order, actor=clerk, topic=Topic.objects.get(code="real_estate"))
    create_work_order(
        channel=Channel.PORTAL,
        region=village,
        text="签了合同对方不履行",
        contact_phone="13912345678",
        topic=Topic.objects.get(code="contract"),  # set by staff at intake
    )
    staff = [e for e in topics.training_examples(corpus=False, rules=False) if e.source == "staff"]
    assert [(e.text, e.code) for e in staff] == [("邻居占路", "real_estate"), ("签了合同对方不履行", "contract")]


def test_the_model_is_reloaded_when_the_file_changes(db):
    codes = ["labour", "marriage_family"]
    first = topics.train_model(
        [
            topics.Example("拖欠工资不给", "labour", "staff", 1.0),
            topics.Example("离婚分财产", "marriage_family", "staff", 1.0),
        ]
        * 2,
        codes,
    )
    topics.save_model(first)
    loaded = topics.get_model()
    assert loaded is not None and "工资" in loaded.vocabulary
    second = topics.train_model(
        [
            topics.Example("房租押金不退", "labour", "staff", 1.0),
            topics.Example("彩礼退还", "marriage_family", "staff", 1.0),
        ]
        * 2,
        codes,
    )
    path = topics.save_model(second)
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
    reloaded = topics.get_model()
    assert reloaded is not None and "押金" in reloaded.vocabulary and "工资" not in reloaded.vocabulary


def test_training_is_deterministic(db):
    examples = [
        topics.Example("老板拖欠工资", "labour", "staff", 1.0),
        topics.Example("工资一直拖欠", "labour", "staff", 1.0),
        topics.Example("离婚孩子抚养", "marriage_family", "faq", 1.0),
        topics.Example("离婚财产分割", "marriage_family", "faq", 1.0),
    ]
    one = topics.train_model(examples, ["labour", "marriage_family"])
    two = topics.train_model(list(examples), ["labour", "marriage_family"])
    assert one.vocabulary == two.vocabulary and (one.log_prob == two.log_prob).all()


def test_training_refuses_a_single_topic(db):
    with pytest.raises(topics.NotEnoughData, match="至少需要 2 个"):
        topics.train_model([topics.Example("拖欠工资", "labour", "staff", 1.0)] * 5, ["labour", "tort"])


def test_classify_stays_fast(law_corpus):
    topics.classify("热身")
    started = time.perf_counter()
    for _ in range(20):
        topics.classify("我在工地干活摔伤了，包工头不给工钱也不赔偿，怎么办")
    assert (time.perf_counter() - started) / 20 < 0.05
