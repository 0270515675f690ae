"""Staff pages: views and templates only."""

from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gongfa.workbench"
    label = "workbench"
    verbose_name = "工作台"
    default_auto_field = "django.db.models.BigAutoField"
