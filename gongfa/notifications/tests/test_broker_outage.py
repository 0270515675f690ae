"""A broker outage after commit: the committed change stands, the notice is made in-process
instead of by the task, and only its SMS (which needs the broker) is lost, logged."""

import logging

import pytest

from config.celery import app
from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.services import create_work_order


@pytest.fixture
def dead_broker(settings):
    """Tasks go to a Redis nobody listens on (port 1), as when the broker is down."""
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    app._after_fork()  # type: ignore[attr-defined]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield
    finally:
        app.conf.update(**previous)
        app._after_fork()  # type: ignore[attr-defined]
        settings.CELERY_TASK_ALWAYS_EAGER = previous["task_always_eager"]


@pytest.mark.django_db(transaction=True)
def test_the_dispatch_stands_and_the_notice_is_made_in_process(
    network, citizen, advisor_village, request, caplog, sms_outbox
):
    village, advisor = advisor_village
    advisor.phone = "13700009999"
    advisor.save(update_fields=["phone"])
    request.getfixturevalue("dead_broker")
    with caplog.at_level(logging.WARNING):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.owner_user == advisor
    notice = Notification.objects.get(recipient=advisor)
    assert notice.title == f"新派工单：{order.tracking_number}"
    assert notice.sms_requested and notice.sms_sent_at is None and sms_outbox == []
    messages = [record.getMessage() for record in caplog.records]
    assert any("in-process" in message for message in messages)
    assert any("send_notification_sms" in message or "on_commit" in message for message in messages)
