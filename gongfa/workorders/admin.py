from __future__ import annotations

from django.contrib import admin

from gongfa.core.admin import ReadOnly
from gongfa.workorders.models import WorkOrder


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: work orders change only through workorders.services (transition table + events)."""

    list_display = ("tracking_number", "status", "channel", "region", "owner_point", "created_at", "rating")
    list_filter = ("status", "channel")
    search_fields = ("tracking_number",)
    date_hierarchy = "created_at"
    list_select_related = ("region", "owner_point")
    exclude = ("requester",)
