"""The Q&A panel on the hotline console (智能问答) and the demand analysis page (需求研判)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.knowledge import qa
from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import CitizenFactory

PANEL = reverse("workbench:qa_panel")
DEMAND = reverse("workbench:qa_demand")


def test_the_agent_gets_the_answer_as_a_partial(client, agent, statute_corpus):
    client.force_login(agent)
    response = client.post(PANEL, {"qa-question": "老板拖欠工资不给", "channel": "hotline"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="qa-panel"')  # the panel alone, not a whole page
    assert "《劳动合同法》第三十条" in page and "<mark>拖欠</mark>" in page
    log = QuestionLog.objects.get()
    assert log.channel == Channel.HOTLINE and log.asked_by == agent


def test_without_javascript_the_answer_is_a_page(client, agent, statute_corpus):
    client.force_login(agent)
    page = client.post(PANEL, {"qa-question": "老板拖欠工资不给"}).content.decode()
    assert "<html" in page and "《劳动合同法》第三十条" in page
    assert QuestionLog.objects.get().channel == Channel.WORKBENCH


@pytest.mark.parametrize(("question", "message"), [("", "请输入您要咨询的问题。"), ("???", "问题不能只有标点符号")])
def test_a_bad_question_is_refused_in_the_panel(client, agent, statute_corpus, question, message):
    client.force_login(agent)
    response = client.post(PANEL, {"qa-question": question}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not QuestionLog.objects.exists()


def test_citizens_and_get_requests_are_refused(client, agent, statute_corpus):
    client.force_login(CitizenFactory())
    assert client.post(PANEL, {"qa-question": "工资"}).status_code == 403
    client.force_login(agent)
    assert client.get(PANEL).status_code == 405


def test_demand_analysis_counts_low_confidence_questions_by_topic_and_county(
    client, county_supervisor, statute_corpus, network
):
    village = network.villages[0]
    qa.ask("老板拖欠工资不给", region=village)
    qa.ask("火星上的土地能不能买卖", region=village)
    qa.ask("火星上的土地能不能买卖")  # no region: counted too, as 未注明地区
    client.force_login(county_supervisor)
    page = client.get(DEMAND).content.decode()
    assert "共 3 个提问，其中把握较低 2 个。" in page
    county_name = network.county.name
    assert f'<th scope="row">{county_name}</th><td>1</td><td>2</td><td>50.0%</td>' in page
    assert '<th scope="row">未注明地区</th><td>1</td><td>1</td><td>100.0%</td>' in page


def test_demand_analysis_is_for_supervisors_and_checks_dates(client, agent, county_supervisor, db):
    client.force_login(agent)
    assert client.get(DEMAND).status_code == 403
    client.force_login(county_supervisor)
    today = timezone.localdate()
    bad = client.get(DEMAND, {"start": today.isoformat(), "end": (today - datetime.timedelta(days=1)).isoformat()})
    assert bad.status_code == 400 and "开始日期不能晚于结束日期。" in bad.content.decode()
    garbled = client.get(DEMAND, {"start": "昨天"})
    assert garbled.status_code == 400 and "开始日期格式不正确" in garbled.content.decode()


def test_the_panel_tells_the_agent_to_check_the_callers_safety_first(client, agent, statute_corpus):
    client.force_login(agent)
    page = client.post(
        PANEL, {"qa-question": "老公喝醉了就打我，还扬言要杀了我", "channel": "hotline"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "请先确认来电人是否安全" in page and "家庭暴力" in page
    assert page.index("data-safety") < page.index("data-short-answer")
    assert 'href="tel:12338"' in page
    assert QuestionLog.objects.get().safety_kinds[:1] == ["domestic_violence"]


def test_demand_analysis_counts_one_question_from_each_of_the_four_channels(
    client, agent, county_supervisor, statute_corpus, network, django_assert_max_num_queries
):
    """Anonymous on the portal, signed in on the portal, the hotline panel and the API: 4 of 4."""
    from gongfa.testing.factories import CitizenFactory

    client.post(reverse("portal:qa"), {"question": "老板拖欠工资怎么办"})  # anonymous
    citizen = Client()
    citizen.force_login(CitizenFactory())
    citizen.post(reverse("portal:qa"), {"question": "离婚后孩子归谁抚养"})
    desk = Client()
    desk.force_login(agent)
    desk.post(PANEL, {"qa-question": "交通事故对方不赔钱", "channel": "hotline"}, HTTP_HX_REQUEST="true")
    Client().post("/api/v1/qa/ask", {"question": "火星上的土地能不能买卖"}, content_type="application/json")
    assert QuestionLog.objects.count() == 4
    client.force_login(county_supervisor)
    with django_assert_max_num_queries(15):
        page = client.get(DEMAND).content.decode()
    low = QuestionLog.objects.filter(low_confidence=True).count()
    assert f"共 4 个提问，其中把握较低 {low} 个。" in page
    channels = page[page.index('data-testid="demand-by-channel"') : page.index('data-testid="demand-by-topic"')]
    assert '<th scope="row">网络平台</th><td>2</td><td>1</td>' in channels  # one of them anonymous
    assert '<th scope="row">12348热线</th><td>1</td><td>0</td>' in channels
    assert '<th scope="row">接口</th><td>1</td><td>1</td>' in channels
    hotline = QuestionLog.objects.get(channel=Channel.HOTLINE)
    assert hotline.region is not None  # the desk's region, so the county counts it as its own
