"""The project's own admin forms are on the core base (Chinese messages, the control-character
check); only the user forms, built on Django's auth admin forms, keep Django's."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin

from gongfa.core.forms import ChineseErrorsMixin
from gongfa.workorders.admin import DispatchRuleForm

# Built on django.contrib.auth's admin forms (password hashing and checks): left as Django made them.
DJANGO_BUILT = {"gongfa.accounts.admin.UserEditForm", "gongfa.accounts.admin.UserCreationForm"}


def test_every_custom_admin_form_is_on_the_base() -> None:
    custom = set()
    for model_admin in admin.site._registry.values():
        for form in (model_admin.form, getattr(model_admin, "add_form", None)):
            if form is None or form is forms.ModelForm or not form.__module__.startswith("gongfa."):
                continue
            custom.add(form)
    assert len(custom) >= 4
    off_base = {f"{f.__module__}.{f.__qualname__}" for f in custom if not issubclass(f, ChineseErrorsMixin)}
    assert off_base == DJANGO_BUILT


@pytest.mark.django_db
def test_an_admin_form_says_what_is_wrong_in_chinese() -> None:
    form = DispatchRuleForm({"name": "劳动\x00争议", "priority": "高"})
    assert not form.is_valid()
    assert form.errors["name"] == ["内容中含有不可见的控制字符（如 NUL），请删除后重新提交。"]
    assert str(form.errors["priority"][0]).endswith("请填整数。")
