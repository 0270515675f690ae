"""The people's-mediation pages' URLs under /workbench/mediation/, gathered from each part's module."""

from gongfa.workbench.views.mediation import agreement, cases, committee, files, followup, intake, sessions

urlpatterns = [
    # The fixed prefixes first: cases/<number>/<action>/ takes any slug.
    *committee.urlpatterns,
    *files.urlpatterns,
    *agreement.urlpatterns,
    *followup.urlpatterns,
    *sessions.urlpatterns,
    *intake.urlpatterns,
    *cases.urlpatterns,
]
