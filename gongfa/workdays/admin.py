from __future__ import annotations

from django.contrib import admin

from gongfa.workdays.models import CalendarYear, Holiday
from gongfa.workdays.services import package_covers

WEEKDAYS = "一二三四五六日"


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "note", "updated_at")
    list_filter = ("kind", "name")
    search_fields = ("name", "note")
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: Holiday) -> str:
        return f"周{WEEKDAYS[obj.date.weekday()]}"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "complete", "has_package_data", "source", "updated_at")
    list_filter = ("complete",)
    search_fields = ("year", "source")
    date_hierarchy = "updated_at"

    @admin.display(description="内置数据已含该年", boolean=True)
    def has_package_data(self, obj: CalendarYear) -> bool:
        return package_covers(obj.year)
