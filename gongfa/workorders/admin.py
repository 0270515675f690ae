"""Administration of the triage tables (topics, dispatch rules) and read-only views of orders and
their follow-up records. Orders change only through workorders.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.admin import ReadOnly
from gongfa.core.forms import ModelForm
from gongfa.network.choices import AgencyKind
from gongfa.workorders.choices import special_groups_of
from gongfa.workorders.models import (
    DispatchRule,
    Rectification,
    ReturnVisit,
    SupervisionNotice,
    Topic,
    TopicLabel,
    WorkOrder,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    search_fields = ("name", "code", "keywords")


class DispatchRuleForm(ModelForm[DispatchRule]):
    target_agency_kind = forms.ChoiceField(
        label=_("派往机构类型"), choices=[("", "—"), *AgencyKind.choices], required=False
    )

    class Meta:
        model = DispatchRule
        fields = (
            "name",
            "priority",
            "is_active",
            "topic",
            "service_type",
            "special_groups",
            "region_level",
            "target_point_tier",
            "target_agency_kind",
            "note",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("target_point_tier")) == bool(data.get("target_agency_kind")):
            raise forms.ValidationError(gettext("请在“派往服务点层级”和“派往机构类型”中选择且只选择一项。"))
        return data


@admin.register(DispatchRule)
class DispatchRuleAdmin(admin.ModelAdmin):
    form = DispatchRuleForm
    list_display = ("priority", "name", "topic", "service_type", "groups", "region_level", "target", "is_active")
    list_display_links = ("name",)
    list_editable = ("priority", "is_active")
    list_filter = ("is_active", "target_point_tier", "target_agency_kind")
    list_select_related = ("topic", "service_type")

    @admin.display(description=_("特殊群体"))
    def groups(self, rule: DispatchRule) -> str:
        return "、".join(str(g.label) for g in special_groups_of(rule.special_groups)) or "—"

    @admin.display(description=_("派往"))
    def target(self, rule: DispatchRule) -> str:
        if rule.target_point_tier:
            return rule.get_target_point_tier_display()
        return str(AgencyKind(rule.target_agency_kind).label) if rule.target_agency_kind in AgencyKind.values else "—"


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: work orders change only through workorders.services (transition table + events)."""

    list_display = ("tracking_number", "status", "channel", "topic", "region", "owner_point", "created_at", "rating")
    list_filter = ("status", "channel", "topic")
    search_fields = ("tracking_number", "external_ref")
    date_hierarchy = "created_at"
    list_select_related = ("region", "owner_point", "topic")
    exclude = ("requester", "contact_phone", "contact_name", "search_text")


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("order", "level", "region", "supervisor", "status", "raised_at", "acknowledged_at")
    list_filter = ("status", "level")
    list_select_related = ("order", "region", "supervisor")


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("order", "kind", "assignee", "status", "due_at", "done_at")
    list_filter = ("kind", "status")
    list_select_related = ("order", "assignee")


@admin.register(Rectification)
class RectificationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("order", "responsible_user", "responsible_point", "status", "due_on", "completed_at")
    list_filter = ("status",)
    list_select_related = ("order", "responsible_user", "responsible_point")


@admin.register(TopicLabel)
class TopicLabelAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("order", "previous_topic", "topic", "labelled_by", "labelled_at")
    list_select_related = ("order", "previous_topic", "topic", "labelled_by")


# The hotline's queues, calls and quality checklist; the answer phrase library and 12345 updates.
from gongfa.workorders import admin_answers, admin_hotline  # noqa: E402,F401
