"""Access checks (the workbench's doors) and small helpers shared by the workbench views."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.access import Audience, door
from gongfa.workorders import selectors
from gongfa.workorders.models import WorkOrder

# The workbench's doors (gongfa.core.access): every staff role; supervisors and administrators.
staff_required = door(Audience.STAFF)
supervisor_required = door(Audience.SUPERVISOR)


def staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def order_for(
    request: HttpRequest, tracking_number: str, action: selectors.Action = selectors.Action.VIEW
) -> WorkOrder:
    """The order if the user may see it; 404 otherwise (nobody learns that it exists)."""
    try:
        return selectors.get_visible(staff(request), tracking_number, action)
    except WorkOrder.DoesNotExist:
        raise Http404(gettext("找不到该工单")) from None


def can_supervise(user: User) -> bool:
    return user.is_supervisor or user.is_administrator
