"""Notarization booking and cases (公证预约与办理) and judicial-appraisal referrals (司法鉴定委托导引)."""

from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "gongfa.appointments"
    label = "appointments"
    verbose_name = "公证与司法鉴定"
    default_auto_field = "django.db.models.BigAutoField"
