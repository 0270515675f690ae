from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.forms import ModelForm
from gongfa.network.models import (
    AdvisorAssignment,
    Agency,
    DutyShift,
    Region,
    RegionSetting,
    ServicePoint,
    StaffPosting,
)
from gongfa.network.services import assign_village_advisor, check_village_advisor, end_village_advisor


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
    list_display = ("name", "kind", "industry", "region", "is_listed", "is_active")
    list_filter = ("kind", "is_listed", "is_active")
    search_fields = ("name", "region__name", "licence_number")
    raw_id_fields = ("region", "point")
    list_select_related = ("region",)


@admin.register(StaffPosting)
class StaffPostingAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "point", "agency", "listed_publicly", "is_active", "started_on", "ended_on")
    list_filter = ("role", "listed_publicly", "is_active")
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


class AdvisorAssignmentForm(ModelForm[AdvisorAssignment]):
    class Meta:
        model = AdvisorAssignment
        fields = ("advisor", "village", "started_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        advisor, village = data.get("advisor"), data.get("village")
        if advisor is not None and village is not None:
            try:
                check_village_advisor(advisor, village)
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from None
        return data


@admin.register(AdvisorAssignment)
class AdvisorAssignmentAdmin(admin.ModelAdmin):
    """Appointments go through network.services (the 5-village rule, an event); ending one is an action."""

    form = AdvisorAssignmentForm
    list_display = ("advisor", "village", "is_active", "started_on", "ended_on")
    list_filter = ("is_active",)
    search_fields = ("advisor__real_name", "village__name", "village__code")
    list_select_related = ("advisor", "village")
    raw_id_fields = ("advisor", "village")
    actions = ("end_assignments",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AdvisorAssignment, form: Any, change: bool) -> None:
        actor = request.user if isinstance(request.user, User) else None
        saved = assign_village_advisor(advisor=obj.advisor, village=obj.village, actor=actor, started_on=obj.started_on)
        obj.pk = saved.pk

    @admin.action(description="结束所选聘任")
    def end_assignments(self, request: HttpRequest, queryset: QuerySet[AdvisorAssignment]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        ended = 0
        for assignment in queryset.filter(is_active=True):
            end_village_advisor(assignment, actor=actor, reason="管理后台结束聘任")
            ended += 1
        self.message_user(request, f"已结束 {ended} 项聘任。", messages.SUCCESS)


@admin.register(RegionSetting)
class RegionSettingAdmin(admin.ModelAdmin):
    list_display = ("region", "key", "value", "effective_from", "note")
    list_filter = ("key",)
    search_fields = ("region__name", "region__code", "key")
    raw_id_fields = ("region",)
