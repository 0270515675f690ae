from __future__ import annotations

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from gongfa.workdays.models import CalendarYear, Holiday
from gongfa.workdays.services import package_covers


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "note", "updated_at")
    list_filter = ("kind", "name")
    search_fields = ("name", "note")
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description=_("星期"), ordering="date")
    def weekday(self, obj: Holiday) -> str:
        return date_format(obj.date, "l")  # the weekday's name in the page's language


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "complete", "has_package_data", "source", "updated_at")
    list_filter = ("complete",)
    search_fields = ("year", "source")
    date_hierarchy = "updated_at"

    @admin.display(description=_("内置数据已含该年"), boolean=True)
    def has_package_data(self, obj: CalendarYear) -> bool:
        return package_covers(obj.year)
