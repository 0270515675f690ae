"""Admin for the hotline queues, call records and the quality checklist.

Queues and checklist items are edited here; calls and inspections come from the CTI, imports and
the workbench, so they are read-only (the caller's number masked)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import ModelForm
from gongfa.workorders.models import CallRecord, HotlineQueue, QualityChecklistItem, QualityInspection


class HotlineQueueForm(ModelForm[HotlineQueue]):
    class Meta:
        model = HotlineQueue
        fields = ("code", "name", "point", "is_active")


class QualityChecklistItemForm(ModelForm[QualityChecklistItem]):
    class Meta:
        model = QualityChecklistItem
        fields = ("code", "text", "guidance", "max_points", "sort_order", "is_active")


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(HotlineQueue)
class HotlineQueueAdmin(admin.ModelAdmin):
    form = HotlineQueueForm
    list_display = ("code", "name", "point", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("point",)
    search_fields = ("code", "name")
    autocomplete_fields = ("point",)


@admin.register(CallRecord)
class CallRecordAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("call_id", "masked_caller", "queue", "received_at", "outcome", "talk_seconds", "agent", "order")
    list_filter = ("outcome", "source", "queue")
    list_select_related = ("queue", "agent", "order")
    search_fields = ("call_id", "agent_code")
    date_hierarchy = "received_at"
    fields = (
        "call_id",
        "source",
        "direction",
        "queue",
        "region_code",
        "masked_caller",
        "received_at",
        "answered_at",
        "ended_at",
        "wait_seconds",
        "talk_seconds",
        "outcome",
        "result",
        "agent",
        "agent_code",
        "order",
        "recording_ref",
    )
    readonly_fields = fields

    @admin.display(description=_("来电号码"))
    def masked_caller(self, obj: CallRecord) -> str:
        return obj.masked_caller


@admin.register(QualityChecklistItem)
class QualityChecklistItemAdmin(admin.ModelAdmin):
    form = QualityChecklistItemForm
    list_display = ("text", "code", "max_points", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "text")
    ordering = ("sort_order", "pk")


@admin.register(QualityInspection)
class QualityInspectionAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("call", "inspector", "total", "max_total", "inspected_at")
    list_select_related = ("call", "inspector")
    search_fields = ("call__call_id",)
    fields = ("call", "inspector", "items", "scores", "total", "max_total", "comment", "inspected_at")
    readonly_fields = fields
