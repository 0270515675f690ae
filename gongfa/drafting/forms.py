"""One interview step as a form (the portal's and the workbench's: the same questions, the same
checks). The form only draws the questions and carries the errors: what an answer must be is the
definition's, checked by clean_answers in the service, every problem at once.

A repeatable group's items are named `<group>-<n>-<field>` (n from 1, as people count) with the
count in `<group>-count`; adding or removing an item re-draws the step without saving, so it works
without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.errors import DomainError
from gongfa.core.forms import Form, add_domain_error
from gongfa.drafting.definitions import Definition, FieldSpec, Step

YESNO = [("true", _("是")), ("false", _("否"))]
NUMBER_TYPES = ("integer", "money", "percent")


def _help(spec: FieldSpec) -> str:
    parts = [spec.help] if spec.help else []
    if spec.statute:
        parts.append(gettext("法律依据：{statute}").format(statute=spec.statute))
    return "　".join(parts)


def form_field(spec: FieldSpec) -> forms.Field:
    """The input for one question (never `required` to Django: the service decides)."""
    attrs: dict[str, Any] = {}
    if spec.placeholder:
        attrs["placeholder"] = spec.placeholder
    if spec.when is not None and spec.when.operator == "equals":
        # drafting.js hides the question while the answer on this page does not match.
        expected = spec.when.value
        attrs["data-when-field"] = spec.when.field
        attrs["data-when-value"] = ("true" if expected else "false") if isinstance(expected, bool) else str(expected)
    field: forms.Field
    if spec.type == "textarea":
        field = forms.CharField(widget=forms.Textarea(attrs={**attrs, "rows": 5}), strip=True)
    elif spec.type in NUMBER_TYPES:
        attrs["inputmode"] = "numeric" if spec.type == "integer" else "decimal"
        field = forms.CharField(widget=forms.TextInput(attrs=attrs))
    elif spec.type == "date":
        field = forms.CharField(widget=forms.DateInput(attrs={**attrs, "type": "date"}))
    elif spec.type == "choice":
        widget = forms.RadioSelect if len(spec.choices) <= 6 else forms.Select
        choices: list[tuple[str, Any]] = list(spec.choices)
        if widget is not forms.RadioSelect:
            choices.insert(0, ("", _("请选择")))
        field = forms.ChoiceField(choices=choices, widget=widget(attrs=attrs))
    elif spec.type == "multichoice":
        field = forms.MultipleChoiceField(choices=list(spec.choices), widget=forms.CheckboxSelectMultiple(attrs=attrs))
    elif spec.type == "yesno":
        field = forms.ChoiceField(choices=YESNO, widget=forms.RadioSelect(attrs=attrs))
    elif spec.type == "phone":
        field = forms.CharField(widget=forms.TextInput(attrs={**attrs, "inputmode": "tel", "autocomplete": "tel"}))
    elif spec.type == "id_number":
        field = forms.CharField(widget=forms.TextInput(attrs={**attrs, "autocomplete": "off", "spellcheck": "false"}))
    else:
        field = forms.CharField(widget=forms.TextInput(attrs=attrs))
    if spec.max_length and isinstance(field.widget, forms.TextInput | forms.Textarea):
        field.widget.attrs["maxlength"] = spec.max_length
    field.required = False
    field.label = spec.label
    field.help_text = _help(spec)
    setattr(field, "optional", not spec.required)  # noqa: B010 - read by AccessibleBoundField
    return field


def _initial(spec: FieldSpec, value: Any) -> Any:
    if spec.type == "yesno" and isinstance(value, bool):
        return "true" if value else "false"
    return value


class GroupBlock:
    """A repeatable group on the page: its items, each a list of bound fields."""

    def __init__(self, spec: FieldSpec, form: StepForm, count: int) -> None:
        self.spec = spec
        self.count = count
        self.items = [
            [form[f"{spec.name}-{number}-{inner.name}"] for inner in spec.fields] for number in range(1, count + 1)
        ]
        self.can_add = count < spec.max_items
        self.can_remove = count > max(spec.min_items, 0)
        self.errors = form.group_errors.get(spec.name, [])


class StepForm(Form):
    """The questions of one step, built from the definition."""

    mark_optional = False  # the definition's `required` says it (field.optional)

    def __init__(
        self,
        definition: Definition,
        step: Step,
        answers: dict[str, Any],
        *,
        data: QueryDict | None = None,
        counts: dict[str, int] | None = None,
    ) -> None:
        self.definition = definition
        self.step = step
        self.group_errors: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}
        initial: dict[str, Any] = {}
        fields: dict[str, forms.Field] = {}
        for spec in self.visible_fields_of(answers):
            if spec.is_group:
                items = answers.get(spec.name) or []
                if counts is not None and spec.name in counts:
                    count = counts[spec.name]
                else:
                    count = len(items) or max(spec.min_items, 1)
                count = max(0, min(count, spec.max_items))
                self.counts[spec.name] = count
                for number in range(1, count + 1):
                    item = items[number - 1] if number <= len(items) and isinstance(items[number - 1], dict) else {}
                    for inner in spec.fields:
                        name = f"{spec.name}-{number}-{inner.name}"
                        fields[name] = form_field(inner)
                        fields[name].label = f"{inner.label}"
                        initial[name] = _initial(inner, item.get(inner.name))
            else:
                fields[spec.name] = form_field(spec)
                initial[spec.name] = _initial(spec, answers.get(spec.name))
        super().__init__(data=data, initial=initial)
        self.fields.update(fields)

    def visible_fields_of(self, answers: dict[str, Any]) -> list[FieldSpec]:
        """The step's questions, less those hidden by an answer on an earlier step (a condition on
        this step's own answers is drawn, and the service drops it when it does not hold)."""
        from gongfa.drafting.answers import _as_condition_value

        here = {spec.name for spec in self.step.fields}
        shown = []
        for spec in self.step.fields:
            condition = spec.when
            if condition is not None and condition.field not in here:
                value = _as_condition_value(self.definition, condition.field, answers.get(condition.field))
                if not condition.holds(value):
                    continue
            shown.append(spec)
        return shown

    def blocks(self) -> list[Any]:
        """What the template draws, in order: a bound field, or a GroupBlock."""
        drawn: list[Any] = []
        for spec in self.step.fields:
            if spec.is_group and spec.name in self.counts:
                drawn.append(GroupBlock(spec, self, self.counts[spec.name]))
            elif spec.name in self.fields:
                drawn.append(self[spec.name])
        return drawn

    def raw_answers(self) -> dict[str, Any]:
        """What was posted, as the service takes it (a group as a list of items)."""
        assert self.data is not None
        raw: dict[str, Any] = {}
        for spec in self.step.fields:
            if spec.is_group:
                if spec.name not in self.counts:
                    continue
                raw[spec.name] = [
                    {inner.name: self._posted(inner, f"{spec.name}-{number}-{inner.name}") for inner in spec.fields}
                    for number in range(1, self.counts[spec.name] + 1)
                ]
            elif spec.name in self.fields:
                raw[spec.name] = self._posted(spec, spec.name)
        return raw

    def _posted(self, spec: FieldSpec, name: str) -> Any:
        if spec.type == "multichoice":
            return list(self.data.getlist(name)) if isinstance(self.data, QueryDict) else []
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else value

    def show_refusal(self, error: DomainError) -> None:
        """The service's problems beside their questions: `loans.2.principal` is the input
        `loans-2-principal`; a problem of a whole group is shown above its items."""
        for problem in error.problems:
            path = problem.field or ""
            parts = path.split(".")
            if len(parts) == 3:
                name = f"{parts[0]}-{parts[1]}-{parts[2]}"
                if name in self.fields:
                    self.add_error(name, problem.message)
                    continue
            if path in self.counts:
                self.group_errors.setdefault(path, []).append(problem.message)
                self.add_error(None, problem.message)
                continue
            add_domain_error(self, DomainError(problem.message, code=problem.code, field=path or None))


