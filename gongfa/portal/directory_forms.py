"""The directory's search form (法律服务名录搜索): region cascade, service, kind, text, position.

How the parts combine (gongfa.network.directory does the searching):
- county → township → village is a cascade of native selects: each level lists the children of
  the level above as chosen, so it works without JavaScript (choose, press 搜索, the next level
  fills in); with htmx the next level fills in on change. A township or village that is not under
  the level chosen above (the county was changed) is dropped quietly; a code that is no region at
  all is an error.
- Without a village, the county or township is the area searched.
- The village is where you are: the places within 50 km of its centre, nearest first. The
  browser's position (lat/lng, filled in by near.js when the visitor allows it) wins over it.
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.core.i18n import Label
from gongfa.network.choices import RegionLevel, ServiceKind
from gongfa.network.directory import KIND_CHOICES, Origin, Search, region_centre
from gongfa.network.models import Region

TEXT_MAX_CHARS = 50
HERE = _("您的位置")


def _select(choices: list[tuple[str, Label]], empty: Label) -> forms.Select:
    return forms.Select(choices=[("", empty), *choices])


class DirectorySearchForm(Form):
    """GET form: every field optional, every problem reported at once. A search form: no field is
    marked （选填）, all of them are."""

    mark_optional = False

    county = forms.CharField(label=_("县(区)"), required=False)
    township = forms.CharField(label=_("乡镇(街道)"), required=False)
    village = forms.CharField(
        label=_("您所在的村(社区)"),
        required=False,
        help_text=_("选了村(社区)，就按离该村的远近列出附近的服务点和机构。"),
    )
    service = forms.CharField(label=_("服务"), required=False, widget=_select(list(ServiceKind.choices), _("全部服务")))
    kind = forms.CharField(label=_("类型"), required=False, widget=_select(KIND_CHOICES, _("全部类型")))
    q = forms.CharField(
        label=_("名称或地址"),
        required=False,
        max_length=TEXT_MAX_CHARS,
        strip=True,
        help_text=_("如：公证处、法律援助、某某路"),
    )
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lng = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        raw = self.data if self.is_bound else {}
        self.counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
        county_code = raw.get("county", "") or (self.counties[0].code if len(self.counties) == 1 else "")
        self.chosen_county = next((c for c in self.counties if c.code == county_code), None)
        if not self.is_bound and self.chosen_county is not None:
            self.initial["county"] = self.chosen_county.code
        self.townships = list(self.chosen_county.children.order_by("code")) if self.chosen_county is not None else []
        township_code = raw.get("township", "")
        self.chosen_township = next((t for t in self.townships if t.code == township_code), None)
        self.villages = list(self.chosen_township.children.order_by("code")) if self.chosen_township is not None else []
        self.fields["county"].widget = _select([(c.code, c.name) for c in self.counties], gettext("请选择县(区)"))
        self.fields["township"].widget = _select([(t.code, t.name) for t in self.townships], gettext("全部乡镇(街道)"))
        self.fields["village"].widget = _select([(v.code, v.name) for v in self.villages], gettext("不选"))
        # With htmx, choosing a county or township fills the next select in place (region_options).
        cascade = {
            "hx-get": reverse("portal:directory_regions"),
            "hx-include": "closest form",
            "hx-target": "#directory-regions",
            "hx-swap": "outerHTML",
            "hx-trigger": "change",
        }
        self.fields["county"].widget.attrs.update(cascade)
        self.fields["township"].widget.attrs.update(cascade)

    # -- the region cascade ------------------------------------------------------------------------
    def clean_county(self) -> Region | None:
        code = self.cleaned_data.get("county", "")
        if not code:
            return self.chosen_county  # the only county, or none
        if self.chosen_county is None:
            raise forms.ValidationError(gettext("找不到该县(区)，请重新选择。"), code="unknown_region")
        return self.chosen_county

    def clean_township(self) -> Region | None:
        code = self.cleaned_data.get("township", "")
        if not code or self.chosen_township is not None:
            return self.chosen_township
        if not Region.objects.filter(code=code, level=RegionLevel.TOWNSHIP).exists():
            raise forms.ValidationError(gettext("找不到该乡镇(街道)，请重新选择。"), code="unknown_region")
        return None  # a township of another county: the county changed, start the cascade again

    def clean_village(self) -> Region | None:
        code = self.cleaned_data.get("village", "")
        if not code:
            return None
        village = next((v for v in self.villages if v.code == code), None)
        if village is not None:
            return village
        if not Region.objects.filter(code=code, level=RegionLevel.VILLAGE).exists():
            raise forms.ValidationError(gettext("找不到该村(社区)，请重新选择。"), code="unknown_region")
        return None

    # -- service, kind -----------------------------------------------------------------------------
    def clean_service(self) -> str:
        value = self.cleaned_data.get("service", "")
        if value and value not in ServiceKind.values:
            raise forms.ValidationError(gettext("找不到该服务，请重新选择。"), code="unknown_service")
        return value

    def clean_kind(self) -> str:
        value = self.cleaned_data.get("kind", "")
        if value and value not in dict(KIND_CHOICES):
            raise forms.ValidationError(gettext("找不到该机构类型，请重新选择。"), code="unknown_kind")
        return value

    # -- the browser's position ------------------------------------------------------------------
    @staticmethod
    def _degrees(value: str, low: float, high: float, name: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise forms.ValidationError(
                gettext("位置信息有误：{name}不是数字，请重新定位或选择所在村(社区)。").format(name=name)
            ) from None
        if not math.isfinite(number) or not low <= number <= high:
            raise forms.ValidationError(
                gettext("位置信息有误：{name}应在 {low:g} 到 {high:g} 之间，请重新定位或选择所在村(社区)。").format(
                    name=name, low=low, high=high
                )
            )
        return number

    def clean_lat(self) -> float | None:
        value = self.cleaned_data.get("lat", "")
        return self._degrees(value, -90, 90, gettext("纬度")) if value else None

    def clean_lng(self) -> float | None:
        value = self.cleaned_data.get("lng", "")
        return self._degrees(value, -180, 180, gettext("经度")) if value else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_lat = bool(self.data.get("lat")) if self.is_bound else False
        has_lng = bool(self.data.get("lng")) if self.is_bound else False
        if has_lat != has_lng:
            self.add_error(None, gettext("位置信息不完整（缺少纬度或经度），请重新定位或选择所在村(社区)。"))
        return cleaned

    # -- the search ------------------------------------------------------------------------------
    def search(self) -> Search:
        """The cleaned search (call after is_valid())."""
        data = self.cleaned_data
        origin: Origin | None = None
        if data.get("lat") is not None and data.get("lng") is not None:
            origin = Origin(data["lat"], data["lng"], HERE)
        elif data.get("village") is not None:
            village = data["village"]
            centre = region_centre(village)
            if centre is not None:
                origin = Origin(centre[0], centre[1], village.name)
        area = None if origin is not None else (data.get("township") or data.get("county"))
        return Search(
            region=area, origin=origin, service=data.get("service", ""), kind=data.get("kind", ""), text=data["q"]
        )

    @property
    def uses_position(self) -> bool:
        return bool(self.is_bound and self.is_valid() and self.cleaned_data.get("lat") is not None)
