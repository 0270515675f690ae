"""What the appraisal part counts in performance management (司法鉴定委托引导计量).

Fact source "appointments.appraisal_referral": each referral contributes, on the local day each
thing happened, with its dimensions: the referral's region, the institution (agency; 0 before one is
chosen), the registering staff member (person), service "appraisal", channel workbench, and topic =
the code of the TOP-LEVEL category (法医 forensic, 物证 physical_evidence, 声像 audiovisual, 环境损害
environmental: a sub-category counts under its parent).

Flows (件):
- apr.created: registered, on created_at;
- apr.guidance: in litigation, guidance given (never commissioned), on created_at;
- apr.commissioned: commissioned to an institution, on commissioned_on; apr.drawn: of those, chosen
  by random draw;
- apr.accepted: accepted by the institution, on accepted_on; apr.accepted_on_time: accepted_on ≤
  accept_due (the 7-working-day clock ◐), on accepted_on. On-time acceptance rate =
  apr.accepted_on_time / apr.accepted;
- apr.not_accepted: declined (materials returned), on the day it ended;
- apr.opinions: opinion issued, on opinion_issued_on; apr.opinions_on_time: issued ≤ complete_due
  (30 working days from the agreement, with any extension ◐), on the same day. On-time completion
  rate = apr.opinions_on_time / apr.opinions;
- apr.withdrawn: withdrawn, on the day it ended;
- apr.fee_waivers: referrals flagged for the fee waiver of 《法律援助法》第53条, on created_at.

`rates(totals)` turns summed facts into the two rates (None where nothing was decided).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import AppraisalStatus, SelectionMethod
from gongfa.appointments.models import AppraisalCategory, AppraisalReferral
from gongfa.core.choices import Channel
from gongfa.performance.registry import (
    Contribution,
    FactSource,
    Measure,
    register_measures,
    register_source,
    register_topic_labels,
)

SOURCE = "appointments.appraisal_referral"
SERVICE = "appraisal"
APP = "appointments"

MEASURES = [
    Measure("apr.created", _("司法鉴定委托引导登记数"), description=_("按登记日")),
    Measure("apr.guidance", _("诉讼中告知经办案机关委托数"), description=_("已在诉讼中，只作告知引导，按登记日")),
    Measure("apr.commissioned", _("委托鉴定机构数"), description=_("协商选定或随机摇号后委托，按委托日")),
    Measure("apr.drawn", _("随机摇号委托数"), description=_("按委托日")),
    Measure("apr.accepted", _("鉴定机构受理数"), description=_("按受理日")),
    Measure(
        "apr.accepted_on_time", _("按期受理数"), description=_("受理日不晚于受理决定期限（7个工作日 ◐），按受理日")
    ),
    Measure("apr.not_accepted", _("鉴定机构不予受理数"), description=_("按办结日")),
    Measure("apr.opinions", _("出具鉴定意见数"), description=_("按出具日")),
    Measure(
        "apr.opinions_on_time",
        _("按期出具鉴定意见数"),
        description=_("出具日不晚于鉴定完成期限（30个工作日，含延长 ◐），按出具日"),
    ),
    Measure("apr.withdrawn", _("撤回数"), description=_("按办结日")),
    Measure("apr.fee_waivers", _("减免鉴定费（法律援助受援人）数"), description=_("《法律援助法》第53条；按登记日")),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)
CODES = tuple(m.code for m in MEASURES)


def top_category_code(category: AppraisalCategory) -> str:
    return category.parent.code if category.parent_id and category.parent else category.code


def contributions(referral: AppraisalReferral) -> Iterator[Contribution]:
    """The referral's contributions now (incremental path and rebuild alike)."""
    base = Contribution(
        measure="",
        day=datetime.date.min,
        region_code=referral.region.code,
        person_id=referral.created_by_id or 0,
        agency_id=referral.institution_id or 0,
        service=SERVICE,
        channel=Channel.WORKBENCH,
        topic=top_category_code(referral.category),
    )

    def fact(measure: str, day: datetime.date) -> Contribution:
        return base._replace(measure=measure, day=day)

    created = timezone.localdate(referral.created_at)
    yield fact("apr.created", created)
    if referral.fee_waiver:
        yield fact("apr.fee_waivers", created)
    if referral.status == AppraisalStatus.GUIDANCE_GIVEN:
        yield fact("apr.guidance", created)
    if referral.commissioned_on is not None:
        yield fact("apr.commissioned", referral.commissioned_on)
        if referral.selection_method == SelectionMethod.RANDOM_DRAW:
            yield fact("apr.drawn", referral.commissioned_on)
    if referral.accepted_on is not None:
        yield fact("apr.accepted", referral.accepted_on)
        if referral.accept_due is None or referral.accepted_on <= referral.accept_due:
            yield fact("apr.accepted_on_time", referral.accepted_on)
    if referral.opinion_issued_on is not None and referral.status == AppraisalStatus.OPINION_ISSUED:
        yield fact("apr.opinions", referral.opinion_issued_on)
        if referral.complete_due is None or referral.opinion_issued_on <= referral.complete_due:
            yield fact("apr.opinions_on_time", referral.opinion_issued_on)
    ended = timezone.localdate(referral.ended_at) if referral.ended_at is not None else None
    if ended is not None and referral.status == AppraisalStatus.NOT_ACCEPTED:
        yield fact("apr.not_accepted", ended)
    if ended is not None and referral.status == AppraisalStatus.WITHDRAWN:
        yield fact("apr.withdrawn", ended)


def rates(totals: Mapping[str, int]) -> dict[str, float | None]:
    """The on-time acceptance and completion rates from summed facts (None: nothing decided)."""

    def share(part: str, whole: str) -> float | None:
        denominator = totals.get(whole, 0)
        return None if not denominator else totals.get(part, 0) / denominator

    return {
        "accepted_on_time_rate": share("apr.accepted_on_time", "apr.accepted"),
        "opinions_on_time_rate": share("apr.opinions_on_time", "apr.opinions"),
    }


def queryset() -> QuerySet[AppraisalReferral]:
    return AppraisalReferral.objects.select_related("region", "category__parent").only(
        "pk",
        "status",
        "region__code",
        "category__code",
        "category__parent_id",
        "category__parent__code",
        "created_by_id",
        "institution_id",
        "fee_waiver",
        "selection_method",
        "created_at",
        "commissioned_on",
        "accept_due",
        "accepted_on",
        "complete_due",
        "opinion_issued_on",
        "ended_at",
    )


register_source(
    FactSource(
        name=SOURCE,
        model=AppraisalReferral,
        contribute=contributions,
        queryset=queryset,
        created_field="created_at",
        app=APP,
        measures=CODES,
    )
)


def category_names() -> dict[str, str]:
    """The top-level appraisal categories' names (the topic dimension of the referral facts)."""
    return dict(AppraisalCategory.objects.filter(parent__isnull=True).values_list("code", "name"))


register_topic_labels(category_names)
