"""Template definitions are checked on load: every problem at once, each with its file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gongfa.drafting.definitions import DefinitionError, load_definitions, parse_definition

GOOD = textwrap.dedent(
    """\
    code: tiny_loan
    version: 2
    title: 借条
    kind: iou
    official: false
    basis: [《中华人民共和国民法典》第六百六十八条]
    steps:
      - key: parties
        title: 双方
        fields:
          - {name: lender, label: 出借人, type: text, required: true, max_length: 64}
          - {name: has_interest, label: 约定利息吗, type: yesno}
          - name: rate
            label: 年利率（%）
            type: percent
            min: 0
            max: 100
            when: {field: has_interest, equals: true}
            statute: 《中华人民共和国民法典》第六百八十条
      - key: loans
        title: 借款
        fields:
          - name: loans
            label: 每一笔
            type: group
            min_items: 1
            max_items: 5
            fields:
              - {name: principal, label: 本金, type: money, min: 0.01, required: true}
              - {name: lent_on, label: 日期, type: date, required: true}
    computed:
      - {name: total, label: 合计, function: sum_of, args: {items: loans}}
    """
)


def _problems(text: str, functions=("sum_of",)) -> list[str]:
    with pytest.raises(DefinitionError) as raised:
        parse_definition(text, "t.yaml", functions)
    return raised.value.problems


def test_a_good_definition_is_read_whole():
    definition = parse_definition(GOOD, "tiny.yaml", ["sum_of"])
    assert (definition.code, definition.version, definition.kind, definition.official) == ("tiny_loan", 2, "iou", False)
    assert [step.key for step in definition.steps] == ["parties", "loans"]
    rate = definition.field("rate")
    assert rate is not None and rate.when is not None and rate.when.holds(True) and not rate.when.holds(False)
    assert rate.line == 13
    loans = definition.field("loans")
    assert loans is not None and loans.is_group and [f.name for f in loans.fields] == ["principal", "lent_on"]
    assert [spec.name for spec in definition.all_fields()] == [
        "lender",
        "has_interest",
        "rate",
        "loans",
        "principal",
        "lent_on",
    ]
    assert definition.statutes() == ["《中华人民共和国民法典》第六百六十八条", "《中华人民共和国民法典》第六百八十条"]


def test_an_unknown_field_type_names_the_file_and_line():
    text = GOOD.replace("type: percent", "type: percentage")
    [problem] = _problems(text)
    assert problem.startswith("t.yaml:15: ") and 'unknown type "percentage"' in problem


def test_a_condition_on_a_missing_field_is_refused():
    text = GOOD.replace("when: {field: has_interest, equals: true}", "when: {field: has_intrest, equals: true}")
    [problem] = _problems(text)
    assert problem.startswith("t.yaml:18: ") and '"has_intrest", which is not a field' in problem


def test_a_cycle_through_conditions_is_refused():
    text = GOOD.replace(
        "- {name: has_interest, label: 约定利息吗, type: yesno}",
        "- {name: has_interest, label: 约定利息吗, type: yesno, when: {field: rate, filled: true}}",
    )
    problems = _problems(text)
    assert any("a cycle: has_interest → rate → has_interest" in p for p in problems), problems


def test_a_cycle_through_computed_values_is_refused():
    text = GOOD + "  - {name: again, label: 再算, function: sum_of, args: {items: total2}}\n"
    text += "  - {name: total2, label: 再算二, function: sum_of, args: {items: again}}\n"
    problems = _problems(text)
    assert any("a cycle: again → total2 → again" in p for p in problems), problems


def test_every_problem_is_reported_at_once():
    text = (
        GOOD.replace("kind: iou", "kind: letter")
        .replace("type: percent", "type: percentage")
        .replace("max_items: 5", "max_items: 500")
        .replace("function: sum_of", "function: add_up")
    )
    problems = _problems(text)
    assert len(problems) == 4, problems
    assert [p.split(":")[1] for p in problems] == ["4", "15", "27", "32"]


def test_duplicate_names_keys_and_bad_values():
    text = GOOD.replace("name: lent_on", "name: lender").replace("min: 0\n", "min: 200\n")
    problems = _problems(text)
    assert any('the name "lender" is already used on line 11' in p for p in problems), problems
    assert any('"min" 200 is above "max" 100' in p for p in problems), problems


def test_broken_yaml_says_where():
    [problem] = _problems("code: x\nsteps: [\n")
    assert problem.startswith("t.yaml:3: not valid YAML")


def test_a_folder_is_checked_as_a_whole(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")  # the same code again
    (tmp_path / "c.yaml").write_text(GOOD.replace("type: yesno", "type: boolean"), encoding="utf-8")
    with pytest.raises(DefinitionError) as raised:
        load_definitions(tmp_path, ["sum_of"])
    assert raised.value.problems == [
        'b.yaml:1: the code "tiny_loan" is already used by a.yaml',
        'c.yaml:12: field "has_interest": unknown type "boolean" (known: text, textarea, integer, money, '
        "percent, date, choice, multichoice, yesno, id_number, phone, group)",
    ]


def test_a_per_item_computation_must_name_a_group():
    good = GOOD + "  - {name: each_total, label: 每笔, function: sum_of, each: loans, args: {items: principal}}\n"
    definition = parse_definition(good, "t.yaml", ["sum_of"])
    assert definition.computed[-1].each == "loans"
    bad = GOOD + "  - {name: each_total, label: 每笔, function: sum_of, each: lender, args: {items: principal}}\n"
    [problem] = _problems(bad)
    assert problem == 't.yaml:33: computed "each_total": "each" names "lender", which is not a group here'
