"""Administrators maintain the data the rules read (regional matters, hardship standards, the
provider roster). Cases are read-only here: every change goes through legalaid.services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongfa.legalaid.models import (
    HardshipStandard,
    LegalAidApplication,
    LegalAidNotice,
    ProviderProfile,
    RegionalMatter,
)


@admin.register(RegionalMatter)
class RegionalMatterAdmin(admin.ModelAdmin[RegionalMatter]):
    list_display = ("name", "region", "condition", "article", "is_active")
    list_filter = ("condition", "is_active")
    search_fields = ("name", "code", "article")
    autocomplete_fields = ("region",)


@admin.register(HardshipStandard)
class HardshipStandardAdmin(admin.ModelAdmin[HardshipStandard]):
    list_display = (
        "region",
        "basis",
        "base_amount",
        "multiplier",
        "fixed_amount",
        "income_unit",
        "effective_from",
        "verified",
    )
    list_filter = ("basis", "verified")
    search_fields = ("region__name", "region__code", "source")
    autocomplete_fields = ("region",)


@admin.register(ProviderProfile)
class ProviderProfileAdmin(admin.ModelAdmin[ProviderProfile]):
    list_display = ("user", "agency", "criminal_defence_years", "minors_specialist", "accepts_legal_aid", "published")
    list_filter = ("accepts_legal_aid", "published", "minors_specialist")
    search_fields = ("user__real_name", "user__username", "agency__name")
    autocomplete_fields = ("user", "agency")


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LegalAidApplication)
class LegalAidApplicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "masked_name", "matter_name", "status", "agency", "review_due", "green_channel")
    list_filter = ("status", "route", "green_channel", "proposal_outcome")
    search_fields = ("number",)
    list_select_related = ("agency",)


@admin.register(LegalAidNotice)
class LegalAidNoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "application", "issued_at")
    list_filter = ("kind",)
    search_fields = ("number",)
    list_select_related = ("application",)


# Quality control and duty-lawyer help (issue #5): read-only, written through legalaid.services.
from gongfa.legalaid.models import DutyHelpLog, PeerReviewSample, QualityReview, ReturnVisit  # noqa: E402


@admin.register(QualityReview)
class QualityReviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "kind", "reviewer", "total", "grade", "checklist_version", "created_at")
    list_filter = ("kind", "grade", "checklist_version")
    search_fields = ("application__number",)
    list_select_related = ("application", "reviewer")


@admin.register(PeerReviewSample)
class PeerReviewSampleAdmin(ReadOnlyAdmin):
    list_display = ("application", "agency", "period_start", "period_end", "percent", "reviewer", "sampled_at")
    list_filter = ("agency",)
    search_fields = ("application__number",)
    list_select_related = ("application", "agency", "reviewer")


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnlyAdmin):
    list_display = ("application", "visitor", "visited_at", "method", "satisfied")
    list_filter = ("method", "satisfied")
    search_fields = ("application__number",)
    list_select_related = ("application", "visitor")


@admin.register(DutyHelpLog)
class DutyHelpLogAdmin(ReadOnlyAdmin):
    list_display = ("station", "masked_name", "duty_lawyer", "status", "requested_at", "helped_at", "forward_overdue")
    list_filter = ("status", "plea_presence", "forward_overdue")
    search_fields = ("station",)
    list_select_related = ("duty_lawyer", "agency")
    exclude = ("id_number",)
