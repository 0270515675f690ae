"""Admin for API tokens: administrators list them and revoke them; secrets are never shown
(only their hash is stored). Tokens are issued with `manage.py issue_api_token`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.api.models import ApiToken
from gongfa.core.admin import AdministratorsOnly


class StateFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("active", gettext("有效")), ("expired", gettext("已过期")), ("revoked", gettext("已吊销"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True).exclude(expires_at__lte=now)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = (
        "display_prefix",
        "name",
        "user",
        "scope_list",
        "state",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = (StateFilter,)
    search_fields = ("name", "prefix", "user__username", "user__real_name")
    list_select_related = ("user",)
    fields = ("name", "user", "display_prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ("revoke",)

    @admin.display(description=_("令牌前缀"), ordering="prefix")
    def display_prefix(self, obj: ApiToken) -> str:
        return f"gf_{obj.prefix}_…"

    @admin.display(description=_("状态"))
    def state(self, obj: ApiToken) -> str:
        return obj.state_label

    @admin.display(description=_("权限范围"))
    def scope_list(self, obj: ApiToken) -> str:
        return ", ".join(obj.scopes or [])

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, gettext("已吊销 {count} 个令牌。").format(count=count), messages.SUCCESS)

    # Issued only by the management command (the secret is printed once there).
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Needed for the revoke action; every field is read-only.
        return super().has_view_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
