"""Forms of the committee pages: the grading actions (评定、公示、授予、不予授予、撤销)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.mediation.choices import GRADE_ORDER, MediatorGrade


class ProposeGradeForm(Form):
    grade = forms.ChoiceField(
        label=_("拟评等级"),
        required=False,
        choices=[("", _("请选择")), *[(g.value, g.label) for g in GRADE_ORDER if g != MediatorGrade.NONE]],
    )


class PubliciseForm(Form):
    starts_on = forms.DateField(
        label=_("公示开始日期"),
        required=False,
        help_text=_("不填为今天"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class GradeReasonForm(Form):
    reason = forms.CharField(label=_("理由"), required=False, max_length=255)
