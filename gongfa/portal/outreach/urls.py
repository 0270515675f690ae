"""Outreach pages under /cases/ and /survey/ of the portal."""

from django.urls import include, path

from gongfa.portal.outreach import cases, survey

urlpatterns = [
    path("cases/", include(cases.urlpatterns)),
    path("survey/", include(survey.urlpatterns)),
]
