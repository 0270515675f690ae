"""Workbench URLs for the answer phrase library (答复模板)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
