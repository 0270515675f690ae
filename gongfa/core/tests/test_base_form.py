"""core.forms.Form: Chinese messages naming the field, the control-character check on every text
field, every error at once, and a service's several problems put on the form."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.template.loader import render_to_string

from gongfa.core.errors import DomainError, Problem, ValidationFailed
from gongfa.core.forms import ChineseErrorsMixin, Form, add_domain_error, check_as_well, field_subject


class SampleForm(Form):
    name = forms.CharField(label="姓名", max_length=4)
    size = forms.IntegerField(label="家庭人口（人）", min_value=1, max_value=30)
    income = forms.DecimalField(label="月收入（元）", max_digits=6, decimal_places=2, required=False)
    kind = forms.ChoiceField(label="类别", choices=[("a", "甲"), ("b", "乙")])
    day = forms.DateField(label="日期", required=False)
    agree = forms.BooleanField(label="我已阅读须知")
    code = forms.RegexField(label="区划代码", regex=r"^\d{12}$", required=False)
    share = forms.CharField(label="抽查比例（%）", max_length=3, required=False)
    own = forms.CharField(label="自定义", required=False, max_length=2, error_messages={"max_length": "太长了。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Added after the base's __init__: still localised.
        self.fields["note"] = forms.CharField(label="备注", required=False)


def _errors(data):
    form = SampleForm(data)
    assert not form.is_valid()
    return form.errors


def test_every_field_is_reported_at_once_in_chinese_naming_the_field():
    errors = _errors({"name": "", "size": "x", "kind": "", "agree": ""})
    assert errors == {
        "name": ["请填写姓名。"],
        "size": ["家庭人口请填整数。"],
        "kind": ["请选择类别。"],
        "agree": ["请勾选我已阅读须知。"],
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "张三李四王"}, "name", "姓名不能超过 4 个字（现在 5 个字）。"),
        ({"size": "0"}, "size", "家庭人口不能小于 1。"),
        ({"size": "31"}, "size", "家庭人口不能大于 30。"),
        ({"income": "abc"}, "income", "月收入请填数字。"),
        ({"income": "12345.6"}, "income", "月收入的整数部分最多 4 位。"),
        ({"income": "1.234"}, "income", "月收入最多保留 2 位小数。"),
        ({"kind": "z"}, "kind", "类别的选项不在列表中，请重新选择。"),
        ({"day": "2026-13-01"}, "day", "日期的格式不正确，应为 年-月-日。"),
        ({"code": "12ab"}, "code", "区划代码的格式不正确。"),
        ({"share": "1000"}, "share", "抽查比例不能超过 3 个字（现在 4 个字）。"),
        ({"own": "abc"}, "own", "太长了。"),  # the form's own message wins
        ({"name": "张\x00三"}, "name", "内容中含有不可见的控制字符（如 NUL），请删除后重新提交。"),
        ({"note": "备\x07注"}, "note", "内容中含有不可见的控制字符（如 NUL），请删除后重新提交。"),
    ],
)
def test_each_kind_of_bad_input_has_its_chinese_message(data, field, message):
    base = {"name": "张三", "size": "2", "kind": "a", "agree": "on"}
    assert _errors({**base, **data}) == {field: [message]}


def test_no_message_keeps_ascii_punctuation_or_english():
    form = SampleForm({"name": "", "size": "x", "kind": "z", "day": "x", "code": "x", "agree": ""})
    form.is_valid()
    messages = [message for errors in form.errors.as_data().values() for e in errors for message in e.messages]
    assert len(messages) == 6
    for message in messages:
        assert message.endswith("。"), message
        assert not any(c.isascii() and c.isalpha() for c in message), message


def test_tab_and_line_breaks_are_fine():
    form = SampleForm({"name": "张三", "size": "2", "kind": "a", "agree": "on", "note": "第一行\r\n\t第二行"})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("label", "subject"),
    [
        ("家庭月收入（元）", "家庭月收入"),
        ("您需要法律援助办什么事？", "您需要法律援助办什么事"),
        ("", "此项"),
        ("姓名", "姓名"),
    ],
)
def test_a_message_names_the_field_without_its_trailing_notes(label, subject):
    assert field_subject(forms.CharField(label=label)) == subject


def _form_modules() -> list[str]:
    """Every forms module of the project (forms.py, *_forms.py, forms/<domain>.py), found by walking
    the package, so a new app's forms are held to the base too."""
    import gongfa

    names = []
    for info in pkgutil.walk_packages(gongfa.__path__, "gongfa."):
        parts = info.name.split(".")
        if "tests" in parts or info.name == "gongfa.core.forms":
            continue
        if info.ispkg:
            continue  # a forms package's modules are walked one by one
        if any(part == "forms" or part.endswith("_forms") for part in parts):
            names.append(info.name)
    return sorted(names)


