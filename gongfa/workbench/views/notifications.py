"""In-app notifications (站内通知): the list marks what it shows as read; the person's own SMS
setting (通知设置), on or off and per kind of notice, is changed here too."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error
from gongfa.notifications.forms import NotificationPreferenceForm
from gongfa.notifications.models import Notification
from gongfa.notifications.services import mark_read, set_sms_preference, sms_kinds_kept, wants_sms
from gongfa.workbench.views.common import staff, staff_required

LIST_LIMIT = 100
PREFERENCES_ACTION = "preferences"


@staff_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    preference_form = None
    if request.method == "POST" and request.POST.get("action") == PREFERENCES_ACTION:
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            try:
                set_sms_preference(
                    user, sms_enabled=form.cleaned_data["sms_enabled"], sms_kinds=form.cleaned_data["sms_kinds"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if form.cleaned_data["sms_enabled"]:
                    messages.success(request, _("已开启短信提醒：勾选的通知类型会同时发短信。"))
                else:
                    messages.success(request, _("已关闭短信提醒，今后只在站内通知。"))
                return redirect("workbench:notifications")
        preference_form = form  # shown again with every problem, nothing saved
    elif request.method == "POST":
        count = mark_read(user)
        messages.success(request, _("已将 {count} 条通知标为已读。").format(count=count))
        return redirect("workbench:notifications")
    if preference_form is None:
        preference_form = NotificationPreferenceForm(
            initial={"sms_enabled": wants_sms(user), "sms_kinds": sms_kinds_kept(user)}
        )
    items = list(Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:LIST_LIMIT])
    unread = [item.pk for item in items if item.read_at is None]
    context = {
        "items": items,
        "unread_ids": set(unread),
        "preference_form": preference_form,
        "has_phone": bool(user.phone),
        "preferences_action": PREFERENCES_ACTION,
    }
    status = 400 if preference_form.errors else 200
    response = render(request, "workbench/notifications.html", context, status=status)
    if unread and status == 200:
        mark_read(user, unread)  # shown once as new, then read
    return response
