"""In-app notifications (站内通知): the list marks what it shows as read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongfa.notifications.models import Notification
from gongfa.notifications.services import mark_read
from gongfa.workbench.views.common import staff, staff_required

LIST_LIMIT = 100


@staff_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if request.method == "POST":
        count = mark_read(user)
        messages.success(request, f"已将 {count} 条通知标为已读。")
        return redirect("workbench:notifications")
    items = list(Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:LIST_LIMIT])
    unread = [item.pk for item in items if item.read_at is None]
    response = render(request, "workbench/notifications.html", {"items": items, "unread_ids": set(unread)})
    if unread:
        mark_read(user, unread)  # shown once as new, then read
    return response
