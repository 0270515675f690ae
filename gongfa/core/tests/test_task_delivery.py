"""Celery delivery settings: late acknowledgement, redelivery when a worker dies, and every task
finishing (or being killed) before the broker hands its message to another worker."""

from django.conf import settings

from config.celery import app


def _project_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith("gongfa.")}


def test_tasks_are_acknowledged_late_and_requeued_when_the_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_the_visibility_timeout_is_the_tasks_real_length_not_an_hour():
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout == settings.CELERY_VISIBILITY_TIMEOUT
    assert timeout < 3600
    assert app.conf.task_time_limit < timeout
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_every_task_ends_within_the_visibility_timeout():
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    tasks = _project_tasks()
    assert "gongfa.workorders.tasks.dispatch_queued" in tasks
    for name, task in tasks.items():
        hard = task.time_limit or app.conf.task_time_limit
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        assert soft < hard < timeout, name
        # A retry's message waits, unacknowledged, in the worker until its countdown is due.
        assert task.retry_backoff_max < timeout, name
