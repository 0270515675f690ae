"""Answers as the API receives and shows them.

``check_shape``: what a client sent for one step, before the service reads it. The service
(drafting.answers.clean_answers) checks the values; here each answer must be of a shape its
question takes (a value, a list of values for a multiple choice, a list of objects for a group),
name a question of the step, and hold no control characters — each problem named by its path
(``loans.2.principal``, items counted from 1 as the service counts them), reported together with
the service's own problems.

``masked``: the answers for someone who may only read them (supervisors): ID numbers and phones
masked, as in every list of the platform.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from gongfa.core.errors import Problems
from gongfa.core.masking import mask_id_number, mask_phone
from gongfa.core.validators import contains_control_chars
from gongfa.drafting.definitions import NAME, Definition, FieldSpec, Step

LIST_TYPES = ("multichoice",)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _text_problem(value: str) -> str | None:
    if contains_control_chars(value):
        return gettext("内容中含有不可见的控制字符（如 NUL），请删除后重新提交。")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return gettext("内容中含有无法识别的字符，请删除后重新提交。")
    return None


class _ShapeChecker:
    """Walks one step's answers along its questions: each problem added, and the answers as the
    service may read them returned (an answer with a problem left out: reported here already)."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def text_ok(self, value: Any, path: str) -> bool:
        if isinstance(value, str):
            message = _text_problem(value)
            if message is not None:
                self.problems.add(path, message, code="control_chars")
                return False
        return True

    def answers(self, specs: tuple[FieldSpec, ...], raw: dict[str, Any], prefix: str) -> dict[str, Any]:
        by_name = {spec.name: spec for spec in specs}
        readable: dict[str, Any] = {}
        for name, value in raw.items():
            spec = by_name.get(name)
            if spec is None:
                if NAME.match(name):
                    field, message = f"{prefix}{name}", gettext("这一步没有“{name}”这个问题。").format(name=name)
                else:
                    field, message = prefix.rstrip(".") or "answers", gettext("答案中有这一步没有的问题。")
                self.problems.add(field, message, code="unknown_field")
                continue
            ok, shown = self.value(spec, value, f"{prefix}{name}")
            if ok:
                readable[name] = shown
        return readable

    def value(self, spec: FieldSpec, value: Any, path: str) -> tuple[bool, Any]:
        label = spec.label or spec.name
        if spec.is_group:
            if value is None:
                return True, value
            if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                self.problems.add(
                    path, gettext("“{label}”应为若干项（对象的列表）。").format(label=label), code="invalid_group"
                )
                return False, None
            if len(value) > spec.max_items:
                return True, value  # the service refuses the count before it reads any item
            return True, [self.answers(spec.fields, item, f"{path}.{number}.") for number, item in enumerate(value, 1)]
        if spec.type in LIST_TYPES and isinstance(value, list):
            if len(value) > max(len(spec.choices), 1) or not all(_scalar(item) for item in value):
                self.problems.add(path, gettext("“{label}”的选项不正确。").format(label=label), code="invalid_choice")
                return False, None
            return self.text_ok("".join(item for item in value if isinstance(item, str)), path), value
        if not _scalar(value):
            self.problems.add(
                path, gettext("“{label}”应为一个值（文字、数字或是否）。").format(label=label), code="invalid_value"
            )
            return False, None
        return self.text_ok(value, path), value


def check_shape(step: Step, raw: dict[str, Any], problems: Problems) -> dict[str, Any]:
    """Add to `problems` each answer of `raw` (one step's) that is not of a shape its question
    takes; return the rest, for the service to check."""
    return _ShapeChecker(problems).answers(step.fields, raw, "")


# --- masking ------------------------------------------------------------------------------------

MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def _masked(specs: tuple[FieldSpec, ...], answers: dict[str, Any]) -> dict[str, Any]:
    shown = dict(answers)
    for spec in specs:
        value = shown.get(spec.name)
        if value is None:
            continue
        if spec.is_group and isinstance(value, list):
            shown[spec.name] = [_masked(spec.fields, item) if isinstance(item, dict) else item for item in value]
        elif spec.type in MASKS:
            shown[spec.name] = MASKS[spec.type](str(value))
    return shown


def masked(definition: Definition, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with every ID number and phone masked (3301**********1234, 138****5678)."""
    specs = tuple(spec for step in definition.steps for spec in step.fields)
    return _masked(specs, answers)
