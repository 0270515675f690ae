"""Legal aid (法律援助): applications, eligibility, review, assignment, case to closing."""

from django.apps import AppConfig


class LegalaidConfig(AppConfig):
    name = "gongfa.legalaid"
    label = "legalaid"
    verbose_name = "法律援助"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongfa.legalaid.services.intake import open_from_order
        from gongfa.workorders.services import register_case_kind

        register_case_kind("legal_aid", "法律援助申请", open_from_order)
