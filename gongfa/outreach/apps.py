"""Outreach (法治宣传与公益法律服务): village legal advisers' work, legal publicity (普法),
public-good service and its points, volunteers and experts, and typical cases."""

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "gongfa.outreach"
    label = "outreach"
    verbose_name = "普法与公益法律服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Region settings (defaults from the seed plans) register when their module is imported.
        from gongfa.outreach import rules  # noqa: F401
