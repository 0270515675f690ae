"""Document templates as data (文书模板定义): the YAML files staff review, read and checked on load.

A definition names its document, its interview steps and their fields (type, validation, help in
plain words, the statute behind the question, a condition on earlier answers, repeatable groups),
its computed values and its layout. Every problem found is reported at once, each with the file and
the line it is on, and nothing is loaded while any remains:

    loan_complaint.yaml:41: field "rate": unknown type "percentage" (known: text, textarea, …)

The format (library/README.md is the whole reference, for the staff who review templates):

    code: loan_complaint            # stable, [a-z0-9_]
    version: 1                      # raised on every change that alters answers or output
    title: 民事起诉状（民间借贷纠纷）
    kind: complaint                 # see DocumentKind
    official: true                  # 要素式示范文本; false: the platform's own (said in the footer)
    basis: [《中华人民共和国民事诉讼法》第一百二十四条]
    steps:
      - key: loans
        title: 借款情况
        when: {field: has_loan, equals: true}     # optional, on any step, group or field
        fields:
          - {name: loans, type: group, label: 借款, min_items: 1, max_items: 20, fields: [...]}
    computed:
      - {name: claim_total, label: 标的总额, function: claim_total, args: {loans: loans}}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

FIELD_TYPES = (
    "text",  # one line
    "textarea",  # several lines
    "integer",
    "money",  # yuan, two decimals
    "percent",  # a yearly rate, e.g. 3.85
    "date",
    "choice",  # one of `choices`
    "multichoice",  # several of `choices`
    "yesno",
    "id_number",  # 居民身份证号码, check digit verified, encrypted at rest
    "phone",
    "group",  # repeatable: `fields` inside, `min_items` … `max_items`
)
DOCUMENT_KINDS = (
    "complaint",  # 民事起诉状
    "defence",  # 民事答辩状
    "arbitration",  # 劳动仲裁申请书
    "iou",  # 借条
    "divorce_agreement",  # 离婚协议书
    "mediation_application",  # 人民调解申请书
)
CONDITION_OPERATORS = ("equals", "not_equals", "in", "filled")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
# The most items any repeatable group may declare (a request's size stays bounded).
GROUP_ITEMS_LIMIT = 50
TOP_KEYS = {"code", "version", "title", "kind", "case_type", "official", "basis", "steps", "computed", "layout"}
STEP_KEYS = {"key", "title", "intro", "when", "fields"}
FIELD_KEYS = {
    "name",
    "label",
    "type",
    "required",
    "help",
    "statute",
    "when",
    "choices",
    "min",
    "max",
    "max_length",
    "min_items",
    "max_items",
    "fields",
    "prefill",
    "placeholder",
}
COMPUTED_KEYS = {"name", "label", "function", "args", "each", "statute"}
LAYOUT_KEYS = {"elements", "sections", "addressee", "signer"}
SECTION_KEYS = {"title", "rows"}
ROW_KEYS = {"label", "text", "check", "each", "when"}
# A placeholder in layout text: {name}, {name:words} (amount in capital numerals), {name:explain}
# (how a computed interest was reached) or {#} (the item's number inside an `each` row).
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDER_NAME = re.compile(r"^(#|[a-z][a-z0-9_]{0,47})(?::(words|explain))?$")
# Articles a layout's fixed text cites: 《…》第…条, further articles after 、 included.
CITED = re.compile(r"(《[^》]+》)(第[一二三四五六七八九十百千零]+条(?:、第[一二三四五六七八九十百千零]+条)*)")
ARTICLE = re.compile(r"第[一二三四五六七八九十百千零]+条")
CHECKABLE_TYPES = ("yesno", "choice", "multichoice")


class DefinitionError(Exception):
    """Every problem of one or more definition files, each with its file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


# --- YAML with line numbers ---------------------------------------------------------------------


