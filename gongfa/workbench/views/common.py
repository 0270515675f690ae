"""Access checks and small helpers shared by the workbench views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from gongfa.accounts.models import User
from gongfa.workorders import selectors
from gongfa.workorders.models import WorkOrder

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Staff only: anonymous visitors go to the staff login, citizens get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:staff_login"))
        if not isinstance(user, User) or not user.is_platform_staff:
            raise PermissionDenied("仅限工作人员使用")
        return view(request, *args, **kwargs)

    return wrapper


def supervisor_required(view: View) -> View:
    """Supervisors (督办主管) and administrators only."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = staff(request)
        if not (user.is_supervisor or user.is_administrator):
            raise PermissionDenied("仅限督办主管使用")
        return view(request, *args, **kwargs)

    return wrapper


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
        raise Http404("找不到该工单") from None


def can_supervise(user: User) -> bool:
    return user.is_supervisor or user.is_administrator
