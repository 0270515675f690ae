"""Statute search: BM25 over the articles in force, persisted, loaded once, rebuilt when the corpus changes."""

import copy

from gongfa.knowledge.models import Article
from gongfa.knowledge.search import build_index, get_index, load_index, tokens
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder

from .conftest import LABOUR_LAW, write_law


def _labels(results):
    by_pk = dict(Article.objects.values_list("pk", "label"))
    return [by_pk[pk] for pk, _ in results]


def test_the_matching_article_comes_first(small_corpus):
    index = get_index()
    assert _labels(index.search("单位拖欠劳动报酬", 3))[0] == "第一条"
    assert _labels(index.search("交通事故 保险 赔偿", 3))[0] == "第三条"
    scores = [score for _, score in index.search("劳动者 仲裁", 3)]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_nothing_to_search_finds_nothing(small_corpus):
    index = get_index()
    assert index.search("", 5) == []
    assert index.search("请问我该怎么办呢？", 5) == []  # stopwords only
    assert index.search("zzzz qqqq", 5) == []  # words the corpus does not have
    assert "怎么办" not in tokens("老板拖欠工资怎么办") and "拖欠" in tokens("老板拖欠工资怎么办")


def test_the_saved_index_is_what_a_new_process_loads(small_corpus, index_home):
    built = build_index()
    loaded = load_index()
    assert loaded is not None and loaded.fingerprint == built.fingerprint
    assert list(loaded.article_ids) == list(built.article_ids)
    assert loaded.search("交通事故", 1) == built.search("交通事故", 1)
    assert (index_home / "index" / "statutes" / "articles.json").exists()


def test_a_new_version_in_force_is_searched_and_the_old_text_is_not(small_corpus, tmp_path):
    first = get_index()
    changed: dict = copy.deepcopy(LABOUR_LAW)
    changed["articles"][2]["text"] = "非机动车与行人发生碰撞的，依法承担赔偿责任。"
    write_law(small_corpus, changed)
    import_statutes(read_folder(small_corpus), source="test")
    from gongfa.knowledge.search import forget_loaded_index

    forget_loaded_index()
    second = get_index()
    assert second.fingerprint != first.fingerprint
    found = second.search("非机动车 行人 碰撞", 1)
    assert Article.objects.get(pk=found[0][0]).text.startswith("非机动车")
    assert all(Article.objects.get(pk=pk).version.law.current_version_id == Article.objects.get(pk=pk).version_id
               for pk, _ in second.search("机动车 交通事故 保险", 10))  # fmt: skip


def test_an_empty_corpus_gives_an_empty_index(db, index_home):
    index = get_index()
    assert len(index.article_ids) == 0 and index.search("工资", 5) == []


def test_colloquial_words_find_the_statute_terms(small_corpus):
    from gongfa.knowledge.search import expand, shipped_vocabulary

    words = shipped_vocabulary()
    assert "用人单位" in words["老板"] and "交通事故" in words["撞了"]
    assert "用人单位" in expand("老板三个月不给钱", words)
    assert expand("今天天气", words) == "今天天气"
    # "老板不给钱" shares no word with the articles; through the vocabulary it finds 第一条.
    assert _labels(get_index().search("老板不给钱", 1)) == ["第一条"]


def test_staff_entries_add_to_and_switch_off_shipped_words(small_corpus):
    from gongfa.knowledge.models import VocabularyEntry
    from gongfa.knowledge.search import forget_loaded_index, vocabulary

    VocabularyEntry.objects.create(word="东家", terms="用人单位")
    VocabularyEntry.objects.create(word="老板", terms="用人单位", is_active=False)
    words = vocabulary()
    assert words["东家"] == ["用人单位"] and "老板" not in words
    forget_loaded_index()
    assert _labels(get_index().search("东家不给钱", 1)) == ["第一条"]
    assert get_index().search("老板不给钱", 1) == []


def test_character_pairs_bridge_different_segmentation():
    assert {"劳动", "报酬", "动报"} <= set(tokens("劳动报酬"))


