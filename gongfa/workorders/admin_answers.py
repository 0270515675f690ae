"""Admin for the answer phrase library and the updates sent back to 12345.

Templates are maintained on the workbench (答复模板, where files are checked by parsing); here an
administrator may correct the text or retire one, and the file is shown, not replaced. Updates to
12345 are the gateway's record: read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from gongfa.core.forms import ModelForm
from gongfa.workorders.models import AnswerTemplate, ExternalUpdate


class AnswerTemplateForm(ModelForm[AnswerTemplate]):
    class Meta:
        model = AnswerTemplate
        fields = ("title", "topic", "region", "body", "is_active")


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    form = AnswerTemplateForm
    list_display = ("title", "topic", "region", "is_active", "use_count", "updated_at")
    list_filter = ("is_active", "topic")
    search_fields = ("title", "body")
    list_select_related = ("topic", "region")
    raw_id_fields = ("region",)
    readonly_fields = ("attachment", "use_count", "created_by", "updated_by", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added on the workbench, where the file is checked


@admin.register(ExternalUpdate)
class ExternalUpdateAdmin(admin.ModelAdmin):
    list_display = ("order", "kind", "status", "created_at", "next_attempt_at", "acknowledged_at", "reference")
    list_filter = ("status", "kind", "system")
    search_fields = ("order__tracking_number", "reference")
    list_select_related = ("order",)
    readonly_fields = (
        "order",
        "system",
        "kind",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "acknowledged_at",
        "reference",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
