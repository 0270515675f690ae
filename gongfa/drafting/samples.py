"""Sample answers for any definition (示例答案): demo data, and what the output tests render.

`sample_answers(definition)` writes raw answers (as a form or the API sends them) that answer every
question of the definition validly, so that `clean_answers(definition, raw, complete=True)` accepts
them. Nothing here knows a particular template: values come from the field's type, its limits, and
its name and label (a 姓名 gets 张某某, a 住所 an address, a 民族 汉族 …):

- text: by name/label, cut to ``max_length``; textarea: two sentences on two lines (to show a line
  break in the output);
- id_number: a resident ID number with the GB 11643 check character (checked with the validator
  ``answers.py`` uses); phone: 13800138000, 13800138001 …;
- date: one date per field, in interview order, moved later where ``answers.DATE_ORDER`` or
  ``DATE_AFTER_ITEMS`` asks (contract_date ≤ lent_on ≤ due_date ≤ … interest_until), birth dates
  in 1985;
- integer, money, percent: a plausible amount within ``min`` … ``max``;
- yesno and choice: the answer that shows the most questions and rows whose condition names the
  field (ties: yes, the first choice), so that conditional questions are answered too;
  multichoice: the first choice;
- group: two items (``min_items`` when more, ``max_items`` when fewer).

Questions hidden by a condition are answered too; ``clean_answers`` drops them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from typing import Any

from gongfa.core.validators import id_check_char, validate_id_number
from gongfa.drafting.answers import DATE_AFTER_ITEMS, DATE_ORDER
from gongfa.drafting.definitions import Condition, Definition, FieldSpec

FIRST_DATE = datetime.date(2020, 3, 1)  # after the first LPR (2019-08-20): no "before LPR" warning
DATE_STEP = datetime.timedelta(days=45)
BIRTH_DATE = datetime.date(1985, 6, 15)
CHILD_BIRTH_DATE = datetime.date(2021, 5, 20)
SURNAMES = "张李王赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
PHONE = 13800138000


def _words(spec: FieldSpec) -> str:
    return f"{spec.name} {spec.label}".lower()


def _has(spec: FieldSpec, *keys: str) -> bool:
    words = _words(spec)
    return any(key in words for key in keys)


def _conditions(definition: Definition) -> list[Condition]:
    """Every condition of the definition: on steps, questions and the layout's rows."""
    found = [step.when for step in definition.steps if step.when is not None]
    found += [spec.when for spec in definition.all_fields() if spec.when is not None]
    found += [row.when for section in definition.sections for row in section.rows if row.when is not None]
    return found


def _best(candidates: list[Any], conditions: Iterable[Condition]) -> Any:
    """The candidate that satisfies the most conditions (the first among equals)."""
    conditions = list(conditions)
    return max(candidates, key=lambda value: (sum(1 for c in conditions if c.holds(value)), -candidates.index(value)))


def _date_ranks(definition: Definition) -> dict[str, int]:
    """Each date field's place in time: interview order, then later where a rule asks."""
    names = [spec.name for spec in definition.all_fields() if spec.type == "date" and not _has(spec, "birth", "出生")]
    rank = {name: index for index, name in enumerate(dict.fromkeys(names))}
    rules = [(first, second) for first, second, _ in DATE_ORDER]
    rules += [(inner, outer) for inner, outer, _ in DATE_AFTER_ITEMS]
    for _ in range(len(rank) + 1):  # a chain of rules settles within as many passes as there are dates
        changed = False
        for first, second in rules:
            if first in rank and second in rank and rank[second] <= rank[first]:
                rank[second] = rank[first] + 1
                changed = True
        if not changed:
            break
    return rank


def sample_id_number(birth: datetime.date = BIRTH_DATE, sequence: int = 1) -> str:
    """A well-formed resident ID number (东城区, the birth date, the sequence, the check character)."""
    first17 = f"110101{birth:%Y%m%d}{sequence % 1000:03d}"
    number = first17 + id_check_char(first17)
    validate_id_number(number)  # the validator answers.py applies
    return number


