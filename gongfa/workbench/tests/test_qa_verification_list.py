"""The queue of questions waiting for verification (问题核实): who sees it, in which order, within
which region, and that it shows each question de-identified."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.knowledge.choices import AnswerSource, ReviewPriority
from gongfa.knowledge.models import QuestionLog
from gongfa.network.choices import PointTier
from gongfa.network.models import Region, ServicePoint
from gongfa.testing.factories import UserFactory, build_network, post

LIST = reverse("workbench:qa_verification")
DEMAND = reverse("workbench:qa_demand")


def make_log(
    question: str,
    *,
    region: Region | None = None,
    priority: ReviewPriority = ReviewPriority.OTHER,
    minutes_ago: int = 0,
    verified: bool = False,
    channel: str = Channel.PORTAL,
) -> QuestionLog:
    """A logged question as the Q&A writes it, `minutes_ago` old, waiting for `priority`."""
    log = QuestionLog.objects.create(
        question=question,
        channel=channel,
        region=region,
        confidence=0.2 if priority == ReviewPriority.LOW_CONFIDENCE else 0.8,
        low_confidence=priority == ReviewPriority.LOW_CONFIDENCE,
        answer_source=AnswerSource.ARTICLES,
        answer="与您的问题最相关的规定是……",
        review_priority=priority,
        helpful=False if priority == ReviewPriority.UNHELPFUL else None,
        verified=verified,
    )
    QuestionLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return log


def queue_texts(page: str) -> list[str]:
    """The questions in the queue's rows, top to bottom."""
    table = page.split('data-testid="verification-queue"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row">([^<]*)</th>', table)


def verify_url(log: QuestionLog) -> str:
    return reverse("workbench:qa_verify", args=[log.pk])


# --- who may see it -----------------------------------------------------------------------------


def test_a_supervisor_sees_the_queue(client, county_supervisor):
    log = make_log("邻居在村里乱建房子挡住了我家的路", region=None)
    client.force_login(county_supervisor)
    response = client.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>问题核实</h1>" in page
    assert queue_texts(page) == ["邻居在村里乱建房子挡住了我家的路"]
    assert f'href="{verify_url(log)}"' in page


def test_an_administrator_sees_every_region(client, network):
    elsewhere = build_network(prefix="330103", name="邻")
    make_log("邻县的问题", region=elsewhere.villages[0])
    make_log("本县的问题", region=network.villages[0])
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, username="admin_user"))
    assert sorted(queue_texts(client.get(LIST).content.decode())) == sorted(["邻县的问题", "本县的问题"])


@pytest.mark.parametrize("who", ["room_clerk", "agent", "citizen"])
def test_clerks_agents_and_citizens_are_refused(client, network, who, request):
    make_log("邻居在村里乱建房子挡住了我家的路")
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 403
    assert "邻居在村里乱建房子" not in response.content.decode()


def test_a_visitor_is_sent_to_the_staff_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:staff_login"))


def test_the_queue_only_answers_get(client, county_supervisor):
    client.force_login(county_supervisor)
    assert client.post(LIST).status_code == 405


# --- order, filter, scope -----------------------------------------------------------------------


def test_most_pressing_reason_first_and_newest_first_within(client, county_supervisor, network):
    village = network.villages[0]
    make_log("其他·旧", region=village, priority=ReviewPriority.OTHER, minutes_ago=50)
    make_log("没帮助·新", region=village, priority=ReviewPriority.UNHELPFUL, minutes_ago=1)
    make_log("低置信·旧", region=village, priority=ReviewPriority.LOW_CONFIDENCE, minutes_ago=40)
    make_log("已转人工·旧", region=village, priority=ReviewPriority.HANDED_OVER, minutes_ago=30)
    make_log("其他·新", region=village, priority=ReviewPriority.OTHER, minutes_ago=2)
    make_log("低置信·新", region=village, priority=ReviewPriority.LOW_CONFIDENCE, minutes_ago=3)
    client.force_login(county_supervisor)
    page = client.get(LIST).content.decode()
    assert queue_texts(page) == ["低置信·新", "低置信·旧", "已转人工·旧", "没帮助·新", "其他·新", "其他·旧"]
    # the reason is shown in words on each row
    for label in ("低置信度", "已转人工", "群众反馈没帮助", "其他"):
        assert f"<td>{label}</td>" in page


