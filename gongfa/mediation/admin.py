"""Administrators maintain the data of people's mediation that no case step writes: dispute
categories, committee profiles and members, mediators' records, training and insurance.

Statuses change only through mediation.services (a transition and its event): a case and every
record of a case (parties, consent, mediators, sessions, escalation reports, consultations,
agreements and signatures, judicial confirmation, return visits, the file) are read-only here, as
are grade awards and a mediator's grade. Personal data (the parties' ID numbers, phones and
addresses) is never shown: lists and pages show the masked forms only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gongfa.core.masking import mask_name
from gongfa.mediation.models import (
    Agreement,
    AgreementSignature,
    CaseDocument,
    CaseMediator,
    CaseParty,
    CaseSequence,
    Committee,
    CommitteeMember,
    Consent,
    DisputeCategory,
    EscalationReport,
    ExpertConsultation,
    GradeAward,
    JudicialConfirmation,
    MediationCase,
    MediationSession,
    Mediator,
    MediatorInsurance,
    MediatorTraining,
    ReturnVisit,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Viewable, never added, changed or deleted here (the services own these rows)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- organisation ---------------------------------------------------------------------------------


@admin.register(DisputeCategory)
class DisputeCategoryAdmin(admin.ModelAdmin[DisputeCategory]):
    list_display = ("name", "code", "sort_order", "is_labour", "is_active")
    list_filter = ("is_labour", "is_active")
    search_fields = ("name", "code")
    ordering = ("sort_order", "code")


class CommitteeMemberInline(admin.TabularInline[CommitteeMember, Committee]):
    model = CommitteeMember
    extra = 0
    fields = ("name", "gender", "ethnicity", "role", "term_starts_on", "term_ends_on", "is_active")


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin[Committee]):
    list_display = ("__str__", "committee_type", "industry_field", "region_name", "term_starts_on", "term_ends_on")
    list_filter = ("committee_type", "industry_field", "agency__is_active")
    search_fields = ("agency__name", "host_name", "agency__region__name", "agency__region__code")
    list_select_related = ("agency__region",)
    autocomplete_fields = ("agency",)
    inlines = (CommitteeMemberInline,)

    @admin.display(description=_("所在区划"), ordering="agency__region__code")
    def region_name(self, obj: Committee) -> str:
        return str(obj.agency.region.name)


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin[CommitteeMember]):
    list_display = ("name", "committee", "role", "gender", "ethnicity", "term_starts_on", "term_ends_on", "is_active")
    list_filter = ("role", "gender", "is_active")
    search_fields = ("name", "committee__agency__name")
    list_select_related = ("committee__agency",)
    raw_id_fields = ("committee", "user")


class MediatorTrainingInline(admin.TabularInline[MediatorTraining, Mediator]):
    model = MediatorTraining
    extra = 0


class MediatorInsuranceInline(admin.TabularInline[MediatorInsurance, Mediator]):
    model = MediatorInsurance
    extra = 0


@admin.register(Mediator)
class MediatorAdmin(admin.ModelAdmin[Mediator]):
    list_display = ("__str__", "committee", "employment", "grade", "grade_since", "started_on", "is_active")
    list_filter = ("employment", "grade", "is_active")
    search_fields = ("user__real_name", "user__username", "committee__agency__name")
    list_select_related = ("user", "committee__agency")
    raw_id_fields = ("user", "committee")
    # A grade is granted or withdrawn only through mediation.services.grading.
    readonly_fields = ("grade", "grade_since")
    inlines = (MediatorTrainingInline, MediatorInsuranceInline)


@admin.register(MediatorTraining)
class MediatorTrainingAdmin(admin.ModelAdmin[MediatorTraining]):
    list_display = ("title", "mediator", "organiser", "held_on", "hours")
    search_fields = ("title", "organiser", "mediator__user__real_name")
    list_select_related = ("mediator__user",)
    raw_id_fields = ("mediator",)
    date_hierarchy = "held_on"


@admin.register(MediatorInsurance)
class MediatorInsuranceAdmin(admin.ModelAdmin[MediatorInsurance]):
    list_display = ("policy_number", "mediator", "kind", "insurer", "starts_on", "ends_on")
    list_filter = ("kind",)
    search_fields = ("policy_number", "insurer", "mediator__user__real_name")
    list_select_related = ("mediator__user",)
    raw_id_fields = ("mediator",)


@admin.register(GradeAward)
class GradeAwardAdmin(ReadOnlyAdmin):
    list_display = (
        "mediator",
        "grade",
        "status",
        "granting_region",
        "proposed_at",
        "publicity_starts_on",
        "publicity_ends_on",
        "decided_at",
    )
    list_filter = ("status", "grade")
    search_fields = ("mediator__user__real_name",)
    list_select_related = ("mediator__user", "granting_region")


# --- cases (read-only) ----------------------------------------------------------------------------


class CasePartyInline(ReadOnlyInline):
    model = CaseParty
    fields = ("side", "kind", "masked_party_name", "masked_id_number", "masked_phone", "masked_representative")
    readonly_fields = fields

    @admin.display(description=_("姓名或名称"))
    def masked_party_name(self, obj: CaseParty) -> str:
        return mask_name(obj.name)

    @admin.display(description=_("代理人或法定代表人"))
    def masked_representative(self, obj: CaseParty) -> str:
        return mask_name(obj.representative_name) if obj.representative_name else ""


class CaseMediatorInline(ReadOnlyInline):
    model = CaseMediator
    fields = ("mediator", "role", "chosen_by_parties", "assigned_at", "recused_at", "recusal_basis")
    readonly_fields = fields


@admin.register(MediationCase)
class MediationCaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "summary", "status", "outcome", "committee", "category", "source", "registered_at")
    list_filter = ("status", "outcome", "source", "intake_channel", "category")
    search_fields = ("number", "sender_reference")
    list_select_related = ("committee__agency", "category")
    date_hierarchy = "registered_at"
    # Statuses change only through mediation.services (and the whole case is read-only here).
    readonly_fields = ("status", "outcome")
    inlines = (CasePartyInline, CaseMediatorInline)


@admin.register(CaseParty)
class CasePartyAdmin(ReadOnlyAdmin):
    list_display = ("case", "side", "kind", "masked_party_name", "masked_id_number", "masked_phone")
    list_filter = ("side", "kind")
    search_fields = ("case__number",)
    list_select_related = ("case",)
    # Never the name, ID number, phone or address in clear, nor the blind index or the accounts
    # (whose names are the people's).
    exclude = (
        "name",
        "id_number",
        "id_number_hash",
        "phone",
        "address",
        "user",
        "representative_name",
        "representative_user",
    )
    readonly_fields = ("masked_party_name", "masked_id_number", "masked_phone", "masked_representative")

    @admin.display(description=_("姓名或名称"))
    def masked_party_name(self, obj: CaseParty) -> str:
        return mask_name(obj.name)

    @admin.display(description=_("代理人或法定代表人"))
    def masked_representative(self, obj: CaseParty) -> str:
        return mask_name(obj.representative_name) if obj.representative_name else ""


@admin.register(CaseSequence)
class CaseSequenceAdmin(ReadOnlyAdmin):
    list_display = ("year", "committee", "kind", "last_value")
    list_filter = ("year", "kind")
    list_select_related = ("committee__agency",)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("case", "party", "decision", "method", "invited_at", "answered_at")
    list_filter = ("decision", "method")
    search_fields = ("case__number",)
    list_select_related = ("case", "party")
    exclude = ("answered_by_name",)  # a person's name
    readonly_fields = ("decision",)


@admin.register(CaseMediator)
class CaseMediatorAdmin(ReadOnlyAdmin):
    list_display = ("case", "mediator", "role", "chosen_by_parties", "assigned_at", "recused_at")
    list_filter = ("role", "chosen_by_parties", "recusal_basis")
    search_fields = ("case__number", "mediator__user__real_name")
    list_select_related = ("case", "mediator__user")


@admin.register(MediationSession)
class MediationSessionAdmin(ReadOnlyAdmin):
    list_display = ("case", "held_at", "mode", "place", "is_public", "recorded_by")
    list_filter = ("mode", "is_public")
    search_fields = ("case__number",)
    list_select_related = ("case", "recorded_by")


@admin.register(EscalationReport)
class EscalationReportAdmin(ReadOnlyAdmin):
    list_display = ("case", "risk", "people", "reported_at", "police_notified_at", "resolved_at")
    list_filter = ("risk",)
    search_fields = ("case__number",)
    list_select_related = ("case",)


@admin.register(ExpertConsultation)
class ExpertConsultationAdmin(ReadOnlyAdmin):
    list_display = ("case", "status", "requested_at", "answered_at", "experts")
    list_filter = ("status",)
    search_fields = ("case__number",)
    list_select_related = ("case",)
    readonly_fields = ("status",)


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("number", "case", "form", "status", "amount", "effective_on")
    list_filter = ("form", "status")
    search_fields = ("number", "case__number")
    list_select_related = ("case",)
    # The agreement names the parties (第29条): its text and its PDF are personal data, not shown here.
    exclude = ("parties_text", "pdf")
    readonly_fields = ("status",)


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(ReadOnlyAdmin):
    list_display = ("agreement", "party", "method", "signed_at")
    list_filter = ("method",)
    search_fields = ("agreement__number", "agreement__case__number")
    list_select_related = ("agreement", "party")


@admin.register(JudicialConfirmation)
class JudicialConfirmationAdmin(ReadOnlyAdmin):
    list_display = ("case", "court", "filed_on", "court_reference", "decision", "decided_on")
    list_filter = ("decision",)
    search_fields = ("case__number", "court", "court_reference")
    list_select_related = ("case",)
    readonly_fields = ("decision",)


@admin.register(ReturnVisit)
class ReturnVisitAdmin(ReadOnlyAdmin):
    list_display = ("case", "status", "due_on", "done_at", "performance", "satisfaction")
    list_filter = ("status", "performance", "satisfaction")
    search_fields = ("case__number",)
    list_select_related = ("case",)
    readonly_fields = ("status",)


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "title", "generated", "added_at")
    list_filter = ("kind", "generated")
    search_fields = ("case__number", "title")
    list_select_related = ("case",)
    # Identity documents and evidence: opened only on the case's own pages, where opening is audited.
    exclude = ("file",)
