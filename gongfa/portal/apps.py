"""Citizen pages: views and templates only."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongfa.portal"
    label = "portal"
    verbose_name = "群众门户"
    default_auto_field = "django.db.models.BigAutoField"
