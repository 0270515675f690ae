from django.contrib import admin

from gongfa.core.admin import ReadOnlyLogAdmin
from gongfa.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at", "sms_sent_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "recipient__real_name")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
