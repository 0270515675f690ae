"""Outreach pages of the portal: typical cases, event surveys and volunteer registration."""

from django.urls import include, path

from gongfa.portal.outreach import cases, survey, volunteer

urlpatterns = [
    path("cases/", include(cases.urlpatterns)),
    path("survey/", include(survey.urlpatterns)),
    path("volunteer/", include(volunteer.urlpatterns)),
]
