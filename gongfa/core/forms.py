"""Forms of the project: one base (`Form`) and the accessible rendering.

- Every field reports its problems in Chinese with full-width punctuation, naming the field
  (Django's defaults are English or generic); a form's own `error_messages` still win.
- Every text field rejects NUL and other control characters (`validate_plain_text`), the one rule
  for free text, so no form has to remember it.
- Rendering: every field has a label, its hint and error are linked to the input with
  aria-describedby, and the error summary links to each field (after GOV.UK Frontend).
- A service's refusal (`DomainError`, or `ValidationFailed` with several problems) is put on the
  form with `add_domain_error`: every problem beside its field and in the summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext

from gongfa.core.errors import DomainError
from gongfa.core.validators import validate_plain_text

_M = TypeVar("_M", bound=models.Model)


class AccessibleBoundField(BoundField):
    """Django 5.2 already links help text and errors (`<id>_helptext`, `<id>_error`) through
    aria-describedby and sets aria-invalid; this adds the anchor the error summary links to."""

    @property
    def shows_optional(self) -> bool:
        """Whether the label says （选填）: a field the form does not require, unless the form turns
        the mark off (``mark_optional = False``, where its service decides what is required and
        every field is optional to Django); then only fields declared optional (``optional = True``
        on the field) say so."""
        if getattr(self.field, "optional", False):
            return True
        return not self.field.required and getattr(self.form, "mark_optional", True) is not False

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


# ---------------------------------------------------------------------------------------------
# Chinese error messages (中文校验提示)

# A label's trailing question mark or colon and a trailing note in brackets ("（元）", "（选填）")
# read badly inside a sentence: "请填写家庭月收入。", not "请填写家庭月收入（元）。".
_LABEL_TAIL = re.compile(r"(\s*[（(][^（）()]*[）)])+$|[？?：:。]+$")


def field_subject(field: forms.Field, name: str = "") -> str:
    """How a message names the field: its label without trailing notes, or "此项"."""
    label = str(field.label or "").strip()
    while True:
        shorter = _LABEL_TAIL.sub("", label).strip()
        if shorter == label:
            break
        label = shorter
    return label or gettext("此项")


def _chooses(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.BooleanField) or isinstance(
        field.widget, forms.Select | forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple
    )


def chinese_messages(field: forms.Field, name: str = "") -> dict[str, str]:
    """The project's message for each error code a field can raise. Messages that Django formats
    with params (the validators', invalid_choice) escape a "%" in the label."""
    subject = field_subject(field, name)
    fmt = subject.replace("%", "%%")
    if isinstance(field, forms.FileField):
        required = gettext("请选择要上传的{subject}。").format(subject=subject)
    elif isinstance(field, forms.BooleanField):
        required = gettext("请勾选{subject}。").format(subject=subject)
    elif _chooses(field):
        required = gettext("请选择{subject}。").format(subject=subject)
    else:
        required = gettext("请填写{subject}。").format(subject=subject)
    messages: dict[str, str] = {
        "required": required,
        "invalid_choice": gettext("{fmt}的选项不在列表中，请重新选择。").format(fmt=fmt),
        "invalid_list": gettext("{subject}的选项不正确，请重新选择。").format(subject=subject),
        "invalid_pk_value": gettext("{fmt}的选项不正确，请重新选择。").format(fmt=fmt),
        "max_length": gettext("{fmt}不能超过 %(limit_value)d 个字（现在 %(show_value)d 个字）。").format(fmt=fmt),
        "min_length": gettext("{fmt}至少要 %(limit_value)d 个字（现在 %(show_value)d 个字）。").format(fmt=fmt),
        "min_value": gettext("{fmt}不能小于 %(limit_value)s。").format(fmt=fmt),
        "max_value": gettext("{fmt}不能大于 %(limit_value)s。").format(fmt=fmt),
        "step_size": gettext("{fmt}须是 %(limit_value)s 的整数倍。").format(fmt=fmt),
        "max_digits": gettext("{fmt}最多 %(max)s 位数字。").format(fmt=fmt),
        "max_decimal_places": gettext("{fmt}最多保留 %(max)s 位小数。").format(fmt=fmt),
        "max_whole_digits": gettext("{fmt}的整数部分最多 %(max)s 位。").format(fmt=fmt),
    }
    if isinstance(field, forms.FloatField | forms.DecimalField):  # both are IntegerFields too
        messages["invalid"] = gettext("{subject}请填数字。").format(subject=subject)
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = gettext("{subject}请填整数。").format(subject=subject)
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = gettext("{subject}的格式不正确，应为 年-月-日 时:分。").format(subject=subject)
    elif isinstance(field, forms.DateField):
        messages["invalid"] = gettext("{subject}的格式不正确，应为 年-月-日。").format(subject=subject)
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = gettext("{subject}的格式不正确，应为 时:分。").format(subject=subject)
    elif isinstance(field, forms.UUIDField):
        messages["invalid"] = gettext("页面已失效，请刷新后重新提交。")
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = gettext("电子邮箱格式不正确。")
    elif isinstance(field, forms.URLField):
        messages["invalid"] = gettext("网址格式不正确。")
    elif isinstance(field, forms.RegexField | forms.SlugField | forms.GenericIPAddressField):
        messages["invalid"] = gettext("{fmt}的格式不正确。").format(fmt=fmt)
    elif isinstance(field, forms.FileField):
        messages["invalid"] = gettext("没有收到文件，请重新选择后上传。")
    elif isinstance(field, forms.JSONField):
        messages["invalid"] = gettext("{subject}不是有效的 JSON。").format(subject=subject)
    if isinstance(field, forms.FileField):
        messages.update(
            missing=gettext("没有收到文件，请重新选择后上传。"),
            empty=gettext("上传的文件是空的。"),
            max_length=gettext("文件名不能超过 %(max)d 个字（现在 %(length)d 个字）。"),
            contradiction=gettext("请上传文件或勾选清除，不能同时进行。"),
        )
    if isinstance(field, forms.ImageField):
        messages["invalid_image"] = gettext("请上传有效的图片：该文件不是图片，或已损坏。")
    return messages


def _django_defaults(field: forms.Field) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def localise_field(field: forms.Field, name: str = "") -> None:
    """Give a field the project's messages where it still has Django's own (by identity: a
    message the form set itself is kept), and the control-character check on text."""
    defaults = _django_defaults(field)
    for code, message in chinese_messages(field, name).items():
        current = field.error_messages.get(code)
        if current is None or (code in defaults and current is defaults[code]):
            field.error_messages[code] = message
    if isinstance(field, forms.CharField) and validate_plain_text not in field.validators:
        # validate_plain_text covers NUL too: Django's own NUL check would only say it twice.
        field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        field.validators.append(validate_plain_text)


class ChineseErrorsMixin:
    """Localise every field just before validation, so fields a form adds in its __init__ (after
    this base's) get the same messages."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for name, field in self.fields.items():
            localise_field(field, name)
        super().full_clean()  # type: ignore[misc]


class Form(ChineseErrorsMixin, forms.Form):
    """The base of every form of the project (表单基类): see the module docstring."""


class ModelForm(ChineseErrorsMixin, forms.ModelForm[_M]):
    """The base of the project's model forms (模型表单基类, e.g. the admin's own forms): the same
    Chinese messages and control-character check as `Form`; the model's own checks still run."""


