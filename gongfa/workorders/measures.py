"""What work orders count in performance management (工单计量).

One fact source, "workorders.workorder": each order contributes, on the local day each thing
happened, to the measures below, with its dimensions (the order's region, the owner point, person
and agency, the service, the channel, the topic, the special groups and the owner point's tier).
Return visits and rectifications are read with their order: their events are recorded on it.

Timeliness follows the order's own clocks (accept_due, contact_due, resolve_due, which the services
extend while the clock is paused): on time when the moment is not after the due moment, or when
the order had no such clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongfa.network.region_settings import SettingSpec, register
from gongfa.performance.periods import local_day
from gongfa.performance.registry import (
    Contribution,
    DerivedMeasure,
    FactSource,
    Measure,
    register_derived_measure,
    register_measures,
    register_source,
    register_topic_labels,
)
from gongfa.workorders.choices import BAD_RATINGS, ExternalSystem, ResultCode, ReturnVisitKind, TaskStatus
from gongfa.workorders.models import WorkOrder

if TYPE_CHECKING:
    from gongfa.network.models import Region

SOURCE = "workorders.workorder"

SATISFIED_MIN_RATING = register(
    SettingSpec(
        key="performance.satisfied_min_rating",
        default=4,
        label=_("满意率口径：计为满意的最低评价等级（5 非常满意，4 满意，3 基本满意）"),
        source="rules.md §4 / practice.md §b（满意率口径各地不一，默认只计“满意”“非常满意”）",
        kind=int,
        minimum=1,
        maximum=5,
    )
)

MEASURES = [
    Measure("wo.received", _("受理工单数"), description=_("提交（登记）的工单，按提交日")),
    Measure("wo.accepted", _("已受理（签收）数"), description=_("承办单位受理的工单，按受理日")),
    Measure("wo.accepted_on_time", _("按时受理数"), description=_("受理时间不晚于受理时限")),
    Measure("wo.contacted", _("已首次联系数"), description=_("首次联系群众的工单，按联系日")),
    Measure("wo.contacted_on_time", _("按时首次联系数"), description=_("首次联系不晚于首次联系时限")),
    Measure("wo.closed", _("办结数"), description=_("办结的工单，按办结日")),
    Measure("wo.closed_on_time", _("按时办结数"), description=_("办结时间不晚于办结时限（暂停计时已顺延）")),
    Measure("wo.converted", _("转为案件办理数"), description=_("办结结果为“已转为案件办理”")),
    Measure("wo.transfer_closed", _("转外部门办结数"), description=_("办结结果为“已转外部门办理”")),
    Measure("wo.transfer_closed_on_time", _("转外部门按时反馈数"), description=_("外部门反馈后在办结时限内办结")),
    Measure("wo.ext12345_closed", _("12345转办件办结数"), description=_("来自12345的工单，按办结日")),
    Measure("wo.ext12345_closed_on_time", _("12345转办件按时办结反馈数"), description=_("在12345给定时限内办结")),
    Measure("wo.rated", _("参评数"), description=_("群众作出评价的工单，按评价日")),
    Measure("wo.rating_sum", _("评价等级合计"), unit=_("分"), description=_("评价等级（1–5）之和，用于均分")),
    *[
        Measure(f"wo.rated_{grade}", format_lazy(_("评价为{grade}级的数"), grade=grade), description=_("按评价日"))
        for grade in range(1, 6)
    ],
    Measure("wo.bad_rated", _("差评数"), description=_("不满意、非常不满意")),
    Measure("wo.bad_followed_up", _("差评已回访数"), description=_("差评必回访已完成，按完成日")),
    Measure("wo.return_visit_due", _("应回访数"), description=_("生成的回访任务（差评必回访与抽查），按生成日")),
    Measure("wo.return_visit_done", _("已回访数"), description=_("完成的回访任务，按完成日")),
    Measure("wo.rectification_opened", _("整改任务数"), description=_("因差评生成的整改，按生成日")),
    Measure("wo.rectification_done", _("整改完成数"), description=_("按完成日")),
    Measure("wo.rectification_done_on_time", _("按期整改完成数"), description=_("完成日不晚于整改期限")),
]


def satisfied_grades(region: Region | None, on: datetime.date) -> list[str]:
    """The rating measures counted as satisfied in the region (its setting on the day)."""
    from gongfa.network.selectors import region_setting

    minimum = int(region_setting(region, SATISFIED_MIN_RATING.key, on))
    return [f"wo.rated_{grade}" for grade in range(5, minimum - 1, -1)]


register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app="workorders") for m in MEASURES)
register_derived_measure(
    DerivedMeasure(
        "wo.rated_satisfied",
        "满意数",
        expand=satisfied_grades,
        description=_("评价等级不低于区域参数“计为满意的最低评价等级”的评价数"),
        app="workorders",
    )
)


def _on_time(moment: datetime.datetime, due: datetime.datetime | None) -> bool:
    return due is None or moment <= due


def contributions(order: WorkOrder) -> Iterator[Contribution]:
    """The order's contributions now (the same function serves the incremental path and rebuild)."""
    base = Contribution(
        measure="",
        day=datetime.date.min,
        region_code=order.region_code or order.owner_region_code,
        point_id=order.owner_point_id or 0,
        person_id=order.owner_user_id or 0,
        agency_id=order.owner_agency_id or 0,
        service=order.service_type.code if order.service_type is not None else "",
        channel=order.channel,
        topic=order.topic.code if order.topic is not None else "",
        special_groups=order.special_groups,
        tier=order.owner_point.tier if order.owner_point is not None else "",
    )

    def fact(measure: str, moment: datetime.datetime | datetime.date, value: int = 1) -> Contribution:
        if isinstance(moment, datetime.datetime):
            return base._replace(measure=measure, day=timezone.localdate(moment), value=value)
        return base._replace(measure=measure, day=moment, value=value)

    yield fact("wo.received", order.created_at)
    if order.accepted_at is not None:
        yield fact("wo.accepted", order.accepted_at)
        if _on_time(order.accepted_at, order.accept_due):
            yield fact("wo.accepted_on_time", order.accepted_at)
    if order.first_contact_at is not None:
        yield fact("wo.contacted", order.first_contact_at)
        if _on_time(order.first_contact_at, order.contact_due):
            yield fact("wo.contacted_on_time", order.first_contact_at)
    if order.closed_at is not None:
        on_time = _on_time(order.closed_at, order.resolve_due)
        yield fact("wo.closed", order.closed_at)
        if on_time:
            yield fact("wo.closed_on_time", order.closed_at)
        if order.result_code == ResultCode.CONVERTED:
            yield fact("wo.converted", order.closed_at)
        if order.result_code == ResultCode.TRANSFERRED:
            yield fact("wo.transfer_closed", order.closed_at)
            if on_time:
                yield fact("wo.transfer_closed_on_time", order.closed_at)
        if order.external_system == ExternalSystem.HOTLINE_12345:
            yield fact("wo.ext12345_closed", order.closed_at)
            if on_time:
                yield fact("wo.ext12345_closed_on_time", order.closed_at)
    if order.rating is not None and order.rated_at is not None:
        yield fact("wo.rated", order.rated_at)
        yield fact("wo.rating_sum", order.rated_at, int(order.rating))
        yield fact(f"wo.rated_{int(order.rating)}", order.rated_at)
        if order.rating in BAD_RATINGS:
            yield fact("wo.bad_rated", order.rated_at)
    for visit in order.return_visits.all():
        yield fact("wo.return_visit_due", visit.created_at)
        if visit.status == TaskStatus.DONE and visit.done_at is not None:
            yield fact("wo.return_visit_done", visit.done_at)
            if visit.kind == ReturnVisitKind.DISSATISFIED:
                yield fact("wo.bad_followed_up", visit.done_at)
    for rectification in order.rectifications.all():
        yield fact("wo.rectification_opened", rectification.created_at)
        if rectification.status == TaskStatus.DONE and rectification.completed_at is not None:
            yield fact("wo.rectification_done", rectification.completed_at)
            if local_day(rectification.completed_at) <= rectification.due_on:  # type: ignore[operator]
                yield fact("wo.rectification_done_on_time", rectification.completed_at)


