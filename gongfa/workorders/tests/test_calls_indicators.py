# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""The hotline's indicators (data/hotline_indicators.json, migration 0013) from real calls: the
services mark each call changed, the facts refresh, the indicators read them (the performance
app's own formula table leaves hl_* to this one)."""

import datetime
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.performance.compute import indicator_values
from gongfa.performance.models import Indicator
from gongfa.performance.rollup import refresh_pending
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.measures_hotline import INDICATOR_CODES, load_indicators
from gongfa.workorders.models import CallRecord
from gongfa.workorders.services.calls import CallRow, import_call_records, leave_after_hours_message
from gongfa.workorders.services.quality import inspect_call
from gongfa.workorders.tests.hotline_fixtures import agent, checklist, cti, local, queue  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)


def value(code: str, region, start=DAY, end=DAY) -> Decimal | None:
    return indicator_values([Indicator.objects.get(code=code)], region, start, end)[code].value


def test_answer_rate_handling_time_and_sample_rate(network, queue, agent, cti, checklist):
    load_indicators()
    rows = []
    for n in range(20):
        received = local(2026, 12, 1, 9) + datetime.timedelta(minutes=5 * n)
        answered = n != 0  # 19 answered, 1 abandoned
        rows.append(
            CallRow(
                call_id=f"K-{n}",
                queue="12348",
                received_at=received,
                answered_at=received + datetime.timedelta(seconds=5) if answered else None,
                ended_at=received + datetime.timedelta(seconds=185 if answered else 20),
                agent_code="a1001" if answered else "",
            )
        )
    import_call_records(rows)
    leave_after_hours_message("K-night", "13912345678", "12348", received_by=cti, at=local(2026, 12, 1, 22))
    supervisor = UserFactory(role=Role.SUPERVISOR)
    post(supervisor, network.centre)
    inspect_call(CallRecord.objects.get(call_id="K-3"), supervisor, {i.code: i.max_points for i in checklist})
    refresh_pending()
    assert value("hl_answer_rate", network.county) == Decimal("95.0")  # 19 / 20; the message does not count
    assert value("hl_handling_time_mean", network.county) == Decimal("3.0")  # 180 s = 3 minutes
    assert value("hl_quality_sample_rate", network.county) == Decimal("5.3")  # 1 / 19
    assert value("hl_answer_rate", network.townships[0]) is None  # no call counts there
    next_day = DAY + datetime.timedelta(days=1)
    assert value("hl_answer_rate", network.county, next_day, next_day) is None


def test_the_loader_is_repeatable_and_every_indicator_is_tested():
    assert load_indicators() == len(INDICATOR_CODES)
    assert load_indicators() == len(INDICATOR_CODES)
    assert set(Indicator.objects.filter(code__startswith="hl_").values_list("code", flat=True)) == set(INDICATOR_CODES)