# ---------------------------------------------------------------------------------------------
# A service's refusal on the form


def add_domain_error(
    form: forms.Form, error: DomainError, *, skip_faulted: bool = False, same_as: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: each problem on its field when the form has it, else
    at the top. With skip_faulted, a field the form's own checks already faulted is left as it is
    (the service's complaint about a value the form rejected would only repeat it); same_as names
    form fields whose fault counts as another's (region_code → region: one place, two inputs)."""
    faulted = set(form.errors) if skip_faulted else set()
    faulted |= {target for source, target in (same_as or {}).items() if source in faulted}
    for problem in error.problems:
        field = problem.field if problem.field in form.fields else None
        if field is not None and field in faulted:
            continue
        if problem.message in form.errors.get(field or NON_FIELD_ERRORS, []):
            continue
        form.add_error(field, problem.message)


def check_as_well(form: forms.Form, check: Callable[[], object], *, same_as: dict[str, str] | None = None) -> None:
    """The form's own checks failed: still run the service's checks on what was clean, so the page
    shows every problem at once instead of one round per submit. `check` must change nothing."""
    try:
        check()
    except DomainError as exc:
        add_domain_error(form, exc, skip_faulted=True, same_as=same_as)


def page_status(*forms_shown: forms.Form | None) -> int:
    """The status of a page showing forms, the same on citizen and staff pages: 400 when a
    submitted form was refused (the page comes back with its errors), else 200."""
    return 400 if any(form is not None and form.is_bound and form.errors for form in forms_shown) else 200
