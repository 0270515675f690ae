"""The page where a member of staff verifies one logged question (核实问题): the raw question and
the answer, the form prefilled, the statute search that re-renders without verifying, every
refusal at once with nothing saved, the region scope, and a question verified only once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongfa.audit.models import Event
from gongfa.knowledge import qa
from gongfa.knowledge.choices import QuestionVerdict, ReviewPriority
from gongfa.knowledge.models import Article, QuestionLog, VerifiedQuestion
from gongfa.knowledge.verification import do_verify_question
from gongfa.testing.factories import build_network
from gongfa.workbench.tests.conftest import assert_refused
from gongfa.workorders.models import Topic

LIST = reverse("workbench:qa_verification")
# Low confidence; the answer cites the Labour Contract Law, never the Legal Aid Law.
QUESTION = "没钱请律师，老板欠的钱要不回来"
RAW = "我叫张三，电话13812345678，没钱请律师，老板欠的钱要不回来"


@pytest.fixture
def corpus(db, statute_corpus):
    """The tiny statute corpus, its articles by citation."""
    return {article.citation: article for article in Article.objects.select_related("version__law")}


def asked(question: str = QUESTION, region=None) -> QuestionLog:
    return qa.ask(question, region=region).log


def url(log: QuestionLog) -> str:
    return reverse("workbench:qa_verify", args=[log.pk])


def checked_articles(page: str) -> list[int]:
    return [
        int(value)
        for tag in re.findall(r"<input [^>]*name=\"articles\"[^>]*>", page)
        if " checked" in tag
        for value in re.findall(r'value="(\d+)"', tag)
    ]


def listed_articles(page: str) -> list[int]:
    return [int(v) for v in re.findall(r'<input [^>]*name="articles" value="(\d+)"', page)]


def textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found is not None, name
    return found.group(1)


def nothing_saved(log: QuestionLog) -> None:
    assert not VerifiedQuestion.objects.exists()
    log.refresh_from_db()
    assert log.verified is False
    assert not Event.objects.filter(verb="knowledge.question.verify").exists()


# --- the page -----------------------------------------------------------------------------------


def test_the_form_is_prefilled_from_the_log(client, county_supervisor, corpus):
    log = asked(RAW)
    assert log.low_confidence
    answered = [c["article"] for c in log.citations]
    assert answered and corpus["《法律援助法》第三十一条"].pk not in answered
    client.force_login(county_supervisor)
    response = client.get(url(log))
    page = response.content.decode()
    assert response.status_code == 200
    info = page.split('data-testid="verify-log"', 1)[1].split("</dl>", 1)[0]
    assert RAW in info  # the raw words, to the person verifying
    assert log.answer.split("“", 1)[0] in info
    assert "较低" in info and "低置信度" in info
    assert 'data-testid="verify-form"' in page
    text = textarea(page, "text")
    assert "13812345678" not in text and "张三" not in text
    assert "【电话】" in text and "【姓名】" in text and "没钱请律师" in text
    assert re.search(r'<input type="radio" name="verdict" value="legal"[^>]*checked', page)
    assert listed_articles(page) == answered  # the answer's citations, in its order
    assert checked_articles(page) == answered[:1]  # its first one ticked
    assert 'name="search_articles"' in page and "确认核实" in page


def test_the_search_lists_articles_and_keeps_what_was_typed(client, county_supervisor, corpus):
    log = asked()
    answered = [c["article"] for c in log.citations]
    legal_aid = corpus["《法律援助法》第三十一条"]
    client.force_login(county_supervisor)
    response = client.post(
        url(log),
        {
            "text": "没钱请律师，老板欠的工钱要不回来（已改）",
            "verdict": QuestionVerdict.LEGAL,
            "articles": [answered[1]],
            "citations": "《劳动合同法》第三十条",
            "search": "法律援助 经济困难",
            "search_articles": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" not in page  # a search judges nothing
    assert legal_aid.pk in listed_articles(page)
    assert set(answered) <= set(listed_articles(page))
    assert checked_articles(page) == [answered[1]]  # what was ticked stays ticked, nothing more
    assert textarea(page, "text") == "没钱请律师，老板欠的工钱要不回来（已改）"
    assert 'value="《劳动合同法》第三十条"' in page
    assert 'value="法律援助 经济困难"' in page
    assert 'data-testid="search-note"' in page and "“法律援助 经济困难”的检索结果" in page
    nothing_saved(log)


def test_a_search_with_personal_data_in_the_text_is_not_a_refusal(client, county_supervisor, corpus):
    log = asked(RAW)
    client.force_login(county_supervisor)
    response = client.post(url(log), {"text": RAW, "verdict": "", "search": "交通事故", "search_articles": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" not in page
    assert corpus["《道路交通安全法》第七十六条"].pk in listed_articles(page)
    nothing_saved(log)


# --- verifying ----------------------------------------------------------------------------------


def test_a_good_verification_is_saved_and_leaves_the_queue(client, county_supervisor, corpus):
    log = asked()
    legal_aid = corpus["《法律援助法》第三十一条"]
    pay = corpus["《劳动合同法》第三十条"]
    topic = Topic.objects.filter(is_active=True).order_by("sort_order", "pk")[0]
    client.force_login(county_supervisor)
    response = client.post(
        url(log),
        {
            "text": QUESTION,
            "verdict": QuestionVerdict.LEGAL,
            "articles": [legal_aid.pk],
            "citations": "《劳动合同法》第三十条",
            "topic": topic.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    verified = VerifiedQuestion.objects.get()
    assert verified.question_log == log and verified.text == QUESTION
    assert verified.verdict == QuestionVerdict.LEGAL and verified.topic == topic
    assert set(verified.articles.all()) == {legal_aid, pay}
    assert verified.verified_by == county_supervisor and verified.corrected
    log.refresh_from_db()
    assert log.verified
    assert Event.objects.filter(verb="knowledge.question.verify").count() == 1
    queue = client.get(LIST).content.decode()
    assert "已核实。以后相似的提问会参考这次核实的法条和类别。" in queue
    assert QUESTION not in queue and "没有待核实的问题。" in queue


def test_not_a_legal_question_needs_no_article(client, county_supervisor, corpus):
    log = asked("火星上的土地能不能买卖")
    client.force_login(county_supervisor)
    response = client.post(url(log), {"text": "火星上的土地能不能买卖", "verdict": QuestionVerdict.NOT_LEGAL})
    assert response.status_code == 302
    verified = VerifiedQuestion.objects.get()
    assert verified.verdict == QuestionVerdict.NOT_LEGAL and not verified.articles.exists()


def test_the_topic_left_alone_keeps_the_logs(client, county_supervisor, corpus):
    log = asked("老板拖欠工资不给")
    assert log.topic is not None
    client.force_login(county_supervisor)
    response = client.post(
        url(log),
        {"text": "老板拖欠工资不给", "verdict": QuestionVerdict.LEGAL, "articles": [log.citations[0]["article"]]},
    )
    assert response.status_code == 302
    assert VerifiedQuestion.objects.get().topic == log.topic


# --- refusals: all at once, nothing saved ---------------------------------------------------------


def _summary(page: str) -> str:
    return page.split('class="error-summary"', 1)[1].split("</ul>", 1)[0]


def test_personal_data_and_no_article_are_both_reported(client, county_supervisor, corpus):
    log = asked(RAW)
    client.force_login(county_supervisor)
    response = client.post(url(log), {"text": RAW, "verdict": QuestionVerdict.LEGAL})
    page = assert_refused(response, "问题中仍有个人信息（")
    summary = _summary(page)
    assert "电话号码" in summary and "姓名" in summary
    assert "法律问题须至少选定一条依据法条。" in summary
    assert 'href="#id_text"' in summary and 'href="#id_articles_0"' in summary
    # each error beside its field too, and the submitted text kept for correcting
    assert page.count("法律问题须至少选定一条依据法条。") >= 2
    assert RAW in textarea(page, "text")
    nothing_saved(log)


def test_a_citation_to_a_law_not_in_the_corpus_is_refused_with_the_rest(client, county_supervisor, corpus):
    log = asked()
    client.force_login(county_supervisor)
    response = client.post(url(log), {"text": "", "verdict": "", "citations": "《民法典》第二百九十五条"})
    page = assert_refused(response, "依据法条中的法律《民法典》不在法规库中")
    summary = _summary(page)
    assert "请填写去标识后的问题。" in summary
    assert "请选择核实结论。" in summary
    assert 'href="#id_citations"' in summary and 'href="#id_text"' in summary and 'href="#id_verdict_0"' in summary
    assert 'value="《民法典》第二百九十五条"' in page
    nothing_saved(log)


def test_a_citation_that_cannot_be_read_is_refused(client, county_supervisor, corpus):
    log = asked()
    client.force_login(county_supervisor)
    response = client.post(url(log), {"text": QUESTION, "verdict": QuestionVerdict.LEGAL, "citations": "劳动法那一条"})
    assert_refused(response, "无法识别")
    nothing_saved(log)


def test_not_legal_with_articles_is_refused(client, county_supervisor, corpus):
    log = asked()
    client.force_login(county_supervisor)
    response = client.post(
        url(log),
        {
            "text": "电话13812345678",
            "verdict": QuestionVerdict.NOT_LEGAL,
            "articles": [log.citations[0]["article"]],
        },
    )
    page = assert_refused(response, "已标为非法律问题，不应再选依据法条。")
    assert "问题中仍有个人信息（电话号码）" in _summary(page)
    nothing_saved(log)


def test_an_article_not_offered_is_refused(client, county_supervisor, corpus):
    log = asked()
    client.force_login(county_supervisor)
    response = client.post(url(log), {"text": QUESTION, "verdict": QuestionVerdict.LEGAL, "articles": ["999999"]})
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    nothing_saved(log)


def test_garbled_values_are_refused_never_a_500(client, county_supervisor, corpus):
    log = asked()
    client.force_login(county_supervisor)
    response = client.post(
        url(log),
        {"text": QUESTION, "verdict": "maybe", "articles": ["abc"], "topic": "not-a-topic"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#id_topic"' in _summary(page)
    nothing_saved(log)


# --- scope and once only ------------------------------------------------------------------------


def test_a_log_outside_the_region_is_not_found(client, county_supervisor, corpus, network):
    elsewhere = build_network(prefix="330103", name="邻")
    log = asked(region=elsewhere.villages[0])
    client.force_login(county_supervisor)
    assert client.get(url(log)).status_code == 404
    response = client.post(
        url(log),
        {"text": QUESTION, "verdict": QuestionVerdict.LEGAL, "articles": [log.citations[0]["article"]]},
    )
    assert response.status_code == 404
    nothing_saved(log)
    assert client.get(reverse("workbench:qa_verify", args=[log.pk + 1000])).status_code == 404


def test_a_log_in_the_region_or_without_one_opens(client, county_supervisor, corpus, network):
    client.force_login(county_supervisor)
    assert client.get(url(asked(region=network.villages[0]))).status_code == 200
    assert client.get(url(asked(region=None))).status_code == 200


def test_clerks_are_refused(client, room_clerk, corpus):
    log = asked()
    client.force_login(room_clerk)
    assert client.get(url(log)).status_code == 403
    response = client.post(url(log), {"text": QUESTION, "verdict": QuestionVerdict.NOT_LEGAL})
    assert response.status_code == 403
    nothing_saved(log)


def test_a_verified_question_shows_who_verified_it_and_no_form(client, county_supervisor, corpus):
    log = asked()
    do_verify_question(log=log, actor=county_supervisor, text=QUESTION, verdict=QuestionVerdict.NOT_LEGAL)
    client.force_login(county_supervisor)
    response = client.get(url(log))
    page = response.content.decode()
    assert response.status_code == 200
    notice = page.split('data-testid="verified-notice"', 1)[1].split("</div>", 1)[0]
    assert "这个问题已由郑主任于" in notice and "核实" in notice
    assert 'data-testid="verify-form"' not in page and "确认核实" not in page


def test_posting_on_a_verified_question_changes_nothing(client, county_supervisor, township_supervisor, corpus):
    log = asked()
    do_verify_question(log=log, actor=township_supervisor, text=QUESTION, verdict=QuestionVerdict.NOT_LEGAL)
    client.force_login(county_supervisor)
    response = client.post(
        url(log),
        {"text": QUESTION, "verdict": QuestionVerdict.LEGAL, "articles": [log.citations[0]["article"]]},
    )
    page = assert_refused(response, "这个问题已由钱站长核实，无需重复核实。")
    assert 'data-testid="verified-notice"' in page
    assert VerifiedQuestion.objects.count() == 1
    verified = VerifiedQuestion.objects.get()
    assert verified.verdict == QuestionVerdict.NOT_LEGAL and verified.verified_by == township_supervisor
    assert Event.objects.filter(verb="knowledge.question.verify").count() == 1


def test_the_queue_links_to_the_page_and_the_page_back(client, county_supervisor, corpus):
    log = asked()
    client.force_login(county_supervisor)
    assert f'href="{url(log)}"' in client.get(LIST).content.decode()
    assert f'href="{LIST}"' in client.get(url(log)).content.decode()
    assert QuestionLog.objects.get().review_priority == ReviewPriority.LOW_CONFIDENCE


def test_an_answer_without_articles_still_shows_the_article_error_where_the_summary_points(
    client, county_supervisor, corpus
):
    log = asked("请不起律师讨薪找谁")
    assert log.citations == []
    client.force_login(county_supervisor)
    page = client.get(url(log)).content.decode()
    assert "原答复没有引用法条" in page and listed_articles(page) == []
    response = client.post(url(log), {"text": "请不起律师讨薪找谁", "verdict": QuestionVerdict.LEGAL})
    page = assert_refused(response, "法律问题须至少选定一条依据法条。")
    anchor = re.search(r'<a href="#([^"]+)">法律问题须至少选定一条依据法条。</a>', _summary(page))
    assert anchor is not None
    assert f'id="{anchor.group(1)}"' in page  # the summary's link lands on the page
    assert page.count("法律问题须至少选定一条依据法条。") == 2  # in the summary and beside the field
    nothing_saved(log)
    # a search then offers articles to tick, and the verification goes through
    found = client.post(url(log), {"text": "请不起律师讨薪找谁", "search": "法律援助", "search_articles": "1"})
    legal_aid = corpus["《法律援助法》第三十一条"]
    assert legal_aid.pk in listed_articles(found.content.decode())
    done = client.post(
        url(log), {"text": "请不起律师讨薪找谁", "verdict": QuestionVerdict.LEGAL, "articles": [legal_aid.pk]}
    )
    assert done.status_code == 302
    verified = VerifiedQuestion.objects.get()
    assert list(verified.articles.all()) == [legal_aid] and verified.corrected
