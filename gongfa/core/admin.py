"""Shared pieces for the admin site: who may see a page, read-only logs, and labels for the inputs
of a changelist's list_editable columns."""

from __future__ import annotations

from typing import Any

from django import forms
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


# ---------------------------------------------------------------------------------------------
# list_editable inputs carry a label (axe: "Form elements must have labels", critical)
# ---------------------------------------------------------------------------------------------
def row_label(field_label: object, row: object) -> str:
    """What a screen reader announces for one editable cell: the column and the row, 排序：劳动争议."""
    row_text = str(row).strip()
    return f"{field_label}：{row_text}" if row_text else str(field_label)


def labelled_changelist_form(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """The changelist's row form, each visible input with an aria-label naming its column and row
    (Django renders the list_editable inputs in table cells, with no <label>)."""
    if getattr(form_class, "labels_rows", False):
        return form_class

    def __init__(self: forms.ModelForm, *args: Any, **kwargs: Any) -> None:
        form_class.__init__(self, *args, **kwargs)
        row = self.instance if self.instance.pk is not None else ""
        for name, field in self.fields.items():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", row_label(field.label or name, row))

    return type(form_class.__name__, (form_class,), {"__init__": __init__, "labels_rows": True})


_django_changelist_form = admin.ModelAdmin.get_changelist_form


def _changelist_form(self: admin.ModelAdmin, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:
    return labelled_changelist_form(_django_changelist_form(self, request, **kwargs))


# The admin's own stylesheet leaves the breadcrumbs' links distinguished by colour alone.
ADMIN_CSS = forms.Media(css={"all": ["gongfa/css/admin.css"]})
_django_media = admin.ModelAdmin.media


def _media(self: admin.ModelAdmin) -> forms.Media:
    return _django_media.fget(self) + ADMIN_CSS  # type: ignore[attr-defined]


# Every admin, present and future, gets the labels and the stylesheet: the admin site is Django's
# own (admin.site, its templates found before ours), so the one place that builds the row form and
# the media for all of them is ModelAdmin.
admin.ModelAdmin.get_changelist_form = _changelist_form  # type: ignore[method-assign]
admin.ModelAdmin.media = property(_media)  # type: ignore[assignment,method-assign]
