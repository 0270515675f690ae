"""The performance app's models, one module per part."""

from gongfa.performance.models.evaluation import (
    EvaluationInput,
    EvaluationItem,
    EvaluationResult,
    EvaluationRun,
    EvaluationScheme,
)
from gongfa.performance.models.facts import DailyFact, FactLedger, PendingRefresh, RollupFact
from gongfa.performance.models.indicators import Indicator
from gongfa.performance.models.reports import Bulletin, MonthlyReport, ReportCell, ReportRow, ReportTemplate
from gongfa.performance.models.scoring import (
    ItemScore,
    PointProfile,
    ScoringCategory,
    ScoringItem,
    ScoringSheet,
    SiteInspection,
)
from gongfa.performance.models.targets import Milestone, Target

__all__ = [
    "Bulletin",
    "DailyFact",
    "EvaluationInput",
    "EvaluationItem",
    "EvaluationResult",
    "EvaluationRun",
    "EvaluationScheme",
    "FactLedger",
    "Indicator",
    "ItemScore",
    "Milestone",
    "MonthlyReport",
    "PendingRefresh",
    "PointProfile",
    "ReportCell",
    "ReportRow",
    "ReportTemplate",
    "RollupFact",
    "ScoringCategory",
    "ScoringItem",
    "ScoringSheet",
    "SiteInspection",
    "Target",
]
