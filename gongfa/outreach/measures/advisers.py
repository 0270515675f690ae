"""What village legal advisers' work counts in performance management (村(居)法律顾问计量).

Fact source "outreach.village" — each village (村(社区), network Region of level VILLAGE), entered in
the admin like network's (without_events), refreshed by the adviser events (network.advisor_*) and
any event whose subject is a work-log entry (outreach.advisor_log.*):
- out.poverty_villages (stock, 个): poverty-alleviated villages (脱贫村, Region.is_poverty_village),
  from the registry's EPOCH;
- out.poverty_villages_with_advisor (stock, 个): of those, the villages with an adviser in post, +1 on
  the first day of each covered stretch and −1 on the day it ends — the stretches are network's
  own (network.measures.covered_stretches), so the poverty figure and net.villages_with_advisor
  cannot disagree;
- out.active_village_months (flow, 个): village-months with at least one log entry, +1 on the first
  log day of each month, counted only when the village has an adviser in post on the last day of
  that month (the day net.villages_with_advisor is read for a month). The activity rate
  out_advisor_activity_rate = out.active_village_months ÷ net.villages_with_advisor is therefore
  defined PER MONTH (never above 100 %); over a quarter or a year the numerator adds up the months
  while the denominator is the stock at the end, so read the monthly series there.

Fact source "outreach.advisor_assignment" — each appointment (network.AdvisorAssignment):
- out.advisor_villages (stock, 个; person = the adviser): villages an adviser serves, +1 on the day
  the appointment starts and −1 on the day it ends; the denominator of visits per village served.

Fact source "outreach.advisorlog" — each work-log entry (工作日志), on the day the work was done
(occurred_on), region = the village, person = the adviser; the kinds are data (WorkLogKind), so
visits and talks follow the kind's flags and the other counts its code:
- out.logs: entries; out.logs_timely: entries logged within LOG_TIMELY_DAYS days of the work
  (local day of created_at − occurred_on); timeliness = out.logs_timely ÷ out.logs;
- out.log_visits: kinds with counts_as_visit (驻村服务); out.log_talks: kinds with counts_as_talk
  (法治讲座/宣讲), out.log_talk_audience (人次): their audience;
- out.log_consultations (kind "consultation", 现场解答咨询: each also makes one closed work order,
  which counts in wo.* — this is the adviser's count, not a second citizen demand),
  out.log_documents ("document", 代写法律文书), out.log_village_rules ("village_rules", 村规民约),
  out.log_mediations ("mediation", 参与调解);
- out.log_wechat_questions (个): questions answered in the village WeChat group ("wechat_group"),
  the sum of questions_answered.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongfa.network.choices import RegionLevel
from gongfa.network.measures import covered_stretches
from gongfa.network.models import AdvisorAssignment, Region
from gongfa.outreach.models import AdvisorLog
from gongfa.performance.choices import MeasureKind
from gongfa.performance.registry import EPOCH, Contribution, FactSource, Measure, register_measures, register_source

if TYPE_CHECKING:
    from gongfa.audit.models import Event

APP = "outreach"
STOCK = MeasureKind.STOCK
# A log entered more than this many days after the work is late (the seed plans ask for the ledger
# to be kept up to date; no plan names a number, so this is the platform's).
LOG_TIMELY_DAYS = 3

# Log kinds counted by code (the kinds are data; these are the codes the seed migration writes).
KIND_MEASURES = {
    "consultation": "out.log_consultations",
    "document": "out.log_documents",
    "village_rules": "out.log_village_rules",
    "mediation": "out.log_mediations",
}
WECHAT_KIND = "wechat_group"

MEASURES = [
    Measure("out.poverty_villages", _("脱贫村数"), unit=_("个"), kind=STOCK, description=_("原建档立卡贫困村，期末数")),
    Measure(
        "out.poverty_villages_with_advisor",
        _("有法律顾问的脱贫村数"),
        unit=_("个"),
        kind=STOCK,
        description=_("期末有法律顾问在任的脱贫村"),
    ),
    Measure(
        "out.active_village_months",
        _("法律顾问有工作记录的村月数"),
        unit=_("个"),
        description=_("每村每月有一条以上工作日志计1，记在当月首条日志之日；只计当月末有顾问在任的村"),
    ),
    Measure(
        "out.advisor_villages",
        _("法律顾问服务村数"),
        unit=_("个"),
        kind=STOCK,
        description=_("按顾问（人员维度）计的在任聘任数，期末数"),
    ),
    Measure("out.logs", _("法律顾问工作日志数"), description=_("按工作日期")),
    Measure(
        "out.logs_timely",
        _("及时登记的工作日志数"),
        description=format_lazy(
            _("工作后{LOG_TIMELY_DAYS}日内登记的日志，按工作日期"), LOG_TIMELY_DAYS=LOG_TIMELY_DAYS
        ),
    ),
    Measure("out.log_visits", _("驻村服务次数"), unit=_("次"), description=_("计为驻村服务的工作类型，按工作日期")),
    Measure("out.log_talks", _("法治讲座/宣讲次数"), unit=_("次"), description=_("计为讲座宣讲的工作类型，按工作日期")),
    Measure("out.log_talk_audience", _("法治讲座/宣讲听众人次"), unit=_("人次"), description=_("按工作日期")),
    Measure("out.log_consultations", _("现场解答咨询次数"), unit=_("次"), description=_("按工作日期")),
    Measure("out.log_documents", _("代写法律文书件数"), description=_("按工作日期")),
    Measure("out.log_village_rules", _("审查/起草村规民约件数"), description=_("按工作日期")),
    Measure("out.log_mediations", _("参与调解纠纷次数"), unit=_("次"), description=_("按工作日期")),
    Measure(
        "out.log_wechat_questions", _("微信群解答问题数"), unit=_("个"), description=_("解答问题数之和，按工作日期")
    ),
]
register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app=APP) for m in MEASURES)


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _covered_on(stretches: list[tuple[datetime.date, datetime.date | None]], day: datetime.date) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in stretches)


def village_contributions(village: Region) -> Iterator[Contribution]:
    """The village's poverty coverage and its active months (incremental path and rebuild alike)."""
    base = Contribution(measure="", day=EPOCH, region_code=village.code)
    stretches = covered_stretches(village.advisor_assignments.all())
    if village.is_poverty_village:
        yield base._replace(measure="out.poverty_villages")
        for start, end in stretches:
            yield base._replace(measure="out.poverty_villages_with_advisor", day=start)
            if end is not None:
                yield base._replace(measure="out.poverty_villages_with_advisor", day=end, value=-1)
    first_days: dict[tuple[int, int], datetime.date] = {}
    for log in village.advisor_logs.all():
        month = (log.occurred_on.year, log.occurred_on.month)
        if month not in first_days or log.occurred_on < first_days[month]:
            first_days[month] = log.occurred_on
    for _month, day in sorted(first_days.items()):
        if _covered_on(stretches, _month_end(day)):
            yield base._replace(measure="out.active_village_months", day=day)


