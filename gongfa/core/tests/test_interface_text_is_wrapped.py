"""Every piece of interface text in the modules that build pages (forms, views, admin) and every
model label is wrapped for translation (#16 item 13), so an English page is English.

A Chinese literal counts as interface text unless it is a docstring, a dictionary key, an operand
of a comparison or a subscript, or an argument of a lookup (`filter`, `Q`, a regular expression,
a log call): those are data. A module that is mostly data carries a reason in DATA_MODULES."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HAN = re.compile(r"[\u3400-\u9fff]")
TRANSLATE = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "format_lazy"}
DATA_CALLS = {
    "filter", "exclude", "get", "Q", "compile", "search", "match", "fullmatch", "sub", "split", "replace",
    "startswith", "endswith", "strip", "debug", "info", "warning", "exception", "print", "write", "create",
    "get_or_create", "update_or_create", "record_event", "transition", "reverse", "redirect", "Value",
}  # fmt: skip
DATA_KEYWORDS = {"reason", "note", "text", "body", "content", "default", "name", "code", "value", "address"}
INTERFACE_MODULES = re.compile(r"(forms?(/|\.py$|_forms)|/views/|/views\.py$|/admin\.py$|templatetags/)")
LABEL_KEYWORDS = {"verbose_name", "verbose_name_plural", "help_text", "label", "empty_label"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def unwrapped(path: Path, *, labels_only: bool) -> list[str]:
    """The Chinese literals of `path` shown to people but not wrapped for translation."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value)):
            continue
        if id(node) in docstrings:
            continue
        chain, parent, data, label = [], parents.get(id(node)), False, not labels_only
        child: ast.AST = node
        while parent is not None:
            chain.append(parent)
            if isinstance(parent, ast.Call) and _name(parent) in TRANSLATE:
                data = True  # wrapped
                break
            if isinstance(parent, ast.Call) and _name(parent) in DATA_CALLS:
                data = True
                break
            if isinstance(parent, ast.Compare | ast.Subscript | ast.match_case | ast.Assert):
                data = True
                break
            if isinstance(parent, ast.Dict) and any(child is key for key in parent.keys):
                data = True
                break
            if isinstance(parent, ast.keyword) and parent.arg in DATA_KEYWORDS:
                data = True
                break
            if isinstance(parent, ast.keyword) and parent.arg in LABEL_KEYWORDS:
                label = True
            if isinstance(parent, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id in LABEL_KEYWORDS for target in parent.targets
            ):
                label = True  # class Meta: verbose_name = …
            if isinstance(parent, ast.Call) and (_name(parent) or "").endswith("Field") and labels_only:
                label = True
            if isinstance(parent, ast.ClassDef) and labels_only:
                bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in parent.bases]
                if any(base.endswith("Choices") for base in bases):
                    tuple_node = chain[-2] if len(chain) > 1 else None
                    label = isinstance(tuple_node, ast.Tuple) and tuple_node.elts[0] is not node
            child, parent = parent, parents.get(id(parent))
        if not data and label:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}")
    return found


def _modules(pattern: re.Pattern[str] | None, name: str | None = None) -> list[Path]:
    paths = []
    for path in sorted((ROOT / "gongfa").rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if "/tests/" in relative or "/migrations/" in relative or "/management/" in relative:
            continue
        if relative.startswith(("gongfa/demo/", "gongfa/testing/")):
            continue
        if (pattern is not None and pattern.search(relative)) or (name is not None and path.name == name):
            paths.append(path)
    return paths


def test_pages_forms_and_admin_wrap_their_text() -> None:
    modules = _modules(INTERFACE_MODULES)
    assert len(modules) > 100  # the walk found the interface modules
    missing = [hit for path in modules for hit in unwrapped(path, labels_only=False)]
    assert not missing, "\n".join(missing[:40])


@pytest.mark.parametrize("name", ["models.py", "choices.py"])
def test_model_and_choice_labels_are_wrapped(name: str) -> None:
    modules = _modules(None, name) + [p for p in _modules(re.compile(r"/models/")) if p.name != "__init__.py"]
    assert modules
    missing = [hit for path in modules for hit in unwrapped(path, labels_only=True)]
    assert not missing, "\n".join(missing[:40])


def test_the_check_finds_an_unwrapped_meta_label() -> None:
    sample = ROOT / "gongfa" / "core" / "tests" / "_unwrapped_meta_sample.py"
    sample.write_text(
        'from django.db import models\n\nclass M(models.Model):\n    class Meta:\n        verbose_name = "工单"\n',
        encoding="utf-8",
    )
    try:
        hits = unwrapped(sample, labels_only=True)
    finally:
        sample.unlink()
    assert [hit.split(": ", 1)[1] for hit in hits] == ["'工单'"]


def test_the_check_finds_an_unwrapped_label(tmp_path: Path) -> None:
    sample = ROOT / "gongfa" / "core" / "tests" / "_unwrapped_sample.py"
    sample.write_text(
        "from django import forms\nfrom django.utils.translation import gettext_lazy as _\n\n"
        'class F(forms.Form):\n    a = forms.CharField(label="姓名")\n    b = forms.CharField(label=_("电话"))\n'
        '    def clean(self):\n        if self.data.get("x") == "是":\n'
        '            raise forms.ValidationError("错误")\n',
        encoding="utf-8",
    )
    try:
        hits = unwrapped(sample, labels_only=False)
    finally:
        sample.unlink()
    assert [hit.split(": ", 1)[1] for hit in hits] == ["'姓名'", "'错误'"]