FORM_MODULES = _form_modules()


def test_the_walk_finds_the_forms_modules():
    assert {
        "gongfa.workbench.forms",
        "gongfa.portal.legalaid_forms",
        "gongfa.accounts.forms",
        "gongfa.workbench.performance_forms.targets",
    } <= set(FORM_MODULES)


@pytest.mark.parametrize("module", FORM_MODULES)
def test_every_project_form_uses_the_base(module):
    classes = [
        cls
        for _, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module
    ]
    assert classes
    assert [cls.__name__ for cls in classes if not issubclass(cls, ChineseErrorsMixin)] == []


def test_a_services_several_problems_go_beside_their_fields_and_the_rest_on_top():
    form = SampleForm({"name": "张三", "size": "2", "kind": "a", "agree": "on"})
    assert form.is_valid()
    add_domain_error(
        form,
        ValidationFailed(
            [
                Problem("name", "与身份证上的姓名不一致。"),
                Problem("size", "家庭人口与户籍不符。"),
                Problem("region", "本地区尚未设立法律援助机构。"),
            ]
        ),
    )
    assert form.errors == {
        "name": ["与身份证上的姓名不一致。"],
        "size": ["家庭人口与户籍不符。"],
        "__all__": ["本地区尚未设立法律援助机构。"],
    }


def test_one_domain_error_still_works():
    form = SampleForm({"name": "张三", "size": "2", "kind": "a", "agree": "on"})
    form.is_valid()
    add_domain_error(form, DomainError("类别不适用。", field="kind"))
    assert form.errors == {"kind": ["类别不适用。"]}


def test_the_services_checks_run_as_well_when_the_form_failed_without_repeating_a_faulted_field():
    form = SampleForm({"name": "", "size": "2", "kind": "a", "agree": "on", "code": "12ab"})
    assert not form.is_valid()

    def check():
        raise ValidationFailed(
            [Problem("name", "请填写申请人姓名。"), Problem("kind", "类别不适用。"), Problem("size", "人口不符。")]
        )

    check_as_well(form, check, same_as={"code": "kind"})
    assert form.errors == {
        "name": ["请填写姓名。"],  # the form's own, not the service's repeat
        "code": ["区划代码的格式不正确。"],  # one place, two inputs: "kind" counts as faulted too
        "size": ["人口不符。"],
    }


def test_the_summary_lists_every_error_with_a_link_to_its_field():
    form = SampleForm({"name": "", "size": "x", "kind": "", "agree": ""})
    form.is_valid()
    form.add_error(None, "请稍后再试。")
    html = render_to_string("core/components/error_summary.html", {"form": form})
    assert 'data-error-summary tabindex="-1"' in html
    assert "<li>请稍后再试。</li>" in html
    for name, message in [("name", "请填写姓名。"), ("size", "家庭人口请填整数。"), ("kind", "请选择类别。")]:
        assert f'<a href="#id_{name}">{message}</a>' in html
    assert '<a href="#id_agree">请勾选我已阅读须知。</a>' in html
    field = form["name"].as_field_group()
    assert 'id="id_name_error"' in field and "请填写姓名。" in field and 'aria-invalid="true"' in field


class ServiceCheckedForm(Form):
    """Every field optional to Django, the service deciding: no （选填） but where declared."""

    mark_optional = False
    name = forms.CharField(label="姓名", required=False)
    address = forms.CharField(label="住址", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].optional = True  # type: ignore[attr-defined]


def _shows(form: forms.Form, name: str) -> bool:
    return bool(form[name].shows_optional)  # type: ignore[attr-defined]  # AccessibleBoundField


def test_optional_is_marked_where_the_form_does_not_require_or_the_field_is_declared_optional():
    plain = SampleForm()
    assert _shows(plain, "income") and not _shows(plain, "name")
    checked = ServiceCheckedForm()
    assert not _shows(checked, "name") and _shows(checked, "address")
    html = str(checked)
    assert html.count("（选填）") == 1 and html.index("（选填）") > html.index("住址")
