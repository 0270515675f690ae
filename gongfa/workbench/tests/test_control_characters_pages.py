"""A NUL or other control character typed or pasted into an HTML page is a form error beside the
field (the core base form's validate_plain_text), never a 500 and never a row: the citizen's
question and request pages, the hotline desk, the window intake, the Q&A panel and the queue
search. Run on PostgreSQL too, where a NUL would break the text column."""

import uuid

import pytest
from django.urls import reverse

from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.models import WorkOrder

MESSAGE = "控制字符"


def _refused(response):
    assert response.status_code in (200, 400), response.status_code
    assert MESSAGE in response.content.decode()


def test_the_citizen_question_page(client, statute_corpus):
    _refused(client.post(reverse("portal:qa"), {"question": "拖欠\x00工资"}))
    assert not QuestionLog.objects.exists()


def test_the_citizen_request_page(client, network):
    client.force_login(CitizenFactory())
    _refused(client.post(reverse("portal:ask"), {"village": network.villages[0].code, "text": "工资\x00被拖欠"}))
    assert not WorkOrder.objects.exists()


def test_the_hotline_desk(client, agent, network):
    client.force_login(agent)
    data = {
        "token": str(uuid.uuid4()),
        "contact_phone": "13800000123",
        "contact_name": "张\x00三",
        "text": "拖欠\x07工资",
        "region": network.villages[2].code,
        "urgency": "normal",
    }
    _refused(client.post(reverse("workbench:hotline"), data))
    assert not WorkOrder.objects.exists()


def test_the_window_intake(client, room_clerk, network):
    client.force_login(room_clerk)
    data = {
        "token": str(uuid.uuid4()),
        "contact_phone": "13800000123",
        "text": "拖欠\x00工资",
        "region": network.villages[0].code,
        "urgency": "normal",
    }
    _refused(client.post(reverse("workbench:intake"), data))
    assert not WorkOrder.objects.exists()


def test_the_qa_panel(client, agent, statute_corpus):
    client.force_login(agent)
    _refused(client.post(reverse("workbench:qa_panel"), {"qa-question": "拖欠\x00工资"}))
    assert not QuestionLog.objects.exists()


def test_the_queue_search(client, county_supervisor):
    client.force_login(county_supervisor)
    response = client.get(reverse("workbench:queue"), {"q": "工资\x00"})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("q", ["\x00", "工资\x00"])
def test_the_legal_aid_queue_search(client, reviewer, q):
    client.force_login(reviewer)
    response = client.get(reverse("workbench:legal_aid_queue"), {"q": q})
    assert response.status_code == 200 and "控制字符，已忽略" in response.content.decode()
