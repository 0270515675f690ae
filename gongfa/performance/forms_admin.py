"""The admin's forms for performance management (绩效管理后台表单).

Each form checks with the same rules as the data files and the services (definitions.py for an
indicator, services.evaluation.check_items for a scheme, scoring_rules for a scoring item,
services.scoring.check_profile for a point's profile), and puts every problem on the page at once:
a field's own problem beside it, the others at the top of the form or of the inline table. Nothing
is saved while any problem remains (the admin saves the form and its inlines together or not at all).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import ProtectedError, RestrictedError, Sum
from django.db.models.deletion import Collector
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.errors import DomainError
from gongfa.core.forms import ModelForm, add_domain_error
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.performance import scoring_rules
from gongfa.performance.choices import RowKind, ValueType
from gongfa.performance.definitions import check_indicator_fields
from gongfa.performance.models import (
    EvaluationItem,
    EvaluationScheme,
    Indicator,
    PointProfile,
    ReportTemplate,
    ScoringCategory,
    ScoringItem,
    ScoringSheet,
)
from gongfa.performance.services.evaluation import ItemSpec, check_grade_bands, check_items, fmt
from gongfa.performance.services.scoring import check_profile

JSON_WIDGET = forms.Textarea(attrs={"rows": 4, "cols": 80, "class": "vLargeTextField"})
SMALL_JSON_WIDGET = forms.Textarea(attrs={"rows": 2, "cols": 40})
LEVEL_CHOICES = [(level.value, level.label) for level in RegionLevel]


def _marked_deleted(form: forms.BaseForm) -> bool:
    return bool((getattr(form, "cleaned_data", None) or {}).get(DELETION_FIELD_NAME))


def _live_forms(formset: BaseInlineFormSet) -> list[forms.BaseForm]:
    """The inline rows that will be kept: filled in and not marked for deletion."""
    live = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue  # an untouched extra row
        if formset.can_delete and _marked_deleted(form):
            continue
        live.append(form)
    return live


class CheckedInlineFormSet(BaseInlineFormSet):
    """An inline table that refuses to delete a row other records still point to (a report value, a
    score, a typed evaluation score), naming it beside the table's other problems. (Django's own
    refusal comes from super().clean(), which the subclasses call last, after their own checks.)"""

    def deletion_problems(self) -> list[str]:
        problems = []
        for form in self.forms:
            instance = form.instance
            if instance.pk is None or not (self.can_delete and _marked_deleted(form)):
                continue
            collector = Collector(using=router.db_for_write(type(instance)))
            try:
                collector.collect([instance])
            except (ProtectedError, RestrictedError) as exc:
                held = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
                kinds = sorted({str(obj._meta.verbose_name) for obj in held})
                problems.append(f"“{instance}”已有{'、'.join(kinds)}记录，不能删除。")
        return problems


def _decimal_or_none(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


# --- indicators -----------------------------------------------------------------------------------


class IndicatorAdminForm(ModelForm[Indicator]):
    """The numerator and denominator as JSON text, checked against the measure registry."""

    levels = forms.TypedMultipleChoiceField(
        label=_("填报层级"),
        choices=LEVEL_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选表示各级都报。"),
    )

    class Meta:
        model = Indicator
        fields = (
            "code",
            "name",
            "category",
            "description",
            "numerator",
            "denominator",
            "scale",
            "unit",
            "decimals",
            "direction",
            "levels",
            "source_kind",
            "source_document",
            "benchmark",
            "is_public",
            "sort_order",
            "is_active",
        )
        widgets = {"numerator": JSON_WIDGET, "denominator": JSON_WIDGET}
        help_texts = {
            "numerator": '如 {"measures": ["wo.closed_on_time"], "filters": {"channel": ["hotline"]}}；'
            "可用的计量见本页下方。",
            "denominator": "比率类指标填写，格式同分子；计数类指标留空。",
            "scale": "百分比填 100。",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = dict(data)
        # The code is read-only once created: the stored one is checked.
        values.setdefault("code", self.instance.code)
        values["levels"] = data.get("levels") or []
        problems = check_indicator_fields(values)
        try:
            problems.raise_if_any()
        except DomainError as exc:
            add_domain_error(cast(forms.Form, self), exc, skip_faulted=True)
        return data


# --- report templates -----------------------------------------------------------------------------


class ReportTemplateAdminForm(ModelForm[ReportTemplate]):
    reporting_level = forms.TypedChoiceField(label=_("填报层级"), choices=LEVEL_CHOICES, coerce=int, initial=3)

    class Meta:
        model = ReportTemplate
        fields = ("code", "name", "version", "description", "source_document", "reporting_level", "is_active")


class ReportRowFormSet(CheckedInlineFormSet):
    """A template's rows: an indicator row names its indicator (and only it does), codes and orders
    are unique, the outlier ratio is positive, and the template keeps at least one row."""

    def clean(self) -> None:
        live = _live_forms(self)
        codes: set[str] = set()
        orders: set[int] = set()
        for form in live:
            data = getattr(form, "cleaned_data", None) or {}
            kind, indicator = data.get("kind"), data.get("indicator")
            label = data.get("label") or data.get("code") or gettext("新栏目")
            if kind == RowKind.INDICATOR and indicator is None and "indicator" not in form.errors:
                form.add_error("indicator", gettext("栏目“{label}”是系统取数，须选择指标。").format(label=label))
            if kind in (RowKind.HEADING, RowKind.TYPED) and indicator is not None:
                form.add_error("indicator", gettext("栏目“{label}”不是系统取数，不能绑定指标。").format(label=label))
            if kind == RowKind.INDICATOR and data.get("value_type") == ValueType.TEXT:
                form.add_error(
                    "value_type", gettext("栏目“{label}”是系统取数，数值类型不能是文字。").format(label=label)
                )
            ratio = _decimal_or_none(data.get("outlier_ratio"))
            if ratio is not None and ratio <= 0:
                form.add_error(
                    "outlier_ratio", gettext("栏目“{label}”的环比异常阈值应大于 0（1 表示 100%）。").format(label=label)
                )
            code = data.get("code")
            if code:
                if code in codes:
                    form.add_error("code", gettext("栏目代码“{code}”重复。").format(code=code))
                codes.add(code)
            order = data.get("order")
            if order is not None:
                if order in orders:
                    form.add_error(
                        "order", gettext("顺序 {order} 重复，每个栏目的顺序应各不相同。").format(order=order)
                    )
                orders.add(order)
        problems = self.deletion_problems()
        if not live:
            problems.append("报表至少要有一个栏目。")
        if problems:
            raise ValidationError(problems)
        super().clean()


# --- evaluation schemes ---------------------------------------------------------------------------


class EvaluationSchemeAdminForm(ModelForm[EvaluationScheme]):
    class Meta:
        model = EvaluationScheme
        fields = ("code", "name", "subject_kind", "description", "source_document", "grade_bands", "is_active")
        widgets = {"grade_bands": JSON_WIDGET}

    def clean_grade_bands(self) -> Any:
        bands = self.cleaned_data.get("grade_bands")
        problems = check_grade_bands(bands)
        if problems:
            raise ValidationError(problems)
        return bands

    def clean_subject_kind(self) -> Any:
        kind = self.cleaned_data.get("subject_kind")
        if self.instance.pk and kind != self.instance.subject_kind and self.instance.runs.exists():
            raise ValidationError(gettext("该方案已有考评记录，不能更改考评对象；请另建一个方案。"))
        return kind


class EvaluationItemAdminForm(ModelForm[EvaluationItem]):
    class Meta:
        model = EvaluationItem
        fields = ("order", "code", "name", "component", "indicator", "weight", "bands", "note")
        widgets = {"bands": SMALL_JSON_WIDGET}

    def clean_bands(self) -> Any:
        bands = self.cleaned_data.get("bands")
        return [] if bands is None else bands


class EvaluationItemFormSet(CheckedInlineFormSet):
    """The scheme's items with services.evaluation.check_items: weights total exactly 100 %, bands
    well-formed, each component's constraints; every problem at the top of the table at once.
    (The scheme's own fields — subject kind, grade bands — are checked by the scheme's form.)"""

    def clean(self) -> None:
        live = _live_forms(self)
        specs: list[tuple[int, ItemSpec]] = []
        incomplete = False
        for form in live:
            data = getattr(form, "cleaned_data", None) or {}
            if form.errors:
                incomplete = True
            specs.append(
                (
                    data.get("order") or 0,
                    ItemSpec(
                        code=data.get("code") or "",
                        name=data.get("name") or "",
                        component=data.get("component") or "",
                        weight=data.get("weight"),
                        indicator=data.get("indicator"),
                        bands=data.get("bands") or [],
                    ),
                )
            )
        specs.sort(key=lambda pair: pair[0])
        problems = self.deletion_problems()
        try:
            check_items(self.instance.subject_kind, [spec for _order, spec in specs], self.instance.grade_bands)
        except DomainError as exc:
            problems += [
                problem.message
                for problem in exc.problems
                if problem.field not in ("subject_kind", "grade_bands")
                # A row with its own error would make the total misleading: fix the row first.
                and not (incomplete and problem.code == "weights_total")
            ]
        if problems:
            raise ValidationError(problems)
        super().clean()


# --- scoring sheets -------------------------------------------------------------------------------


def points_of(sheet: ScoringSheet, *, excluding_categories: set[int] | frozenset[int] = frozenset()) -> Decimal:
    """The stored items' points of a sheet, leaving out some categories."""
    items = ScoringItem.objects.filter(category__sheet=sheet).exclude(category__in=excluding_categories)
    return items.aggregate(total=Sum("points"))["total"] or Decimal(0)