class _Sampler:
    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.conditions = _conditions(definition)
        self.date_ranks = _date_ranks(definition)
        self.people = 0
        self.phones = 0
        self.ids = 0
        self.sexes = 0

    def person(self) -> str:
        name = f"{SURNAMES[self.people % len(SURNAMES)]}某某"
        self.people += 1
        return name

    def conditions_on(self, name: str) -> list[Condition]:
        return [condition for condition in self.conditions if condition.field == name]

    def answer(self, spec: FieldSpec, number: int) -> Any:
        kind = spec.type
        if kind == "group":
            count = max(2, spec.min_items)
            if spec.max_items:
                count = min(count, spec.max_items)
            return [{inner.name: self.answer(inner, item) for inner in spec.fields} for item in range(1, count + 1)]
        if kind == "yesno":
            return _best([True, False], self.conditions_on(spec.name))
        if kind == "choice":
            conditions = self.conditions_on(spec.name)
            labels = [label for _, label in spec.choices]
            if not conditions and sorted(labels) == ["女", "男"]:
                self.sexes += 1  # the parties alternate 男, 女
                return spec.choices[labels.index("男" if self.sexes % 2 else "女")][0]
            return _best([value for value, _ in spec.choices], conditions)
        if kind == "multichoice":
            return [spec.choices[0][0]]
        if kind == "date":
            if spec.name not in self.date_ranks:
                return (CHILD_BIRTH_DATE if _has(spec, "child", "子女", "孩子") else BIRTH_DATE).isoformat()
            return (FIRST_DATE + DATE_STEP * self.date_ranks[spec.name]).isoformat()
        if kind in ("integer", "money", "percent"):
            return str(self.number(spec))
        if kind == "id_number":
            self.ids += 1
            return sample_id_number(CHILD_BIRTH_DATE if _has(spec, "child", "子女", "孩子") else BIRTH_DATE, self.ids)
        if kind == "phone":
            self.phones += 1
            return str(PHONE + self.phones - 1)
        if kind == "textarea":
            return self.fit(spec, self.paragraph(spec))
        return self.fit(spec, self.text(spec, number))

    def number(self, spec: FieldSpec) -> Decimal:
        if spec.type == "percent":
            value = Decimal("6")
        elif spec.type == "integer":
            value = Decimal("2")
        elif _has(spec, "repaid", "paid", "已归还", "已还", "已支付"):
            value = Decimal("10000")
        elif _has(spec, "cost", "fee", "费"):
            value = Decimal("3000")
        elif _has(spec, "wage", "salary", "工资", "收入"):
            value = Decimal("8000")
        else:
            value = Decimal("50000")
        if spec.maximum is not None and value > spec.maximum:
            value = spec.maximum
        if spec.minimum is not None and value < spec.minimum:
            value = spec.minimum
        if spec.type == "integer":
            value = value.to_integral_value(rounding=ROUND_CEILING)
        elif spec.type == "money":
            value = value.quantize(Decimal("0.01"), rounding=ROUND_CEILING)
        return value

    def fit(self, spec: FieldSpec, text: str) -> str:
        return text[: spec.max_length] if spec.max_length else text

    def text(self, spec: FieldSpec, number: int) -> str:
        if _has(spec, "court", "法院"):
            return "某某市某某区人民法院"
        if _has(spec, "委员会", "commission", "committee"):
            if _has(spec, "仲裁", "arbitration", "commission"):
                return "某某市劳动人事争议仲裁委员会"
            return "某某街道人民调解委员会"
        if _has(spec, "case_number", "案号"):
            return "（2025）某0101民初1号"
        if _has(spec, "registry", "登记机关", "民政"):
            return "某某市某某区民政局"
        if _has(spec, "民族", "ethnic"):
            return "汉族"
        if _has(spec, "国籍", "nationality"):
            return "中国"
        if _has(spec, "address", "residence", "place", "location", "地址", "住所", "住址", "地点", "居住地", "户籍"):
            return f"某某省某某市某某区某某路{number}号"
        if _has(spec, "email", "邮箱", "电子邮件"):
            return f"user{number}@example.com"
        if _has(spec, "postcode", "邮编", "邮政编码"):
            return "100000"
        if _has(spec, "account", "账号", "帐号", "卡号"):
            return "6222000000000000000"
        if _has(spec, "evidence_name", "证据名称", "证据"):
            return f"书证原件{number}份"
        if _has(spec, "source", "来源"):
            return "本人保存"
        if _has(spec, "prove", "证明"):
            return "证明双方之间的法律关系和相关事实"
        if _has(spec, "purpose", "用途"):
            return "家庭生活开支"
        if _has(spec, "relation", "关系"):
            return "朋友"
        if _has(spec, "姓名", "creditor", "债权人", "debtor", "债务人"):
            return self.person()
        if _has(spec, "什么时候", "期限", "deadline", "_due", "_until"):
            return "2026年12月31日前"
        if _has(spec, "occupation", "职业", "岗位"):
            return "职员"
        if _has(spec, "职务", "position", "_title"):
            return "总经理"
        if _has(spec, "单位", "公司", "企业", "employer", "company"):
            return "某某有限公司"
        if _has(spec, "name", "名称", "recipient", "收件人", "代理人", "agent", "representative", "负责人"):
            return self.person()
        label = re.sub(r"[（(][^）)]*[）)]", "", spec.label).strip() or spec.name
        return f"{label}（示例）"

    def paragraph(self, spec: FieldSpec) -> str:
        label = re.sub(r"[（(][^）)]*[）)]", "", spec.label).strip() or spec.name
        return f"{label}：这是用于演示的示例文字，所述情况属实。\n第二段：双方多次协商未果，特此说明。"


def sample_answers(definition: Definition) -> dict[str, Any]:
    """Raw answers to every question of `definition` that pass ``clean_answers(complete=True)``."""
    sampler = _Sampler(definition)
    raw: dict[str, Any] = {}
    for step in definition.steps:
        for spec in step.fields:
            raw[spec.name] = sampler.answer(spec, 1)
    return raw
