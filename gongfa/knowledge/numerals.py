"""Article numbers in Chinese and Arabic numerals: 第一千一百六十五条 ⇄ 1165, 第十七条之一 ⇄ (17, 1).

Statutes number articles in Chinese numerals; people and software write 第1165条, 1165条 or
第一一六五条. Everything here is pure, so the citation checker and the importer share it.
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}  # fmt: skip
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CHINESE_NUMERAL = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万"
ARTICLE = re.compile(rf"^第?\s*([0-9０-９]+|[{CHINESE_NUMERAL}]+)\s*条(?:\s*之\s*([0-9]+|[{CHINESE_NUMERAL}]+))?$")
SMALL = "零一二三四五六七八九"


def chinese_to_int(text: str) -> int:
    """一千一百六十五 → 1165; 十七 → 17; 一一六五 → 1165 (digit by digit); raises ValueError."""
    text = text.strip()
    if not text or any(ch not in CHINESE_NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(ch in DIGITS for ch in text):  # digit by digit: 一一六五
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
    return total + section + (digit or 0)


def int_to_chinese(number: int) -> str:
    """1165 → 一千一百六十五; 17 → 十七; 105 → 一百零五 (as statutes write them, up to 99,999)."""
    if number < 0 or number >= 100_000:
        raise ValueError(f"out of range: {number}")
    if number == 0:
        return "零"
    if number < 20 and number >= 10:
        return "十" + (SMALL[number - 10] if number > 10 else "")
    parts: list[str] = []
    zero_pending = False
    for value, unit in ((10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            if parts:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(SMALL[digit] + unit)
    return "".join(parts)


def _to_int(text: str) -> int:
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(text) if text.isdigit() else chinese_to_int(text)


def parse_article_number(text: str) -> tuple[int, int]:
    """'第一千一百六十五条' / '第1165条' / '1165条' / '第十七条之一' → (1165, 0) / (17, 1); ValueError otherwise."""
    match = ARTICLE.match(text.strip())
    if match is None:
        raise ValueError(f"not an article number: {text!r}")
    return _to_int(match.group(1)), (_to_int(match.group(2)) if match.group(2) else 0)


def article_label(number: int, suffix: int = 0) -> str:
    """(1165, 0) → 第一千一百六十五条; (17, 1) → 第十七条之一 (the form the statute itself uses)."""
    label = f"第{int_to_chinese(number)}条"
    return f"{label}之{int_to_chinese(suffix)}" if suffix else label