def queryset() -> QuerySet[WorkOrder]:
    return (
        WorkOrder.objects.select_related("service_type", "topic", "owner_point")
        .prefetch_related("return_visits", "rectifications")
        .only(
            "pk",
            "region_code",
            "owner_region_code",
            "owner_point_id",
            "owner_point__tier",
            "owner_user_id",
            "owner_agency_id",
            "service_type__code",
            "channel",
            "topic__code",
            "special_groups",
            "created_at",
            "accepted_at",
            "accept_due",
            "first_contact_at",
            "contact_due",
            "closed_at",
            "resolve_due",
            "result_code",
            "external_system",
            "rating",
            "rated_at",
        )
    )


register_source(
    FactSource(
        name=SOURCE,
        model=WorkOrder,
        contribute=contributions,
        queryset=queryset,
        created_field="created_at",
        app="workorders",
        measures=tuple(m.code for m in MEASURES),
    )
)


def topic_names() -> dict[str, str]:
    """The topics' names, for the facts' topic dimension (dashboards' topic mix)."""
    from gongfa.workorders.models import Topic

    return dict(Topic.objects.values_list("code", "name"))


register_topic_labels(topic_names)

# The hotline's calls (issue #16) are a fact source of their own.
from gongfa.workorders import measures_hotline  # noqa: E402,F401
