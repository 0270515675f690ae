"""A broker outage after commit loses the notice's task, never the committed change: the error is
logged and the service returns normally."""

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
def test_the_dispatch_stands_when_its_notice_cannot_be_queued(network, citizen, advisor_village, request, caplog):
    village, advisor = advisor_village
    request.getfixturevalue("dead_broker")
    with caplog.at_level(logging.ERROR, logger="django.db.backends.base"):
        order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    order.refresh_from_db()
    assert order.status == WorkOrderStatus.ASSIGNED and order.owner_user == advisor
    assert not Notification.objects.exists()
    assert any("after_commit" in record.getMessage() for record in caplog.records)
