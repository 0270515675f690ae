"""Document drafting (文书代书): templates as data, guided interviews, .docx and PDF output."""

from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "gongfa.drafting"
    label = "drafting"
    verbose_name = "文书代书"
    default_auto_field = "django.db.models.BigAutoField"
