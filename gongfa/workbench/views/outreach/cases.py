"""Workbench pages of outreach: cases (filled in by its part of issue #15)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
