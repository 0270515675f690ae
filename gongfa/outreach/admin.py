"""Admin for the outreach app.

Administrators maintain the reference data: the kinds of adviser work (which fields each needs),
the public-good points schemes (checked for overlapping bands before saving), schools and culture
sites (also kept on the workbench). Logs, events, prompts, public-good records, volunteers and
typical cases are read-only here: they change only through outreach.services (a transition or an
event each). Phones are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongfa.outreach.forms_admin import PointsSchemeForm
from gongfa.outreach.models import (
    AdvisorLog,
    CultureSite,
    Expert,
    PointsScheme,
    PublicGoodRecord,
    PublicityEvent,
    PublicityPlan,
    PublicityPrompt,
    School,
    TrainingCourse,
    TypicalCase,
    Volunteer,
    WorkLogKind,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Viewable, never added, changed or deleted here (the services own these rows)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkLogKind)
class WorkLogKindAdmin(admin.ModelAdmin[WorkLogKind]):
    list_display = ("name", "code", "creates_work_order", "counts_as_visit", "counts_as_talk", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(PointsScheme)
class PointsSchemeAdmin(admin.ModelAdmin[PointsScheme]):
    # Bands that overlap or leave a gap, unknown sources and negative rates are refused, all at once.
    form = PointsSchemeForm
    list_display = ("name", "code", "valid_from_year", "minimum_hours", "minimum_legal_aid_cases", "is_active")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ("name", "level", "region", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("region",)


@admin.register(CultureSite)
class CultureSiteAdmin(admin.ModelAdmin[CultureSite]):
    list_display = ("name", "kind", "region", "is_listed", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("region",)


@admin.register(AdvisorLog)
class AdvisorLogAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "advisor", "village", "kind")
    list_filter = ("kind",)
    date_hierarchy = "occurred_on"
    list_select_related = ("advisor", "village", "kind")


@admin.register(PublicityPlan)
class PublicityPlanAdmin(ReadOnlyAdmin):
    list_display = ("year", "title", "region", "target_events", "target_audience")


@admin.register(PublicityEvent)
class PublicityEventAdmin(ReadOnlyAdmin):
    list_display = ("number", "held_on", "theme", "event_type", "region", "status", "audience_size")
    list_filter = ("status", "event_type")
    list_select_related = ("region",)


@admin.register(PublicityPrompt)
class PublicityPromptAdmin(ReadOnlyAdmin):
    list_display = ("number", "department", "issued_on", "feedback_due", "status")


@admin.register(PublicGoodRecord)
class PublicGoodRecordAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "person", "source", "hours", "cases", "status")
    list_filter = ("source", "status")
    list_select_related = ("person",)


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "organisation", "region", "status")
    list_filter = ("kind", "status")
    exclude = ("phone",)


@admin.register(Expert)
class ExpertAdmin(ReadOnlyAdmin):
    list_display = ("name", "title", "organisation", "region", "is_active")


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ReadOnlyAdmin):
    list_display = ("title", "held_on", "hours", "region")


@admin.register(TypicalCase)
class TypicalCaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "source", "status", "published_at")
    list_filter = ("status", "source")
