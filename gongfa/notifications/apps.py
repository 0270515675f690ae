"""In-app notifications (站内通知), optionally also sent by SMS."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongfa.notifications"
    label = "notifications"
    verbose_name = "通知"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from gongfa.audit.services import register_event_hook
        from gongfa.notifications.services import on_event_recorded

        # Each app's notifications.py registers its event kinds and recipient resolvers.
        autodiscover_modules("notifications")
        register_event_hook(on_event_recorded)
