"""The queue's queries stay cheap to plan and can be answered from the indexes: what the 1,000,000-order
benchmark (benchmarks/queue_scale.py) found, kept as rules a change cannot silently undo."""

import datetime

from django.utils import timezone

from gongfa.core.choices import Channel
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders import selectors
from gongfa.workorders.choices import SlaState
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order


def test_a_list_row_joins_at_most_four_tables(network, county_supervisor):
    """Seven joins took PostgreSQL ~45 ms to plan; the small lookups are prefetched instead."""
    sql = str(selectors.queue_for(county_supervisor, selectors.QueueFilters(status="open")).query)
    assert sql.count(" JOIN ") <= 4


def test_the_counters_name_no_column_outside_the_covering_index(network, county_supervisor):
    """COUNT(id) would force a read of the table; COUNT(*) / COUNT(status) let an index-only scan answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = selectors.visible_to(county_supervisor, selectors.Action.ACT)
    with CaptureQueriesContext(connection) as captured:
        selectors.status_counts(base)
        selectors.sla_counts(base)
    for query in captured.captured_queries:
        assert 'COUNT("workorders_workorder"."id")' not in query["sql"]
    assert "IN ('new', 'assigned', 'in_progress', 'waiting'" in captured.captured_queries[1]["sql"]


def test_the_counters_still_count(network, county_supervisor):
    citizen = CitizenFactory()
    for text in ("工资被拖欠", "邻里纠纷"):
        create_work_order(channel=Channel.PORTAL, region=network.villages[0], text=text, requester=citizen)
    # An online message is answered within 24 hours (catalogue, by channel): near due at once. Give
    # both the 7 working days of the other channels, so neither is late.
    WorkOrder.objects.update(resolve_due=timezone.now() + datetime.timedelta(days=7), near_due_at=None)
    base = selectors.visible_to(county_supervisor, selectors.Action.ACT)
    assert sum(selectors.status_counts(base).values()) == 2
    assert selectors.sla_counts(base) == {SlaState.OVERDUE: 0, SlaState.NEAR_DUE: 0}
