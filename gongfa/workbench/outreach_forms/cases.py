"""Forms of the workbench's typical-case pages (典型案例): the list's filter, nominating, the text
(save or de-identify) and the review steps. They collect what was typed; the services
(gongfa.outreach.services.cases) decide and name every problem at once, so no field is required
here (mark_optional = False keeps the labels plain)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.outreach.choices import TypicalCaseSource, TypicalCaseStatus


def _topics(field: forms.Field, topics: Mapping[str, str], empty: str) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", empty), *topics.items()]


class FilterForm(Form):
    """The list's filter (GET)."""

    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *TypicalCaseStatus.choices])


class NominateForm(Form):
    """推荐典型案例: which closed case, and its topic."""

    mark_optional = False
    source = forms.ChoiceField(
        label=_("案件来源"), required=False, choices=[("", _("请选择")), *TypicalCaseSource.choices]
    )
    number = forms.CharField(
        label=_("案件编号"), required=False, help_text=_("已结案的法律援助案件、调解案件或已办结的咨询工单编号")
    )
    topic = forms.ChoiceField(label=_("案例领域"), required=False)

    def __init__(self, *args: Any, topics: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _topics(self.fields["topic"], topics, gettext("请选择"))


class TextForm(Form):
    """The case's text: saved as a draft, or saved and marked de-identified (完成脱敏)."""

    mark_optional = False
    title = forms.CharField(label=_("标题"), required=False)
    topic = forms.ChoiceField(label=_("案例领域"), required=False)
    facts = forms.CharField(label=_("基本案情"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    handling = forms.CharField(label=_("办理经过与结果"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    significance = forms.CharField(
        label=_("典型意义"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("选填")
    )
    citations = forms.CharField(
        label=_("引用法条"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一条，如：中华人民共和国民法典 第一千零七十九条"),
    )

    def __init__(self, *args: Any, topics: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _topics(self.fields["topic"], topics, gettext("请选择"))


class PublishForm(Form):
    mark_optional = False
    note = forms.CharField(label=_("审核意见"), required=False, max_length=255, help_text=_("选填"))


class ReasonForm(Form):
    mark_optional = False
    reason = forms.CharField(label=_("理由"), required=False, max_length=255, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(Form):
    """An action with nothing to fill in."""
