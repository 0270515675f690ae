"""The service network in the admin. Regions, points, agencies, staff postings and advisers'
appointments each have an 导入 button on their list: the administrator downloads the xlsx template,
fills it in and uploads it; every bad row is listed at once and nothing is imported until the
whole file is right (gongfa.network.imports)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.admin import is_administrator
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.core.forms import ModelForm
from gongfa.core.xlsx import XLSX_CONTENT_TYPE, XlsxUploadForm
from gongfa.network.imports import (
    AdviserSheet,
    AgencySheet,
    NetworkImportError,
    PointSheet,
    RegionSheet,
    SheetKind,
    StaffSheet,
    import_sheet,
)
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


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class ImportsXlsx:
    """An 导入 button on the list: the template download and the upload page (administrators
    with the add permission only)."""

    sheet: ClassVar[type[SheetKind]]
    change_list_template: Any = "admin/network/change_list_import.html"
    model: Any
    admin_site: admin.AdminSite

    def get_urls(self) -> list[URLPattern]:
        urls: list[URLPattern] = super().get_urls()  # type: ignore[misc]
        info = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        site = self.admin_site
        return [
            path("import/", site.admin_view(self.import_view), name=f"{info}_import"),
            path("import/template/", site.admin_view(self.template_view), name=f"{info}_import_template"),
            *urls,
        ]

    def _may_import(self, request: HttpRequest) -> bool:
        return is_administrator(request) and bool(self.has_add_permission(request))  # type: ignore[attr-defined]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        context = {"may_import": self._may_import(request), "import_title": self.sheet.title, **(extra_context or {})}
        return super().changelist_view(request, context)  # type: ignore[misc]

    def template_view(self, request: HttpRequest) -> HttpResponse:
        if not self._may_import(request):
            raise PermissionDenied
        response = HttpResponse(self.sheet.template(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.sheet.slug}-template.xlsx"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a filled template; on any bad row nothing is written and every error is listed."""
        if not self._may_import(request):
            raise PermissionDenied
        opts = self.model._meta
        errors: list[str] = []
        help_text = gettext("第一行为表头：{join}。有一行出错则全部不导入。").format(
            join="、".join(self.sheet.column_names())
        )
        form = (
            XlsxUploadForm(request.POST, request.FILES, help_text=help_text)
            if request.method == "POST"
            else XlsxUploadForm(help_text=help_text)
        )
        if form.is_bound and form.is_valid():
            try:
                report = import_sheet(
                    self.sheet, form.cleaned_data["file"], actor=_actor(request), channel=Channel.WORKBENCH
                )
            except NetworkImportError as exc:
                errors = [exc.message, *exc.errors]
            else:
                self.message_user(request, report.summary(), messages.SUCCESS)  # type: ignore[attr-defined]
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("导入{title}").format(title=self.sheet.title),
            "opts": opts,
            "form": form,
            "errors": errors,
            "columns": self.sheet.columns,
            "template_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_import_template"),
        }
        return TemplateResponse(request, "admin/network/import.html", context)


@admin.register(Region)
class RegionAdmin(ImportsXlsx, admin.ModelAdmin):
    sheet = RegionSheet
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(ServicePoint)
class ServicePointAdmin(ImportsXlsx, admin.ModelAdmin):
    sheet = PointSheet
    list_display = ("name", "tier", "region", "phone", "is_active")
    list_filter = ("tier", "is_active")
    search_fields = ("name", "region__name", "region__code", "address")
    raw_id_fields = ("region",)
    list_select_related = ("region",)


@admin.register(Agency)
class AgencyAdmin(ImportsXlsx, admin.ModelAdmin):
    sheet = AgencySheet
    list_display = ("name", "kind", "industry", "region", "is_listed", "is_active")
    list_filter = ("kind", "is_listed", "is_active")
    search_fields = ("name", "region__name", "licence_number")
    raw_id_fields = ("region", "point")
    list_select_related = ("region",)


@admin.register(StaffPosting)
class StaffPostingAdmin(ImportsXlsx, admin.ModelAdmin):
    sheet = StaffSheet
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
class AdvisorAssignmentAdmin(ImportsXlsx, admin.ModelAdmin):
    """Appointments go through network.services (the 5-village rule, an event); ending one is an action."""

    sheet = AdviserSheet

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

    @admin.action(description=_("结束所选聘任"))
    def end_assignments(self, request: HttpRequest, queryset: QuerySet[AdvisorAssignment]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        ended = 0
        for assignment in queryset.filter(is_active=True):
            end_village_advisor(assignment, actor=actor, reason="管理后台结束聘任")
            ended += 1
        self.message_user(request, gettext("已结束 {ended} 项聘任。").format(ended=ended), messages.SUCCESS)


@admin.register(RegionSetting)
class RegionSettingAdmin(admin.ModelAdmin):
    list_display = ("region", "key", "value", "effective_from", "note")
    list_filter = ("key",)
    search_fields = ("region__name", "region__code", "key")
    raw_id_fields = ("region",)
