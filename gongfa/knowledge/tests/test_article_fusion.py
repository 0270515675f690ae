"""Fusing the question memory's votes into the statute ranking (gongfa.knowledge.ranking, issue #19):
votes add by weight, an article only the memory knows enters, a known question asked again puts its
confirmed articles first, and a re-ranker that cannot be built leaves the fused order and says why."""

# ruff: noqa: F811 - the fixtures imported from test_verify_question are parameters below

from __future__ import annotations

import pytest

from gongfa.knowledge import recall
from gongfa.knowledge.memory import KnownQuestion, Votes, build_memory
from gongfa.knowledge.ranking import fuse, rank_articles
from gongfa.knowledge.rerank import forget_rerankers
from gongfa.knowledge.search import get_index

from .test_verify_question import article, corpus, labour, make_log, staff, verify  # noqa: F401 - fixtures

HITS = [(1, 1.0), (2, 0.8), (3, 0.5)]


def known(*article_ids: int) -> KnownQuestion:
    return KnownQuestion("已知问题", tuple(article_ids), "labour", "verified:1")


def votes(articles: dict[int, float], hits: list[tuple[KnownQuestion, float]] | None = None) -> Votes:
    return Votes(articles, {}, tuple(hits or []))


@pytest.mark.parametrize(
    ("hits", "memory", "weight", "strong", "expected"),
    [
        # no votes: the statute order and scores as they are
        (HITS, votes({}), 1.0, 1.01, HITS),
        # a vote is added times the weight
        (HITS, votes({3: 0.6}), 1.0, 1.01, [(3, 1.1), (1, 1.0), (2, 0.8)]),
        (HITS, votes({3: 0.6}), 0.5, 1.01, [(1, 1.0), (2, 0.8), (3, 0.8)]),  # a tie: the statute order
        (HITS, votes({2: 0.5, 3: 0.5}), 1.0, 1.01, [(2, 1.3), (1, 1.0), (3, 1.0)]),
        (HITS, votes({1: 1.0}), 0.0, 1.01, HITS),  # weight 0: the memory says nothing
        # an article only the memory knows enters with its vote alone
        (HITS, votes({9: 0.4}), 1.0, 1.01, [(1, 1.0), (2, 0.8), (3, 0.5), (9, 0.4)]),
        (HITS, votes({9: 0.4}), 2.0, 1.01, [(1, 1.0), (2, 0.8), (9, 0.8), (3, 0.5)]),  # ties: statute hits first
        (HITS, votes({9: 0.4, 8: 0.4}), 1.0, 1.01, [(1, 1.0), (2, 0.8), (3, 0.5), (8, 0.4), (9, 0.4)]),
        ([], votes({9: 0.4}), 1.0, 1.01, [(9, 0.4)]),
        # ties keep the statute order, not the article ids
        ([(5, 1.0), (4, 1.0), (6, 1.0)], votes({}), 1.0, 1.01, [(5, 1.0), (4, 1.0), (6, 1.0)]),
    ],
)
def test_votes_are_added_by_weight(hits, memory, weight, strong, expected):
    fused = fuse(hits, memory, weight, strong)
    assert [pk for pk, _ in fused] == [pk for pk, _ in expected]
    assert [score for _, score in fused] == pytest.approx([score for _, score in expected])


def test_a_strong_hit_puts_its_articles_first_in_its_order():
    strong = votes({3: 0.7, 9: 0.7}, [(known(3, 9), 0.7)])
    fused = fuse(HITS, strong, 1.0, 0.6)
    assert [pk for pk, _ in fused] == [3, 9, 1, 2]
    assert fused[0][1] > fused[1][1] > fused[2][1]  # scores stay ordered
    assert fused[2:] == [(1, 1.0), (2, 0.8)]
    # the order a person gave, even against the votes and the statute scores
    reversed_order = fuse(HITS, votes({9: 0.7, 3: 0.7}, [(known(9, 3), 0.7)]), 1.0, 0.6)
    assert [pk for pk, _ in reversed_order] == [9, 3, 1, 2]


def test_a_hit_below_strong_is_only_a_vote():
    weak = votes({3: 0.59}, [(known(3), 0.59)])
    assert [pk for pk, _ in fuse(HITS, weak, 1.0, 0.6)] == [3, 1, 2]  # 0.5 + 0.59 beats 1.0, not lifted
    assert fuse(HITS, weak, 1.0, 0.6)[0][1] == pytest.approx(1.09)
    weaker = votes({3: 0.35}, [(known(3), 0.35)])
    assert [pk for pk, _ in fuse(HITS, weaker, 1.0, 0.6)] == [1, 3, 2]


