"""Complaints (投诉) about a service or a staff member: routed to the supervisor above the person
complained about, never to that person (《法律援助法》第56条: accept, investigate, reply in time)."""

from __future__ import annotations

from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.network.models import Region, StaffPosting
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.dispatch import Target, _apply_dispatch, county_centre


def supervisor_above(person: User, fallback_region: Region) -> tuple[User | None, StaffPosting | None]:
    """The nearest supervisor whose region covers the person's posting (deepest region first)."""
    posting = (
        StaffPosting.objects.filter(user=person, is_active=True)
        .select_related("point__region", "agency__region")
        .order_by("pk")
        .first()
    )
    region = posting.region if posting is not None else fallback_region
    codes = [*region.ancestor_codes(), region.code]
    candidates = (
        StaffPosting.objects.filter(role=Role.SUPERVISOR, is_active=True, user__is_active=True)
        .exclude(user=person)
        .select_related("user", "point__region", "agency__region")
    )
    best: tuple[int, StaffPosting] | None = None
    for candidate in candidates.filter(point__region__code__in=codes) | candidates.filter(
        agency__region__code__in=codes
    ):
        level = candidate.region.level
        if best is None or level > best[0]:
            best = (level, candidate)
    if best is None:
        return None, None
    return best[1].user, best[1]


def route_complaint(order: WorkOrder) -> WorkOrder:
    """Dispatch a complaint (order already created in the caller's transaction)."""
    person = order.complained_user
    if person is None:
        raise DomainError(gettext("请选择被投诉的工作人员。"), code="complained_required", field="complained_user")
    supervisor, posting = supervisor_above(person, order.region)
    if supervisor is not None and posting is not None:
        assert posting.place is not None
        target = Target(
            posting.place, supervisor, f"投诉{person.display_name}，交由其上级督办主管{supervisor.display_name}处理"
        )
    else:
        desk = county_centre(order.region)
        if desk is None:
            raise DomainError(gettext("该地区尚未设立公共法律服务中心，暂不能受理投诉。"), code="no_service_point")
        target = Target(desk, None, f"投诉{person.display_name}：未找到其上级主管，交由{desk.name}统一处理")
    _apply_dispatch(order, target, actor=None, channel=Channel.SYSTEM)
    return order