def test_an_interrupted_build_is_not_loaded(small_corpus, index_home):
    import json

    build_index()
    meta = index_home / "index" / "statutes" / "articles.json"
    data = json.loads(meta.read_text())
    meta.write_text(json.dumps({**data, "ids": data["ids"][:-1]}))  # the id list of another build
    assert load_index() is None
    assert len(get_index().article_ids) == 3  # rebuilt


def _import(folder, *laws):
    for number, law in enumerate(laws):
        write_law(folder, law, filename=f"law{number}.json")
    import_statutes(read_folder(folder), source="test")


def _law(name, articles):
    return {"name": name, "status": "现行有效", "effective_date": "2020-01-01", "articles": articles}


def test_a_law_people_often_ask_about_ranks_above_an_equal_match_elsewhere(db, tmp_path):
    from gongfa.knowledge.search import law_priority

    assert law_priority()["民法典"] == 1 and law_priority()["著作权法"] == 2
    text = "承租人应当按照约定的期限支付租金。"
    folder = tmp_path / "laws"
    folder.mkdir()
    _import(
        folder,
        _law("中华人民共和国港法", [{"number": "第一条", "text": text}]),
        _law("中华人民共和国民法典", [{"number": "第七百二十一条", "text": text}]),
    )
    found = get_index().search("租金 期限", 2)
    assert Article.objects.get(pk=found[0][0]).version.law.name == "中华人民共和国民法典"
    assert found[0][1] > found[1][1]


def test_an_article_other_articles_refer_to_ranks_above_an_equal_one(db, tmp_path):
    from gongfa.knowledge.search import referenced_numbers

    assert referenced_numbers("违反本法第二条、第一百零五条规定的") == {2, 105}
    folder = tmp_path / "laws"
    folder.mkdir()
    articles = [
        {"number": "第一条", "chapter": "第一章 总则", "text": "设立合作社应当办理登记。"},
        {"number": "第二条", "chapter": "第一章 总则", "text": "设立合作社应当办理登记。"},
        {"number": "第三条", "chapter": "第二章 责任", "text": "违反本法第二条规定的，责令改正。"},
    ]
    _import(folder, _law("中华人民共和国样例法", articles))
    assert _labels(get_index().search("合作社 登记", 2)) == ["第二条", "第一条"]


def test_the_rest_of_its_chapter_lifts_an_article(db, tmp_path):
    """Two articles match "拖欠" alike; the one whose chapter is about wages comes first for a
    question about wages, the other for a question about rent."""
    folder = tmp_path / "laws"
    folder.mkdir()
    articles = [
        {"number": "第一条", "chapter": "第一章 工资", "text": "用人单位不得拖欠。"},
        {"number": "第二条", "chapter": "第一章 工资", "text": "劳动报酬应当以货币形式按月支付给劳动者本人。"},
        {"number": "第三条", "chapter": "第二章 租赁", "text": "承租人不得拖欠。"},
        {
            "number": "第四条",
            "chapter": "第二章 租赁",
            "text": "出租人应当将租赁物交付承租人，并在租赁期限内保持租赁物符合约定的用途。",
        },
    ]
    _import(folder, _law("中华人民共和国样例法", articles))
    index = get_index()
    assert _labels(index.search("拖欠 劳动报酬 货币", 4))[:2] == ["第二条", "第一条"]
    assert _labels(index.search("拖欠 租赁物 交付", 4))[:2] == ["第四条", "第三条"]
    assert set(_labels(index.search("拖欠", 4))[:2]) == {"第一条", "第三条"}  # the word itself counts most


def test_an_index_of_an_older_format_is_rebuilt(small_corpus, index_home):
    import json

    build_index()
    meta = index_home / "index" / "statutes" / "articles.json"
    data = json.loads(meta.read_text())
    del data["groups"]
    meta.write_text(json.dumps(data))
    assert load_index() is None


def test_the_shipped_vocabulary_covers_everyday_words():
    from gongfa.knowledge.search import expand, shipped_vocabulary

    words = shipped_vocabulary()
    assert "克扣" in expand("单位扣工资", words)
    assert "拾得遗失物" in expand("路上捡到一个钱包", words)
    assert "格式条款" in expand("合同里有霸王条款", words)
    assert "盗窃" not in expand("他偷偷把房子卖了", words)  # 偷偷 is not theft
