"""The notarization-case pages' URLs under /workbench/notary/ (公证案件: queue, 登记申请, case page)."""

from gongfa.workbench.views.appointments import notarization

urlpatterns = notarization.urlpatterns
