"""The evidence for a mediator's grade (人民调解员等级评定), computed from the platform's data, and
the check against the region's thresholds (practice.md §a: 粤调协〔2020〕4号 for 四级 – at least
2 years, 50 cases, oral agreements at most 30 %, success at least 85 %; the higher grades'
figures are unverified [U] and are region settings: rules.GRADE_THRESHOLDS).

How each figure is read:
- years: whole years from the mediator's started_on to the day of evaluation (0 without a date);
- cases: cases the mediator presided over (CaseMediator role PRESIDING, not recused) whose
  outcome is set and which ended (ended_at) on or before the day – a case without ended_at but
  with an outcome counts;
- success rate: cases with a success outcome (written or oral agreement) over those cases;
- oral share: oral agreements over the successes (Guangdong's "口头协议 ≤30%");
- satisfaction: among those cases' return visits done by the day with a satisfaction recorded,
  the share answered 满意 or 基本满意; without any such visit the figure is missing and the
  threshold is unmet (it cannot be shown);
- training hours: the sum of the mediator's training hours held by the day (all time);
- basic conditions (基本条件): active (the mediator and their account); trained (at least one
  training record); no case escalated into a criminal case (no 民转刑). The last is read as: no
  EscalationReport of risk CRIMINAL, reported by the day, on a case while the mediator presided
  over it (assigned as presiding before the report and not recused before it), that was not
  resolved (resolved_at empty or after the day). A report that was resolved – the escalation
  prevented – does not count against the mediator.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.mediation import rules
from gongfa.mediation.choices import (
    GRADE_ORDER,
    SUCCESS_OUTCOMES,
    EscalationRisk,
    MediatorGrade,
    MediatorRole,
    Outcome,
    ReturnVisitStatus,
    Satisfaction,
)
from gongfa.mediation.models import CaseMediator, EscalationReport, Mediator, MediatorTraining, ReturnVisit
from gongfa.network.models import Region
from gongfa.network.selectors import region_setting

# The figures a grade's thresholds name, in the order messages list them.
FIGURES = ("years", "cases", "success_pct", "oral_pct_max", "satisfaction_pct", "training_hours")


def _whole_years(start: datetime.date | None, on: datetime.date) -> int:
    if start is None or start > on:
        return 0
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part * 100 / whole, 1)


@dataclass(frozen=True)
class Evidence:
    """What the data say about a mediator on a day (评定依据)."""

    mediator_id: int
    on: datetime.date
    current_grade: str
    years: int
    cases: int
    successes: int
    oral_agreements: int
    visited: int
    satisfied: int
    training_hours: Decimal
    criminal_escalations: int
    active: bool
    trained: bool

    @property
    def success_pct(self) -> float | None:
        return _pct(self.successes, self.cases)

    @property
    def oral_pct(self) -> float | None:
        return _pct(self.oral_agreements, self.successes)

    @property
    def satisfaction_pct(self) -> float | None:
        return _pct(self.satisfied, self.visited)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the derived percentages (stored in GradeAward.evidence)."""
        data = asdict(self)
        data["on"] = self.on.isoformat()
        data["training_hours"] = str(self.training_hours)
        data["success_pct"] = self.success_pct
        data["oral_pct"] = self.oral_pct
        data["satisfaction_pct"] = self.satisfaction_pct
        return data


def grading_evidence(mediator: Mediator, on: datetime.date | None = None) -> Evidence:
    """The evidence for `mediator` on day `on` (default today), in four queries."""
    on = on or timezone.localdate()
    presided = CaseMediator.objects.filter(
        mediator=mediator, role=MediatorRole.PRESIDING, recused_at__isnull=True
    ).exclude(case__outcome=Outcome.NONE)
    presided = presided.filter(Q(case__ended_at__isnull=True) | Q(case__ended_at__date__lte=on))
    figures = presided.aggregate(
        cases=Count("case", distinct=True),
        successes=Count("case", distinct=True, filter=Q(case__outcome__in=SUCCESS_OUTCOMES)),
        oral=Count("case", distinct=True, filter=Q(case__outcome=Outcome.ORAL_AGREEMENT)),
    )
    visits = ReturnVisit.objects.filter(
        case_id__in=presided.values("case_id"), status=ReturnVisitStatus.DONE, done_at__date__lte=on
    ).exclude(satisfaction="")
    answers = visits.aggregate(
        visited=Count("pk"),
        satisfied=Count("pk", filter=Q(satisfaction__in=(Satisfaction.SATISFIED, Satisfaction.FAIRLY))),
    )
    training = MediatorTraining.objects.filter(mediator=mediator, held_on__lte=on).aggregate(
        hours=Sum("hours"), count=Count("pk")
    )
    while_presiding = CaseMediator.objects.filter(
        mediator=mediator,
        role=MediatorRole.PRESIDING,
        case_id=OuterRef("case_id"),
        assigned_at__lte=OuterRef("reported_at"),
    ).filter(Q(recused_at__isnull=True) | Q(recused_at__gt=OuterRef("reported_at")))
    criminal = (
        EscalationReport.objects.filter(risk=EscalationRisk.CRIMINAL, reported_at__date__lte=on)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__date__gt=on))
        .filter(Exists(while_presiding))
        .count()
    )
    user_active = bool(getattr(mediator.user, "is_active", False))
    return Evidence(
        mediator_id=mediator.pk,
        on=on,
        current_grade=mediator.grade,
        years=_whole_years(mediator.started_on, on),
        cases=figures["cases"] or 0,
        successes=figures["successes"] or 0,
        oral_agreements=figures["oral"] or 0,
        visited=answers["visited"] or 0,
        satisfied=answers["satisfied"] or 0,
        training_hours=Decimal(training["hours"] or 0),
        criminal_escalations=criminal,
        active=mediator.is_active and user_active,
        trained=(training["count"] or 0) > 0,
    )


