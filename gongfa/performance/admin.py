"""Performance management in the admin (绩效管理后台).

Administrators (role 系统管理员, or superusers) keep the data the performance pages read:
- indicators (考核指标): the definition as JSON text, checked against the measure registry, with the
  registered measures listed on the page;
- report templates (报表模板) with their rows; evaluation schemes (考评方案) with their items;
  scoring sheets (评分表) with their categories, and each category with its items; point profiles
  (平台建设情况). Each form refuses a bad entry with every problem at once and saves nothing
  (forms_admin.py), and each change is an audit event.

Read-only here, because they change only through the workbench's services (which check the
transition tables, the region subtree and write the events): monthly reports and bulletins,
evaluation runs and results, site inspections, targets and milestones.

The fact tables are internal to the rollup engine (rollup.py) and are not registered: DailyFact,
RollupFact and FactLedger hold millions of rows that only refresh_pending() and rebuild() may write
(an edit by hand would break the rule that the incremental path and a rebuild give identical rows),
and a changelist over them would count millions of rows. PendingRefresh, the queue of subjects whose
facts wait to be refreshed, is small and is shown as a read-only list so an administrator can see a
stalled worker's backlog (what it holds, since when); `manage.py` commands, not the admin, empty it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.admin import AdministratorsOnly, ReadOnly, ReadOnlyLogAdmin, is_administrator
from gongfa.core.forms import ModelForm
from gongfa.performance import registry
from gongfa.performance.choices import MeasureKind
from gongfa.performance.forms_admin import (
    EvaluationItemAdminForm,
    EvaluationItemFormSet,
    EvaluationSchemeAdminForm,
    IndicatorAdminForm,
    PointProfileAdminForm,
    ReportRowFormSet,
    ReportTemplateAdminForm,
    ScoringCategoryAdminForm,
    ScoringCategoryFormSet,
    ScoringItemAdminForm,
    ScoringItemFormSet,
    ScoringSheetAdminForm,
    points_of,
    total_problem,
)
from gongfa.performance.models import (
    Bulletin,
    EvaluationItem,
    EvaluationResult,
    EvaluationRun,
    EvaluationScheme,
    Indicator,
    ItemScore,
    Milestone,
    MonthlyReport,
    PendingRefresh,
    PointProfile,
    ReportCell,
    ReportRow,
    ReportTemplate,
    ScoringCategory,
    ScoringItem,
    ScoringSheet,
    SiteInspection,
    Target,
)
from gongfa.performance.services.evaluation import fmt


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class AdministratorsEdit(AdministratorsOnly):
    """Administrators see and edit these rows (inlines too)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


