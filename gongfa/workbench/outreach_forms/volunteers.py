"""The forms of the volunteers, expert-pool and training pages (志愿者、专家库、业务培训). Every field
is optional to Django: the services say what is missing or wrong, all at once; the label says
（选填） only where the service does not require it either (core.forms, mark_optional = False)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.core.i18n import Label
from gongfa.outreach.choices import VolunteerKind

Choices = Sequence[tuple[Any, Any]]
BLANK: list[tuple[str, Label]] = [("", _("请选择"))]


def _optional(field: forms.Field, optional: bool = False) -> Any:
    field.optional = optional  # type: ignore[attr-defined]
    return field


def _line(label: Label, *, max_length: int = 255, optional: bool = False, help_text: Label = "", **attrs: str) -> Any:
    return _optional(
        forms.CharField(
            label=label, required=False, max_length=max_length, help_text=help_text, widget=forms.TextInput(attrs=attrs)
        ),
        optional,
    )


def _text(label: Label, *, max_length: int = 2000, optional: bool = False, help_text: Label = "") -> Any:
    return _optional(
        forms.CharField(
            label=label,
            required=False,
            max_length=max_length,
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        optional,
    )


def _date(label: Label, *, optional: bool = False, help_text: Label = "") -> Any:
    return _optional(
        forms.DateField(
            label=label, required=False, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
        ),
        optional,
    )


class OpenChoiceField(forms.ChoiceField):
    """A select whose value the view looks up itself (an expert who left the pool gets the
    service's own message, not "not in the list")."""

    def valid_value(self, value: Any) -> bool:
        return True


class VolunteerForm(Form):
    """志愿者登记."""

    mark_optional = False

    name = _line(_("姓名"), max_length=64, autocomplete="off")
    phone = _line(_("联系电话"), max_length=20, autocomplete="off", inputmode="tel", help_text=_("11位手机号。"))
    kind = forms.ChoiceField(label=_("志愿者类别"), required=False, choices=[*BLANK, *VolunteerKind.choices])
    organisation = _line(_("工作单位/学校"), max_length=128)
    region = forms.ChoiceField(label=_("服务区划"), required=False)
    skills = _optional(
        forms.MultipleChoiceField(label=_("擅长领域"), required=False, widget=forms.CheckboxSelectMultiple), True
    )
    availability = _line(_("可服务时间"), max_length=128, optional=True, help_text=_("例如：每周六上午。"))

    def __init__(self, *args: Any, regions: Choices, skills: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [*BLANK, *regions]  # type: ignore[attr-defined]
        self.fields["skills"].choices = list(skills)  # type: ignore[attr-defined]


class DecisionForm(Form):
    """审核 / 暂停 / 恢复: the action comes with the button; the reason where the table needs one."""

    mark_optional = False

    action = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = _line(_("原因"), max_length=255, optional=True, help_text=_("审核不通过、暂停服务须填写原因。"))


class ServiceForm(Form):
    """登记服务 (sets the volunteer's latest service date)."""

    mark_optional = False

    served_on = _date(_("服务日期"))
    note = _line(_("服务内容"), max_length=255, optional=True)


class FilterForm(Form):
    status = forms.CharField(required=False)
    active = forms.CharField(required=False)


class ExpertForm(Form):
    """专家入库 / 修改."""

    mark_optional = False

    name = _line(_("姓名"), max_length=64, autocomplete="off")
    title = _line(_("职称/职务"), max_length=64, optional=True)
    organisation = _line(_("工作单位"), max_length=128)
    region = forms.ChoiceField(label=_("所属区划"), required=False)
    fields = _optional(
        forms.MultipleChoiceField(
            label=_("专业领域"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("咨询类别或纠纷类型，可多选。"),
        )
    )

    def __init__(self, *args: Any, regions: Choices, field_options: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [*BLANK, *regions]
        self.fields["fields"].choices = list(field_options)


class ReasonForm(Form):
    """出库 (reason required by the service) / 重新入库."""

    mark_optional = False

    reason = _line(_("出库原因"), max_length=255, optional=True)


class CallForm(Form):
    """请专家 (for a work order or a mediation expert consultation)."""

    mark_optional = False

    expert = OpenChoiceField(label=_("专家"), required=False, help_text=_("领域相符、区划最近的专家排在前面。"))
    purpose = _text(_("咨询事项"))

    def __init__(self, *args: Any, experts: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [*BLANK, *experts]  # type: ignore[attr-defined]


class OpinionForm(Form):
    """专家意见."""

    mark_optional = False

    outcome = _text(_("专家意见"), max_length=5000)
    answered_on = _date(_("答复日期"), optional=True, help_text=_("不填即为今天。"))


class TrainingForm(Form):
    """业务培训登记 (第46条)."""

    mark_optional = False

    title = _line(_("培训名称"), max_length=128)
    organiser = _line(_("组织单位"), max_length=128)
    region = forms.ChoiceField(label=_("区划"), required=False)
    held_on = _date(_("培训日期"))
    hours = _line(_("学时"), max_length=10, inputmode="decimal", help_text=_("大于 0，可保留 1 位小数。"))
    attendees = _optional(
        forms.MultipleChoiceField(
            label=_("参训人员"),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_("本区划的平台工作人员。"),
        ),
        True,
    )
    other_attendees = _optional(
        forms.IntegerField(
            label=_("其他参训人数"), required=False, min_value=0, help_text=_("未在平台登记的参训人数。")
        ),
        True,
    )

    def __init__(self, *args: Any, regions: Choices, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [*BLANK, *regions]  # type: ignore[attr-defined]
        self.fields["attendees"].choices = list(people)  # type: ignore[attr-defined]
