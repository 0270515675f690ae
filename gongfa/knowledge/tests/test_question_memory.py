"""The question memory's index (issue #19, first part): a new question worded like a known one gets
that question's articles and topic as votes; several phrasings of one question do not add up; an
unrelated question or one sharing a single common word gets no vote; entries that could not vote
are left out."""

from __future__ import annotations

from gongfa.knowledge.memory import KnownQuestion, build_memory

WALL = KnownQuestion("邻居装修把我家的墙震裂了，能要求赔偿吗", (295,), "neighbour", "faq:1")
WALL_AGAIN = KnownQuestion("隔壁装修导致我家墙体开裂怎么办", (295, 1165), "neighbour", "faq:1")
SUPPORT = KnownQuestion("子女不给老人生活费，老人能起诉要赡养费吗", (1067,), "family", "faq:2")
WAGES = KnownQuestion("老板拖欠工资不给怎么办", (30,), "labour", "faq:3")


def memory():
    return build_memory([WALL, WALL_AGAIN, SUPPORT, WAGES])


def test_a_question_worded_like_a_known_one_gets_its_articles_and_topic():
    votes = memory().vote("楼上邻居装修，把我家墙震裂了")
    assert votes.articles[295] == votes.hits[0][1] > 0.5  # the best hit names it
    assert votes.topics == {"neighbour": max(score for entry, score in votes.hits if entry.topic == "neighbour")}
    assert 1067 not in votes.articles and 30 not in votes.articles
    assert votes.hits[0][0] in (WALL, WALL_AGAIN)


def test_several_phrasings_vote_once_with_the_best_score():
    votes = memory().vote("邻居装修墙体开裂")
    assert 0 < votes.articles[295] <= 1.0
    assert votes.articles[295] >= votes.articles.get(1165, 0.0)


def test_a_question_of_another_matter_gets_that_matters_vote():
    votes = memory().vote("我爸妈年纪大了，哥哥不给赡养费")
    assert set(votes.articles) == {1067} and set(votes.topics) == {"family"}


def test_nothing_in_common_means_no_vote():
    votes = memory().vote("护照过期了去哪里办")
    assert not votes and votes.articles == {} and votes.topics == {}
    assert not memory().vote("   ")


def test_weak_hits_below_the_threshold_do_not_vote():
    loose = memory().vote("老板拖欠工资不给怎么办，邻居也吵", min_score=0.05)
    strict = memory().vote("老板拖欠工资不给怎么办，邻居也吵", min_score=0.5)
    assert 295 in loose.articles and set(strict.articles) == {30}


def test_the_same_wording_scores_one_and_the_score_is_absolute():
    exact = memory().vote(WAGES.text)
    assert exact.hits[0] == (WAGES, 1.0)
    # the nearest known question of a far question is not promoted to 1 (scores are not relative)
    far = memory().vote("老板是谁", min_score=0.0)
    assert all(score < 0.5 for _, score in far.hits)


def test_entries_without_articles_or_words_are_left_out_and_an_empty_memory_answers():
    empty = build_memory([KnownQuestion("没有法条的问题", ()), KnownQuestion("，。！", (1,))])
    assert len(empty) == 0 and not empty.vote("没有法条的问题")
    assert len(memory()) == 4
