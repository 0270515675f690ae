"""Two deliveries of the same task at once (a redelivered Celery message) still give one notice
and one SMS: the dedupe key for notices, the locked row while texting (PostgreSQL)."""

import pytest

from gongfa.accounts.sms import LocmemSmsBackend
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.notifications.services import notify
from gongfa.notifications.tasks import dispatch_event_notifications, send_notification_sms
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import CitizenFactory, UserFactory, build_network
from gongfa.workorders.services import create_work_order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_six_senders_of_one_sms_text_once():
    person = UserFactory(phone="13700007777")
    notification = notify(person, "督办提醒", body="工单已超时", sms=True, kind="supervision")
    assert notification is not None and LocmemSmsBackend.outbox == [("13700007777", "督办提醒。工单已超时")]
    LocmemSmsBackend.outbox.clear()
    type(notification).objects.filter(pk=notification.pk).update(sms_sent_at=None)  # as if never sent
    from gongfa.accounts.models import SmsMessage

    SmsMessage.objects.all().delete()

    results, errors = run_concurrently(6, lambda _i: send_notification_sms.apply(args=(notification.pk,)).result)
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert LocmemSmsBackend.outbox == [("13700007777", "督办提醒。工单已超时")]


def test_six_dispatches_of_one_event_notify_once():
    network = build_network()
    from gongfa.network.models import AdvisorAssignment

    advisor = UserFactory(real_name="陈律师", phone="13700008888")
    AdvisorAssignment.objects.create(advisor=advisor, village=network.villages[0])
    order = create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="问题", requester=CitizenFactory()
    ).order
    Notification.objects.all().delete()
    LocmemSmsBackend.outbox.clear()
    event = Event.objects.get(verb="workorders.workorder.dispatch", subject_id=str(order.pk))

    results, errors = run_concurrently(6, lambda _i: dispatch_event_notifications.apply(args=(event.pk,)).result)
    assert errors == []
    assert sorted(results) == [0] * 5 + [1]
    assert Notification.objects.filter(recipient=advisor).count() == 1
    assert len(LocmemSmsBackend.outbox) == 1
