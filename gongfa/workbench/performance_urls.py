"""The performance pages' URLs under /workbench/performance/, gathered from each part's module."""

from gongfa.workbench.views.performance import dashboard, evaluation, reports, scoring, targets

urlpatterns = [
    *dashboard.urlpatterns,
    *targets.urlpatterns,
    *reports.urlpatterns,
    *evaluation.urlpatterns,
    *scoring.urlpatterns,
]
