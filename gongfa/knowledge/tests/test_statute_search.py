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
