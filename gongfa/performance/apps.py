"""Performance management (绩效管理)."""

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "gongfa.performance"
    label = "performance"
    verbose_name = "绩效管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from gongfa.audit.services import register_event_hook
        from gongfa.core.health import register_check
        from gongfa.performance.health import facts_backlog_check
        from gongfa.performance.rollup import on_event_recorded

        # Each domain app's measures.py registers its measures and fact sources.
        autodiscover_modules("measures")
        # Region settings of this app (thresholds, due day), known to every process.
        import gongfa.performance.scoring_settings
        import gongfa.performance.services.reports
        import gongfa.performance.settings_registry  # noqa: F401

        register_event_hook(on_event_recorded)
        register_check("statistics", facts_backlog_check)
