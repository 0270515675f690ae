"""Computed values of drafted documents (文书计算): interest on a private loan to a chosen date, with
the legal cap, and sums. A definition names these functions in its `computed` entries.

Interest on a private loan (民间借贷利息):
- simple interest, principal × yearly rate × days ÷ the day basis (settings.DRAFTING_INTEREST_DAY_BASIS,
  365 by default: courts differ between 360 and 365, so the document states the basis it used);
- no agreed rate, no interest (《中华人民共和国民法典》第六百八十条第二款);
- the cap: four times the one-year loan prime rate (一年期贷款市场报价利率, LPR) in force when the
  contract was made; what lies above it a court does not support (《最高人民法院关于审理民间借贷案件
  适用法律若干问题的规定》第二十五条). An agreed rate above the cap is not refused: the interest is
  computed at the cap, and a warning names the rule and both rates.

The LPR table (data/lpr_one_year.csv: one row per change since the first publication, 20 August
2019) must be kept current; settings.DRAFTING_LPR_CHECKED_THROUGH says up to when it is known to be
complete, and a contract made later gets the last rate with a warning to check it.
"""

from __future__ import annotations

import csv
import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

CENT = Decimal("0.01")
LPR_FILE = Path(__file__).resolve().parent / "data" / "lpr_one_year.csv"
CAP_MULTIPLE = Decimal(4)
CAP_RULE = "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条"
NO_RATE_RULE = "《中华人民共和国民法典》第六百八十条"


@dataclass(frozen=True)
class LprRate:
    published: datetime.date
    percent: Decimal


@functools.cache
def lpr_table() -> tuple[LprRate, ...]:
    """The one-year LPR by publication date, oldest first."""
    with LPR_FILE.open(encoding="utf-8") as handle:
        rows = [
            LprRate(datetime.date.fromisoformat(row["published"]), Decimal(row["percent"]))
            for row in csv.DictReader(line for line in handle if not line.startswith("#"))
        ]
    return tuple(sorted(rows, key=lambda rate: rate.published))


def lpr_on(day: datetime.date) -> LprRate | None:
    """The one-year LPR in force on `day`; None before the first publication (20 August 2019)."""
    found = None
    for rate in lpr_table():
        if rate.published > day:
            break
        found = rate
    return found


@dataclass(frozen=True)
class Interest:
    """Interest on one loan to a date, and what the cap allows."""

    principal: Decimal
    agreed_percent: Decimal | None
    start: datetime.date
    end: datetime.date
    days: int
    day_basis: int
    applied_percent: Decimal  # the rate the interest is computed at (the agreed one, or the cap)
    amount: Decimal
    cap_percent: Decimal | None = None
    warning: str = ""
    rule: str = ""

    @property
    def explanation(self) -> str:
        """How the figure was reached, in plain words for the document and the citizen."""
        if self.agreed_percent is None:
            return f"未约定利息，不计利息（{NO_RATE_RULE}）"
        text = (
            f"以本金{self.principal}元，自{self.start:%Y年%m月%d日}起至{self.end:%Y年%m月%d日}止共{self.days}天，"
            f"按年利率{self.applied_percent}%、一年按{self.day_basis}天计算，利息{self.amount}元"
        )
        return f"{text}；{self.warning}" if self.warning else text


def lpr_checked_through() -> datetime.date:
    """The last day the LPR table is known to be complete for (settings.DRAFTING_LPR_CHECKED_THROUGH)."""
    return datetime.date.fromisoformat(str(getattr(settings, "DRAFTING_LPR_CHECKED_THROUGH", "2025-06-20")))


def day_basis() -> int:
    return int(getattr(settings, "DRAFTING_INTEREST_DAY_BASIS", 365))


def loan_interest(
    principal: Decimal,
    start: datetime.date,
    end: datetime.date,
    agreed_percent: Decimal | None = None,
    contract_date: datetime.date | None = None,
) -> Interest:
    """Simple interest on `principal` from `start` to `end` at the agreed yearly rate (percent),
    limited to four times the LPR on the contract date (`start` when not given)."""
    if end < start:
        raise ValueError("the end date is before the start date")
    basis = day_basis()
    days = (end - start).days
    if agreed_percent is None or agreed_percent == 0:
        return Interest(principal, None, start, end, days, basis, Decimal(0), Decimal("0.00"), rule=NO_RATE_RULE)
    made = contract_date or start
    lpr = lpr_on(made)
    cap = (lpr.percent * CAP_MULTIPLE).quantize(CENT) if lpr is not None else None
    applied, warning, rule = agreed_percent, "", ""
    if lpr is not None and cap is not None and agreed_percent > cap:
        applied = cap
        rule = CAP_RULE
        warning = (
            f"约定年利率{agreed_percent}%超过合同成立时（{made:%Y年%m月%d日}）一年期贷款市场报价利率"
            f"{lpr.percent}%的四倍（{cap}%），超过部分人民法院不予支持（{CAP_RULE}），已按{cap}%计算"
        )
        checked = lpr_checked_through()
        if made > checked:
            warning += f"；平台的利率表核对至{checked:%Y年%m月%d日}，请核对合同成立当月公布的利率"
    elif cap is None:
        warning = "合同成立于2019年8月20日首次公布LPR之前，利率上限请咨询律师"
    amount = (principal * applied / Decimal(100) * Decimal(days) / Decimal(basis)).quantize(CENT, ROUND_HALF_UP)
    return Interest(principal, agreed_percent, start, end, days, basis, applied, amount, cap, warning, rule)


