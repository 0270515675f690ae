"""The answered-notification task travels through a real Redis broker to a real Celery worker.

Runs when CELERY_BROKER_URL is set in the environment (CI sets it); skipped otherwise.
"""

from __future__ import annotations

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from config.celery import app
from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, UserFactory, build_network, post
from gongfa.workorders.services import answer_work_order, submit_question

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.xdist_group("redis-broker"),  # one worker at a time: they share the broker and purge it
    pytest.mark.skipif(not BROKER.startswith("redis"), reason="needs CELERY_BROKER_URL=redis://…"),
]


@pytest.fixture
def redis_worker(settings):
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=BROKER)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.control.purge()  # start from an empty test queue
    # The worker runs tasks in its own thread; close that thread's database connection after each
    # task, or it outlives the test and PostgreSQL refuses to drop the test database at the end.
    task_postrun.connect(_close_connection, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        task_postrun.disconnect(_close_connection)
        app.conf.update(**previous)


def _close_connection(**kwargs: object) -> None:
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_answer_notification_goes_through_redis(redis_worker, sms_outbox):
    network = build_network()
    clerk = UserFactory(role=Role.WINDOW_STAFF)
    post(clerk, network.rooms[network.villages[0].code])
    citizen = CitizenFactory(phone="13600001111")
    order = submit_question(requester=citizen, village=network.villages[0], text="问题")
    answer_work_order(order=order, actor=clerk, answer="答复")  # queued on commit, run by the worker
    deadline = time.monotonic() + 20
    while not sms_outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sms_outbox and sms_outbox[0][0] == "13600001111"
    assert order.tracking_number in sms_outbox[0][1]
