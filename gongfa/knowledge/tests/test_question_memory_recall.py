"""What the question memory knows (gongfa.knowledge.recall, issue #19) and when a process rebuilds
it: published FAQ questions and their phrasings, and active legal verified questions, each with its
articles in force and its topic; rebuilt at once by the process that changed them (on commit), and
by every other process at its next fingerprint check (QA_MEMORY_RECHECK_SECONDS)."""

# ruff: noqa: F811 - the fixtures imported from test_verify_question are parameters below

from __future__ import annotations

import pytest

from gongfa.knowledge import faq, recall
from gongfa.knowledge.choices import FaqStatus
from gongfa.knowledge.memory import KnownQuestion
from gongfa.knowledge.models import FaqEntry, FaqPhrasing
from gongfa.knowledge.verification import do_retire_verified_question

from .test_faq_import import _revise_labour_contract_law
from .test_verify_question import article, corpus, labour, make_log, staff, verify  # noqa: F401 - fixtures

WAGES = "老板拖欠工资不给怎么办"
WAGES_AGAIN = "公司一直拖着不发工资"
CONTRACT = "没签书面劳动合同能要二倍工资吗"


def entry(question: str, articles, *, status=FaqStatus.PUBLISHED, topic=None, phrasings=()) -> FaqEntry:
    made = FaqEntry.objects.create(question=question, answer="答复", status=status, topic=topic)
    made.articles.set(articles)
    for position, text in enumerate(phrasings):
        FaqPhrasing.objects.create(entry=made, text=text, position=position)
    return made