def total_problem(sheet: ScoringSheet, added: Decimal) -> str | None:
    """The sheet's items must add up to its total: above it never, below it only while the sheet is
    not in use (is_active off), so a sheet can be changed step by step and switched on when whole."""
    total = sheet.total_points
    if total is None or added == total:
        return None
    if added > total:
        return f"各项分值合计 {fmt(added)} 分，超过满分 {fmt(total)} 分。"
    if sheet.is_active:
        return (
            f"各项分值合计 {fmt(added)} 分，与满分 {fmt(total)} 分不符。启用中的评分表各项分值须合计等于满分；"
            "如需分步调整，请先停用该评分表，调整完毕再启用。"
        )
    return None


class ScoringSheetAdminForm(ModelForm[ScoringSheet]):
    tiers = forms.MultipleChoiceField(
        label=_("适用平台层级"),
        choices=PointTier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不勾选表示各层级都适用。"),
    )

    class Meta:
        model = ScoringSheet
        fields = ("code", "name", "version", "total_points", "tiers", "description", "source_document", "is_active")

    def clean_total_points(self) -> Any:
        total = self.cleaned_data.get("total_points")
        if total is not None and total <= 0:
            raise ValidationError(gettext("满分应大于 0。"))
        return total

    def clean_tiers(self) -> list[str]:
        chosen = set(self.cleaned_data.get("tiers") or [])
        return [tier for tier in PointTier.values if tier in chosen]


