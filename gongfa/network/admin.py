from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongfa.network.models import (
    AdvisorAssignment,
    Agency,
    DutyShift,
    Region,
    RegionSetting,
    ServicePoint,
    StaffPosting,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ("name", "tier", "region", "phone", "is_active")
    list_filter = ("tier", "is_active")
    search_fields = ("name", "region__name", "region__code", "address")
    raw_id_fields = ("region",)
    list_select_related = ("region",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "industry", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "region__name", "licence_number")
    raw_id_fields = ("region", "point")
    list_select_related = ("region",)


@admin.register(StaffPosting)
class StaffPostingAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "point", "agency", "is_active", "started_on", "ended_on")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__real_name", "point__name", "agency__name")
    raw_id_fields = ("user", "point", "agency")
    list_select_related = ("user", "point", "agency")


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("date", "starts_at", "ends_at", "point", "user")
    list_filter = ("date",)
    search_fields = ("point__name", "user__real_name")
    raw_id_fields = ("point", "user")
    date_hierarchy = "date"
    list_select_related = ("point", "user")


@admin.register(AdvisorAssignment)
class AdvisorAssignmentAdmin(admin.ModelAdmin):
    """Read here; appointments go through network.services.assign_village_advisor (5-village rule)."""

    list_display = ("advisor", "village", "is_active", "started_on", "ended_on")
    list_filter = ("is_active",)
    search_fields = ("advisor__real_name", "village__name", "village__code")
    list_select_related = ("advisor", "village")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RegionSetting)
class RegionSettingAdmin(admin.ModelAdmin):
    list_display = ("region", "key", "value", "effective_from", "note")
    list_filter = ("key",)
    search_fields = ("region__name", "region__code", "key")
    raw_id_fields = ("region",)
