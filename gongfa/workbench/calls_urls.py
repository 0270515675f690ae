"""Workbench URLs for the hotline's call records and quality inspection (话务与质检)."""

from django.urls import URLPattern, URLResolver, include, path

from gongfa.workbench.views.calls import pages

urlpatterns: list[URLPattern | URLResolver] = [path("", include(pages.urlpatterns))]
