"""Administrators read the event log and the personal-data access log here; nobody edits them."""

from __future__ import annotations

from django.contrib import admin

from gongfa.audit.models import Event, PersonalDataAccess
from gongfa.core.admin import ReadOnlyLogAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyLogAdmin):
    list_display = ("occurred_at", "verb", "subject_type", "subject_id", "from_status", "to_status", "actor", "channel")
    list_filter = ("verb", "channel", "subject_type")
    search_fields = ("subject_id", "verb", "reason", "actor__username", "actor__real_name")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor", "subject_type")
    readonly_fields = [f.name for f in Event._meta.fields]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyLogAdmin):
    list_display = ("accessed_at", "actor", "person", "field", "purpose", "context", "ip_address")
    list_filter = ("field",)
    search_fields = ("actor__username", "actor__real_name", "person__username", "context")
    date_hierarchy = "accessed_at"
    list_select_related = ("actor", "person")
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]
