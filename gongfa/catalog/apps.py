"""The published service catalogue (产品清单目录): service types and their time limits (SLA rules)."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongfa.catalog"
    label = "catalog"
    verbose_name = "服务目录"
    default_auto_field = "django.db.models.BigAutoField"
