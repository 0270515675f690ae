"""Notarization booking and cases (公证预约与办理) and judicial-appraisal referrals (司法鉴定委托导引)."""

from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "gongfa.appointments"
    label = "appointments"
    verbose_name = "公证与司法鉴定"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The region settings (rules.md §3 defaults) are registered when their module is imported;
        # "转为案件 → 公证" joins the work orders' case kinds.
        from gongfa.appointments import rules  # noqa: F401
        from gongfa.appointments.services.notarization import register_notarization_case_kind

        register_notarization_case_kind()