def thresholds(grade: str, region: Region | None, on: datetime.date | None = None) -> dict[str, int]:
    """The region's thresholds for `grade` (rules.GRADE_THRESHOLDS; nearest region setting wins)."""
    specs = rules.GRADE_THRESHOLDS.get(grade)
    if specs is None:
        raise ValueError(f"no thresholds for grade {grade!r}")
    return {figure: int(region_setting(region, specs[figure].key, on)) for figure in FIGURES}


def next_grade(current: str) -> str | None:
    """The grade one step above `current` (None above 一级)."""
    index = GRADE_ORDER.index(MediatorGrade(current))
    return GRADE_ORDER[index + 1] if index + 1 < len(GRADE_ORDER) else None


def grade_below(current: str) -> str:
    index = GRADE_ORDER.index(MediatorGrade(current))
    return GRADE_ORDER[max(index - 1, 0)]


def _fmt(value: float | None) -> str:
    return gettext("无数据") if value is None else f"{value:g}%"


def unmet(evidence: Evidence, grade: str, limits: dict[str, int]) -> list[str]:
    """Every unmet threshold and basic condition, each naming the figure and the threshold. No query.
    Percentages are compared exactly (part × 100 against threshold × whole)."""
    name = MediatorGrade(grade).label
    found: list[str] = []
    if not evidence.active:
        found.append(gettext("基本条件：调解员不在岗。"))
    if not evidence.trained:
        found.append(gettext("基本条件：无参加业务培训的记录。"))
    if evidence.criminal_escalations:
        found.append(
            gettext("基本条件：主持调解的纠纷有{count}件激化为刑事案件（民转刑）风险未化解。").format(
                count=evidence.criminal_escalations
            )
        )
    if evidence.years < limits["years"]:
        found.append(
            gettext("从事调解工作{years}年，{grade}要求不少于{limit}年。").format(
                years=evidence.years, grade=name, limit=limits["years"]
            )
        )
    if evidence.cases < limits["cases"]:
        found.append(
            gettext("主持调解结案{cases}件，{grade}要求不少于{limit}件。").format(
                cases=evidence.cases, grade=name, limit=limits["cases"]
            )
        )
    if evidence.cases == 0 or evidence.successes * 100 < limits["success_pct"] * evidence.cases:
        found.append(
            gettext("调解成功率{rate}，{grade}要求不低于{limit}%。").format(
                rate=_fmt(evidence.success_pct), grade=name, limit=limits["success_pct"]
            )
        )
    if evidence.oral_agreements * 100 > limits["oral_pct_max"] * evidence.successes:
        found.append(
            gettext("口头协议占比{rate}，{grade}要求不高于{limit}%。").format(
                rate=_fmt(evidence.oral_pct), grade=name, limit=limits["oral_pct_max"]
            )
        )
    if evidence.visited == 0 or evidence.satisfied * 100 < limits["satisfaction_pct"] * evidence.visited:
        found.append(
            gettext("回访满意率{rate}，{grade}要求不低于{limit}%。").format(
                rate=_fmt(evidence.satisfaction_pct), grade=name, limit=limits["satisfaction_pct"]
            )
        )
    if evidence.training_hours < limits["training_hours"]:
        found.append(
            gettext("培训{hours:g}学时，{grade}要求不少于{limit}学时。").format(
                hours=evidence.training_hours, grade=name, limit=limits["training_hours"]
            )
        )
    return found


def meets(evidence: Evidence, grade: str, region: Region | None) -> list[str]:
    """The thresholds of `grade` in `region` (on the evidence's day) that the evidence does not meet;
    empty when the mediator qualifies."""
    return unmet(evidence, grade, thresholds(grade, region, evidence.on))
