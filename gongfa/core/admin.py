"""Shared pieces for the admin site: who may see a page, and read-only logs."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


def is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and getattr(user, "is_administrator", False))


class AdministratorsOnly:
    """Only administrators (role 系统管理员, or superusers) see these pages."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)


class ReadOnly:
    """Records that change only through domain services (or never): no add, edit or delete here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyLogAdmin(AdministratorsOnly, ReadOnly, admin.ModelAdmin):
    """Audit and message logs: administrators read them, nobody edits them."""
