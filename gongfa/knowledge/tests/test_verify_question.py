"""Verifying a logged question (问题核实, issue #19): staff confirm or correct its articles and topic,
or mark it not a legal question. The kept text is de-identified; every problem is reported at once
and nothing changes; a question is verified once, even when two people confirm it at the same
moment; every verification is an audited event."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.knowledge import recall
from gongfa.knowledge.choices import AnswerSource, QuestionVerdict
from gongfa.knowledge.models import Article, Law, LawVersion, QuestionLog, VerifiedQuestion
from gongfa.knowledge.verification import MAX_ARTICLES, do_verify_question, proposed_text
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import UserFactory
from gongfa.workorders.models import Topic

from .test_faq_import import _revise_labour_contract_law, load_corpus

LEGAL = QuestionVerdict.LEGAL
NOT_LEGAL = QuestionVerdict.NOT_LEGAL
VERIFY = "knowledge.question.verify"


# ------------------------------------------------------------------------------- helpers (shared)
def article(label: str, law: str = "劳动合同法") -> Article:
    """The article in force of the small corpus (gongfa.testing.statutes) with this label."""
    return Article.objects.current().select_related("version__law").get(version__law__short_name=law, label=label)


def make_log(question: str, cited: Sequence[Article] = (), **fields: object) -> QuestionLog:
    """A question log as qa.ask writes it, the answer citing `cited` in that order."""
    values: dict[str, object] = {
        "channel": Channel.PORTAL,
        "confidence": 0.7,
        "answer_source": AnswerSource.ARTICLES if cited else AnswerSource.NONE,
        "answer": "答复",
        "citations": [{"article": a.pk, "version": a.version_id, "cited": a.citation, "score": 1.0} for a in cited],
        **fields,
    }
    log = QuestionLog(question=question, **values)
    log.review_priority = log.review_priority_now()
    log.save()
    return log


def verify(log: QuestionLog, actor, **kwargs: object) -> VerifiedQuestion:
    values: dict[str, object] = {"text": proposed_text(log), "verdict": LEGAL, **kwargs}
    return do_verify_question(log=log, actor=actor, **values)  # type: ignore[arg-type]


@pytest.fixture
def corpus(db, tmp_path) -> Iterator[Path]:
    load_corpus(tmp_path / "laws")
    recall.forget_memory()
    yield tmp_path
    recall.forget_memory()


@pytest.fixture
def staff(db):
    return UserFactory(real_name="核实员甲")


@pytest.fixture
def labour(db) -> Topic:
    return Topic.objects.get(code="labour")


def nothing_changed(log: QuestionLog) -> None:
    log.refresh_from_db()
    assert log.verified is False
    assert not VerifiedQuestion.objects.exists()
    assert not Event.objects.filter(verb=VERIFY).exists()


# ------------------------------------------------------------------------------------ good path
def test_a_verification_keeps_the_deidentified_question_with_its_articles_and_topic(corpus, staff, labour):
    pay, double = article("第三十条"), article("第八十二条")
    aid = article("第三十一条", "法律援助法")
    log = make_log("我叫张三，电话13812345678，老板拖欠工资三个月怎么办", cited=[pay])
    text = proposed_text(log)
    assert text == "我叫【姓名】，电话【电话】，老板拖欠工资三个月怎么办"

    verified = do_verify_question(
        log=log, actor=staff, text=text, verdict=LEGAL, article_ids=[aid.pk, pay.pk], topic=labour
    )

    verified.refresh_from_db()
    assert verified.text == text and "张三" not in verified.text and "138" not in verified.text
    assert verified.verdict == LEGAL and verified.topic == labour and verified.is_active
    assert list(verified.articles.all()) == sorted([aid, pay], key=lambda a: a.pk)  # the m2m itself
    assert verified.answered_article_ids == [pay.pk]
    assert verified.corrected is True  # the answer put 第三十条 first; staff put 法律援助法 first
    assert (verified.question_log, verified.verified_by, verified.channel) == (log, staff, Channel.PORTAL)
    assert verified.asked_at == log.created_at
    log.refresh_from_db()
    assert log.verified is True and log.verification == verified
    event = Event.objects.get(verb=VERIFY)
    assert event.subject == verified and event.actor == staff and event.channel == Channel.WORKBENCH
    assert event.data == {
        "log": log.pk,
        "verdict": "legal",
        "articles": [aid.pk, pay.pk],
        "topic": "labour",
        "corrected": True,
    }
    assert double.pk not in event.data["articles"]


def test_the_articles_keep_the_order_staff_gave_ids_first_then_citations(corpus, staff):
    pay, double = article("第三十条"), article("第八十二条")
    aid = article("第三十一条", "法律援助法")
    log = make_log("没签合同，老板也不给钱", cited=[pay])
    verified = verify(
        log,
        staff,
        article_ids=[double.pk, double.pk],
        citations="《法律援助法》第三十一条；《中华人民共和国劳动合同法》第八十二条、《劳动合同法》第30条",
    )
    assert Event.objects.get(verb=VERIFY).data["articles"] == [double.pk, aid.pk, pay.pk]
    assert set(verified.articles.values_list("pk", flat=True)) == {double.pk, aid.pk, pay.pk}


@pytest.mark.parametrize(
    ("cited", "chosen", "corrected"),
    [
        (["第三十条"], ["第三十条"], False),  # confirmed as answered
        (["第三十条", "第八十二条"], ["第三十条"], False),  # the answer's first article confirmed
        (["第三十条", "第八十二条"], ["第三十条", "第八十二条"], False),
        (["第三十条", "第八十二条"], ["第八十二条", "第三十条"], True),  # another order
        (["第三十条"], ["第八十二条"], True),  # another article
        (["第三十条"], ["第三十条", "第八十二条"], True),  # an article added
        ([], ["第三十条"], True),  # the answer cited nothing
    ],
)
def test_corrected_compares_with_the_articles_the_answer_cited(corpus, staff, cited, chosen, corrected):
    log = make_log("老板拖欠工资怎么办", cited=[article(label) for label in cited])
    verified = verify(log, staff, article_ids=[article(label).pk for label in chosen])
    assert verified.corrected is corrected
    assert Event.objects.get(verb=VERIFY).data["corrected"] is corrected


def test_the_articles_a_real_answer_cited_are_read_from_its_log(statute_corpus, staff):
    from gongfa.knowledge import qa

    answer = qa.ask("老板拖欠我三个月工资不给，怎么办？", channel=Channel.HOTLINE)
    cited = [c.article_id for c in answer.citations]
    assert len(cited) >= 2
    verified = verify(answer.log, staff, article_ids=cited[:1])
    assert verified.answered_article_ids == cited
    assert verified.corrected is False and verified.channel == Channel.HOTLINE
    other = verify(qa.ask("老板拖欠我三个月工资不给，怎么办？").log, staff, article_ids=cited[1:2])
    assert other.corrected is True


def test_not_legal_needs_no_articles_and_does_not_feed_the_memory(corpus, staff, django_capture_on_commit_callbacks):
    pay = article("第三十条")
    log = make_log("你们单位几点下班", cited=[pay])
    with django_capture_on_commit_callbacks(execute=True):
        verified = verify(log, staff, verdict=NOT_LEGAL)
    assert verified.verdict == NOT_LEGAL and not verified.articles.exists()
    assert verified.corrected is True  # the answer cited an article for a question that wanted none
    log.refresh_from_db()
    assert log.verified is True
    assert Event.objects.get(verb=VERIFY).data["verdict"] == "not_legal"
    assert all(not k.source.startswith("verified:") for k in recall.known_questions())
    assert not recall.memory_votes("你们单位几点下班")


def test_not_legal_with_nothing_cited_is_not_a_correction(corpus, staff):
    verified = verify(make_log("你们单位几点下班"), staff, verdict=NOT_LEGAL)
    assert verified.corrected is False


def test_the_text_is_kept_on_one_line_without_extra_spaces(corpus, staff):
    log = make_log("老板拖欠工资")
    verified = verify(log, staff, text="  老板  拖欠\n工资\t怎么办  ", article_ids=[article("第三十条").pk])
    assert verified.text == "老板 拖欠 工资 怎么办"


def test_the_channel_of_the_event_is_the_callers(corpus, staff):
    log = make_log("老板拖欠工资")
    verify(log, staff, article_ids=[article("第三十条").pk], channel=Channel.HOTLINE)
    assert Event.objects.get(verb=VERIFY).channel == Channel.HOTLINE


# ------------------------------------------------------------------------------------- refusals
def _superseded_article() -> Article:
    """第八十二条 of the old text of 劳动合同法 (the revision dropped it)."""
    return Article.objects.not_current().get(version__law__short_name="劳动合同法", label="第八十二条")


def _many_articles(count: int) -> list[Article]:
    """`count` articles in force (the small corpus has four: add more to 劳动合同法's text in force)."""
    law = Law.objects.get(short_name="劳动合同法")
    version = law.current_version
    assert version is not None
    made = list(Article.objects.current())
    for n in range(count - len(made)):
        made.append(
            Article.objects.create(version=version, position=1000 + n, label=f"第{200 + n}条", number=200 + n, text="x")
        )
    return made[:count]


@pytest.mark.parametrize(
    ("kwargs", "field", "code", "words"),
    [
        ({"text": ""}, "text", "required", "请填写去标识后的问题"),
        ({"text": "   \n "}, "text", "required", "请填写去标识后的问题"),
        ({"text": "问" * 2001}, "text", "too_long", "不能超过 2000 个字"),
        ({"text": "我电话13812345678，老板欠薪"}, "text", "personal_data", "电话号码"),
        ({"text": "身份证330102197001011234，老板欠薪"}, "text", "personal_data", "身份证号"),
        ({"text": "我住在文三路100号3幢201室，老板欠薪"}, "text", "personal_data", "详细地址"),
        ({"text": "我叫张三，老板欠薪"}, "text", "personal_data", "姓名"),
        ({"article_ids": [999_999]}, "articles", "article_not_found", "编号 999999"),
        ({"citations": "《不存在法》第一条"}, "citations", "citation_invalid", "《不存在法》不在法规库中"),
        ({"citations": "《劳动合同法》第九百条"}, "citations", "citation_invalid", "第九百条不存在"),
        ({"citations": "劳动合同法第三十条"}, "citations", "citation_invalid", "无法识别"),
        ({"article_ids": []}, "articles", "required", "至少选定一条依据法条"),
        ({"verdict": NOT_LEGAL}, "articles", "not_legal_with_articles", "不应再选依据法条"),
        ({"verdict": "maybe"}, "verdict", "required", "请选择核实结论"),
        ({"verdict": ""}, "verdict", "required", "请选择核实结论"),
    ],
)
def test_a_bad_input_is_refused_with_its_reason_and_nothing_changes(corpus, staff, kwargs, field, code, words):
    pay = article("第三十条")
    log = make_log("老板拖欠工资怎么办", cited=[pay])
    values = {"article_ids": [pay.pk], **kwargs}
    with pytest.raises(DomainError) as caught:
        verify(log, staff, **values)
    # the problem named first is this one (a refused article id also leaves a legal question without
    # articles, which is reported after it)
    first = caught.value.problems[0]
    assert (first.field, first.code) == (field, code), caught.value.problems
    assert words in first.message and caught.value.message == first.message
    assert {p.field for p in caught.value.problems} == {field}
    nothing_changed(log)


def test_personal_data_names_every_kind_left_and_the_placeholder(corpus, staff):
    log = make_log("老板拖欠工资")
    with pytest.raises(DomainError) as caught:
        verify(log, staff, text="电话13812345678，邮箱a@b.cn", article_ids=[article("第三十条").pk])
    assert caught.value.code == "personal_data"
    assert "电话号码、邮箱" in caught.value.message and "【电话】" in caught.value.message
    nothing_changed(log)


def test_an_article_not_in_force_is_refused_by_id_and_by_citation(corpus, staff):
    _revise_labour_contract_law(corpus)
    old = _superseded_article()
    log = make_log("没签劳动合同能要二倍工资吗", cited=[old])
    with pytest.raises(DomainError) as caught:
        verify(log, staff, article_ids=[old.pk])
    first = caught.value.problems[0]
    assert (first.field, first.code) == ("articles", "article_not_in_force")
    assert "《劳动合同法》第八十二条不是现行有效的条文" in first.message
    with pytest.raises(DomainError) as caught:
        verify(log, staff, citations="《劳动合同法》第八十二条")
    assert (caught.value.field, caught.value.code) == ("citations", "citation_invalid")
    assert "不是现行有效的条文" in caught.value.message
    nothing_changed(log)


def test_an_article_of_a_version_that_is_not_the_laws_current_one_is_refused(corpus, staff):
    pay = article("第三十条")
    law = pay.version.law
    draft = LawVersion.objects.create(
        law=law, source="test", source_key="draft", content_hash="d", published_status="not_yet_effective"
    )
    not_yet = Article.objects.create(version=draft, position=1, label="第三十条", number=30, text="草案")
    law.refresh_from_db()
    assert law.current_version_id == pay.version_id != draft.pk
    log = make_log("老板拖欠工资")
    with pytest.raises(DomainError) as caught:
        verify(log, staff, article_ids=[pay.pk, not_yet.pk])
    assert [(p.field, p.code) for p in caught.value.problems] == [("articles", "article_not_in_force")]
    nothing_changed(log)


def test_a_retired_topic_is_refused(corpus, staff, labour):
    labour.is_active = False
    labour.save()
    log = make_log("老板拖欠工资")
    with pytest.raises(DomainError) as caught:
        verify(log, staff, article_ids=[article("第三十条").pk], topic=labour)
    assert (caught.value.field, caught.value.code) == ("topic", "topic_inactive")
    assert "劳动纠纷" in caught.value.message
    nothing_changed(log)


def test_more_than_the_maximum_of_articles_is_refused(corpus, staff):
    articles = _many_articles(MAX_ARTICLES + 1)
    log = make_log("老板拖欠工资")
    with pytest.raises(DomainError) as caught:
        verify(log, staff, article_ids=[a.pk for a in articles])
    assert (caught.value.field, caught.value.code) == ("articles", "too_many")
    assert f"最多 {MAX_ARTICLES} 条" in caught.value.message
    nothing_changed(log)
    # exactly the maximum is fine
    verified = verify(log, staff, article_ids=[a.pk for a in articles[:MAX_ARTICLES]])
    assert verified.articles.count() == MAX_ARTICLES


def test_every_problem_is_reported_at_once(corpus, staff, labour):
    labour.is_active = False
    labour.save()
    log = make_log("老板拖欠工资")
    with pytest.raises(ValidationFailed) as caught:
        do_verify_question(
            log=log,
            actor=staff,
            text="我电话13812345678",
            verdict="maybe",
            article_ids=[999_999],
            citations="《不存在法》第一条",
            topic=labour,
        )
    found = [(p.field, p.code) for p in caught.value.problems]
    assert found == [
        ("text", "personal_data"),
        ("verdict", "required"),
        ("articles", "article_not_found"),
        ("citations", "citation_invalid"),
        ("topic", "topic_inactive"),
    ]
    assert caught.value.field_errors().keys() == {"text", "verdict", "articles", "citations", "topic"}
    nothing_changed(log)


def test_a_bad_citation_on_a_legal_question_is_not_also_reported_as_missing_articles(corpus, staff):
    log = make_log("老板拖欠工资")
    with pytest.raises(DomainError) as caught:
        verify(log, staff, citations="《劳动合同法》第九百条")
    assert [p.code for p in caught.value.problems] == ["citation_invalid"]
    nothing_changed(log)


def test_not_legal_with_cited_articles_and_an_empty_text_reports_both(corpus, staff):
    log = make_log("老板拖欠工资")
    with pytest.raises(ValidationFailed) as caught:
        verify(log, staff, text="", verdict=NOT_LEGAL, citations="《劳动合同法》第三十条")
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("text", "required"),
        ("articles", "not_legal_with_articles"),
    ]
    nothing_changed(log)


