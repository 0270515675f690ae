"""POST /api/v1/qa/{id}/handover (转人工): the citizen's own question becomes a work order carrying
the answer; once only; staff, strangers and bad ids refused."""

from django.test import Client

from gongfa.knowledge import qa
from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.models import WorkOrder


def _handover(client, log_id, body):
    return client.post(f"/api/v1/qa/{log_id}/handover", body, content_type="application/json")


def test_the_citizen_hands_their_question_over(statute_corpus, citizen, staffed_village):
    village, _clerk = staffed_village
    log = qa.ask("老板拖欠工资三个月怎么办", user=citizen).log
    client = Client()
    client.force_login(citizen)
    response = _handover(client, log.pk, {"village_code": village.code, "note": "在镇上的工地"})
    assert response.status_code == 201
    order = WorkOrder.objects.get(tracking_number=response.json()["tracking_number"])
    assert order.requester == citizen and order.region == village
    assert order.text.startswith("老板拖欠工资三个月怎么办")
    assert "在镇上的工地" in order.text and "《劳动合同法》第三十条" in order.text
    log.refresh_from_db()
    assert log.work_order == order

    again = _handover(client, log.pk, {"village_code": village.code})
    assert again.status_code == 400 and again.json()["error"]["code"] == "already_handed_over"
    assert WorkOrder.objects.count() == 1


def test_refusals_change_nothing(statute_corpus, citizen, staffed_village, county_supervisor):
    village, _clerk = staffed_village
    log = qa.ask("老板拖欠工资怎么办", user=citizen).log
    anonymous = _handover(Client(), log.pk, {"village_code": village.code})
    assert anonymous.status_code == 401

    staff = Client()
    staff.force_login(county_supervisor)
    assert _handover(staff, log.pk, {"village_code": village.code}).status_code == 403

    stranger = Client()
    stranger.force_login(CitizenFactory())
    assert _handover(stranger, log.pk, {"village_code": village.code}).status_code == 403

    anonymous_log = qa.ask("拖欠工资").log  # asked without signing in: nobody may claim it here
    claimed = Client()
    claimed.force_login(citizen)
    assert _handover(claimed, anonymous_log.pk, {"village_code": village.code}).status_code == 403

    owner = Client()
    owner.force_login(citizen)
    missing = _handover(owner, 999999, {"village_code": village.code})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "question_not_found"
    not_village = _handover(owner, log.pk, {"village_code": village.code[:6] + "000000"})
    assert not_village.status_code == 400 and not_village.json()["error"]["code"] == "not_a_village"
    unknown = _handover(owner, log.pk, {"village_code": "999999999999"})
    assert unknown.status_code == 422
    assert not WorkOrder.objects.exists()
    assert not QuestionLog.objects.exclude(work_order=None).exists()
