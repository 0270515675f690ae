"""The forms of the public-good pages (公益法律服务): the manual entry (申报), the decision on it
(认定/不予认定) and the table's filter. Every field is optional to Django: the services say what is
missing, all at once (core.forms, mark_optional = False)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form


def _required(field: forms.Field) -> forms.Field:
    field.optional = False  # type: ignore[attr-defined]
    return field


class EntryForm(Form):
    """申报公益服务: one day's service with its evidence."""

    mark_optional = False

    occurred_on = _required(
        forms.DateField(label=_("服务日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    )
    hours = _required(
        forms.DecimalField(
            label=_("服务时长（小时）"),
            required=False,
            help_text=_("一天的服务时长，最多 24 小时，可保留 1 位小数；多天的服务请分天申报。"),
            widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        )
    )
    description = _required(
        forms.CharField(
            label=_("服务内容"),
            required=False,
            max_length=255,
            help_text=_("如：为某村(社区)群众义务解答法律咨询 20 人次。"),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    )
    evidence = _required(
        forms.FileField(
            label=_("证明材料"),
            required=False,
            help_text=_("PDF、JPG 或 PNG，不超过 10 MB（如活动通知、签到表、现场照片）。"),
            widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        )
    )


class DecisionForm(Form):
    """认定 or 不予认定 (the reason is required to reject: the service says so)."""

    mark_optional = False

    decision = forms.ChoiceField(
        label=_("认定结果"),
        required=False,
        choices=[("approve", _("认定")), ("reject", _("不予认定"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("意见或理由"),
        required=False,
        max_length=255,
        help_text=_("不予认定时必填，申报人会看到。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_decision(self) -> str:
        value = self.cleaned_data.get("decision") or ""
        if not value:
            raise forms.ValidationError(gettext("请选择认定结果。"))
        return str(value)


class TableFilterForm(Form):
    """The table's filter: year, firm and band."""

    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    agency = forms.TypedChoiceField(label=_("执业机构"), required=False, coerce=int, empty_value=None)
    band = forms.ChoiceField(label=_("等次"), required=False)

    def __init__(self, *args: Any, agencies: Sequence[tuple[int, str]] = (), bands: Sequence[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        band_field = self.fields["band"]
        assert isinstance(agency_field, forms.ChoiceField)
        assert isinstance(band_field, forms.ChoiceField)
        agency_field.choices = [("", gettext("全部")), *[(str(pk), name) for pk, name in agencies]]
        band_field.choices = [("", gettext("全部")), *[(b, b) for b in bands]]
