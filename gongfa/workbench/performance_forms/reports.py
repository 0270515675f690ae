"""Forms of the monthly report and bulletin pages. They check shape only; the rules (who, which
level, what a cell may hold) are performance.services.reports', so every problem shows at once."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.performance.choices import RowKind, ValueType
from gongfa.performance.models import ReportRow

_MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")


class MonthField(forms.CharField):
    """A month typed as 2026-11 (the <input type=month> value)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        match = _MONTH.match(text.strip())
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            raise forms.ValidationError(gettext("月份的格式不正确，应为 年-月（如 2026-11）。"), code="invalid")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)


class GenerateForm(Form):
    template = forms.ChoiceField(label=_("报表"))
    month = MonthField(label=_("月份"), help_text=_("如 2026-11；只能生成已结束的月份"))

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", gettext("请选择")), *templates]  # type: ignore[attr-defined]


class CellsForm(Form):
    """The typed cells of a report: one text input per typed row (parsed by the service)."""

    def __init__(self, *args: Any, rows: list[ReportRow], initial_values: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if row.kind != RowKind.TYPED:
                continue
            name = f"cell_{row.code}"
            widget: forms.Widget
            if row.value_type == ValueType.TEXT:
                widget = forms.Textarea(attrs={"rows": 3})
            else:
                widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
            self.fields[name] = forms.CharField(
                label=row.label,
                required=False,
                strip=True,
                max_length=2000,
                help_text=row.help_text,
                widget=widget,
                initial=initial_values.get(row.code, ""),
            )

    def values(self) -> dict[str, str]:
        """{row code: text} of every cleaned cell (the service parses and checks them)."""
        return {name.removeprefix("cell_"): value or "" for name, value in self.cleaned_data.items()}


class NoInputForm(Form):
    """Submit and accept take no input."""


class ReturnForm(Form):
    reason = forms.CharField(
        label=_("退回原因"),
        required=False,
        max_length=1000,
        help_text=_("说明需要修改的栏目和原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BulletinForm(Form):
    region = forms.ChoiceField(label=_("通报单位"), help_text=_("对其下一级各地区排名"))
    start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    indicators = forms.MultipleChoiceField(label=_("排名指标"), widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("标题（选填）"), required=False, max_length=128)

    def __init__(
        self, *args: Any, regions: list[tuple[str, str]], indicators: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
        self.fields["indicators"].choices = indicators  # type: ignore[attr-defined]
