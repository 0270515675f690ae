"""A broker outage after commit: the committed change stands, the notice is made in-process
instead of by the task, and only its SMS (which needs the broker) is lost, logged."""

import logging

import pytest

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.services import create_work_order


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
