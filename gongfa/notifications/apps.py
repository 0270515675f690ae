"""In-app notifications (站内通知), optionally also sent by SMS."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongfa.notifications"
    label = "notifications"
    verbose_name = "通知"
    default_auto_field = "django.db.models.BigAutoField"
