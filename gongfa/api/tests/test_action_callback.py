"""POST …/actions/callback: a call to the citizen is recorded; the first that reaches them meets
the contact clock."""

from gongfa.workorders.models import CallbackRecord, WorkOrder
from gongfa.workorders.services import answer_work_order, close_work_order

from .conftest import action_url


def test_log_a_callback(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "callback"), {"outcome": "reached", "notes": "已联系"})
    assert response.status_code == 200, response.content
    record = CallbackRecord.objects.get(order=assigned)
    assert record.outcome == "reached" and record.notes == "已联系"
    assert WorkOrder.objects.get(pk=assigned.pk).first_contact_at is not None


def test_an_unknown_outcome_is_refused(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "callback"), {"outcome": "maybe"})
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "invalid_outcome", "message": "请选择回拨结果。", "field": "outcome"}
    assert not CallbackRecord.objects.exists()


def test_no_callback_on_a_closed_order(clerk_api, assigned, staffed_village):
    answer_work_order(order=assigned, actor=staffed_village[1], answer="答复")
    close_work_order(order=assigned, actor=staffed_village[1], result_code="answered")
    response = clerk_api.post(action_url(assigned, "callback"), {"outcome": "reached"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "order_closed"


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "callback"), {"outcome": "reached"}).status_code == 404
    assert not CallbackRecord.objects.exists()