# ---------------------------------------------------------------------------------------- once
def test_a_question_is_verified_once_the_second_is_told_who_did_it(corpus, staff):
    pay = article("第三十条")
    log = make_log("老板拖欠工资", cited=[pay])
    first = verify(log, staff, article_ids=[pay.pk])
    other = UserFactory(real_name="核实员乙")
    stale = QuestionLog.objects.get(pk=log.pk)
    stale.verified = False  # a page opened before the first verification
    with pytest.raises(DomainError) as caught:
        verify(stale, other, article_ids=[article("第八十二条").pk])
    assert caught.value.code == "already_verified"
    assert "核实员甲" in caught.value.message
    assert list(VerifiedQuestion.objects.all()) == [first]
    assert list(first.articles.all()) == [pay]
    assert Event.objects.filter(verb=VERIFY).count() == 1


def test_the_second_verification_names_staff_in_general_when_the_first_verifier_is_gone(corpus, staff):
    log = make_log("老板拖欠工资")
    verified = verify(log, staff, article_ids=[article("第三十条").pk])
    VerifiedQuestion.objects.filter(pk=verified.pk).update(verified_by=None)
    with pytest.raises(DomainError) as caught:
        verify(log, UserFactory(), article_ids=[article("第三十条").pk])
    assert caught.value.code == "already_verified" and "其他工作人员" in caught.value.message


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifications_at_the_same_moment_make_one(tmp_path):
    load_corpus(tmp_path / "laws")
    pay, double = article("第三十条"), article("第八十二条")
    log = make_log("老板拖欠工资，也没签合同", cited=[pay])
    people = [UserFactory(real_name="核实员甲"), UserFactory(real_name="核实员乙")]
    chosen = [pay, double]

    def attempt(i: int) -> int:
        stale = QuestionLog.objects.get(pk=log.pk)
        return verify(stale, people[i], article_ids=[chosen[i].pk]).pk

    results, errors = run_concurrently(2, attempt)
    assert len(results) == 1, errors
    assert len(errors) == 1 and isinstance(errors[0], DomainError), errors
    assert errors[0].code == "already_verified"
    winner = VerifiedQuestion.objects.get()
    assert winner.pk == results[0]
    assert winner.verified_by is not None and winner.verified_by.display_name in errors[0].message
    assert Event.objects.filter(verb=VERIFY).count() == 1
    log.refresh_from_db()
    assert log.verified is True and log.verification == winner
