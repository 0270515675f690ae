"""What the 12348 hotline's calls count in performance management (话务计量), imported by
workorders.measures so that the registry's autodiscovery finds it.

Fact source "workorders.callrecord" — each call record (话单), on the local day it rang, region =
the queue's point's region (CallRecord.region_code), point = that point, person = the agent,
channel = hotline. The services mark a call changed (rollup.mark_changed) when the CTI reports a
step, an import writes it or a supervisor inspects it (no audit event is recorded on a call):

- hl.received: calls that rang (every outcome, messages left after hours included);
- hl.answered / hl.abandoned: answered by an agent / hung up before an answer (呼损); a call still
  ringing counts in neither, a message left outside the duty roster (hl.messages) neither;
- hl.talk_seconds (秒): talk time of the answered calls with a known duration, hl.talked: those
  calls (the denominator of the average handling time);
- hl.inspected: answered calls a supervisor has inspected (质检), on the day the call rang, so the
  sample rate of a period is the share of that period's answered calls.

Indicators (data/hotline_indicators.json, loaded by migration 0013): 热线接通率 = answered ÷
(answered + abandoned) (rules.md §4: ≥ 95 %), 平均通话时长 = talk seconds ÷ talked calls,
话务质检抽样率 = inspected ÷ answered (≥ 5 %).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.performance.registry import Contribution, FactSource, Measure, register_measures, register_source
from gongfa.workorders import rules_hotline  # noqa: F401  (registers the hotline's region settings)
from gongfa.workorders.choices import CallOutcome
from gongfa.workorders.models import CallRecord

SOURCE = "workorders.callrecord"
APP = "workorders"

MEASURES = [
    Measure("hl.received", _("热线来电数"), unit=_("个"), description=_("振铃的呼叫（含非值班时段留言），按来电日")),
    Measure("hl.answered", _("热线接通数"), unit=_("个"), description=_("坐席接听的呼叫，按来电日")),
    Measure("hl.abandoned", _("热线呼损数"), unit=_("个"), description=_("接通前挂断的呼叫，按来电日")),
    Measure("hl.messages", _("非值班时段留言数"), unit=_("个"), description=_("非值班时段转为留言的呼叫，按来电日")),
    Measure("hl.talk_seconds", _("通话时长合计"), unit=_("秒"), description=_("已接听且有通话时长的呼叫，按来电日")),
    Measure("hl.talked", _("有通话时长的接通数"), unit=_("个"), description=_("平均通话时长的分母")),
    Measure("hl.inspected", _("已质检通话数"), unit=_("个"), description=_("已接听并完成质检的呼叫，按来电日")),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)


def contributions(call: CallRecord) -> Iterator[Contribution]:
    day: datetime.date = timezone.localdate(call.received_at)
    base = Contribution(
        measure="",
        day=day,
        region_code=call.region_code,
        point_id=call.queue.point_id if call.queue is not None else 0,
        person_id=call.agent_id or 0,
        channel=Channel.HOTLINE,
    )
    yield base._replace(measure="hl.received")
    if call.outcome == CallOutcome.ANSWERED:
        yield base._replace(measure="hl.answered")
        if call.talk_seconds is not None:
            yield base._replace(measure="hl.talked")
            if call.talk_seconds:
                yield base._replace(measure="hl.talk_seconds", value=call.talk_seconds)
        if getattr(call, "inspection", None) is not None:
            yield base._replace(measure="hl.inspected")
    elif call.outcome == CallOutcome.ABANDONED:
        yield base._replace(measure="hl.abandoned")
    elif call.outcome == CallOutcome.MESSAGE:
        yield base._replace(measure="hl.messages")


def queryset() -> QuerySet[CallRecord]:
    return CallRecord.objects.select_related("queue", "inspection").only(
        "pk",
        "received_at",
        "region_code",
        "queue__point_id",
        "agent_id",
        "outcome",
        "talk_seconds",
        "inspection__id",
    )


register_source(
    FactSource(
        name=SOURCE,
        model=CallRecord,
        contribute=contributions,
        queryset=queryset,
        created_field="received_at",
        app=APP,
        measures=tuple(m.code for m in MEASURES),
        without_events=True,
    )
)


INDICATORS = Path(__file__).resolve().parent / "data" / "hotline_indicators.json"
INDICATOR_CODES = ("hl_answer_rate", "hl_handling_time_mean", "hl_quality_sample_rate")


def load_indicators() -> int:
    """Create or update the hotline's indicators (usable after a flush, as the tests do)."""
    from gongfa.performance import definitions

    return definitions.load_indicators(INDICATORS)