def villages_of_event(event: Event) -> Iterable[int]:
    """An adviser appointed or ended (network.advisor_*), or a log entry of the village recorded,
    changed or removed (any event whose subject is an AdvisorLog, whatever its verb)."""
    if event.verb.startswith("network.advisor_") and event.region_id is not None:
        return [event.region_id]
    if event.subject_type.model_class() is AdvisorLog:
        ids = set(AdvisorLog.objects.filter(pk=event.subject_id).values_list("village_id", flat=True))
        if event.region_id is not None:
            ids.add(event.region_id)  # a removed entry: its village is the event's region
        return ids
    return []


def _villages() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.VILLAGE).prefetch_related(
        "advisor_assignments",
        Prefetch("advisor_logs", queryset=AdvisorLog.objects.only("pk", "village_id", "occurred_on").order_by()),
    )


def assignment_contributions(assignment: AdvisorAssignment) -> Iterator[Contribution]:
    """An appointment's villages-served stock for its adviser."""
    for start, end in covered_stretches([assignment]):
        base = Contribution("out.advisor_villages", start, region_code=assignment.village.code)
        base = base._replace(person_id=assignment.advisor_id)
        yield base
        if end is not None:
            yield base._replace(day=end, value=-1)


def _assignments() -> QuerySet[AdvisorAssignment]:
    return AdvisorAssignment.objects.select_related("village").only(
        "pk", "advisor_id", "is_active", "started_on", "ended_on", "village__code"
    )


def log_contributions(log: AdvisorLog) -> Iterator[Contribution]:
    """A work-log entry's counts, on the day of the work."""
    base = Contribution(measure="", day=log.occurred_on, region_code=log.village.code, person_id=log.advisor_id)
    kind = log.kind
    yield base._replace(measure="out.logs")
    if (timezone.localdate(log.created_at) - log.occurred_on).days <= LOG_TIMELY_DAYS:
        yield base._replace(measure="out.logs_timely")
    if kind.counts_as_visit:
        yield base._replace(measure="out.log_visits")
    if kind.counts_as_talk:
        yield base._replace(measure="out.log_talks")
        if log.audience:
            yield base._replace(measure="out.log_talk_audience", value=log.audience)
    by_code = KIND_MEASURES.get(kind.code)
    if by_code is not None:
        yield base._replace(measure=by_code)
    if kind.code == WECHAT_KIND and log.questions_answered:
        yield base._replace(measure="out.log_wechat_questions", value=log.questions_answered)


def _logs() -> QuerySet[AdvisorLog]:
    return AdvisorLog.objects.select_related("village", "kind").only(
        "pk",
        "advisor_id",
        "occurred_on",
        "created_at",
        "audience",
        "questions_answered",
        "village__code",
        "kind__code",
        "kind__counts_as_visit",
        "kind__counts_as_talk",
    )


register_source(
    FactSource(
        name="outreach.village",
        model=Region,
        contribute=village_contributions,
        queryset=_villages,
        subjects_of_event=villages_of_event,
        app=APP,
        measures=("out.poverty_villages", "out.poverty_villages_with_advisor", "out.active_village_months"),
        without_events=True,
    )
)
register_source(
    FactSource(
        name="outreach.advisor_assignment",
        model=AdvisorAssignment,
        contribute=assignment_contributions,
        queryset=_assignments,
        app=APP,
        measures=("out.advisor_villages",),
        without_events=True,
    )
)
register_source(
    FactSource(
        name="outreach.advisorlog",
        model=AdvisorLog,
        contribute=log_contributions,
        queryset=_logs,
        app=APP,
        measures=tuple(m.code for m in MEASURES if m.code.startswith("out.log")),
    )
)
