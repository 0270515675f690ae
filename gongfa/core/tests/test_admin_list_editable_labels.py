"""Every list_editable input of an admin changelist carries a label (#16 item 16): the column and
the row (gongfa.core.admin.labelled_changelist_form), for every admin, present and future."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from gongfa.core.admin import labelled_changelist_form, row_label

INPUT = re.compile(r"<(?:input|select|textarea)\b[^>]*>")


def editable_admins() -> list[admin.ModelAdmin]:
    return [model_admin for model_admin in admin.site._registry.values() if model_admin.list_editable]


def test_the_admins_with_editable_columns_are_found() -> None:
    names = {model_admin.model.__name__ for model_admin in editable_admins()}
    assert {"Topic", "DispatchRule"} <= names  # 咨询类别, 分派规则: the ones the audit named


@pytest.mark.django_db
@pytest.mark.parametrize("model_admin", editable_admins(), ids=lambda m: m.model.__name__)
def test_every_editable_cell_is_labelled_with_its_column_and_row(admin_client, model_admin) -> None:
    meta = model_admin.model._meta
    response = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    first = model_admin.get_queryset(response.wsgi_request).order_by("pk").first()
    assert first is not None, f"no {meta.model_name} row to show (seeded by the migrations)"
    for field in model_admin.list_editable:
        inputs = [tag for tag in INPUT.findall(page) if re.search(rf'name="form-\d+-{field}"', tag)]
        assert inputs, f"{meta.model_name}.{field}: no input rendered"
        unlabelled = [tag for tag in inputs if "aria-label=" not in tag]
        assert not unlabelled, unlabelled[:2]
        column = str(meta.get_field(field).verbose_name)
        assert all(f'aria-label="{column}：' in tag for tag in inputs), inputs[:2]


def test_a_row_label_names_the_column_and_the_row() -> None:
    assert row_label("排序", "劳动争议") == "排序：劳动争议"
    assert row_label("排序", "") == "排序"  # a new row has no name yet


def test_labelling_wraps_a_form_once_and_leaves_hidden_inputs_alone() -> None:
    from django import forms

    from gongfa.workorders.models import Topic

    base = forms.modelform_factory(Topic, fields=("sort_order", "is_active"), widgets={"is_active": forms.HiddenInput})
    labelled = labelled_changelist_form(base)
    assert labelled_changelist_form(labelled) is labelled
    form = labelled(instance=Topic(pk=7, name="劳动争议"))
    assert form.fields["sort_order"].widget.attrs["aria-label"].endswith("：劳动争议")
    assert "aria-label" not in form.fields["is_active"].widget.attrs
