"""Accessible form rendering: every field has a label, its hint and error are linked to the input
with aria-describedby, and the error summary links to each field (after GOV.UK Frontend)."""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

from gongfa.core.errors import DomainError


class AccessibleBoundField(BoundField):
    """Django 5.2 already links help text and errors (`<id>_helptext`, `<id>_error`) through
    aria-describedby and sets aria-invalid; this adds the anchor the error summary links to."""

    @property
    def anchor(self) -> str:
        """Where the error summary's link for this field points."""
        if self.use_fieldset:
            return f"{self.auto_id}_0"
        return self.auto_id or self.html_name


class AccessibleFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = AccessibleBoundField


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
