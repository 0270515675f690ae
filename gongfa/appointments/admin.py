"""Admin for the notarial matter list and what each office handles."""

from django.contrib import admin

from gongfa.appointments.models import MatterMaterial, NotarialMatter, OfficeMatter


class MaterialInline(admin.TabularInline):
    model = MatterMaterial
    extra = 0


@admin.register(NotarialMatter)
class NotarialMatterAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "category", "time_limit", "in_person", "video_allowed", "agency_point_allowed")
    list_filter = ("category", "time_limit", "is_example", "is_active")
    search_fields = ("code", "name")
    inlines = [MaterialInline]


@admin.register(OfficeMatter)
class OfficeMatterAdmin(admin.ModelAdmin):
    list_display = ("office", "matter", "time_limit", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("office", "matter")
    autocomplete_fields = ("matter",)
