"""Domain events (who, when, channel, what, reason) and the personal-data access log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongfa.audit"
    label = "audit"
    verbose_name = "审计"
    default_auto_field = "django.db.models.BigAutoField"