def posted_counts(definition: Definition, step: Step, data: QueryDict) -> dict[str, int]:
    """Each group's item count as posted, with an add or remove button applied (`add:<group>`,
    `remove:<group>:<n>` in `action`); a removed item's inputs are shifted down."""
    counts: dict[str, int] = {}
    for spec in step.fields:
        if spec.is_group:
            try:
                counts[spec.name] = max(0, min(int(data.get(f"{spec.name}-count", "0")), spec.max_items))
            except ValueError:
                counts[spec.name] = 0
    return counts


def apply_item_action(step: Step, data: QueryDict, counts: dict[str, int]) -> tuple[QueryDict, dict[str, int]] | None:
    """The re-drawn form's data after 添加/删除 an item, or None when the action is neither."""
    action = data.get("action", "")
    kind, _, rest = action.partition(":")
    if kind not in ("add", "remove"):
        return None
    group, _, number_text = rest.partition(":")
    spec = next((item for item in step.fields if item.is_group and item.name == group), None)
    if spec is None:
        return None
    data = data.copy()
    if kind == "add":
        counts[group] = min(counts.get(group, 0) + 1, spec.max_items)
        return data, counts
    try:
        removed = int(number_text)
    except ValueError:
        return None
    count = counts.get(group, 0)
    if not 1 <= removed <= count:
        return None
    for number in range(removed, count):
        for inner in spec.fields:
            data.setlist(f"{group}-{number}-{inner.name}", data.getlist(f"{group}-{number + 1}-{inner.name}"))
    for inner in spec.fields:
        data.pop(f"{group}-{count}-{inner.name}", None)
    counts[group] = count - 1
    return data, counts
