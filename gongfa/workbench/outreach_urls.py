"""Outreach pages under /workbench/outreach/ (村(居)法律顾问、普法、公益法律服务、志愿者与专家、典型案例)."""

from django.urls import include, path

from gongfa.workbench.views.outreach import advisers, cases, hub, publicgood, publicity, volunteers

urlpatterns = [
    path("", include(hub.urlpatterns)),
    path("advisers/", include(advisers.urlpatterns)),
    path("publicity/", include(publicity.urlpatterns)),
    path("public-good/", include(publicgood.urlpatterns)),
    path("volunteers/", include(volunteers.urlpatterns)),
    path("cases/", include(cases.urlpatterns)),
]
