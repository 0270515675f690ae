"""The dashboard's filters (看板筛选): a period in whole months, a comparison, a service and a channel."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.core.forms import Form
from gongfa.performance.compute import Filters
from gongfa.performance.compute_dashboard import MAX_MONTHS, Comparison, Period
from gongfa.performance.periods import add_months, month_start

DEFAULT_MONTHS = 12
EARLIEST = datetime.date(2000, 1, 1)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

# Channels a request comes in by (the workbench and the system are actors, not channels of intake).
INTAKE_CHANNELS = [
    (value, label) for value, label in Channel.choices if value not in (Channel.WORKBENCH, Channel.SYSTEM)
]


def month_label(day: datetime.date) -> str:
    return gettext("{year}年{month}月").format(year=day.year, month=day.month)


class MonthField(forms.Field):
    """A month written 年-月 (2025-01, as <input type="month"> sends it): the month's first day.
    Anything else (control characters, a longer text) is a format error."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2025-01", "maxlength": "7"})

    def to_python(self, value: Any) -> datetime.date | None:
        text = str(value or "").strip()
        if not text:
            return None
        match = _MONTH.match(text)
        month = int(match.group(2)) if match else 0
        if match is None or not 1 <= month <= 12:
            raise forms.ValidationError(
                gettext("{label}的格式不正确，应为 年-月，如 2025-01。").format(label=self.label), code="invalid"
            )
        return datetime.date(int(match.group(1)), month, 1)


class DashboardFilterForm(Form):
    """Always bound to the query string; empty means the default: the last 12 months up to this one."""

    start = MonthField(label=_("开始月份"), required=False)
    end = MonthField(label=_("结束月份"), required=False)
    comparison = forms.ChoiceField(label=_("对比"), required=False, choices=Comparison.CHOICES)
    service = forms.ChoiceField(label=_("服务类型"), required=False)
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=[("", _("全部渠道")), *INTAKE_CHANNELS])

    def __init__(self, *args: Any, services: list[tuple[str, str]], today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        service_field = self.fields["service"]
        assert isinstance(service_field, forms.ChoiceField)
        service_field.choices = [("", gettext("全部服务")), *services]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        this_month = month_start(self.today)
        problems = bool(self.errors)
        typed_start, typed_end = data.get("start"), data.get("end")
        if typed_end is not None and typed_end > this_month:
            self.add_error(
                "end", gettext("结束月份不能晚于本月（{month_label}）。").format(month_label=month_label(this_month))
            )
            problems = True
        if typed_start is not None and typed_start > this_month:
            self.add_error(
                "start", gettext("开始月份不能晚于本月（{month_label}）。").format(month_label=month_label(this_month))
            )
            problems = True
        for name, typed in (("start", typed_start), ("end", typed_end)):
            if typed is not None and typed < EARLIEST:
                self.add_error(
                    name,
                    gettext("{label}不能早于{month_label}。").format(
                        label=self.fields[name].label, month_label=month_label(EARLIEST)
                    ),
                )
                problems = True
        if "start" not in data or "end" not in data:
            return data  # a malformed month: its own message says it, and the period is unknown
        end = typed_end
        if end is None:
            end = this_month if typed_start is None else min(add_months(typed_start, DEFAULT_MONTHS - 1), this_month)
        start = typed_start if typed_start is not None else add_months(end, -(DEFAULT_MONTHS - 1))
        if start > end:
            self.add_error(None, gettext("开始月份不能晚于结束月份。"))
            problems = True
        else:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months > MAX_MONTHS:
                self.add_error(
                    None,
                    gettext("统计期间最多 {MAX_MONTHS} 个月（现在 {months} 个月），请缩短期间。").format(
                        MAX_MONTHS=MAX_MONTHS, months=months
                    ),
                )
                problems = True
        if not problems:
            data["period"] = Period.of_months(start, end)
        return data

    @property
    def period(self) -> Period:
        assert self.is_valid()
        period: Period = self.cleaned_data["period"]
        return period

    @property
    def page_filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            service=(data["service"],) if data.get("service") else (),
            channel=(data["channel"],) if data.get("channel") else (),
        )