def test_several_strong_hits_put_the_best_ones_articles_first_once_each():
    both = votes({2: 0.9, 3: 0.9, 7: 0.8}, [(known(3, 2), 0.9), (known(2, 7), 0.8)])
    assert [pk for pk, _ in fuse(HITS, both, 1.0, 0.6)] == [3, 2, 7, 1]


def test_a_strong_hit_with_no_statute_hits():
    fused = fuse([], votes({4: 1.0}, [(known(4), 1.0)]), 1.0, 0.6)
    assert [pk for pk, _ in fused] == [4]


# --------------------------------------------------------------------------- rank_articles
QUESTION = "老板拖欠工资怎么办"


@pytest.fixture
def no_rerankers():
    forget_rerankers()
    yield
    forget_rerankers()


def test_a_verified_question_asked_again_cites_the_verified_article_first(corpus, staff, settings):
    settings.QA_MEMORY_RECHECK_SECONDS = 0
    aid = article("第三十一条", "法律援助法")
    searched = [pk for pk, _ in get_index().search(QUESTION, k=10)]
    assert searched[0] != aid.pk  # the statute search puts another article first
    before = rank_articles(QUESTION, 3)
    assert [pk for pk, _ in before.hits] == searched[:3] and not before.votes

    verify(make_log(QUESTION), staff, text=QUESTION, article_ids=[aid.pk])

    ranking = rank_articles(QUESTION, 3)
    assert ranking.hits[0][0] == aid.pk
    assert [pk for pk, _ in ranking.hits[1:]] == [pk for pk in searched if pk != aid.pk][:2]
    assert ranking.votes.articles == {aid.pk: 1.0} and ranking.reranker == "none"
    # without the memory, the statute order
    assert [pk for pk, _ in rank_articles(QUESTION, 3, use_memory=False).hits] == searched[:3]
    settings.QA_MEMORY_ENABLED = False
    assert [pk for pk, _ in rank_articles(QUESTION, 3).hits] == searched[:3]


def test_a_memory_passed_in_is_used_even_when_the_setting_is_off(corpus, settings):
    settings.QA_MEMORY_ENABLED = False
    traffic = article("第七十六条", "道路交通安全法")
    memory = build_memory([KnownQuestion(QUESTION, (traffic.pk,), "labour", "eval:1")])
    ranking = rank_articles(QUESTION, 3, memory=memory)
    assert ranking.hits[0][0] == traffic.pk
    assert rank_articles(QUESTION, 3, memory=memory, use_memory=False).hits[0][0] != traffic.pk


def test_the_verified_article_enters_even_when_the_search_does_not_reach_it(corpus, staff, settings):
    settings.QA_MEMORY_RECHECK_SECONDS = 0
    traffic = article("第七十六条", "道路交通安全法")
    assert traffic.pk not in [pk for pk, _ in get_index().search(QUESTION, k=30)]
    verify(make_log(QUESTION), staff, text=QUESTION, article_ids=[traffic.pk])
    assert rank_articles(QUESTION, 3).hits[0][0] == traffic.pk


def test_a_reranker_that_cannot_be_built_leaves_the_fused_order(corpus, staff, settings, no_rerankers):
    settings.QA_MEMORY_RECHECK_SECONDS = 0
    settings.QA_RERANKER_MODEL_DIR = ""
    aid = article("第三十一条", "法律援助法")
    verify(make_log(QUESTION), staff, text=QUESTION, article_ids=[aid.pk])
    fused = rank_articles(QUESTION, 3, reranker="none")

    ranking = rank_articles(QUESTION, 3, reranker="onnx")

    assert ranking.hits == fused.hits and ranking.hits[0][0] == aid.pk
    assert ranking.reranker == "onnx" and ranking.fallback_reason
    # the same through the setting
    settings.QA_RERANKER = "onnx"
    by_setting = rank_articles(QUESTION, 3)
    assert by_setting.hits == fused.hits and by_setting.fallback_reason == ranking.fallback_reason


def test_nothing_found_is_an_empty_ranking(corpus):
    recall.forget_memory()
    ranking = rank_articles("嗯嗯嗯", 3, reranker="onnx")
    assert ranking.hits == [] and ranking.fallback_reason == ""