class _Lined(dict[str, Any]):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Lined:
    mapping = _Lined()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f'the key "{key}" appears twice', key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(node: Any, key: str | None = None) -> int:
    if isinstance(node, _Lined):
        if key is not None and key in node.key_lines:
            return node.key_lines[key]
        return node.line
    return 0


# --- the parsed definition ----------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """Shown only when an earlier answer matches: equals / not_equals a value, is `in` a list, or
    is `filled` (true: answered; false: left empty)."""

    field: str
    operator: str
    value: Any

    def holds(self, answer: Any) -> bool:
        if self.operator == "equals":
            return bool(answer == self.value)
        if self.operator == "not_equals":
            return bool(answer != self.value)
        if self.operator == "in":
            return answer in self.value
        filled = answer not in (None, "", [], False)
        return filled if self.value else not filled


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str
    line: int
    required: bool = False
    help: str = ""
    statute: str = ""
    when: Condition | None = None
    choices: tuple[tuple[str, str], ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_length: int = 0
    min_items: int = 0
    max_items: int = 0
    fields: tuple[FieldSpec, ...] = ()  # a group's own fields
    prefill: str = ""  # where a known answer comes from (e.g. "order.contact_name")
    placeholder: str = ""

    @property
    def is_group(self) -> bool:
        return self.type == "group"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    line: int
    intro: str = ""
    when: Condition | None = None
    fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class Computed:
    """A value the document computes: `function` (gongfa.drafting.compute.FUNCTIONS) called with
    `args` (argument -> a field or computed name); with `each` (a group), once per item of it, the
    item's own fields then among the arguments."""

    name: str
    label: str
    function: str
    args: dict[str, str]
    line: int
    statute: str = ""
    each: str = ""


@dataclass(frozen=True)
class Row:
    """One row of the output's element table: its label and what fills it, `text` with
    placeholders and/or `check` (a yes/no or choice field shown as ☑/☐ boxes); with `each`, one row
    per item of that group."""

    label: str
    line: int
    text: str = ""
    check: str = ""
    each: str = ""
    when: Condition | None = None


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Definition:
    code: str
    version: int
    title: str
    kind: str
    official: bool
    source: str  # the file it was read from (relative to the definitions folder)
    case_type: str = ""
    basis: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    computed: tuple[Computed, ...] = ()
    layout: dict[str, Any] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()  # the output's parts, in order (document.py)
    addressee: str = ""  # 此致 …: the court or commission, a placeholder text
    signer: str = ""  # 具状人 …: who signs, a placeholder text

    def all_fields(self) -> Iterator[FieldSpec]:
        """Every field, groups' inner fields after their group, in interview order."""
        for step in self.steps:
            yield from _walk(step.fields)

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.all_fields() if spec.name == name), None)

    def statutes(self) -> list[str]:
        """Every citation the definition shows (basis, questions, computed values), in order."""
        cited = list(self.basis)
        cited += [spec.statute for spec in self.all_fields() if spec.statute]
        cited += [value.statute for value in self.computed if value.statute]
        for section in self.sections:
            for row in section.rows:
                for match in CITED.finditer(row.text):
                    # 《法》第一条、第二条: each article with its law.
                    law = match.group(1)
                    cited += [f"{law}{article}" for article in ARTICLE.findall(match.group(0))]
        return list(dict.fromkeys(cited))


def _walk(fields: Iterable[FieldSpec]) -> Iterator[FieldSpec]:
    for spec in fields:
        yield spec
        if spec.fields:
            yield from _walk(spec.fields)


# --- checking -----------------------------------------------------------------------------------


