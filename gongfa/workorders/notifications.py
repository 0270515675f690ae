"""Work-order events that give someone work, and who that someone is (工单通知订阅项).

Found by the notifications app's autodiscovery; the subscription table (notifications admin)
decides which of these are sent, to whom, with what text.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.notifications.registry import register_event_kind, register_resolver
from gongfa.workorders.models import WorkOrder

ORDER_PLACEHOLDERS = ("number", "link", "place", "deadline", "rating")


def _order(event: Event) -> WorkOrder | None:
    return (
        WorkOrder.objects.select_related("owner_user", "owner_point", "owner_agency")
        .filter(pk=event.subject_id)
        .first()
    )


def order_context(event: Event) -> dict[str, str]:
    order = _order(event)
    if order is None:
        return {}
    return {
        "number": order.tracking_number,
        "link": reverse("workbench:order_detail", args=[order.tracking_number]),
        "place": order.owner_place_name,
        "deadline": str(event.data.get("deadline_text", "")),
        "rating": order.get_rating_display() if order.rating is not None else "",
    }


def _people(*ids: object) -> list[User]:
    wanted = [int(pk) for pk in ids if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit())]
    return list(User.objects.filter(pk__in=wanted)) if wanted else []


def new_owner(event: Event) -> Iterable[User | None]:
    """The person the order was just dispatched or transferred to (the event names them)."""
    return _people(event.data.get("to_person"))


def order_owner(event: Event) -> Iterable[User | None]:
    """The owner the event names (data["owner"]), else the order's owner now."""
    if "owner" in event.data:
        return _people(event.data["owner"])
    order = _order(event)
    return [order.owner_user] if order is not None else []


def supervised_owner(event: Event) -> Iterable[User | None]:
    """The owner, on the first supervision notice only (escalations go up, not back to them)."""
    if event.data.get("escalated_from"):
        return []
    return order_owner(event)


def named_supervisor(event: Event) -> Iterable[User | None]:
    return _people(event.data.get("supervisor"))


def owner_or_first_owner(event: Event) -> Iterable[User | None]:
    """The order's owner, or the person it was first dispatched to when it has none now (an order
    whose 12345 update gave up must reach someone who can act on it)."""
    order = _order(event)
    if order is None:
        return []
    if order.owner_user is not None:
        return [order.owner_user]
    return [order.first_owner_user] if order.first_owner_user_id else []


def place_staff_and_owner(event: Event) -> Iterable[User | None]:
    """Everyone posted at the order's point or agency, and its owner (a supervisor's own 督办 is
    for the whole place; the supervisor who issued it is the event's actor and is left out)."""
    from gongfa.workorders.services.supervision import place_staff

    order = _order(event)
    if order is None:
        return []
    return [*([order.owner_user] if order.owner_user is not None else []), *place_staff(order)]


def return_visit_assignee(event: Event) -> Iterable[User | None]:
    return _people(event.data.get("assignee"))


def rectification_responsible(event: Event) -> Iterable[User | None]:
    return _people(event.data.get("responsible"))


def site_rectification_context(event: Event) -> dict[str, str]:
    """A rectification without an order (a site inspection's): the point, the issue, the deadline."""
    from gongfa.network.models import ServicePoint

    point = ServicePoint.objects.filter(pk=event.data.get("point")).first() if event.data.get("point") else None
    return {
        "number": "",
        "link": reverse("workbench:supervision"),
        "place": point.name if point is not None else "",
        "deadline": str(event.data.get("deadline_text", "")),
        "issue": str(event.data.get("issue", "")),
    }


register_resolver("workorders.new_owner", _("工单的新承办人"), new_owner)
register_resolver("workorders.owner", _("工单的当前承办人"), order_owner)
register_resolver("workorders.supervised_owner", _("被督办工单的承办人（首次督办）"), supervised_owner)
register_resolver("workorders.supervisor", _("督办通知的督办人"), named_supervisor)
register_resolver("workorders.return_visit_assignee", _("回访责任人"), return_visit_assignee)
register_resolver(
    "workorders.owner_or_first_owner", _("工单的当前承办人（无承办人时为首个承办人）"), owner_or_first_owner
)
register_resolver(
    "workorders.place_staff_and_owner", _("工单所在服务点（机构）的工作人员和承办人"), place_staff_and_owner
)
register_resolver("workorders.rectification_responsible", _("整改责任人"), rectification_responsible)

for verb, label in (
    ("workorders.workorder.dispatch", _("工单派单")),
    ("workorders.workorder.transfer", _("工单转办")),
    ("workorders.workorder.reopen", _("工单重新办理")),
    ("workorders.workorder.return_12345", _("12345退回重办")),
    ("workorders.external_update_gave_up", _("回传12345失败")),
    ("workorders.return_visit_opened", _("差评回访")),
    ("workorders.return_visit_sampled", _("抽查回访")),
    ("workorders.rectification_opened", _("差评整改")),
    ("workorders.supervision_raised", _("工单督办")),
    ("workorders.supervision_issued", _("主管督办")),
    ("workorders.due_soon", _("工单即将超时")),
):
    register_event_kind(verb, label, context=order_context, placeholders=ORDER_PLACEHOLDERS)

register_event_kind(
    "workorders.site_rectification_opened",
    _("示范点检查扣分整改"),
    context=site_rectification_context,
    placeholders=("link", "place", "deadline", "issue"),
)
