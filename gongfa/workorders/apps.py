"""Work orders: every request from every channel, tracked to the citizen's rating."""

from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "gongfa.workorders"
    label = "workorders"
    verbose_name = "工单"
    default_auto_field = "django.db.models.BigAutoField"
