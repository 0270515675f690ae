from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.admin import AdministratorsOnly, ReadOnlyLogAdmin, is_administrator
from gongfa.core.forms import ModelForm
from gongfa.notifications import registry
from gongfa.notifications.choices import NoticeKind
from gongfa.notifications.models import Notification, NotificationPreference, Subscription


@admin.register(Notification)
class NotificationAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at", "sms_sent_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "recipient__real_name")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


class AdministratorsEdit(AdministratorsOnly):
    """Administrators (role 系统管理员, or superusers) edit these rows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)


@admin.register(Subscription)
class SubscriptionAdmin(AdministratorsEdit, admin.ModelAdmin):
    """The subscription table (通知订阅): which event notifies whom, with what text."""

    list_display = ("event_kind", "recipients", "notice_kind", "title_template", "sms", "enabled")
    list_editable = ("sms", "enabled")
    list_filter = ("enabled", "sms", "notice_kind")
    search_fields = ("event_kind", "title_template")
    readonly_fields = ("placeholders",)
    fields = (
        "event_kind",
        "recipients",
        "notice_kind",
        "title_template",
        "body_template",
        "link_template",
        "placeholders",
        "sms",
        "enabled",
    )

    @admin.display(description=_("可用占位符"))
    def placeholders(self, obj: Subscription) -> str:
        kind = registry.event_kind(obj.event_kind) if obj.pk else None
        if kind is None:
            return gettext("保存后按事件显示；各事件都可用 {reason}（原因）、{actor}（操作人）")
        return "、".join(f"{{{name}}}" for name in kind.all_placeholders)


class NotificationPreferenceAdminForm(ModelForm):
    """The muted kinds as tick boxes (the column is a JSON list of NoticeKind codes)."""

    sms_muted_kinds = forms.MultipleChoiceField(
        label=_("不发短信的通知类型"),
        choices=NoticeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选的类型只在站内通知，不发短信。"),
    )

    class Meta:
        model = NotificationPreference
        fields = ("user", "sms_enabled", "sms_muted_kinds")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AdministratorsEdit, admin.ModelAdmin):
    form = NotificationPreferenceAdminForm
    list_display = ("user", "sms_enabled", "updated_at")
    list_filter = ("sms_enabled",)
    search_fields = ("user__username", "user__real_name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