class ScoringCategoryFormSet(CheckedInlineFormSet):
    """The sheet's categories: after this save the items left must add up to the sheet's total
    (see total_problem); a category whose items were scored cannot be deleted."""

    def clean(self) -> None:
        sheet = self.instance
        problems = self.deletion_problems()
        if sheet.total_points is not None:
            deleted = {
                form.instance.pk
                for form in self.forms
                if form.instance.pk is not None and self.can_delete and _marked_deleted(form)
            }
            added = points_of(sheet, excluding_categories=deleted) if sheet.pk else Decimal(0)
            problem = total_problem(sheet, added)
            if problem and not sheet.pk:
                problem += "新建评分表请先不勾选“启用”，录入各类别的评分项目后再启用。"
            if problem:
                problems.append(problem)
        if problems:
            raise ValidationError(problems)
        super().clean()


class ScoringCategoryAdminForm(ModelForm[ScoringCategory]):
    class Meta:
        model = ScoringCategory
        fields = ("sheet", "order", "name")


class ScoringItemAdminForm(ModelForm[ScoringItem]):
    computed_by = forms.ChoiceField(label=_("系统计算"), required=False, choices=())
    parameters = forms.JSONField(label=_("计算参数"), required=False, widget=SMALL_JSON_WIDGET)

    class Meta:
        model = ScoringItem
        fields = ("order", "code", "name", "points", "evidence", "computed_by", "parameters")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—— 评估人员填写 ——")]
        choices += [(code, f"{rule.label}（{code}）") for code, rule in sorted(scoring_rules.RULES.items())]
        field = self.fields["computed_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean_points(self) -> Any:
        points = self.cleaned_data.get("points")
        if points is not None and points <= 0:
            raise ValidationError(gettext("分值应大于 0。"))
        return points

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parameters = data.get("parameters")
        if parameters is None:
            parameters = {}
            data["parameters"] = parameters
        if "parameters" in self.errors:
            return data
        if not isinstance(parameters, dict):
            self.add_error("parameters", gettext('计算参数应为对象，如 {"min_hours": 40}。'))
            return data
        computed_by = data.get("computed_by") or ""
        found = scoring_rules.rule(computed_by) if computed_by else None
        if found is not None:
            for message in found.check(parameters):
                self.add_error("parameters", f"{message}。")
        elif parameters and "computed_by" not in self.errors:
            self.add_error("parameters", gettext("没有选择系统计算规则，却填了计算参数。"))
        return data


class ScoringItemFormSet(CheckedInlineFormSet):
    """A category's items: codes unique across the whole sheet, and the sheet's items (the other
    categories' as stored, this category's as submitted) adding up to its total (total_problem)."""

    def clean(self) -> None:
        problems = self.deletion_problems()
        category = self.instance
        sheet = category.sheet if category.sheet_id else None
        if sheet is None:
            if problems:
                raise ValidationError(problems)
            super().clean()
            return
        live = _live_forms(self)
        others = ScoringItem.objects.filter(category__sheet=sheet)
        if category.pk:
            others = others.exclude(category=category)
        taken = dict(others.values_list("code", "category__name"))
        seen: set[str] = set()
        added = Decimal(0)
        incomplete = False
        for form in live:
            data = getattr(form, "cleaned_data", None) or {}
            code = data.get("code")
            if code and code in taken:
                form.add_error(
                    "code",
                    gettext("项目代码“{code}”已用于本评分表的类别“{value}”。").format(code=code, value=taken[code]),
                )
            elif code and code in seen:
                form.add_error("code", gettext("项目代码“{code}”重复。").format(code=code))
            if code:
                seen.add(code)
            points = _decimal_or_none(data.get("points"))
            if points is None or form.errors:
                incomplete = True
            if points is not None:
                added += points
        if not incomplete:  # else the total would mislead until every row is right
            stored = points_of(sheet, excluding_categories={category.pk} if category.pk else set())
            problem = total_problem(sheet, stored + added)
            if problem:
                problems.append(problem)
        if problems:
            raise ValidationError(problems)
        super().clean()


# --- point profiles -------------------------------------------------------------------------------


class PointProfileAdminForm(ModelForm[PointProfile]):
    """Posts one per line and the 六统一 as tick boxes; checked by services.scoring.check_profile."""

    posts = forms.CharField(
        label=_("岗位设置"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        help_text=_("每行一个窗口或岗位名称。"),
    )
    signage = forms.MultipleChoiceField(
        label=_("六统一"),
        required=False,
        choices=list(scoring_rules.SIGNAGE_CHECKS),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选已做到的项目。"),
    )

    class Meta:
        model = PointProfile
        fields = ("point", "floor_area_m2", "street_level", "posts", "weekly_hours", "stationed_agencies", "signage")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["posts"] = "\n".join(self.instance.posts or [])
            self.initial["signage"] = [key for key, ticked in (self.instance.signage or {}).items() if ticked]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        point = data.get("point") or (self.instance.point if self.instance.point_id else None)
        if point is None:
            return data
        try:
            values = check_profile(
                point=point,
                floor_area_m2=data.get("floor_area_m2"),
                weekly_hours=data.get("weekly_hours"),
                posts=str(data.get("posts") or "").splitlines(),
                stationed_agencies=data.get("stationed_agencies") or [],
                signage=dict.fromkeys(data.get("signage") or [], True),
            )
        except DomainError as exc:
            add_domain_error(cast(forms.Form, self), exc, skip_faulted=True)
            return data
        data["posts"] = values["posts"]
        data["signage"] = values["signage"]
        return data
