"""Admin for the appointments app.

Administrators maintain the reference data no case step writes: the notarial matter list and what
each office handles, booking resources, weekly slot templates and closures (offices also edit
their schedule on the workbench), the appraisal categories and each institution's registered
categories. Bookings, notarization cases and appraisal referrals are read-only here: their statuses
change only through appointments.services (a transition and its event). Personal data (phones, ID
numbers, addresses) is never shown: lists and pages show the masked forms only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongfa.appointments.models import (
    AppraisalCategory,
    AppraisalReferral,
    BookableResource,
    Booking,
    Closure,
    InstitutionCategory,
    MatterMaterial,
    NotarialMatter,
    NotarizationCase,
    OfficeMatter,
    SlotTemplate,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Viewable, never added, changed or deleted here (the services own these rows)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MaterialInline(admin.TabularInline[MatterMaterial, NotarialMatter]):
    model = MatterMaterial
    extra = 0


@admin.register(NotarialMatter)
class NotarialMatterAdmin(admin.ModelAdmin[NotarialMatter]):
    list_display = ("name", "parent", "category", "time_limit", "in_person", "video_allowed", "agency_point_allowed")
    list_filter = ("category", "time_limit", "is_example", "is_active")
    search_fields = ("code", "name")
    inlines = [MaterialInline]


@admin.register(OfficeMatter)
class OfficeMatterAdmin(admin.ModelAdmin[OfficeMatter]):
    list_display = ("office", "matter", "time_limit", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("office", "matter")
    autocomplete_fields = ("matter",)
    raw_id_fields = ("office",)


class SlotTemplateInline(admin.TabularInline[SlotTemplate, BookableResource]):
    model = SlotTemplate
    extra = 0


@admin.register(BookableResource)
class BookableResourceAdmin(admin.ModelAdmin[BookableResource]):
    list_display = ("name", "office", "kind", "notary", "point", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "office__name")
    list_select_related = ("office", "notary", "point")
    raw_id_fields = ("office", "notary", "point")
    inlines = [SlotTemplateInline]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin[Closure]):
    list_display = ("office", "resource", "starts_on", "ends_on", "reason")
    list_filter = ("starts_on",)
    search_fields = ("office__name", "reason")
    list_select_related = ("office", "resource")
    raw_id_fields = ("office", "resource")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("number", "date", "starts_at", "status", "mode", "office", "resource", "matter", "masked_name")
    list_filter = ("status", "mode", "channel", "date")
    search_fields = ("number",)
    list_select_related = ("office", "resource", "matter")
    exclude = ("name", "phone", "phone_hash", "address", "user", "client_key")
    readonly_fields = ("masked_name", "masked_phone")


@admin.register(NotarizationCase)
class NotarizationCaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "office", "matter", "notary", "due_on", "certificate_number", "masked_name")
    list_filter = ("status", "refusal_ground", "termination_ground", "review_outcome")
    search_fields = ("number", "certificate_number")
    list_select_related = ("office", "matter", "notary")
    exclude = ("applicant_name", "applicant_id_number", "applicant_id_number_hash", "applicant_phone", "user")
    readonly_fields = ("masked_name", "masked_id_number", "masked_phone")


class CategoryChildInline(admin.TabularInline[AppraisalCategory, AppraisalCategory]):
    model = AppraisalCategory
    fk_name = "parent"
    extra = 0


@admin.register(AppraisalCategory)
class AppraisalCategoryAdmin(admin.ModelAdmin[AppraisalCategory]):
    list_display = ("name", "code", "parent", "sort_order")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    inlines = [CategoryChildInline]


@admin.register(InstitutionCategory)
class InstitutionCategoryAdmin(admin.ModelAdmin[InstitutionCategory]):
    list_display = ("institution", "category")
    search_fields = ("institution__name", "category__name")
    list_select_related = ("institution", "category")
    raw_id_fields = ("institution",)


@admin.register(AppraisalReferral)
class AppraisalReferralAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "category", "institution", "selection_method", "fee_waiver", "masked_name")
    list_filter = ("status", "selection_method", "fee_waiver", "in_litigation")
    search_fields = ("number", "opinion_number")
    list_select_related = ("category", "institution")
    exclude = ("applicant_name", "applicant_id_number", "applicant_id_number_hash", "applicant_phone", "user")
    readonly_fields = ("masked_name", "masked_id_number", "masked_phone")
