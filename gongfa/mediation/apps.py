"""People's mediation (人民调解): committees, mediators, cases, sessions, agreements, the judicial-
confirmation window, return visits and the case file."""

from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "gongfa.mediation"
    label = "mediation"
    verbose_name = "人民调解"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The region settings (rules.md §2 defaults) are registered when their module is imported.
        from gongfa.mediation import qualifications, rules  # noqa: F401
        from gongfa.mediation.services.intake import open_from_order
        from gongfa.workorders.services import register_case_kind

        register_case_kind("mediation", "人民调解", open_from_order)
