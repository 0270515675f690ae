"""Forms of the target pages (目标任务). They check shape only (a number is a number); the rules
(scope, levels, sums, 100 %) are the services' (performance.services.targets), whose messages show
beside the fields, all at once."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.core.i18n import Label
from gongfa.network.models import Region
from gongfa.performance.choices import MilestonePeriod, SplitMethod
from gongfa.performance.services.targets import MAX_YEAR, MIN_YEAR, PERIOD_COUNT

Choices = Sequence[tuple[str, str]]


def _number(label: Label, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kwargs,
    )


class TargetFilterForm(Form):
    """The list's filters (GET)."""

    mark_optional = False

    year = forms.IntegerField(label=_("年度"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)
    indicator = forms.ChoiceField(label=_("指标"), required=False)

    def __init__(self, *args: Any, indicators: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", gettext("全部指标")), *indicators]  # type: ignore[attr-defined]


class SetTargetForm(Form):
    """A new target, or a changed value of an existing one (the same indicator, region and year)."""

    mark_optional = False

    indicator = forms.ChoiceField(label=_("指标"), required=False)
    region = forms.ChoiceField(label=_("区划"), required=False, help_text=_("目标由省、市、县三级下达，再分解到下级"))
    year = forms.IntegerField(label=_("年度"), required=False)
    value = _number(_("目标值"), help_text=_("计数指标填整数；比率指标填百分数，如 95"))
    source_document = forms.CharField(
        label=_("文件依据"), required=False, max_length=255, help_text=_("下达目标的文件名称或文号")
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=255)

    def __init__(self, *args: Any, indicators: Choices, regions: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", gettext("请选择")), *indicators]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", gettext("请选择")), *regions]  # type: ignore[attr-defined]


class SplitForm(Form):
    """A row per region one level below: its target value, or its weight."""

    mark_optional = False

    method = forms.ChoiceField(
        label=_("分解方式"), choices=SplitMethod.choices, required=False, widget=forms.RadioSelect, initial="typed"
    )

    def __init__(self, *args: Any, children: Sequence[Region], rate: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = list(children)
        if rate:
            self.fields["method"].choices = [(SplitMethod.TYPED.value, SplitMethod.TYPED.label)]  # type: ignore[attr-defined]
            self.fields["method"].help_text = gettext("比率指标逐项填写各下级的目标值，不要求合计等于上级目标")
        else:
            self.fields["method"].help_text = gettext(
                "逐项填写：各下级目标之和须等于上级目标；按权重：按权重比例自动分配，合计正好等于上级目标"
            )
        for child in self.children:
            self.fields[f"part_{child.code}"] = _number(child.name)

    @property
    def part_fields(self) -> list[forms.BoundField]:
        return [self[f"part_{child.code}"] for child in self.children]

    def parts(self) -> list[tuple[Region, Decimal | None]]:
        data = getattr(self, "cleaned_data", {})
        return [(child, data.get(f"part_{child.code}")) for child in self.children]


class ScheduleForm(Form):
    """A year's shares (%) per quarter or per month; blank counts as 0."""

    mark_optional = False

    def __init__(self, *args: Any, period: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "q" if period == MilestonePeriod.QUARTER else "m")
        super().__init__(*args, **kwargs)
        self.period = period
        count = PERIOD_COUNT[MilestonePeriod(period)]
        for index in range(1, count + 1):
            label = (
                gettext("第{index}季度（%）").format(index=index)
                if period == MilestonePeriod.QUARTER
                else gettext("{index}月（%）").format(index=index)
            )
            self.fields[f"share_{index}"] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=7,
                decimal_places=3,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def shares(self) -> list[Decimal | None]:
        data = getattr(self, "cleaned_data", {})
        return [data.get(name) for name in self.fields]
