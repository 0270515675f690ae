"""What legal-aid cases count in performance management (法律援助计量).

One fact source, "legalaid.application". The figures follow the supervisor's statistics page
(legalaid/reports.py) and reuse its rule for a standing decision (standing_decision):
- 受理 (received): applications received for review, on the day received; 告知向有管辖权机构申请
  (redirected) counts on the same day, so 受理率 = accepted_for_review ÷ received;
- 给予援助率 (grant rate) = granted ÷ (granted + refused), on the day of the standing decision: this
  is what the statistics page used to call 受理率;
- review time: received → decided, in seconds; within the limit when the decision's local date is not
  after review_due (the 7 days of 第43条, extended by a supplement pause);
- grant → assignment: the first assignment notice (指派通知书, never re-issued on replacement) of a
  granted application-route case that was not advance aid; within the limit when its local date is
  not after assign_due;
- quality: every quality review's total, in hundredths of a point, on the day of the review.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.legalaid.choices import ApplicationStatus, Route
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice
from gongfa.legalaid.reports import standing_decision
from gongfa.performance.periods import local_day
from gongfa.performance.registry import Contribution, FactSource, Measure, register_measures, register_source

SOURCE = "legalaid.application"
SERVICE = "legal_aid"

MEASURES = [
    Measure("la.received", _("法律援助申请受理数"), description=_("收到申请（已受理待审查），按收到日")),
    Measure("la.redirected", _("告知向有管辖权机构申请数"), description=_("按收到日")),
    Measure(
        "la.accepted_for_review", _("留在本机构审查的申请数"), description=_("收到且未告知向有管辖权机构申请，按收到日")
    ),
    Measure("la.notices_received", _("通知辩护/代理案件数"), description=_("按收到通知日")),
    Measure("la.granted", _("决定给予援助数"), description=_("按（现行有效的）决定日")),
    Measure("la.refused", _("决定不予援助数"), description=_("按（现行有效的）决定日")),
    Measure("la.decided", _("审查决定数"), description=_("给予与不予之和")),
    Measure("la.decided_within_limit", _("审查期限内决定数"), description=_("决定日不晚于审查期限")),
    Measure("la.review_seconds", _("审查用时合计（秒）"), unit=_("秒"), description=_("收到申请至决定")),
    Measure("la.assigned_after_grant", _("决定给予后指派数"), description=_("按首次指派通知书制发日")),
    Measure("la.assigned_within_limit", _("期限内指派数"), description=_("指派日不晚于指派期限")),
    Measure("la.grant_to_assign_seconds", _("决定至指派用时合计（秒）"), unit=_("秒")),
    Measure("la.closed", _("结案数"), description=_("按结案日")),
    Measure("la.quality_scored", _("质量评查案件次数"), description=_("按评查日")),
    Measure("la.quality_score_sum", _("质量评查得分合计（百分之一分）"), unit=_("分"), description=_("按评查日")),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app="legalaid") for m in MEASURES)


def _seconds(start: datetime.datetime, end: datetime.datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def contributions(case: LegalAidApplication) -> Iterator[Contribution]:
    base = Contribution(
        measure="",
        day=datetime.date.min,
        region_code=case.region.code,
        point_id=case.received_point_id or 0,
        person_id=case.provider_id or 0,
        agency_id=case.provider_agency_id or case.agency_id or 0,
        service=SERVICE,
        channel=case.intake_channel,
        # The one list of special groups (issue #16): the dashboard's 特殊群体服务 counts legal aid too.
        special_groups=case.special_groups,
    )

    def fact(measure: str, moment: datetime.datetime, value: int = 1) -> Contribution:
        return base._replace(measure=measure, day=timezone.localdate(moment), value=value)

    if case.received_at is not None:
        if case.route == Route.NOTIFIED:
            yield fact("la.notices_received", case.received_at)
        else:
            yield fact("la.received", case.received_at)
            if case.status == ApplicationStatus.REDIRECTED:
                yield fact("la.redirected", case.received_at)
            else:
                yield fact("la.accepted_for_review", case.received_at)
    decision = standing_decision(case) if case.route == Route.APPLICATION else ""
    if decision and case.decided_at is not None:
        yield fact(f"la.{decision}", case.decided_at)
        yield fact("la.decided", case.decided_at)
        if case.review_due is None or local_day(case.decided_at) <= case.review_due:  # type: ignore[operator]
            yield fact("la.decided_within_limit", case.decided_at)
        if case.received_at is not None:
            yield fact("la.review_seconds", case.decided_at, _seconds(case.received_at, case.decided_at))
    if decision == "granted" and not case.advance_aid and case.decided_at is not None:
        issued = [notice.issued_at for notice in case.notices.all() if notice.kind == LegalAidNotice.Kind.ASSIGNMENT]
        if issued:
            first = min(issued)
            yield fact("la.assigned_after_grant", first)
            if case.assign_due is None or local_day(first) <= case.assign_due:  # type: ignore[operator]
                yield fact("la.assigned_within_limit", first)
            yield fact("la.grant_to_assign_seconds", first, _seconds(case.decided_at, first))
    if case.status == ApplicationStatus.CLOSED and case.closed_at is not None:
        yield fact("la.closed", case.closed_at)
    for review in case.quality_reviews.all():
        yield fact("la.quality_scored", review.created_at)
        yield fact("la.quality_score_sum", review.created_at, int(Decimal(review.total) * 100))


def queryset() -> QuerySet[LegalAidApplication]:
    return (
        LegalAidApplication.objects.exclude(status=ApplicationStatus.DRAFT)
        .select_related("region")
        .prefetch_related("notices", "quality_reviews")
        .only(
            "pk",
            "route",
            "status",
            "region__code",
            "received_point_id",
            "provider_id",
            "provider_agency_id",
            "agency_id",
            "intake_channel",
            "special_groups",
            "received_at",
            "decided_at",
            "review_due",
            "assign_due",
            "advance_aid",
            "termination_ground",
            "closed_at",
            "created_at",
        )
    )


register_source(
    FactSource(
        name=SOURCE,
        model=LegalAidApplication,
        contribute=contributions,
        queryset=queryset,
        created_field="created_at",
        app="legalaid",
        measures=tuple(m.code for m in MEASURES),
    )
)
