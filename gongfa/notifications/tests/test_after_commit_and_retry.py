"""Notices exist only for committed events, and a retried or re-run dispatch adds nothing."""

import pytest
from django.db import transaction

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.notifications.tasks import dispatch_event_notifications
from gongfa.workorders.services import create_work_order


class Undo(Exception):
    pass


def _submit_then_fail(village, citizen):
    with transaction.atomic():
        create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen)
        raise Undo


def test_nothing_is_created_when_the_transaction_rolls_back(network, citizen, advisor_village, on_commit):
    village, _ = advisor_village
    with on_commit() as callbacks, pytest.raises(Undo):
        _submit_then_fail(village, citizen)
    assert callbacks == []
    assert not Event.objects.filter(verb="workorders.workorder.dispatch").exists()
    assert not Notification.objects.exists()


def test_before_commit_nothing_is_sent(network, citizen, advisor_village, django_capture_on_commit_callbacks):
    village, _ = advisor_village
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen)
    assert callbacks  # queued for after commit ...
    assert not Notification.objects.exists()  # ... and not done before


def test_a_retried_task_notifies_once(network, citizen, advisor_village, on_commit, sms_outbox):
    village, advisor = advisor_village
    advisor.phone = "13700005555"
    advisor.save(update_fields=["phone"])
    with on_commit():
        create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen)
    event = Event.objects.get(verb="workorders.workorder.dispatch")
    with on_commit():
        assert dispatch_event_notifications.apply(args=(event.pk,)).get() == 0
        assert dispatch_event_notifications.apply(args=(event.pk,)).get() == 0
    assert Notification.objects.filter(recipient=advisor).count() == 1
    assert len(sms_outbox) == 1


def test_a_missing_event_is_not_an_error(db):
    assert dispatch_event_notifications.apply(args=(987654,)).get() == 0
