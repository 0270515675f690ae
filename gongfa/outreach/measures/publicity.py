"""What legal publicity counts in performance management (普法计量).

Fact source "outreach.publicityevent" — each event (普法活动) that was held (status held, evaluated or
archived: evaluating and archiving keep it held; planned and cancelled ones count nothing), on the
day it was held (held_on), region = where it was held, point = the service point when at one:
- out.pub_events (场): events held;
- out.pub_audience (人次): their audience (audience_size);
- out.pub_constitution_talks (场): constitution talks (event type constitution_talk, or any event of
  a campaign with the theme constitution_day, 12·4 宪法宣传周);
- out.pub_consultations (人次): consultations answered on site.
The targets of a region's annual plan (PublicityPlan.target_*) are not facts: the comparison with a
target is performance's own (a Target on the indicator out_pub_events or out_pub_audience for the
region and year, split down the tree with its schedule).

Fact source "outreach.culturesite" — each culture site (法治文化阵地) in use (is_active):
- out.culture_sites (stock, 个): from the day it opened (opened_on, else the registry's EPOCH).

Fact source "outreach.township" — each township (乡镇(街道), network Region of level TOWNSHIP):
- out.townships (stock, 个): townships (network counts no townships of its own);
- out.townships_with_site (stock, 个): townships with at least one culture site in use in their
  subtree (the township itself or one of its villages), from the day the first of those opened. Two
  sites count once. A site out of use counts nowhere (the model keeps no date it closed: its
  township drops out when the ledger is refreshed). Coverage = out.townships_with_site ÷
  out.townships.

Fact source "outreach.school" — each school (学校) in operation (is_active):
- out.schools (stock, 个): from the registry's EPOCH;
- out.schools_with_vp (stock, 个): with a rule-of-law vice-principal (法治副校长) in post: +1 on the
  first day of each stretch in post and −1 on the day it ends (appointed_on, ended_on; the stretches
  merged as network merges advisers' appointments). Appointment rate = out.schools_with_vp ÷
  out.schools.

Culture sites, schools and vice-principals may be entered in the admin (without_events); their
services' audit events (subject a CultureSite: outreach.culturesite.*; subject a School or a
VicePrincipal: outreach.school.*) re-contribute the site, its township and the school.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.db.models import CharField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils.translation import gettext_lazy as _

from gongfa.network.choices import CODE_PREFIX_LENGTH, RegionLevel
from gongfa.network.measures import covered_stretches
from gongfa.network.models import Region, code_prefix
from gongfa.outreach.choices import CampaignTheme, EventStatus, EventType
from gongfa.outreach.models import CultureSite, PublicityEvent, School, VicePrincipal
from gongfa.performance.choices import MeasureKind
from gongfa.performance.registry import EPOCH, Contribution, FactSource, Measure, register_measures, register_source

if TYPE_CHECKING:
    from gongfa.audit.models import Event

APP = "outreach"
STOCK = MeasureKind.STOCK
HELD = (EventStatus.HELD, EventStatus.EVALUATED, EventStatus.ARCHIVED)
TOWNSHIP_PREFIX = CODE_PREFIX_LENGTH[RegionLevel.TOWNSHIP]

MEASURES = [
    Measure(
        "out.pub_events",
        _("开展法治宣传活动场次"),
        unit=_("场"),
        description=_("已举办（含已评估、已归档），按活动日期"),
    ),
    Measure(
        "out.pub_audience", _("法治宣传受众人次"), unit=_("人次"), description=_("已举办活动的受众人数，按活动日期")
    ),
    Measure(
        "out.pub_constitution_talks",
        _("宪法宣讲场次"),
        unit=_("场"),
        description=_("活动类型为宪法宣讲，或属于12·4宪法宣传周主题活动，按活动日期"),
    ),
    Measure("out.pub_consultations", _("普法活动现场咨询人次"), unit=_("人次"), description=_("按活动日期")),
    Measure(
        "out.culture_sites", _("法治文化阵地数"), unit=_("个"), kind=STOCK, description=_("在用的阵地，自建成日起")
    ),
    Measure("out.townships", _("乡镇(街道)数"), unit=_("个"), kind=STOCK),
    Measure(
        "out.townships_with_site",
        _("有法治文化阵地的乡镇(街道)数"),
        unit=_("个"),
        kind=STOCK,
        description=_("辖区（含所辖村(社区)）内有在用阵地的乡镇(街道)，多个阵地只计一次"),
    ),
    Measure("out.schools", _("学校数"), unit=_("个"), kind=STOCK, description=_("在办学校")),
    Measure(
        "out.schools_with_vp",
        _("配备法治副校长的学校数"),
        unit=_("个"),
        kind=STOCK,
        description=_("期末有法治副校长在任的在办学校"),
    ),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)


# --- events ---------------------------------------------------------------------------------------


def is_constitution_talk(event: PublicityEvent) -> bool:
    if event.event_type == EventType.CONSTITUTION_TALK:
        return True
    return event.campaign is not None and event.campaign.theme == CampaignTheme.CONSTITUTION_DAY


def event_contributions(event: PublicityEvent) -> Iterator[Contribution]:
    """A held event's counts, on the day it was held."""
    if event.status not in HELD:
        return
    base = Contribution(measure="", day=event.held_on, region_code=event.region.code, point_id=event.point_id or 0)
    yield base._replace(measure="out.pub_events")
    if event.audience_size:
        yield base._replace(measure="out.pub_audience", value=event.audience_size)
    if is_constitution_talk(event):
        yield base._replace(measure="out.pub_constitution_talks")
    if event.consultations_on_site:
        yield base._replace(measure="out.pub_consultations", value=event.consultations_on_site)