def test_the_reason_filter(client, county_supervisor, network):
    village = network.villages[0]
    make_log("低置信的问题", region=village, priority=ReviewPriority.LOW_CONFIDENCE)
    make_log("没帮助的问题一", region=village, priority=ReviewPriority.UNHELPFUL, minutes_ago=5)
    make_log("没帮助的问题二", region=village, priority=ReviewPriority.UNHELPFUL, minutes_ago=1)
    client.force_login(county_supervisor)
    page = client.get(LIST, {"reason": ReviewPriority.UNHELPFUL.value}).content.decode()
    assert queue_texts(page) == ["没帮助的问题二", "没帮助的问题一"]
    assert f'<option value="{ReviewPriority.UNHELPFUL.value}" selected>群众反馈没帮助</option>' in page
    empty = client.get(LIST, {"reason": ReviewPriority.HANDED_OVER.value})
    assert empty.status_code == 200 and "没有待核实的问题。" in empty.content.decode()
    # a reason that is not one shows the whole queue, never an error
    for garbled in ("abc", "99", "-1", ""):
        response = client.get(LIST, {"reason": garbled})
        assert response.status_code == 200
        assert len(queue_texts(response.content.decode())) == 3


def test_a_supervisor_sees_their_region_and_questions_without_one(client, county_supervisor, network):
    elsewhere = build_network(prefix="330103", name="邻")
    make_log("本县村里的问题", region=network.villages[0])
    make_log("匿名提问没有地区", region=None)
    make_log("邻县的问题", region=elsewhere.villages[0])
    client.force_login(county_supervisor)
    page = client.get(LIST).content.decode()
    assert sorted(queue_texts(page)) == sorted(["本县村里的问题", "匿名提问没有地区"])
    assert "邻县的问题" not in page
    assert "<td>未注明</td>" in page  # the question without a region says so


def test_a_township_supervisor_does_not_see_the_other_township(client, township_supervisor, network):
    first, second = network.townships
    mine = next(v for v in network.villages if v.parent_id == first.pk)
    theirs = next(v for v in network.villages if v.parent_id == second.pk)
    make_log("本镇的问题", region=mine)
    make_log("隔壁镇的问题", region=theirs)
    make_log("匿名提问没有地区", region=None)
    client.force_login(township_supervisor)
    assert sorted(queue_texts(client.get(LIST).content.decode())) == sorted(["本镇的问题", "匿名提问没有地区"])


def test_verified_questions_leave_the_queue(client, county_supervisor, network):
    make_log("还没核实的问题", region=network.villages[0])
    make_log("已经核实的问题", region=network.villages[0], verified=True)
    client.force_login(county_supervisor)
    page = client.get(LIST).content.decode()
    assert queue_texts(page) == ["还没核实的问题"]
    assert "已经核实的问题" not in page


def test_the_queue_shows_the_question_de_identified(client, county_supervisor, network):
    raw = "我叫张三，电话13812345678，身份证号330102199003071234，老板拖欠工资"
    log = make_log(raw, region=network.villages[0])
    client.force_login(county_supervisor)
    page = client.get(LIST).content.decode()
    assert "13812345678" not in page
    assert "330102199003071234" not in page
    assert "张三" not in page
    assert "【电话】" in page and "【身份证号】" in page and "【姓名】" in page
    # the raw words are for the verification page only
    assert "13812345678" in client.get(verify_url(log)).content.decode()


