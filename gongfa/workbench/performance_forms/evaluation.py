"""Forms of the evaluation pages (绩效考评): a new run, and the typed scores of a run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.forms import Form
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.network.scope import scope_for
from gongfa.performance.models import EvaluationItem, EvaluationScheme
from gongfa.performance.services.evaluation import Subject, score_field


def regions_for(user: User) -> QuerySet[Region]:
    """The regions a person may evaluate, down to townships (a village's one room is rated within
    its township or county)."""
    scope = scope_for(user)
    regions = Region.objects.filter(level__lte=RegionLevel.TOWNSHIP).order_by("code")
    if scope.sees_everything:
        return regions
    if not scope.region_ranges:
        return regions.none()
    return regions.filter(scope.region_q("code"))


class RegionChoiceField(forms.ModelChoiceField[Region]):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name}（{obj.code}）"


class NewRunForm(Form):
    scheme = forms.ModelChoiceField(
        label=_("考评方案"),
        queryset=EvaluationScheme.objects.filter(is_active=True).order_by("name"),
        empty_label=_("请选择"),
    )
    region = RegionChoiceField(label=_("考评区划"), queryset=Region.objects.none(), empty_label=_("请选择"))
    period_start = forms.DateField(label=_("起始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(
        label=_("名称（选填）"), max_length=128, required=False, help_text=_("不填则按区划、方案和期间命名")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = regions_for(user)


class ScoresForm(Form):
    """One input per typed item (自评、第三方评估) and subject, named score_<item>_<subject>; blank
    clears a score. The numbers are checked by the service (every problem at once)."""

    def __init__(
        self,
        *args: Any,
        items: list[EvaluationItem],
        subjects: list[Subject],
        current: dict[tuple[int, int], Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Subject, list[str]]] = []
        for subject in subjects:
            names = []
            for item in items:
                name = score_field(item.pk, subject.id)
                score = current.get((item.pk, subject.id))
                self.fields[name] = forms.CharField(
                    label=f"{subject.name} {item.name}",
                    required=False,
                    max_length=12,
                    initial="" if score is None else score,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )
                names.append(name)
            self.rows.append((subject, names))

    def scores(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}

    def table(self) -> list[tuple[Subject, list[forms.BoundField]]]:
        return [(subject, [self[name] for name in names]) for subject, names in self.rows]