def _events() -> QuerySet[PublicityEvent]:
    return PublicityEvent.objects.select_related("region", "campaign").only(
        "pk",
        "status",
        "event_type",
        "held_on",
        "audience_size",
        "consultations_on_site",
        "point_id",
        "region__code",
        "campaign__theme",
    )


# --- culture sites and townships ------------------------------------------------------------------


def site_contributions(site: CultureSite) -> Iterator[Contribution]:
    if site.is_active:
        yield Contribution("out.culture_sites", site.opened_on or EPOCH, region_code=site.region.code)


def _sites() -> QuerySet[CultureSite]:
    return CultureSite.objects.select_related("region").only("pk", "is_active", "opened_on", "region__code")


def township_contributions(township: Region) -> Iterator[Contribution]:
    base = Contribution(measure="out.townships", day=EPOCH, region_code=township.code)
    yield base
    since = cast(Any, township).site_since
    if since is not None:
        yield base._replace(measure="out.townships_with_site", day=since)


def _townships() -> QuerySet[Region]:
    """Townships, each with the opening day of its first site in use (None: no site), one query."""
    upper = Concat(Substr(OuterRef("code"), 1, TOWNSHIP_PREFIX), Value("999"), output_field=CharField())
    first_site = (
        CultureSite.objects.filter(is_active=True, region__code__gte=OuterRef("code"), region__code__lte=upper)
        .annotate(since=Coalesce(F("opened_on"), Value(EPOCH)))
        .order_by("since")
        .values("since")[:1]
    )
    return (
        Region.objects.filter(level=RegionLevel.TOWNSHIP).only("pk", "code").annotate(site_since=Subquery(first_site))
    )


def township_of_code(code: str, level: int) -> str | None:
    if level < RegionLevel.TOWNSHIP:
        return None
    return code_prefix(code, RegionLevel.TOWNSHIP).ljust(12, "0")


def townships_of_event(event: Event) -> Iterable[int]:
    """A site saved, changed or removed (an event whose subject is a CultureSite): its township,
    from the site and from the event's region."""
    if event.subject_type.model_class() is not CultureSite:
        return []
    places = list(CultureSite.objects.filter(pk=event.subject_id).values_list("region__code", "region__level"))
    if event.region_id is not None:
        places += list(Region.objects.filter(pk=event.region_id).values_list("code", "level"))
    codes = {township_of_code(code, level) for code, level in places} - {None}
    return list(Region.objects.filter(level=RegionLevel.TOWNSHIP, code__in=codes).values_list("pk", flat=True))


# --- schools and vice-principals ------------------------------------------------------------------


class _Post(NamedTuple):
    """A vice-principal's appointment in the shape covered_stretches reads."""

    started_on: datetime.date
    ended_on: datetime.date | None
    is_active: bool


def school_contributions(school: School) -> Iterator[Contribution]:
    if not school.is_active:
        return
    base = Contribution(measure="out.schools", day=EPOCH, region_code=school.region.code)
    yield base
    posts = [_Post(vp.appointed_on, vp.ended_on, vp.is_active) for vp in school.vice_principals.all()]
    for start, end in covered_stretches(cast(Any, posts)):
        yield base._replace(measure="out.schools_with_vp", day=start)
        if end is not None:
            yield base._replace(measure="out.schools_with_vp", day=end, value=-1)


def schools_of_event(event: Event) -> Iterable[int]:
    """An event on a school (its vice-principals are appointed and ended as the school's events,
    outreach.school.*) or on a vice-principal's appointment (its school)."""
    model = event.subject_type.model_class()
    if model is School:
        return [int(event.subject_id)]
    if model is VicePrincipal:
        return list(VicePrincipal.objects.filter(pk=event.subject_id).values_list("school_id", flat=True))
    return []


def _schools() -> QuerySet[School]:
    return (
        School.objects.select_related("region")
        .only("pk", "is_active", "region__code")
        .prefetch_related("vice_principals")
    )


register_source(
    FactSource(
        name="outreach.publicityevent",
        model=PublicityEvent,
        contribute=event_contributions,
        queryset=_events,
        app=APP,
        measures=("out.pub_events", "out.pub_audience", "out.pub_constitution_talks", "out.pub_consultations"),
    )
)
register_source(
    FactSource(
        name="outreach.culturesite",
        model=CultureSite,
        contribute=site_contributions,
        queryset=_sites,
        app=APP,
        measures=("out.culture_sites",),
        without_events=True,
    )
)
register_source(
    FactSource(
        name="outreach.township",
        model=Region,
        contribute=township_contributions,
        queryset=_townships,
        subjects_of_event=townships_of_event,
        app=APP,
        measures=("out.townships", "out.townships_with_site"),
        without_events=True,
    )
)
register_source(
    FactSource(
        name="outreach.school",
        model=School,
        contribute=school_contributions,
        queryset=_schools,
        subjects_of_event=schools_of_event,
        app=APP,
        measures=("out.schools", "out.schools_with_vp"),
        without_events=True,
    )
)
