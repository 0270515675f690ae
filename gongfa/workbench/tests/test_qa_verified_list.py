"""/workbench/qa/verified/ (已核实问题): what staff verified, newest first, with articles, topic and
who; active ones can be retired (no longer voting in the question memory), with the retirement
audited and a second one refused; scope like the queue; a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.audit.models import Event
from gongfa.knowledge.choices import QuestionVerdict
from gongfa.knowledge.models import Article, VerifiedQuestion
from gongfa.knowledge.recall import known_questions
from gongfa.knowledge.verification import do_verify_question
from gongfa.workbench.tests.test_qa_verification_list import make_log

LIST = reverse("workbench:qa_verified")


def verified(staff, text: str, region=None, article: Article | None = None) -> VerifiedQuestion:
    log = make_log(text, region=region)
    chosen = article or Article.objects.current().order_by("pk")[0]
    return do_verify_question(log=log, actor=staff, text=text, verdict=QuestionVerdict.LEGAL, article_ids=[chosen.pk])


def rows(page: str) -> list[str]:
    table = page.split('data-testid="verified-questions"', 1)[1].split("</table>", 1)[0]
    return [cell.split("</th>", 1)[0] for cell in table.split('<th scope="row">')[1:]]


def test_the_list_shows_what_was_verified_newest_first(client, county_supervisor, network, statute_corpus):
    first = verified(county_supervisor, "老板拖欠工资三个月", region=network.villages[0])
    second = verified(county_supervisor, "没签合同要二倍工资")
    client.force_login(county_supervisor)
    page = client.get(LIST).content.decode()
    assert rows(page) == [second.text, first.text]
    assert first.articles.get().citation in page and county_supervisor.display_name in page


def test_retiring_stops_the_vote_and_is_audited(client, county_supervisor, statute_corpus):
    question = verified(county_supervisor, "老板拖欠工资三个月")
    client.force_login(county_supervisor)
    response = client.post(reverse("workbench:qa_verified_retire", args=[question.pk]))
    assert response.status_code == 302 and response["Location"] == LIST
    question.refresh_from_db()
    assert not question.is_active
    assert f"verified:{question.pk}" not in {k.source for k in known_questions()}
    assert Event.objects.filter(verb="knowledge.question.retire").count() == 1
    assert rows(client.get(LIST + "?retired=1").content.decode()) == [question.text]
    assert "还没有核实过的问题" in client.get(LIST).content.decode()
    again = client.post(reverse("workbench:qa_verified_retire", args=[question.pk]), follow=True)
    assert "该核实问题已停用" in again.content.decode()
    assert Event.objects.filter(verb="knowledge.question.retire").count() == 1


def test_another_regions_question_is_neither_listed_nor_retired(
    client, township_supervisor, county_supervisor, network, statute_corpus
):
    theirs = [v for v in network.villages if not v.code.startswith(network.townships[0].code[:9])]
    question = verified(county_supervisor, "别的乡镇的问题", region=theirs[0])
    client.force_login(township_supervisor)
    assert "别的乡镇的问题" not in client.get(LIST).content.decode()
    assert client.post(reverse("workbench:qa_verified_retire", args=[question.pk])).status_code == 404
    question.refresh_from_db()
    assert question.is_active


def test_clerks_are_refused(client, room_clerk):
    client.force_login(room_clerk)
    assert client.get(LIST).status_code in (302, 403)


def test_the_number_of_queries_does_not_grow_with_the_rows(client, county_supervisor, statute_corpus):
    client.force_login(county_supervisor)

    def count() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured.captured_queries)

    for number in range(3):
        verified(county_supervisor, f"第{number}个核实的问题")
    few = count()
    for number in range(3, 20):
        verified(county_supervisor, f"第{number}个核实的问题")
    assert count() == few