class Clock:
    """recall's time.monotonic, moved by hand (another process's sense of time)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    ticking = Clock()
    monkeypatch.setattr(recall.time, "monotonic", ticking)
    return ticking


def test_it_knows_published_faq_questions_phrasings_and_active_legal_verified_questions(corpus, staff, labour):
    pay, double = article("第三十条"), article("第八十二条")
    aid = article("第三十一条", "法律援助法")
    wages = entry(WAGES, [pay, aid], topic=labour, phrasings=[WAGES_AGAIN, "工资被拖欠了"])
    entry("草稿问题", [pay], status=FaqStatus.DRAFT, phrasings=["草稿的问法"])
    entry("停用的问题", [pay], status=FaqStatus.RETIRED, phrasings=["停用的问法"])
    verified = verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[double.pk], topic=labour)
    not_legal = verify(make_log("你们几点下班"), staff, text="你们几点下班", verdict="not_legal")
    retired = verify(make_log("老板不给加班费"), staff, text="老板不给加班费", article_ids=[pay.pk])
    do_retire_verified_question(retired, actor=staff)
    no_topic = verify(
        make_log("出了车祸谁赔"), staff, text="出了车祸谁赔", article_ids=[article("第七十六条", "道路交通安全法").pk]
    )

    known = list(recall.known_questions())

    faq_ids = (pay.pk, aid.pk) if pay.pk < aid.pk else (aid.pk, pay.pk)
    assert known == [
        KnownQuestion(WAGES, faq_ids, "labour", f"faq:{wages.pk}"),
        KnownQuestion(WAGES_AGAIN, faq_ids, "labour", f"faq:{wages.pk}"),
        KnownQuestion("工资被拖欠了", faq_ids, "labour", f"faq:{wages.pk}"),
        KnownQuestion(CONTRACT, (double.pk,), "labour", f"verified:{verified.pk}"),
        KnownQuestion("出了车祸谁赔", (article("第七十六条", "道路交通安全法").pk,), "", f"verified:{no_topic.pk}"),
    ]
    assert f"verified:{not_legal.pk}" not in {k.source for k in known}


def test_articles_no_longer_in_force_are_left_out(corpus, staff):
    pay, double = article("第三十条"), article("第八十二条")
    wages = entry(WAGES, [pay, double])
    verified = verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[double.pk, pay.pk])
    _revise_labour_contract_law(corpus)  # the new text has 第三十条 (a new article row) but no 第八十二条
    known = {k.source: k for k in recall.known_questions()}
    assert known[f"faq:{wages.pk}"].article_ids == ()
    assert known[f"verified:{verified.pk}"].article_ids == ()


def test_a_verification_is_remembered_once_it_commits(
    corpus, staff, settings, clock, django_capture_on_commit_callbacks
):
    settings.QA_MEMORY_RECHECK_SECONDS = 3600
    aid = article("第三十一条", "法律援助法")
    before = recall.get_memory()
    assert len(before) == 0 and not recall.memory_votes(CONTRACT)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[aid.pk])
    assert recall.get_memory() is before  # not committed yet: nothing forgotten
    assert recall.forget_memory in callbacks
    for callback in callbacks:
        callback()

    after = recall.get_memory()
    assert after is not before and len(after) == 1
    assert recall.memory_votes(CONTRACT).articles == {aid.pk: 1.0}


def test_another_process_keeps_its_copy_until_the_recheck(corpus, staff, settings, clock):
    settings.QA_MEMORY_RECHECK_SECONDS = 60
    aid = article("第三十一条", "法律援助法")
    old = recall.get_memory()
    # verified on another node: this process is not told (no forget_memory here)
    verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[aid.pk])
    clock.now += 59
    assert recall.get_memory() is old and not recall.memory_votes(CONTRACT)
    clock.now += 2
    fresh = recall.get_memory()
    assert fresh is not old and recall.memory_votes(CONTRACT).articles == {aid.pk: 1.0}
    # nothing changed since: the next check keeps the copy (no rebuild)
    clock.now += 61
    assert recall.get_memory() is fresh


def test_a_recheck_of_zero_seconds_checks_every_time(corpus, staff, settings):
    settings.QA_MEMORY_RECHECK_SECONDS = 0
    aid = article("第三十一条", "法律援助法")
    assert not recall.memory_votes(CONTRACT)
    verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[aid.pk])
    assert recall.memory_votes(CONTRACT).articles == {aid.pk: 1.0}


def test_publishing_and_retiring_an_faq_entry_rebuild_it(corpus, settings, clock, django_capture_on_commit_callbacks):
    settings.QA_MEMORY_RECHECK_SECONDS = 3600
    pay = article("第三十条")
    draft = entry(WAGES, [pay], status=FaqStatus.DRAFT, phrasings=[WAGES_AGAIN])
    assert not recall.memory_votes(WAGES_AGAIN)
    with django_capture_on_commit_callbacks(execute=True):
        faq.publish(draft, user=None)
    assert recall.memory_votes(WAGES_AGAIN).articles == {pay.pk: 1.0}
    with django_capture_on_commit_callbacks(execute=True):
        faq.retire(draft, user=None)
    assert not recall.memory_votes(WAGES_AGAIN)
    with django_capture_on_commit_callbacks(execute=True):
        faq.publish(draft, user=None)
    with django_capture_on_commit_callbacks(execute=True):
        faq.redraft(draft, user=None)
    assert not recall.memory_votes(WAGES)


def test_new_phrasings_from_an_import_are_remembered(corpus, settings, clock, django_capture_on_commit_callbacks):
    settings.QA_MEMORY_RECHECK_SECONDS = 3600
    pay = article("第三十条")
    published = entry(WAGES, [pay])
    assert recall.memory_votes("工资被拖欠了半年").hits[0][1] < 0.6  # only the question, loosely alike
    with django_capture_on_commit_callbacks(execute=True):
        changed = faq.set_phrasings(published, ["工资被拖欠了半年"])
    assert changed
    best, score = recall.memory_votes("工资被拖欠了半年").hits[0]
    assert (best.text, score) == ("工资被拖欠了半年", 1.0)


def test_an_import_that_changes_only_the_articles_is_remembered(
    corpus, settings, clock, django_capture_on_commit_callbacks
):
    settings.QA_MEMORY_RECHECK_SECONDS = 60
    pay, double = article("第三十条"), article("第八十二条")
    entry(CONTRACT, [pay])
    assert recall.memory_votes(CONTRACT).articles == {pay.pk: 1.0}
    rows = [faq.SheetRow(2, {"问题": CONTRACT, "答复": "答复", "依据法条": "《劳动合同法》第八十二条"})]
    with django_capture_on_commit_callbacks(execute=True):
        report = faq.import_rows(rows)
    assert report.updated == 1
    clock.now += 61  # this process, or another one at its next check
    assert recall.memory_votes(CONTRACT).articles == {double.pk: 1.0}


def test_the_fingerprint_follows_what_the_memory_knows(corpus, staff):
    pay = article("第三十条")
    start = recall.fingerprint()
    published = entry(WAGES, [pay])
    with_entry = recall.fingerprint()
    assert with_entry != start
    FaqPhrasing.objects.create(entry=published, text=WAGES_AGAIN)
    with_phrasing = recall.fingerprint()
    assert with_phrasing != with_entry
    verified = verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[pay.pk])
    with_verified = recall.fingerprint()
    assert with_verified != with_phrasing
    do_retire_verified_question(verified, actor=staff)
    assert recall.fingerprint() != with_verified
    entry("草稿问题", [pay], status=FaqStatus.DRAFT)
    assert recall.fingerprint() == with_phrasing  # a draft is not known; the retired question neither


def test_the_memory_is_off_when_the_setting_is(corpus, staff, settings):
    aid = article("第三十一条", "法律援助法")
    verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[aid.pk])
    recall.forget_memory()
    assert recall.memory_votes(CONTRACT)
    settings.QA_MEMORY_ENABLED = False
    votes = recall.memory_votes(CONTRACT)
    assert not votes and votes.articles == {} and votes.topics == {}
    # a memory passed in (evaluation) is still read
    assert recall.memory_votes(CONTRACT, recall.get_memory()).articles == {aid.pk: 1.0}


def test_the_memory_stops_citing_an_article_a_revision_took_out_of_force(corpus, staff, settings, clock):
    """A law revised by the daily statute import: within a recheck, the memory must not keep
    voting for the superseded text's article (the answer would cite a text no longer in force)."""
    settings.QA_MEMORY_RECHECK_SECONDS = 60
    double = article("第八十二条")
    verify(make_log(CONTRACT), staff, text=CONTRACT, article_ids=[double.pk])
    assert recall.memory_votes(CONTRACT).articles == {double.pk: 1.0}
    _revise_labour_contract_law(corpus)  # 第八十二条 is no longer in force
    clock.now += 61
    assert double.pk not in recall.memory_votes(CONTRACT).articles