class _Checker:
    """Reads one file's data into a Definition, collecting every problem with its line."""

    def __init__(self, source: str, functions: Iterable[str]) -> None:
        self.source = source
        self.functions = set(functions)
        self.problems: list[str] = []
        self.names: dict[str, int] = {}  # every field and computed name -> its line
        self.conditions: list[tuple[str, Condition, int]] = []  # (who, condition, line)
        self.depends: dict[str, set[str]] = {}  # a name -> the names its condition or arguments read
        self.arg_lines: dict[str, int] = {}  # a computed value -> the line of its args
        self.each_lines: dict[str, tuple[str, int]] = {}  # a computed value -> (its group, the line)
        self.groups: set[str] = set()
        # The layout's references, checked once every name is known: (name, each, line, where) …
        self.row_refs: list[tuple[str, str, int, str]] = []
        self.checks: list[tuple[str, int, str]] = []
        self.row_each: list[tuple[str, int, str]] = []
        self.placeholders: list[tuple[str, str, int, str]] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.source}:{line}: {message}")

    def _text(self, node: Any, key: str, where: str, *, required: bool = True, limit: int = 200) -> str:
        value = node.get(key)
        if value is None or value == "":
            if required:
                self.problem(_line(node), f'{where}: "{key}" is missing')
            return ""
        if not isinstance(value, str | int | float):
            self.problem(_line(node, key), f'{where}: "{key}" must be text')
            return ""
        text = str(value).strip()
        if len(text) > limit:
            self.problem(_line(node, key), f'{where}: "{key}" is longer than {limit} characters')
        return text

    def _unknown_keys(self, node: _Lined, allowed: set[str], where: str) -> None:
        for key in node:
            if key not in allowed:
                self.problem(_line(node, key), f'{where}: unknown key "{key}" (allowed: {", ".join(sorted(allowed))})')

    def _number(self, node: _Lined, key: str, where: str) -> Decimal | None:
        if key not in node or node[key] is None:
            return None
        value = node[key]
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            return Decimal(str(value))
        except InvalidOperation:
            self.problem(_line(node, key), f'{where}: "{key}" must be a number, not {value!r}')
            return None

    def _count(self, node: _Lined, key: str, where: str, default: int) -> int:
        value = node.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(_line(node, key), f'{where}: "{key}" must be a whole number ≥ 0, not {value!r}')
            return default
        return value

    def _name(self, node: _Lined, key: str, where: str) -> str:
        name = self._text(node, key, where, limit=48)
        if name and not NAME.match(name):
            self.problem(
                _line(node, key), f'{where}: "{name}" must be lower-case letters, digits and _ (a letter first)'
            )
        return name

    def _declare(self, name: str, line: int, where: str) -> None:
        if not name:
            return
        if name in self.names:
            self.problem(line, f'{where}: the name "{name}" is already used on line {self.names[name]}')
        else:
            self.names[name] = line

    def condition(self, node: _Lined, who: str, where: str) -> Condition | None:
        raw = node.get("when")
        if raw is None:
            return None
        line = _line(node, "when")
        if not isinstance(raw, _Lined) or not isinstance(raw.get("field"), str):
            self.problem(line, f'{where}: "when" needs a field: {{field: <name>, equals: <value>}}')
            return None
        operators = [key for key in raw if key in CONDITION_OPERATORS]
        extra = [key for key in raw if key not in (*CONDITION_OPERATORS, "field")]
        if len(operators) != 1 or extra:
            self.problem(line, f'{where}: "when" takes a field and exactly one of {", ".join(CONDITION_OPERATORS)}')
            return None
        operator = operators[0]
        value = raw[operator]
        if operator == "in" and not isinstance(value, list):
            self.problem(line, f'{where}: "when … in" needs a list of values')
            return None
        if operator == "filled" and not isinstance(value, bool):
            self.problem(line, f'{where}: "when … filled" is true or false')
            return None
        found = Condition(raw["field"], operator, value)
        self.conditions.append((who, found, line))
        self.depends.setdefault(who, set()).add(found.field)
        return found

    def fields(self, raw: Any, where: str, line: int, *, inside_group: str = "") -> tuple[FieldSpec, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(line, f'{where}: "fields" must be a list of at least one field')
            return ()
        return tuple(spec for item in raw if (spec := self.field(item, where, inside_group)) is not None)

    def field(self, node: Any, where: str, inside_group: str) -> FieldSpec | None:
        if not isinstance(node, _Lined):
            self.problem(_line(node) or 0, f"{where}: a field must be a mapping (name, label, type …)")
            return None
        name = self._name(node, "name", f"{where}, a field")
        here = f'field "{name or "?"}"'
        self._unknown_keys(node, FIELD_KEYS, here)
        self._declare(name, _line(node, "name"), here)
        kind = self._text(node, "type", here, limit=20)
        if kind and kind not in FIELD_TYPES:
            self.problem(_line(node, "type"), f'{here}: unknown type "{kind}" (known: {", ".join(FIELD_TYPES)})')
        label = self._text(node, "label", here)
        required = node.get("required", False)
        if not isinstance(required, bool):
            self.problem(_line(node, "required"), f'{here}: "required" is true or false')
            required = False
        choices: list[tuple[str, str]] = []
        if kind in ("choice", "multichoice"):
            raw_choices = node.get("choices")
            if not isinstance(raw_choices, list) or not raw_choices:
                self.problem(_line(node), f'{here}: a {kind} needs "choices" (a list of values or value: label)')
            else:
                for item in raw_choices:
                    if isinstance(item, dict) and len(item) == 1:
                        value, shown = next(iter(item.items()))
                        choices.append((str(value), str(shown)))
                    elif isinstance(item, str | int):
                        choices.append((str(item), str(item)))
                    else:
                        self.problem(_line(node, "choices"), f"{here}: a choice is a value or {{value: label}}")
                if len({value for value, _ in choices}) != len(choices):
                    self.problem(_line(node, "choices"), f"{here}: two choices have the same value")
        elif "choices" in node:
            self.problem(_line(node, "choices"), f'{here}: only choice and multichoice fields take "choices"')
        minimum, maximum = self._number(node, "min", here), self._number(node, "max", here)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.problem(_line(node, "min"), f'{here}: "min" {minimum} is above "max" {maximum}')
        max_length = self._count(node, "max_length", here, 0)
        inner: tuple[FieldSpec, ...] = ()
        min_items = max_items = 0
        if kind == "group":
            self.groups.add(name)
            if inside_group:
                self.problem(_line(node), f'{here}: a group inside the group "{inside_group}" is not supported')
            min_items = self._count(node, "min_items", here, 0)
            max_items = self._count(node, "max_items", here, 10)
            if max_items < 1 or max_items > GROUP_ITEMS_LIMIT:
                self.problem(_line(node, "max_items"), f'{here}: "max_items" must be 1 … {GROUP_ITEMS_LIMIT}')
            if min_items > max_items:
                self.problem(
                    _line(node, "min_items"), f'{here}: "min_items" {min_items} is above "max_items" {max_items}'
                )
            inner = self.fields(node.get("fields"), here, _line(node), inside_group=name)
        elif "fields" in node:
            self.problem(_line(node, "fields"), f'{here}: only a group has "fields"')
        when = self.condition(node, name, here) if name else None
        return FieldSpec(
            name=name,
            label=label,
            type=kind,
            line=_line(node),
            required=required,
            help=self._text(node, "help", here, required=False, limit=500),
            statute=self._text(node, "statute", here, required=False),
            when=when,
            choices=tuple(choices),
            minimum=minimum,
            maximum=maximum,
            max_length=max_length,
            min_items=min_items,
            max_items=max_items,
            fields=inner,
            prefill=self._text(node, "prefill", here, required=False, limit=64),
            placeholder=self._text(node, "placeholder", here, required=False),
        )

    def step(self, node: Any, index: int) -> Step | None:
        where = f"step {index + 1}"
        if not isinstance(node, _Lined):
            self.problem(0, f"{where}: a step must be a mapping (key, title, fields)")
            return None
        key = self._name(node, "key", where)
        where = f'step "{key or index + 1}"'
        self._unknown_keys(node, STEP_KEYS, where)
        title = self._text(node, "title", where)
        when = self.condition(node, f"step:{key}", where) if key else None
        fields = self.fields(node.get("fields"), where, _line(node))
        if when is not None and key:
            # A step's condition governs each of its fields.
            for spec in fields:
                self.depends.setdefault(spec.name, set()).add(when.field)
        return Step(key, title, _line(node), self._text(node, "intro", where, required=False, limit=500), when, fields)

    def computed(self, node: Any) -> Computed | None:
        if not isinstance(node, _Lined):
            self.problem(0, "computed: each entry must be a mapping (name, label, function, args)")
            return None
        name = self._name(node, "name", "a computed value")
        here = f'computed "{name or "?"}"'
        self._unknown_keys(node, COMPUTED_KEYS, here)
        self._declare(name, _line(node, "name"), here)
        function = self._text(node, "function", here, limit=48)
        if function and function not in self.functions:
            self.problem(
                _line(node, "function"),
                f'{here}: unknown function "{function}" (known: {", ".join(sorted(self.functions)) or "none"})',
            )
        args = node.get("args") or {}
        if not isinstance(args, dict) or not all(isinstance(v, str) for v in args.values()):
            self.problem(_line(node, "args"), f'{here}: "args" maps each argument to a field or computed name')
            args = {}
        # "=text" passes the text itself (a group's field to add up), not a value named so.
        self.depends.setdefault(name, set()).update(v for v in args.values() if not v.startswith("="))
        self.arg_lines[name] = _line(node, "args") or _line(node)
        each = self._text(node, "each", here, required=False, limit=48)
        if each:
            self.depends[name].add(each)
            self.each_lines[name] = (each, _line(node, "each"))
        return Computed(
            name,
            self._text(node, "label", here),
            function,
            {str(k): str(v) for k, v in args.items()},
            _line(node),
            self._text(node, "statute", here, required=False),
            each,
        )

    def layout(self, data: _Lined) -> tuple[dict[str, Any], tuple[Section, ...], str, str]:
        raw = data.get("layout")
        if raw is None:
            return {}, (), "", ""
        if not isinstance(raw, _Lined):
            self.problem(_line(data, "layout"), '"layout" is a mapping')
            return {}, (), "", ""
        self._unknown_keys(raw, LAYOUT_KEYS, "layout")
        sections: list[Section] = []
        raw_sections = raw.get("sections") or []
        if not isinstance(raw_sections, list):
            self.problem(_line(raw, "sections"), 'layout: "sections" is a list of {title, rows}')
            raw_sections = []
        for index, node in enumerate(raw_sections):
            where = f"layout section {index + 1}"
            if not isinstance(node, _Lined):
                self.problem(_line(raw, "sections"), f"{where}: a section is a mapping (title, rows)")
                continue
            self._unknown_keys(node, SECTION_KEYS, where)
            title = self._text(node, "title", where)
            rows_raw = node.get("rows")
            if not isinstance(rows_raw, list) or not rows_raw:
                self.problem(_line(node), f'{where}: "rows" must be a list of at least one row')
                continue
            rows = tuple(row for item in rows_raw if (row := self.row(item, f'{where} "{title}"')) is not None)
            sections.append(Section(title, rows))
        addressee = self._text(raw, "addressee", "layout", required=False)
        signer = self._text(raw, "signer", "layout", required=False)
        for key, text in (("addressee", addressee), ("signer", signer)):
            self.placeholders.append((text, "", _line(raw, key), f'layout "{key}"'))
        return dict(raw), tuple(sections), addressee, signer

    def row(self, node: Any, where: str) -> Row | None:
        if not isinstance(node, _Lined):
            self.problem(0, f"{where}: a row is a mapping (label, text, check, each, when)")
            return None
        # No label: a paragraph across the page (a 借条's or an agreement's clauses).
        label = self._text(node, "label", f"{where}, a row", required=False, limit=100)
        here = f'{where}, row "{label or "?"}"'
        self._unknown_keys(node, ROW_KEYS, here)
        text = self._text(node, "text", here, required=False, limit=2000)
        check = self._text(node, "check", here, required=False, limit=48)
        each = self._text(node, "each", here, required=False, limit=48)
        if not text and not check:
            self.problem(_line(node), f'{here}: a row needs "text", "check" or both')
        line = _line(node)
        when = None
        if node.get("when") is not None:
            # A row's condition is checked like any other, without entering the dependency graph.
            before = len(self.conditions)
            when = self.condition(node, f"row {label}", here)
            if when is not None:
                self.conditions.pop(before)
                self.row_refs.append((when.field, each, _line(node, "when"), f"{here}: the condition"))
        if check:
            self.row_refs.append((check, each, _line(node, "check"), f'{here}: "check"'))
            self.checks.append((check, _line(node, "check"), here))
        if each:
            self.row_each.append((each, _line(node, "each"), here))
        self.placeholders.append((text, each, _line(node, "text") or line, here))
        self.placeholders.append((label, each, line, here))
        return Row(label, line, text, check, each, when)

    def layout_references(self, fields: dict[str, FieldSpec]) -> None:
        """Every placeholder, check and `each` of the layout names something that exists, so that
        no output can be left with an unfilled {…}."""
        inner: dict[str, set[str]] = {}
        for spec in fields.values():
            if spec.is_group:
                inner[spec.name] = {item.name for item in spec.fields}
        for name, each_line in self.each_lines.items():
            group, _ = each_line
            inner.setdefault(group, set()).add(name)
        for group, line, where in self.row_each:
            if group not in self.groups:
                self.problem(line, f'{where}: "each" names "{group}", which is not a group here')

        def known(name: str, each: str) -> bool:
            return name in self.names or name in inner.get(each, set())

        for name, each, line, where in self.row_refs:
            if not known(name, each):
                self.problem(line, f'{where} names "{name}", which is not a field here')
        for name, line, where in self.checks:
            checked = fields.get(name)
            if checked is not None and checked.type not in CHECKABLE_TYPES:
                self.problem(line, f'{where}: "check" shows yes/no or choice fields as boxes, not a {checked.type}')
        for text, each, line, where in self.placeholders:
            for match in PLACEHOLDER.finditer(text):
                found = PLACEHOLDER_NAME.match(match.group(1).strip())
                if found is None:
                    self.problem(
                        line,
                        f"{where}: {match.group(0)} is not a placeholder ({{name}}, {{name:words}}, "
                        "{name:explain} or {#})",
                    )
                elif found.group(1) == "#":
                    if not each:
                        self.problem(line, f'{where}: {{#}} (the item\'s number) is only for a row with "each"')
                elif not known(found.group(1), each):
                    self.problem(line, f'{where}: {match.group(0)} names "{found.group(1)}", which is not a field here')
            rest = PLACEHOLDER.sub("", text)
            if "{" in rest or "}" in rest:
                self.problem(line, f"{where}: an unmatched {{ or }} in the text")

    def references(self) -> None:
        """Every condition and argument names a field or computed value that exists."""
        for who, condition, line in self.conditions:
            if condition.field not in self.names:
                self.problem(line, f'"{who}": the condition names "{condition.field}", which is not a field here')
        for name, (group, line) in self.each_lines.items():
            if group not in self.groups:
                self.problem(line, f'computed "{name}": "each" names "{group}", which is not a group here')
        for name, line in self.arg_lines.items():
            for target in sorted(self.depends.get(name, ())):
                if target not in self.names:
                    self.problem(line, f'computed "{name}": the argument "{target}" is not a field or computed value')

    def cycles(self) -> None:
        """No value may depend on itself through conditions and computations."""
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        path: list[str] = []
        reported: set[frozenset[str]] = set()

        def visit(name: str) -> None:
            state[name] = 1
            path.append(name)
            for target in sorted(self.depends.get(name, ())):
                if state.get(target) == 1:
                    cycle = [*path[path.index(target) :], target]
                    members = frozenset(cycle)
                    if members not in reported:
                        reported.add(members)
                        line = self.names.get(cycle[0], 0)
                        self.problem(line, f"a cycle: {' → '.join(cycle)}")
                elif target in self.depends and state.get(target) is None:
                    visit(target)
            path.pop()
            state[name] = 2

        for name in sorted(self.depends):
            if state.get(name) is None:
                visit(name)


def parse_definition(text: str, source: str, functions: Iterable[str] = ()) -> Definition:
    """One definition from its YAML text; DefinitionError with every problem otherwise. `functions`
    are the computation names a definition may use (gongfa.drafting.compute)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise DefinitionError([f"{source}:{line}: not valid YAML: {exc.problem or exc.context}"]) from None
    except yaml.YAMLError as exc:
        raise DefinitionError([f"{source}:0: not valid YAML: {exc}"]) from None
    checker = _Checker(source, functions)
    if not isinstance(data, _Lined):
        raise DefinitionError([f"{source}:1: a definition is a mapping (code, version, title, kind, steps …)"])
    checker._unknown_keys(data, TOP_KEYS, "the definition")
    code = checker._name(data, "code", "the definition")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        checker.problem(_line(data, "version") or 1, '"version" must be a whole number ≥ 1')
        version = 1
    title = checker._text(data, "title", "the definition")
    kind = checker._text(data, "kind", "the definition", limit=40)
    if kind and kind not in DOCUMENT_KINDS:
        checker.problem(_line(data, "kind"), f'unknown kind "{kind}" (known: {", ".join(DOCUMENT_KINDS)})')
    official = data.get("official", False)
    if not isinstance(official, bool):
        checker.problem(_line(data, "official"), '"official" is true or false')
        official = False
    basis = data.get("basis") or []
    if not isinstance(basis, list) or not all(isinstance(item, str) for item in basis):
        checker.problem(_line(data, "basis"), '"basis" is a list of citations such as 《…》第…条')
        basis = []
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        checker.problem(_line(data, "steps") or _line(data), '"steps" must be a list of at least one step')
    else:
        keys: dict[str, int] = {}
        for index, node in enumerate(raw_steps):
            step = checker.step(node, index)
            if step is None:
                continue
            if step.key in keys:
                checker.problem(step.line, f'the step key "{step.key}" is already used on line {keys[step.key]}')
            keys[step.key] = step.line
            steps.append(step)
    computed: list[Computed] = []
    raw_computed = data.get("computed") or []
    if not isinstance(raw_computed, list):
        checker.problem(_line(data, "computed"), '"computed" is a list')
    else:
        computed = [value for node in raw_computed if (value := checker.computed(node)) is not None]
    layout, sections, addressee, signer = checker.layout(data)
    checker.references()
    checker.layout_references({spec.name: spec for step in steps for spec in _walk(step.fields)})
    checker.cycles()
    if checker.problems:
        raise DefinitionError(checker.problems)
    return Definition(
        code=code,
        version=version,
        title=title,
        kind=kind,
        official=official,
        source=source,
        case_type=checker._text(data, "case_type", "the definition", required=False),
        basis=tuple(basis),
        steps=tuple(steps),
        computed=tuple(computed),
        layout=layout,
        sections=sections,
        addressee=addressee,
        signer=signer,
    )


def load_definitions(folder: Path, functions: Iterable[str] = ()) -> list[Definition]:
    """Every *.yaml under `folder`, checked; one DefinitionError listing the problems of all files."""
    functions = list(functions)
    found: list[Definition] = []
    problems: list[str] = []
    codes: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        source = path.name
        try:
            definition = parse_definition(path.read_text(encoding="utf-8"), source, functions)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        if definition.code in codes:
            problems.append(f'{source}:1: the code "{definition.code}" is already used by {codes[definition.code]}')
            continue
        codes[definition.code] = source
        found.append(definition)
    if problems:
        raise DefinitionError(problems)
    return found
