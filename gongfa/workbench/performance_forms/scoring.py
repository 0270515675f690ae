"""Forms of the site-scoring pages (示范点评分). They only shape the input; the rules (ranges,
each item between 0 and its points, naming the item) are performance.services.scoring's, whose
problems the views put on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.network.models import Agency
from gongfa.performance.choices import InspectionMode, InspectionVenue, SiteLevel
from gongfa.performance.models import PointProfile, ScoringItem, ScoringSheet
from gongfa.performance.scoring_rules import SIGNAGE_CHECKS


class ProfileForm(Form):
    floor_area_m2 = forms.CharField(label=_("面积（㎡）"), required=False, max_length=16)
    street_level = forms.BooleanField(label=_("设在临街一层"), required=False)
    weekly_hours = forms.CharField(label=_("每周开放时长（小时）"), required=False, max_length=8)
    posts = forms.CharField(
        label=_("岗位设置"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个窗口或岗位，如：法律咨询、法律援助、人民调解、综合服务"),
    )
    stationed_agencies = forms.ModelMultipleChoiceField(
        label=_("入驻机构"), required=False, queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    signage = forms.MultipleChoiceField(
        label=_("六统一"), required=False, choices=SIGNAGE_CHECKS, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stationed_agencies"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = agencies

    @staticmethod
    def initial_of(profile: PointProfile | None) -> dict[str, Any]:
        if profile is None:
            return {}
        return {
            "floor_area_m2": "" if profile.floor_area_m2 is None else str(profile.floor_area_m2),
            "street_level": profile.street_level,
            "weekly_hours": "" if profile.weekly_hours is None else str(profile.weekly_hours),
            "posts": "\n".join(profile.posts),
            "stationed_agencies": list(profile.stationed_agencies.all()),
            "signage": [key for key, _label in SIGNAGE_CHECKS if profile.signage.get(key)],
        }


class InspectionForm(Form):
    sheet = forms.ModelChoiceField(label=_("评分表"), queryset=ScoringSheet.objects.filter(is_active=True))
    site_level = forms.ChoiceField(label=_("评定级别"), choices=SiteLevel.choices)
    mode = forms.ChoiceField(label=_("检查方式"), choices=InspectionMode.choices, widget=forms.RadioSelect)
    venue = forms.ChoiceField(label=_("检查形式"), choices=InspectionVenue.choices, widget=forms.RadioSelect)
    inspected_on = forms.DateField(label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label=_("检查人员"), max_length=255, help_text=_("多人用顿号分隔"))


class ScoresForm(Form):
    """One score and one note per item the evaluators fill (the computed ones are shown, not asked)."""

    def __init__(self, *args: Any, items: list[ScoringItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = [item for item in items if not item.computed_by]
        for item in self.items:
            self.fields[f"score_{item.code}"] = forms.CharField(
                label=gettext("{name}（满分 {points}）").format(name=item.name, points=item.points),
                required=False,
                max_length=12,
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=gettext("{name}扣分说明").format(name=item.name), required=False, max_length=500
            )

    def scores(self) -> dict[str, str]:
        data = self.cleaned_data
        return {item.code: data.get(f"score_{item.code}") or "" for item in self.items}

    def notes(self) -> dict[str, str]:
        data = self.cleaned_data
        return {item.code: data.get(f"note_{item.code}") or "" for item in self.items}

    def rows(self) -> list[tuple[ScoringItem, forms.BoundField, forms.BoundField]]:
        return [(item, self[f"score_{item.code}"], self[f"note_{item.code}"]) for item in self.items]


class FinaliseForm(Form):
    rectification_due = forms.DateField(
        label=_("整改期限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填则按本区域的整改期限参数（日）计算"),
    )
