from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongfa.workorders.models import WorkOrder


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    """Read-only: work orders change only through workorders.services (transition table + events)."""

    list_display = ("tracking_number", "status", "channel", "region", "owner_point", "created_at", "rating")
    list_filter = ("status", "channel")
    search_fields = ("tracking_number",)
    date_hierarchy = "created_at"
    list_select_related = ("region", "owner_point")
    exclude = ("requester",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
