"""Workbench URLs for the hotline's call records and quality inspection (话务与质检)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
