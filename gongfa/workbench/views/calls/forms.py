"""The forms of the call pages: the list's filters and the inspection (one score per item)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.forms import Form
from gongfa.network.models import Region
from gongfa.workorders.choices import CallOutcome
from gongfa.workorders.models import QualityChecklistItem


class CallFilterForm(Form):
    start = forms.DateField(label=_("来电日期起"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("来电日期止"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("话务结果"), required=False)
    agent = forms.TypedChoiceField(label=_("坐席"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, agents: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        agent = self.fields["agent"]
        assert isinstance(outcome, forms.ChoiceField)
        assert isinstance(agent, forms.ChoiceField)
        outcome.choices = [("", gettext("全部")), *CallOutcome.choices]
        agent.choices = [("", gettext("全部")), *((a.pk, a.display_name) for a in agents)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext("结束日期早于开始日期。"))
        return data


class SampleForm(Form):
    region = forms.ChoiceField(label=_("区划"))
    start = forms.DateField(label=_("来电日期起"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("来电日期止"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [(r.code, r.name) for r in regions]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", gettext("结束日期早于开始日期。"))
        return data


def score_field(item: QualityChecklistItem) -> str:
    return f"score_{item.code}"


class InspectionForm(Form):
    """One whole-number input per active checklist item (0 – its points), and the comment."""

    comment = forms.CharField(
        label=_("质检意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, items: list[QualityChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        comment = self.fields.pop("comment")
        for item in items:
            self.fields[score_field(item)] = forms.IntegerField(
                label=gettext("{text}（{max_points}分）").format(text=item.text, max_points=item.max_points),
                help_text=item.guidance,
                min_value=0,
                max_value=item.max_points,
                required=True,
                widget=forms.NumberInput(attrs={"min": 0, "max": item.max_points, "step": 1}),
            )
        self.fields["comment"] = comment

    def raw_scores(self) -> dict[str, Any]:
        """What was typed for each item (the service checks them all, with its own messages)."""
        return {item.code: self.data.get(score_field(item), "") for item in self.items}
