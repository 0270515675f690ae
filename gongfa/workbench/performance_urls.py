"""The performance pages' URLs under /workbench/performance/, gathered from each part's module."""

from django.urls import path

from gongfa.workbench.views.performance import dashboard, evaluation, reports, scoring, targets

urlpatterns = [
    # 绩效管理 opens on the dashboard; the menu entry stays current on every page beneath.
    path("", dashboard.index, name="perf_home"),
    *dashboard.urlpatterns,
    *targets.urlpatterns,
    *reports.urlpatterns,
    *evaluation.urlpatterns,
    *scoring.urlpatterns,
]
