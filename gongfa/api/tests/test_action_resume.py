"""POST …/actions/resume: the clock runs again and the deadlines move by the paused time."""

import datetime

import time_machine
from django.utils import timezone

from gongfa.workorders.models import WorkOrder

from .conftest import action_url


def test_resume_moves_the_deadline(clerk_api, assigned):
    clerk_api.post(action_url(assigned, "accept"))
    clerk_api.post(action_url(assigned, "pause"), {"reason": "等待材料"})
    before = WorkOrder.objects.get(pk=assigned.pk).resolve_due
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        response = clerk_api.post(action_url(assigned, "resume"))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    order = WorkOrder.objects.get(pk=assigned.pk)
    assert order.paused_at is None and order.paused_seconds >= 5 * 3600 - 5
    assert order.resolve_due is not None and before is not None
    assert order.resolve_due - before >= datetime.timedelta(hours=5) - datetime.timedelta(seconds=5)


def test_resume_without_a_pause_is_a_409(clerk_api, assigned):
    response = clerk_api.post(action_url(assigned, "resume"))
    assert response.status_code == 409


def test_outside_the_region_it_is_404(outsider_api, assigned):
    assert outsider_api.post(action_url(assigned, "resume")).status_code == 404
