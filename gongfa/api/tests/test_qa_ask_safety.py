"""POST /api/v1/qa/ask and /handover when the question signals danger: the answer carries a
structured `safety` block (level, kinds, message, emergency numbers in order) ahead of the legal
answer, and the hand-over is an urgent work order; an ordinary question has `safety: null`."""

from django.test import Client

from gongfa.knowledge import safety
from gongfa.workorders.choices import Urgency
from gongfa.workorders.models import WorkOrder


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_danger_comes_with_emergency_guidance_and_an_urgent_hand_over(statute_corpus, citizen, staffed_village):
    safety.forget_cues()
    client = Client()
    client.force_login(citizen)
    response = _post(client, "/api/v1/qa/ask", {"question": "我想杀了他", "channel": "api"})
    assert response.status_code == 200
    data = response.json()
    assert list(data).index("safety") < list(data).index("answer") < list(data).index("suggestions")
    block = data["safety"]
    assert block["level"] == "urgent" and block["kinds"] == ["harm_to_others"] and block["message"]
    numbers = [g["number"] for g in block["guidance"]]
    assert numbers == ["110", "12356", "12348"]
    assert all(g["name"] and g["when"] for g in block["guidance"])

    village, _clerk = staffed_village
    handed = _post(client, f"/api/v1/qa/{data['id']}/handover", {"village_code": village.code})
    assert handed.status_code == 201
    order = WorkOrder.objects.get(tracking_number=handed.json()["tracking_number"])
    assert order.urgency == Urgency.URGENT and order.topic_reason.startswith("安全风险")


def test_an_ordinary_question_has_no_safety_block(statute_corpus):
    safety.forget_cues()
    data = _post(Client(), "/api/v1/qa/ask", {"question": "故意杀人罪判几年"}).json()
    assert data["safety"] is None


def test_the_schema_documents_the_safety_block(admin_client):
    schema = admin_client.get("/api/openapi.json")
    assert schema.status_code == 200
    components = schema.json()["components"]["schemas"]
    assert "safety" in components["AnswerOut"]["properties"] and "SafetyOut" in components