class ReadOnlyInline(AdministratorsOnly, ReadOnly, admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False


def _changed_rows(formset: Any) -> dict[str, list[str]]:
    return {
        "added": [str(obj) for obj in formset.new_objects],
        "changed": [str(obj) for obj, _fields in formset.changed_objects],
        "deleted": [str(obj) for obj in formset.deleted_objects],
    }


class CodeKeptAdmin(AdministratorsEdit, admin.ModelAdmin):
    """Pages, data files and other rows find these by code: it does not change once created."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fixed = ("code",) if obj is not None else ()
        return (*fixed, *super().get_readonly_fields(request, obj))


# --- indicators -----------------------------------------------------------------------------------


def measures_table() -> SafeString:
    """The registered measures and derived measures, as the help beside a definition."""
    kinds = dict(MeasureKind.choices)
    rows = format_html_join(
        "",
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((m.code, m.name, m.unit, kinds.get(m.kind, m.kind), m.app or "") for m in registry.measures()),
    )
    derived = format_html_join(
        "",
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((d.code, d.name, d.unit, gettext("按地区设置换算"), d.app or "") for d in registry.derived_measures()),
    )
    dimensions = "、".join(registry.FILTER_DIMENSIONS)
    return format_html(
        gettext(
            "<table><caption>已登记的计量（分子、分母的 measures 只能取这些代码）</caption>"
            '<thead><tr><th scope="col">代码</th><th scope="col">名称</th><th scope="col">单位</th>'
            '<th scope="col">类型</th><th scope="col">登记模块</th></tr></thead><tbody>{}{}</tbody></table>'
            "<p>筛选维度（filters）：{}。特殊群体（special_group）取群体代码（1、2、4、8……）或 {}。</p>"
        ),
        rows,
        derived,
        dimensions,
        registry.ANY_SPECIAL_GROUP,
    )


@admin.register(Indicator)
class IndicatorAdmin(CodeKeptAdmin):
    """Indicators are found by code (dashboards, schemes, templates, targets), so none is deleted:
    switch it off (启用) instead."""

    form = IndicatorAdminForm
    list_display = ("code", "name", "category", "unit", "direction", "is_public", "is_active", "sort_order")
    list_filter = ("category", "unit", "direction", "is_public", "is_active", "source_kind")
    search_fields = ("code", "name", "category", "description", "source_document")
    readonly_fields = ("registered_measures",)
    fieldsets = (
        (None, {"fields": ("code", "name", "category", "description", "sort_order", "is_active", "is_public")}),
        (
            _("口径"),
            {"fields": ("numerator", "denominator", "scale", "unit", "decimals", "direction", "benchmark")},
        ),
        (_("层级与依据"), {"fields": ("levels", "source_kind", "source_document")}),
        (_("可用计量"), {"fields": ("registered_measures",)}),
    )

    @admin.display(description=_("已登记的计量"))
    def registered_measures(self, obj: Indicator | None = None) -> SafeString:
        return measures_table()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Indicator, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            "performance.indicator_changed" if change else "performance.indicator_created",
            actor=_actor(request),
            data={"code": obj.code, "fields": list(form.changed_data)},
        )


# --- report templates, monthly reports and bulletins ----------------------------------------------


class ReportRowInline(AdministratorsEdit, admin.TabularInline):
    model = ReportRow
    form = ModelForm
    formset = ReportRowFormSet
    fields = (
        "order",
        "code",
        "label",
        "kind",
        "indicator",
        "value_type",
        "allow_negative",
        "required",
        "outlier_ratio",
        "help_text",
    )
    extra = 0
    ordering = ("order",)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(CodeKeptAdmin):
    form = ReportTemplateAdminForm
    inlines = (ReportRowInline,)
    list_display = ("code", "name", "version", "reporting_level", "row_count", "is_active")
    list_filter = ("is_active", "reporting_level")
    search_fields = ("code", "name", "source_document")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportTemplate]:
        return super().get_queryset(request).annotate(row_total=Count("rows"))

    @admin.display(description=_("栏目数"), ordering="row_total")
    def row_count(self, obj: Any) -> int:
        return int(getattr(obj, "row_total", 0))

    def save_model(self, request: HttpRequest, obj: ReportTemplate, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            "performance.report_template_changed" if change else "performance.report_template_created",
            actor=_actor(request),
            data={"code": obj.code, "fields": list(form.changed_data)},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        rows = _changed_rows(formset)
        if any(rows.values()):
            record_event(form.instance, "performance.report_rows_changed", actor=_actor(request), data={"rows": rows})


class ReportCellInline(ReadOnlyInline):
    model = ReportCell
    fields = ("row", "value", "text", "previous", "computed", "updated_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportCell]:
        return super().get_queryset(request).select_related("row")


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyLogAdmin):
    """Read-only: a report is generated, typed, submitted, returned and accepted on the workbench."""

    list_display = ("region", "month", "template", "status", "due_on", "submitted_at", "decided_at")
    list_filter = ("status", "template")
    search_fields = ("region__name", "region__code")
    list_select_related = ("region", "template")
    date_hierarchy = "month"
    inlines = (ReportCellInline,)


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyLogAdmin):
    """Read-only: issued on the workbench, kept as issued."""

    list_display = ("title", "region", "period_start", "period_end", "issued_by", "issued_at")
    search_fields = ("title", "region__name", "region__code")
    list_select_related = ("region", "issued_by")
    date_hierarchy = "issued_at"


# --- evaluation ----------------------------------------------------------------------------------


class EvaluationItemInline(AdministratorsEdit, admin.TabularInline):
    model = EvaluationItem
    form = EvaluationItemAdminForm
    formset = EvaluationItemFormSet
    fields = ("order", "code", "name", "component", "indicator", "weight", "bands", "note")
    extra = 0
    ordering = ("order",)


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(CodeKeptAdmin):
    """On save the items' weights must total 100 % and every band be well-formed
    (services.evaluation.check_items, the same check as the scheme files and every run)."""

    form = EvaluationSchemeAdminForm
    inlines = (EvaluationItemInline,)
    list_display = ("code", "name", "subject_kind", "item_count", "weight_total", "is_active")
    list_filter = ("subject_kind", "is_active")
    search_fields = ("code", "name", "source_document")

    def get_queryset(self, request: HttpRequest) -> QuerySet[EvaluationScheme]:
        return super().get_queryset(request).annotate(item_total=Count("items"), weights=Sum("items__weight"))

    @admin.display(description=_("项目数"), ordering="item_total")
    def item_count(self, obj: Any) -> int:
        return int(getattr(obj, "item_total", 0))

    @admin.display(description=_("权重合计(%)"))
    def weight_total(self, obj: Any) -> str:
        weights = getattr(obj, "weights", None)
        return fmt(weights) if weights is not None else "0"

    def save_model(self, request: HttpRequest, obj: EvaluationScheme, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            "performance.scheme_changed" if change else "performance.scheme_created",
            actor=_actor(request),
            data={"code": obj.code, "fields": list(form.changed_data)},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        items = _changed_rows(formset)
        if any(items.values()):
            record_event(
                form.instance, "performance.scheme_items_changed", actor=_actor(request), data={"items": items}
            )


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyLogAdmin):
    """Read-only: runs are started, scored, recomputed and finalised on the workbench."""

    list_display = ("title", "scheme", "region", "period_start", "period_end", "status", "created_by", "created_at")
    list_filter = ("status", "scheme")
    search_fields = ("title", "region__name", "region__code")
    list_select_related = ("scheme", "region", "created_by")


@admin.register(EvaluationResult)
class EvaluationResultAdmin(ReadOnlyLogAdmin):
    list_display = ("run", "rank", "subject_name", "subject_kind", "total", "grade", "computed_at")
    list_filter = ("subject_kind", "grade", "run__scheme")
    search_fields = ("subject_name", "run__title")
    list_select_related = ("run",)


# --- scoring sheets, profiles and inspections ------------------------------------------------------


class ScoringCategoryInline(AdministratorsEdit, admin.TabularInline):
    model = ScoringCategory
    form = ModelForm
    formset = ScoringCategoryFormSet
    fields = ("order", "name", "points")
    readonly_fields = ("points",)
    extra = 0
    ordering = ("order",)
    show_change_link = True
    verbose_name_plural = _("评分类别（评分项目在各类别的页面中编辑：点“修改”）")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScoringCategory]:
        return super().get_queryset(request).annotate(item_points=Sum("items__points"))

    @admin.display(description=_("分值合计"))
    def points(self, obj: ScoringCategory) -> str:
        value = getattr(obj, "item_points", None)
        return fmt(value) if value is not None else "0"


@admin.register(ScoringSheet)
class ScoringSheetAdmin(CodeKeptAdmin):
    """The items of an active sheet add up to its total; while a sheet is switched off it may be
    changed step by step (below its total, never above), and it can be switched on when whole."""

    form = ScoringSheetAdminForm
    inlines = (ScoringCategoryInline,)
    list_display = ("code", "name", "version", "total_points", "item_points", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "source_document")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScoringSheet]:
        return super().get_queryset(request).annotate(points_total=Sum("categories__items__points"))

    @admin.display(description=_("各项分值合计"))
    def item_points(self, obj: Any) -> str:
        value = getattr(obj, "points_total", None)
        return fmt(value) if value is not None else "0"

    def save_model(self, request: HttpRequest, obj: ScoringSheet, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            "performance.scoring_sheet_changed" if change else "performance.scoring_sheet_created",
            actor=_actor(request),
            data={"code": obj.code, "fields": list(form.changed_data)},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        categories = _changed_rows(formset)
        if any(categories.values()):
            record_event(
                form.instance,
                "performance.scoring_categories_changed",
                actor=_actor(request),
                data={"categories": categories},
            )


class ScoringItemInline(AdministratorsEdit, admin.TabularInline):
    model = ScoringItem
    form = ScoringItemAdminForm
    formset = ScoringItemFormSet
    fields = ("order", "code", "name", "points", "evidence", "computed_by", "parameters")
    extra = 0
    ordering = ("order",)


@admin.register(ScoringCategory)
class ScoringCategoryAdmin(AdministratorsEdit, admin.ModelAdmin):
    """A category with its items. Its items' points, with the other categories' as stored, must not
    pass the sheet's total, and must equal it while the sheet is in use (启用)."""

    form = ScoringCategoryAdminForm
    inlines = (ScoringItemInline,)
    list_display = ("sheet", "order", "name", "points")
    list_filter = ("sheet",)
    search_fields = ("name", "sheet__name", "sheet__code")
    list_select_related = ("sheet",)
    ordering = ("sheet", "order")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScoringCategory]:
        return super().get_queryset(request).annotate(item_points=Sum("items__points"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving a category to another sheet would change two sheets' totals at once.
        return ("sheet",) if obj is not None else ()

    @admin.display(description=_("分值合计"))
    def points(self, obj: Any) -> str:
        value = getattr(obj, "item_points", None)
        return fmt(value) if value is not None else "0"

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        category = form.instance
        items = _changed_rows(formset)
        if any(items.values()):
            record_event(
                category.sheet,
                "performance.scoring_items_changed",
                actor=_actor(request),
                data={"category": category.name, "items": items},
            )
        sheet = category.sheet
        added = points_of(sheet)
        if added != sheet.total_points and total_problem(sheet, added) is None:
            messages.warning(
                request,
                gettext("评分表“{name}”各项分值现合计 {fmt} 分，满分 {fmt2} 分；合计等于满分后才能启用。").format(
                    name=sheet.name, fmt=fmt(added), fmt2=fmt(sheet.total_points)
                ),
            )


@admin.register(PointProfile)
class PointProfileAdmin(AdministratorsEdit, admin.ModelAdmin):
    """What a point has (平台建设情况), checked as the workbench's profile form checks it."""

    form = PointProfileAdminForm
    list_display = ("point", "region", "floor_area_m2", "weekly_hours", "street_level", "updated_at")
    list_filter = ("street_level", "point__tier")
    search_fields = ("point__name", "point__region__name", "point__region__code")
    list_select_related = ("point__region",)
    autocomplete_fields = ("point", "stationed_agencies")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("point",) if obj is not None else ()

    @admin.display(description=_("区划"), ordering="point__region__code")
    def region(self, obj: PointProfile) -> str:
        return str(obj.point.region)

    def save_model(self, request: HttpRequest, obj: PointProfile, form: Any, change: bool) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        profile = form.instance
        record_event(
            profile,
            "performance.profile_updated",
            actor=_actor(request),
            region=profile.point.region,
            data={
                "point": profile.point_id,
                "floor_area_m2": str(profile.floor_area_m2) if profile.floor_area_m2 is not None else None,
                "street_level": profile.street_level,
                "weekly_hours": str(profile.weekly_hours) if profile.weekly_hours is not None else None,
                "posts": profile.posts,
                "stationed_agencies": sorted(profile.stationed_agencies.values_list("pk", flat=True)),
                "signage": profile.signage,
                "created": not change,
            },
        )


class ItemScoreInline(ReadOnlyInline):
    model = ItemScore
    fields = ("item", "score", "computed", "explanation", "note", "rectification")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ItemScore]:
        return super().get_queryset(request).select_related("item__category", "rectification")


@admin.register(SiteInspection)
class SiteInspectionAdmin(ReadOnlyLogAdmin):
    """Read-only: inspections are registered, scored and finalised on the workbench."""

    list_display = ("point", "sheet", "site_level", "mode", "venue", "inspected_on", "status", "total", "passed")
    list_filter = ("status", "site_level", "mode", "venue", "sheet")
    search_fields = ("point__name", "point__region__name", "inspectors")
    list_select_related = ("point", "sheet")
    date_hierarchy = "inspected_on"
    inlines = (ItemScoreInline,)


# --- targets -------------------------------------------------------------------------------------


@admin.register(Target)
class TargetAdmin(ReadOnlyLogAdmin):
    """Read-only: targets are set, split and scheduled on the workbench (the parts must add up)."""

    list_display = ("year", "indicator", "region", "value", "parent", "split_method", "set_by", "set_at")
    list_filter = ("year", "indicator", "split_method")
    search_fields = ("region__name", "region__code", "indicator__name", "indicator__code", "source_document")
    list_select_related = ("indicator", "region", "parent__indicator", "parent__region", "set_by")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyLogAdmin):
    list_display = ("target", "period", "index", "share")
    list_filter = ("period", "target__year")
    search_fields = ("target__region__name", "target__indicator__name")
    list_select_related = ("target__indicator", "target__region")


# --- the facts' queue ----------------------------------------------------------------------------


@admin.register(PendingRefresh)
class PendingRefreshAdmin(ReadOnlyLogAdmin):
    """The rollup's queue, a list only (see the module docstring)."""

    list_display = ("source", "subject_id", "queued_at", "version")
    list_filter = ("source",)
    list_display_links = None
    date_hierarchy = "queued_at"
    show_full_result_count = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list, not a page per row: there is nothing more to a row than its line.
        return obj is None and is_administrator(request)
