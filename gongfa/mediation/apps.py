"""People's mediation (人民调解): committees, mediators, cases, sessions, agreements, the judicial-
confirmation window, return visits and the case file."""

from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "gongfa.mediation"
    label = "mediation"
    verbose_name = "人民调解"
    default_auto_field = "django.db.models.BigAutoField"