def _decimal(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    return Decimal(str(value))


def sum_of(items: list[dict[str, Any]] | None, key: str = "amount") -> Decimal:
    """The sum of one value over a group's items (empty values count 0)."""
    return sum((_decimal(item.get(key)) for item in items or []), Decimal(0)).quantize(CENT)


def difference(minuend: Any, subtrahend: Any = None) -> Decimal:
    """minuend − subtrahend (an empty value counts 0), never below zero."""
    return max(_decimal(minuend) - _decimal(subtrahend), Decimal(0)).quantize(CENT)


def claim_total(items: list[dict[str, Any]] | None, costs: Any = None) -> Decimal:
    """标的总额: what is owed and its interest over every item, plus the costs claimed."""
    total = _decimal(costs)
    for item in items or []:
        total += _decimal(item.get("owed"))
        interest = item.get("interest")
        total += interest.amount if isinstance(interest, Interest) else _decimal(interest)
    return total.quantize(CENT)


DIGITS = "零壹贰叁肆伍陆柒捌玖"
SECTIONS = ("", "万", "亿", "万亿")


def _four_digits(number: int) -> str:
    """0 < number < 10000 in capital digits, a 零 for each run of inner zeros (壹仟零肆)."""
    text, zero = "", False
    for place, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = number // place % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + unit
    return text


def amount_in_words(amount: Any) -> str:
    """人民币大写 as cheques and agreements write it (支付结算办法): 壹万伍仟元整, 叁佰贰拾伍元零肆分;
    整 after 元 only, a single 零 for a run of zeros."""
    value = _decimal(amount).quantize(CENT, ROUND_HALF_UP)
    if value < 0:
        raise ValueError("a negative amount has no written form")
    cents = int(value * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    words = ""
    if yuan:
        groups = []
        while yuan:
            groups.append(yuan % 10000)
            yuan //= 10000
        pending_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                pending_zero = bool(words)
                continue
            if words and (pending_zero or group < 1000):
                words += "零"
            words += _four_digits(group) + SECTIONS[index]
            pending_zero = False
        words += "元"
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    if fen:
        if words and not jiao:
            words += "零"
        words += DIGITS[fen] + "分"
    return words


# The functions a definition's `computed` entries may name.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "amount_in_words": amount_in_words,
    "claim_total": claim_total,
    "difference": difference,
    "loan_interest": loan_interest,
    "sum_of": sum_of,
}


@dataclass
class Computation:
    """A definition's computed values over one set of answers: the top-level values, each group's
    items with their per-item values added, and the warnings to show (each with the rule behind it)."""

    values: dict[str, Any]
    groups: dict[str, list[dict[str, Any]]]
    warnings: list[str]

    def value(self, name: str) -> Any:
        return self.values.get(name)


def compute_values(definition: Any, answers: dict[str, Any]) -> Computation:
    """Evaluate `definition.computed` in order over cleaned answers (gongfa.drafting.answers). A
    value whose arguments are not all answered yet is left out, not guessed."""
    groups = {
        spec.name: [dict(item) for item in answers.get(spec.name) or []]
        for spec in definition.all_fields()
        if spec.is_group
    }
    values: dict[str, Any] = {}
    warnings: list[str] = []

    def argument(name: str, item: dict[str, Any] | None) -> Any:
        if name.startswith("="):  # a literal (definitions.py)
            return name[1:]
        if item is not None and name in item:
            return item[name]
        if name in groups:
            return groups[name]
        return values[name] if name in values else answers.get(name)

    for entry in definition.computed:
        function = FUNCTIONS[entry.function]
        targets: list[dict[str, Any] | None] = list(groups.get(entry.each, [])) if entry.each else [None]
        for number, item in enumerate(targets, start=1):
            kwargs = {arg: argument(source, item) for arg, source in entry.args.items()}
            if _lacks_required(function, kwargs):
                continue
            try:
                result = function(**kwargs)
            except (ValueError, ArithmeticError) as exc:
                where = f"第{number}项" if item is not None else ""
                warnings.append(f"{entry.label}{where}无法计算：{exc}")
                continue
            if item is not None:
                item[entry.name] = result
            else:
                values[entry.name] = result
            warning = getattr(result, "warning", "")
            if warning:
                warnings.append(f"{entry.label}（第{number}项）：{warning}" if item is not None else warning)
    return Computation(values, groups, warnings)


def _lacks_required(function: Callable[..., Any], kwargs: dict[str, Any]) -> bool:
    """Whether an argument without a default is unanswered (None)."""
    import inspect

    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.default is inspect.Parameter.empty and kwargs.get(name) is None:
            return True
    return False
