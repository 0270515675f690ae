"""派给… / 转办至…: the place an order goes to, picked from a list grouped by tier and region that
narrows as the agent types (htmx asks `workbench:target_search` for the options), and that works
without JavaScript as a filtered list of radio buttons (the 筛选 button reloads the page with it).

The options come from workorders.services.dispatch.dispatch_targets_for: the county around the
order, a bounded number of queries whatever the size of the network."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from gongfa.workorders.services.dispatch import DispatchTargets, Target, TargetOption

FILTER_FORM_ID = "target-filter"  # the order page's GET form for the pickers' 筛选 button
QUERY = "target_q"


def place_value(place: Any) -> str:
    from gongfa.network.models import ServicePoint

    return f"{'point' if isinstance(place, ServicePoint) else 'agency'}:{place.pk}"


class TargetPicker(forms.Widget):
    """Radio buttons grouped by tier and region, with a search box above them.

    filter_form: the id of a GET form outside the field's own form (the order page), or "" for a
    筛选 button inside the form (the hotline desk, where the typed call must not be lost)."""

    template_name = "workbench/hotline/target_picker.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.targets = DispatchTargets([], [], 0)
        self.query = ""
        self.region_code = ""
        self.filter_form = FILTER_FORM_ID
        self.auto_label = ""
        self.suggestion: Target | None = None

    def configure(
        self,
        targets: DispatchTargets,
        *,
        query: str = "",
        region_code: str = "",
        filter_form: str = FILTER_FORM_ID,
        auto_label: str = "",
        suggestion: Target | None = None,
    ) -> None:
        self.targets = targets
        self.query = query
        self.region_code = region_code
        self.filter_form = filter_form
        self.auto_label = auto_label
        self.suggestion = suggestion

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        current = str(value or "")
        context["widget"].update(
            options_context(
                self.targets,
                name=name,
                widget_id=widget_id,
                value=current,
                auto_label=self.auto_label,
                suggested=place_value(self.suggestion.place) if self.suggestion else "",
                query=self.query,
            )
        )
        params = {"name": name, "id": widget_id, "region": self.region_code, "auto": "1" if self.auto_label else ""}
        context["widget"].update(
            search_url=f"{reverse('workbench:target_search')}?{urlencode({k: v for k, v in params.items() if v})}",
            filter_form=self.filter_form,
            suggestion=self.suggestion,
            query=self.query,
            query_name=QUERY,
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_q" if id_ else id_


def options_context(
    targets: DispatchTargets,
    *,
    name: str,
    widget_id: str,
    value: str = "",
    auto_label: str = "",
    suggested: str = "",
    query: str = "",
) -> dict[str, Any]:
    """What target_options.html needs (the widget and the search endpoint render the same list).
    A chosen place the filter no longer lists stays on top, so filtering never loses the choice."""
    listed = {option.value for group in targets.groups for option in group.options}
    kept: TargetOption | None = None
    if value and value not in listed:
        kept = TargetOption(value, _place_name(value), "")
    return {
        "name": name,
        "id": widget_id,
        "value": value,
        "groups": targets.groups,
        "kept": kept if kept is not None and kept.name else None,
        "more": targets.total > targets.count,
        "auto_label": auto_label,
        "suggested": suggested,
        "query": query,
    }


def _place_name(value: str) -> str:
    from gongfa.network.models import Agency, ServicePoint

    kind, _, pk = value.partition(":")
    if not pk.isdigit():
        return ""
    model = ServicePoint if kind == "point" else Agency if kind == "agency" else None
    if model is None:
        return ""
    return model.objects.filter(pk=pk).values_list("name", flat=True).first() or ""


def narrow_targets(request: Any, user: Any, order: Any, forms_shown: list[forms.Form]) -> None:
    """The order page's pickers, narrowed by the search typed into them (the 筛选 button's GET)."""
    from gongfa.workorders.services.dispatch import dispatch_targets_for

    query = (request.GET.get(QUERY) or "").strip()[:50]
    pickers = [
        field.widget
        for form in forms_shown
        for field in form.fields.values()
        if isinstance(field.widget, TargetPicker) and field.widget.filter_form
    ]
    if not query or not pickers:
        return
    targets = dispatch_targets_for(user, order.region, query)
    for picker in pickers:
        picker.configure(targets, query=query, region_code=order.region_code)