def test_the_queue_is_paginated_by_thirty_and_keeps_the_filter(client, county_supervisor, network):
    for number in range(31):
        make_log(f"没帮助的第{number:02d}问", priority=ReviewPriority.UNHELPFUL, minutes_ago=number)
    make_log("低置信的问题", priority=ReviewPriority.LOW_CONFIDENCE)
    client.force_login(county_supervisor)
    reason = ReviewPriority.UNHELPFUL.value
    first = client.get(LIST, {"reason": reason}).content.decode()
    assert len(queue_texts(first)) == 30 and queue_texts(first)[0] == "没帮助的第00问"
    assert "第 1 / 2 页" in first
    assert f'href="?reason={reason}&amp;page=2"' in first
    second = client.get(LIST, {"reason": reason, "page": 2}).content.decode()
    assert queue_texts(second) == ["没帮助的第30问"]
    past_the_end = client.get(LIST, {"reason": reason, "page": 99})
    assert past_the_end.status_code == 200 and queue_texts(past_the_end.content.decode()) == ["没帮助的第30问"]


def _queries_for_the_queue(client) -> int:
    client.get(LIST)  # warm the per-process caches (menu, reference tables)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(
    client, county_supervisor, network, django_assert_max_num_queries
):
    from gongfa.workorders.models import Topic

    topics = list(Topic.objects.filter(is_active=True)[:3])
    assert topics
    reasons = list(ReviewPriority)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            log = make_log(
                f"第{number}个问题，电话1381234{number:04d}",
                region=network.villages[number % len(network.villages)] if number % 4 else None,
                priority=reasons[number % len(reasons)],
                minutes_ago=number,
                channel=[Channel.PORTAL, Channel.HOTLINE, Channel.API][number % 3],
            )
            QuestionLog.objects.filter(pk=log.pk).update(topic=topics[number % len(topics)])

    client.force_login(county_supervisor)
    add(3, 0)
    few = _queries_for_the_queue(client)
    add(27, 3)
    assert QuestionLog.objects.count() == 30
    many = _queries_for_the_queue(client)
    assert len(queue_texts(client.get(LIST).content.decode())) == 30
    assert many == few, f"{few} queries for 3 rows, {many} for 30"
    with django_assert_max_num_queries(15):
        client.get(LIST)


# --- how staff get there -------------------------------------------------------------------------


def test_the_menu_has_the_entry_for_supervisors_only(client, county_supervisor, room_clerk):
    entry = re.compile(rf'<a [^>]*href="{re.escape(LIST)}"[^>]*>\s*问题核实')
    client.force_login(county_supervisor)
    assert entry.search(client.get(DEMAND).content.decode())
    marked = client.get(LIST).content.decode()
    assert entry.search(marked) and 'aria-current="page"' in marked
    client.force_login(room_clerk)
    assert not entry.search(client.get(reverse("workbench:queue")).content.decode())


def test_demand_analysis_links_to_the_queue(client, county_supervisor):
    client.force_login(county_supervisor)
    page = client.get(DEMAND).content.decode()
    link = re.search(r'<a href="([^"]+)" data-testid="verification-link">([^<]+)</a>', page)
    assert link is not None
    assert link.group(1) == LIST and "核实群众的提问" in link.group(2)
    # and the queue leads back
    assert f'href="{DEMAND}"' in client.get(LIST).content.decode()


def test_a_supervisor_without_a_posting_sees_only_questions_without_a_region(client, network):
    lonely = UserFactory(role=Role.SUPERVISOR, username="lonely_sup")
    make_log("本县村里的问题", region=network.villages[0])
    make_log("匿名提问没有地区", region=None)
    client.force_login(lonely)
    response = client.get(LIST)
    assert response.status_code == 200
    assert queue_texts(response.content.decode()) == ["匿名提问没有地区"]


def test_a_city_supervisor_sees_every_county_of_the_city(client, network):
    elsewhere = build_network(prefix="330103", name="邻")
    city_point = ServicePoint.objects.create(name="示范市公共法律服务中心", tier=PointTier.CENTRE, region=network.city)
    city_sup = UserFactory(role=Role.SUPERVISOR, username="city_sup")
    post(city_sup, city_point)
    make_log("本县村里的问题", region=network.villages[0])
    make_log("邻县的问题", region=elsewhere.villages[0])
    client.force_login(city_sup)
    assert sorted(queue_texts(client.get(LIST).content.decode())) == sorted(["本县村里的问题", "邻县的问题"])
