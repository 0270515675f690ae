"""The work-order API's actions, sent a body with two bad fields, answer one 400 whose `errors` list
names both, on the body's own field names (issue 11 §2), and change nothing. (The other actions'
bodies have one field the service checks, or refuse a bad row id as an unknown reference first.)"""

from __future__ import annotations

from typing import Any

import pytest

from gongfa.audit.models import Event
from gongfa.workorders.models import WorkOrder

from .conftest import action_url

ORDER_BODIES = [
    pytest.param(
        "answer",
        {"answer": " ", "close_with": "vanished"},
        [("answer", "required"), ("close_with", "result_required")],
        id="answer: no answer, an unknown result code",
    ),
]


def _order_state(order: WorkOrder) -> tuple[Any, ...]:
    row = WorkOrder.objects.values().get(pk=order.pk)
    return row, Event.objects.filter(subject_id=str(order.pk)).count()


@pytest.mark.parametrize(("action", "body", "expected"), ORDER_BODIES)
def test_a_work_order_action_names_every_bad_field(clerk_api, assigned, action, body, expected):
    before = _order_state(assigned)
    response = clerk_api.post(action_url(assigned, action), body)
    assert response.status_code == 400, response.content
    errors = response.json()["error"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == expected, errors
    assert all(e["message"] for e in errors)
    assert _order_state(assigned) == before
