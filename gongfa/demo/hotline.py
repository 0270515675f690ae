"""The demo county's 12348 hotline (演示数据：热线话务), made through the call services:

- the queue "12348", answered at the county's centre (where the demo's hotline agents are posted
  and on the duty roster);
- four weeks of call records before today (about a dozen calls a day, answered by the centre's
  hotline agents, ~5 % abandoned, some linked to the hotline orders of those days), imported as the
  switch's call records;
- about 6 % of the answered calls inspected by the county's supervisor against the checklist;
- three messages left last night, outside the duty roster, so the desk shows them first.

Deterministic from the demo seed (counts, times of day, agents, scores); a second run finds the
queue's calls and skips.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.network.models import Region, StaffPosting
from gongfa.network.selectors import supervisors_covering
from gongfa.workorders.choices import CallResult
from gongfa.workorders.models import CallRecord, HotlineQueue, WorkOrder
from gongfa.workorders.services.calls import CallRow, import_call_records, leave_after_hours_message
from gongfa.workorders.services.dispatch import county_centre
from gongfa.workorders.services.quality import active_checklist, inspect_call

Progress = Callable[[str], None]

QUEUE_CODE = "12348"
DAYS = 28
CALLS_PER_DAY = (8, 16)
ABANDON_SHARE = 0.05
INSPECT_SHARE = 0.06
MESSAGES = (
    (datetime.time(20, 40), "13907310001", "家里老人被骗买保健品，想咨询能不能退款。"),
    (datetime.time(21, 55), "", "工地干完活老板不给工钱，明天想去问问怎么办。"),
    (datetime.time(23, 30), "13907310003", "离婚后孩子抚养费对方一直不给，请回电。"),
)
RESULTS = (
    CallResult.ANSWERED_ON_CALL,
    CallResult.ANSWERED_ON_CALL,
    CallResult.ANSWERED_ON_CALL,
    CallResult.REGISTERED,
    CallResult.TRANSFERRED,
    CallResult.NOT_LEGAL,
)


@dataclass
class HotlineResult:
    calls: int = 0
    inspected: int = 0
    messages: int = 0
    skipped: bool = False


def _say(progress: Progress | None, text: str) -> None:
    if progress is not None:
        progress(text)


def seed_hotline(seed: int, county_code: str, start: datetime.date, progress: Progress | None = None) -> HotlineResult:
    """The county's hotline queue, call records, inspections and last night's messages."""
    county = Region.objects.filter(code=county_code).first()
    centre = county_centre(county) if county is not None else None
    if county is None or centre is None:
        _say(progress, "热线话务：演示县或其公共法律服务中心不存在，跳过")
        return HotlineResult(skipped=True)
    queue, _ = HotlineQueue.objects.get_or_create(
        code=QUEUE_CODE, defaults={"name": "12348公共法律服务热线", "point": centre}
    )
    if CallRecord.objects.filter(queue=queue).exists():
        _say(progress, "热线话务：已有话单，跳过")
        return HotlineResult(skipped=True)
    agents = [
        p.user
        for p in StaffPosting.objects.filter(
            role=Role.HOTLINE_AGENT, point=centre, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    ]
    if not agents:
        _say(progress, "热线话务：中心没有热线坐席，跳过")
        return HotlineResult(skipped=True)
    rng = random.Random(f"{seed}:hotline")
    result = HotlineResult()
    with transaction.atomic():
        rows = _calls(rng, county, agents)
        import_call_records(rows)
        result.calls = len(rows)
        result.inspected = _inspect(rng, county, [r.call_id for r in rows if r.answered_at is not None])
        result.messages = _messages(agents[0])
    _say(
        progress,
        f"热线话务：{result.calls} 个话单，质检 {result.inspected} 个，昨夜留言 {result.messages} 条",
    )
    return result


def _calls(rng: random.Random, county: Region, agents: list[User]) -> list[CallRow]:
    today = timezone.localdate()
    low, high = county.subtree_bounds()
    first = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=DAYS), datetime.time.min))
    orders_by_day: dict[datetime.date, list[str]] = {}
    for number, created in (
        WorkOrder.objects.filter(channel=Channel.HOTLINE, region_code__range=(low, high), created_at__gte=first)
        .order_by("created_at", "pk")
        .values_list("tracking_number", "created_at")
    ):
        orders_by_day.setdefault(timezone.localdate(created), []).append(number)
    rows: list[CallRow] = []
    for offset in range(DAYS, 0, -1):
        day = today - datetime.timedelta(days=offset)
        orders = list(orders_by_day.get(day, []))
        if offset == 1:  # the orders registered today (a seed without history) go with yesterday's calls
            orders += orders_by_day.get(today, [])
        for n in range(rng.randint(*CALLS_PER_DAY)):
            # Within the roster's hours (08:00–20:00), most in the morning.
            minute = rng.randint(8 * 60 + 5, 19 * 60 + 40)
            received = timezone.make_aware(datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60)))
            received += datetime.timedelta(seconds=rng.randint(0, 59))
            caller = f"139{rng.randint(0, 99_999_999):08d}"
            call_id = f"DEMO{day:%Y%m%d}{n:03d}"
            if rng.random() < ABANDON_SHARE:
                rows.append(
                    CallRow(
                        call_id=call_id,
                        queue=QUEUE_CODE,
                        caller=caller,
                        received_at=received,
                        ended_at=received + datetime.timedelta(seconds=rng.randint(15, 90)),
                    )
                )
                continue
            answered = received + datetime.timedelta(seconds=rng.randint(3, 40))
            talk = int(rng.triangular(60, 900, 240))
            order = orders.pop(0) if orders and rng.random() < 0.5 else ""
            rows.append(
                CallRow(
                    call_id=call_id,
                    queue=QUEUE_CODE,
                    caller=caller,
                    received_at=received,
                    answered_at=answered,
                    ended_at=answered + datetime.timedelta(seconds=talk),
                    agent_code=rng.choice(agents).username,
                    result=CallResult.REGISTERED if order else rng.choice(RESULTS),
                    order=order,
                    recording_ref=f"REC-{call_id}",
                )
            )
    return rows


def _inspect(rng: random.Random, county: Region, answered: list[str]) -> int:
    supervisors = [user for region, user in supervisors_covering(county) if region.pk == county.pk]
    items = active_checklist()
    if not supervisors or not items or not answered:
        return 0
    chosen = sorted(rng.sample(answered, max(1, round(len(answered) * INSPECT_SHARE))))
    calls = {c.call_id: c for c in CallRecord.objects.filter(call_id__in=chosen)}
    for call_id in chosen:
        scores = {item.code: max(0, item.max_points - rng.choice((0, 0, 0, 1, 2, 3))) for item in items}
        comment = rng.choice(("", "", "解答准确，用语规范。", "未告知法律援助申请条件，需改进。", "结束语不规范。"))
        inspect_call(calls[call_id], supervisors[0], scores, comment)
    return len(chosen)


def _messages(received_by: User) -> int:
    """Three messages left last night (outside the 08:00–20:00 roster)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for n, (at, caller, text) in enumerate(MESSAGES):
        moment = timezone.make_aware(datetime.datetime.combine(yesterday, at))
        leave_after_hours_message(
            f"DEMO-NIGHT{yesterday:%Y%m%d}{n}",
            caller,
            QUEUE_CODE,
            received_by=received_by,
            text=text,
            at=moment,
            channel=Channel.SYSTEM,
        )
    return len(MESSAGES)
