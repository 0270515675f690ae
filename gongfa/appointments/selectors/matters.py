"""Reads of the appointments app."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from gongfa.appointments.models import MatterMaterial, NotarialMatter


@dataclass
class MatterGroup:
    """A parent matter (大项) with the matters one applies for under it; a matter without a parent
    or children stands alone as its own group."""

    parent: NotarialMatter
    matters: list[NotarialMatter] = field(default_factory=list)


def public_matter_list() -> list[MatterGroup]:
    """The published matter list (公证事项与材料清单, 一次性告知): active matters with their
    materials, parents first in list order. Two queries, whatever the size of the list."""
    materials = Prefetch("materials", queryset=MatterMaterial.objects.order_by("sort_order", "pk"))
    matters = list(NotarialMatter.objects.filter(is_active=True).prefetch_related(materials).order_by("sort_order"))
    groups: dict[int, MatterGroup] = {}
    order: list[MatterGroup] = []
    for matter in matters:
        if matter.parent_id is None:
            groups[matter.pk] = MatterGroup(matter)
            order.append(groups[matter.pk])
    for matter in matters:
        if matter.parent_id is not None and matter.parent_id in groups:
            groups[matter.parent_id].matters.append(matter)
    for group in order:
        if not group.matters:
            group.matters.append(group.parent)  # a matter standing alone
    return [group for group in order if group.matters]
