"""The appraisal-referral pages' URLs under /workbench/appraisal/ (司法鉴定委托引导)."""

from gongfa.workbench.views.appointments.appraisal import urlpatterns

__all__ = ["urlpatterns"]
