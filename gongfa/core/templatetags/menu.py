"""{% menu_items "workbench" as items %}: the navigation registry's entries for this request."""

from __future__ import annotations

from typing import Any

from django import template

from gongfa.core.navigation import MenuItem, entries_for

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_items(context: dict[str, Any], area: str) -> list[MenuItem]:
    request = context.get("request")
    return entries_for(getattr(request, "user", None), request, area)
