"""The REST API (django-ninja), one router per domain app."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongfa.api"
    label = "api"
    verbose_name = "接口"
    default_auto_field = "django.db.models.BigAutoField"
