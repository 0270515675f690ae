"""The facts refresh is queued after a commit only when no run is waiting already: one run serves
every mark committed before it starts, and a mark committed after it started queues the next."""

import pytest
from django.core.cache import cache

from gongfa.core.choices import Channel
from gongfa.performance import rollup
from gongfa.performance.models import PendingRefresh
from gongfa.workorders.services import create_work_order

pytestmark = pytest.mark.django_db


def _new_order(network):
    return create_work_order(
        channel=Channel.PORTAL, region=network.villages[0], text="工资被拖欠三个月", contact_phone="13800138000"
    ).order


def test_no_second_refresh_is_queued_while_one_waits(network, django_capture_on_commit_callbacks):
    cache.set(rollup.REFRESH_QUEUED_KEY, 1, timeout=60)  # a run is queued and has not started
    with django_capture_on_commit_callbacks(execute=True):
        order = _new_order(network)
    # Nothing ran: the waiting run will pick the mark up when it starts.
    assert PendingRefresh.objects.filter(subject_id=order.pk).exists()


def test_a_commit_queues_a_run_that_clears_the_flag_and_applies_the_marks(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _new_order(network)
    # Tasks run in-process in the tests: the run started (clearing the flag) and applied the mark.
    assert not PendingRefresh.objects.filter(subject_id=order.pk).exists()
    assert cache.get(rollup.REFRESH_QUEUED_KEY) is None  # so the next commit queues the next run
