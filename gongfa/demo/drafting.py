"""Drafted documents in the demo county (演示数据：文书代书), made through the drafting services with
the clock moved back, so `make run` shows the feature and its counts:

- the first demo citizen (13800000001) has a 民间借贷 complaint half written (two loans saved, the
  guarantee step next) and a 借条 made;
- the demo window clerk ("window") drafted a 劳动仲裁申请书 for a citizen from an open work order
  of the centre, prefilled from it, and handed it to a lawyer for review (a 文书代书 work order);
- the centre and the village rooms drafted one document of each other kind over the last weeks
  (the 文书代书 counts on the dashboard, by kind and by point).

Answers come from gongfa.drafting.samples (every question filled validly), with the people named as
the demo's. Deterministic from the demo seed; a second run finds the citizen's drafts and skips.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.demo.generator import DEMO_CITIZEN_PHONES
from gongfa.demo.mediation import Clock, moved_clock
from gongfa.drafting.models import Interview
from gongfa.drafting.samples import sample_answers
from gongfa.drafting.services import (
    complete_interview,
    definition_of,
    library,
    request_review,
    save_answers,
    start_interview,
)
from gongfa.network.choices import PointTier
from gongfa.network.models import Region, ServicePoint, StaffPosting
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

Progress = Callable[[str], None]
LOAN_STEPS_DONE = ("plaintiff", "defendants", "agent", "service", "loans")


@dataclass
class DraftingResult:
    documents: int = 0
    interviews: int = 0
    skipped: bool = False


def _fill(interview: Interview, actor: User, raw: dict[str, Any], steps: tuple[str, ...] | None = None) -> None:
    definition = definition_of(interview.template)
    for step in definition.steps:
        if steps is not None and step.key not in steps:
            continue
        answers = {spec.name: raw.get(spec.name) for spec in step.fields if spec.name in raw}
        save_answers(interview=interview, actor=actor, step=step.key, raw=answers)


def _own_names(raw: dict[str, Any], citizen: User, names: tuple[str, ...]) -> dict[str, Any]:
    """The sample's person fields replaced by the citizen's own (name, phone, ID number)."""
    for name in names:
        if name.endswith("_name") and name in raw and citizen.real_name:
            raw[name] = citizen.real_name
        if name.endswith("_phone") and name in raw and citizen.phone:
            raw[name] = citizen.phone
        if name.endswith("_id_number") and name in raw and citizen.id_number:
            raw[name] = citizen.id_number
    return raw


def seed_drafting(
    seed: int, county_code: str, start: datetime.date, progress: Progress | None = None
) -> DraftingResult:
    say = progress or (lambda _message: None)
    citizen = User.objects.with_phone(DEMO_CITIZEN_PHONES[0]).filter(role=Role.CITIZEN).first()
    county = Region.objects.filter(code=county_code).first()
    if citizen is None or county is None:
        return DraftingResult(skipped=True)
    if Interview.objects.filter(citizen=citizen).exists():
        say("文书代书演示数据已存在，跳过。")
        return DraftingResult(skipped=True)
    rng = random.Random(f"{seed}/drafting")
    result = DraftingResult()
    definitions = {definition.code: definition for definition in library()}
    now = timezone.now()
    with transaction.atomic():
        # The citizen's own: a loan complaint half written, a 借条 made last week.
        with moved_clock(Clock(now - datetime.timedelta(days=2))):
            loan = start_interview(code="private_loan_complaint", actor=citizen, region=county)
            raw = _own_names(sample_answers(definitions["private_loan_complaint"]), citizen, ("plaintiff_name",))
            _fill(loan, citizen, raw, LOAN_STEPS_DONE)
            result.interviews += 1
        with moved_clock(Clock(now - datetime.timedelta(days=6))):
            iou = start_interview(code="iou", actor=citizen, region=county)
            _fill(iou, citizen, sample_answers(definitions["iou"]))
            complete_interview(interview=iou, actor=citizen)
            result.interviews += 1
            result.documents += 1
        result.documents += _clerk_from_order(county, definitions, now, result)
        result.documents += _over_the_weeks(county, definitions, now, rng, result)
    say(f"文书代书：{result.interviews} 份填写，{result.documents} 份文书")
    return result


def _clerk_from_order(
    county: Region, definitions: dict[str, Any], now: datetime.datetime, result: DraftingResult
) -> int:
    clerk = User.objects.filter(username="window", role=Role.WINDOW_STAFF).first()
    posting = StaffPosting.objects.filter(user=clerk, is_active=True, point__isnull=False).select_related("point")
    point = posting.first().point if clerk is not None and posting.exists() else None  # type: ignore[union-attr]
    if clerk is None or point is None:
        return 0
    order = (
        WorkOrder.objects.filter(region_code__startswith=county.code[:6])
        .exclude(status__in=[WorkOrderStatus.CLOSED])
        .exclude(contact_name="")
        .order_by("pk")
        .first()
    )
    if order is None:
        return 0
    with moved_clock(Clock(now - datetime.timedelta(days=1))):
        interview = start_interview(
            code="labour_arbitration_application",
            actor=clerk,
            channel=Channel.WINDOW,
            work_order=order,
            point=point,
            region=point.region,
        )
        raw = sample_answers(definitions["labour_arbitration_application"])
        raw.update({key: value for key, value in interview.answers.items() if value})  # keep the prefill
        _fill(interview, clerk, raw)
        complete_interview(interview=interview, actor=clerk)
        request_review(interview=interview, actor=clerk, note="请律师看一下仲裁请求的金额和依据。")
    result.interviews += 1
    return 1


def _over_the_weeks(
    county: Region, definitions: dict[str, Any], now: datetime.datetime, rng: random.Random, result: DraftingResult
) -> int:
    """One document of each other kind, at the centre or a village room, over the last four weeks."""
    candidates = list(
        ServicePoint.objects.filter(
            region__code__range=county.subtree_bounds(), tier__in=[PointTier.CENTRE, PointTier.ROOM]
        )
        .select_related("region")
        .order_by("tier", "pk")[:40]
    )
    staffed: list[tuple[ServicePoint, User]] = []
    for point in candidates:
        posting = (
            StaffPosting.objects.filter(point=point, is_active=True, user__is_active=True)
            .exclude(user__role__in=[Role.SUPERVISOR, Role.ADMINISTRATOR, Role.HOTLINE_AGENT])
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if posting is not None:
            staffed.append((point, posting.user))
        if len(staffed) == 6:
            break
    if not staffed:
        return 0
    made = 0
    skip = {"private_loan_complaint", "iou", "labour_arbitration_application"}
    for number, definition in enumerate(d for code, d in sorted(definitions.items()) if code not in skip):
        point, drafter = staffed[number % len(staffed)]
        moment = now - datetime.timedelta(days=rng.randint(2, 27), hours=rng.randint(0, 6))
        with moved_clock(Clock(moment)):
            channel = Channel.VILLAGE_ROOM if point.tier == PointTier.ROOM else Channel.WINDOW
            interview = start_interview(code=definition.code, actor=drafter, channel=channel, point=point)
            _fill(interview, drafter, sample_answers(definition))
            complete_interview(interview=interview, actor=drafter)
        result.interviews += 1
        made += 1
    return made
