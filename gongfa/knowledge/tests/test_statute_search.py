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
