"""The "how much / how is it calculated" part of a question (issue #16 item 14).

A question that asks for an amount or a method (怎么算, 多少, 如何计算, 标准是多少, 赔多少 …) gets
one more sentence saying where the amount comes from, so that part is never silently ignored:

1. the FAQ answer, when the answer came from a FAQ entry whose text carries the amount;
2. else the first cited article (in the order shown) that shares at least half the question's
   topical words (or that the FAQ entry answering it rests on) and has a sentence that carries an
   amount, a multiple or a calculation rule (二倍, 一个月工资, 百分之…, 按…计算): that sentence,
   quoted;
3. else plainly: no fixed amount in the law; decided case by case (by the labour arbitration
   committee or the people's court for labour matters, by the people's court otherwise), with a
   hand-over suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongfa.knowledge.models import FaqEntry
    from gongfa.knowledge.qa import Citation

# Ways of asking for an amount or a calculation.
AMOUNT_CUES = (
    "怎么算",
    "怎样算",
    "如何算",
    "咋算",
    "怎么计算",
    "怎样计算",
    "如何计算",
    "计算方法",
    "计算标准",
    "赔偿标准",
    "补偿标准",
    "标准是多少",
    "多少",
    "几倍",
    "赔多少",
    "怎么赔",
    "赔几",
    "给几个月",
    "金额",
    "数额",
)
_NUMBER = r"(?:[0-9０-９]+(?:\.[0-9]+)?|[零〇一二三四五六七八九十百千万两半]+)"
# A sentence that states an amount, a multiple or how to calculate one.
# 计算 counts unless it is when a period starts (之日起计算) or how periods are counted (期间的计算).
_AMOUNT = re.compile(
    rf"{_NUMBER}\s*(?:倍|个月(?:的)?工资|%|％|元|万元)|百分之|(?<!起)(?<!期间)(?<!期限)(?<!期间的)计算|月工资|日工资|年工资"
)
_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")
_LABOUR = ("劳动", "工资", "工钱", "欠薪", "加班", "辞退", "开除", "解除合同", "经济补偿", "工伤", "社保", "用人单位")
MAX_QUOTE = 160
# Words of the question that say "an amount" rather than what it is about: an article sharing only
# these with the question is not about it.
_GENERIC = ("标准", "计算", "多少", "金额", "数额", "怎么", "如何", "怎样", "能要", "能赔", "赔偿", "几倍")

CASE_BY_CASE_LABOUR = (
    "法律没有规定一个固定的数额：具体金额要看工资、工作年限等情况，协商不成的，由劳动人事争议仲裁委员会"
    "或者人民法院根据证据和有关规定确定。"
)
CASE_BY_CASE = (
    "法律没有规定一个固定的数额：具体金额协商不成的，由人民法院根据实际损失、过错程度、当地生活水平等因素确定。"
)
HAND_OVER = "需要结合您的情况估算的，可以转人工，或拨打 12348 公共法律服务热线。"


def asks_amount(question: str) -> bool:
    """Whether the question asks for an amount or a way to calculate one."""
    return any(cue in question for cue in AMOUNT_CUES)


def amount_sentence(text: str, words: Sequence[str] = ()) -> str | None:
    """The sentence of `text` that carries an amount or a calculation rule (the one sharing most
    words with the question; the first among equals), or None."""
    found = [s.strip() for s in _SENTENCE.findall(text or "") if _AMOUNT.search(s)]
    if not found:
        return None
    best = max(found, key=lambda s: (sum(1 for w in words if w in s), -found.index(s)))
    return best if len(best) <= MAX_QUOTE else best[:MAX_QUOTE] + "……"


def _is_labour(question: str, citations: Sequence[Citation]) -> bool:
    """A labour matter: the question says so, or the article it is answered from is a labour law."""
    return any(cue in question for cue in _LABOUR) or bool(citations and "劳动" in citations[0].law_name)


def amount_note(
    question: str,
    citations: Sequence[Citation],
    faq_entry: FaqEntry | None = None,
    words: Sequence[str] = (),
) -> str:
    """The sentence saying where the amount asked for comes from ("" when none is asked for)."""
    if not asks_amount(question):
        return ""
    if faq_entry is not None:
        sentence = amount_sentence(faq_entry.answer, words)
        if sentence:
            return f"金额/计算方法见常见问题“{faq_entry.question}”：“{sentence}”"
    topical = [w for w in words if not any(g in w for g in _GENERIC)]
    vouched = set(faq_entry.articles.values_list("pk", flat=True)) if faq_entry is not None else set()
    for citation in citations:
        shared = sum(1 for w in topical if w in citation.text)
        if citation.article_id not in vouched and (not shared or shared * 2 < len(topical)):
            continue  # ranked by the search, but about something else (only "标准" or "劳动" in common …)
        sentence = amount_sentence(citation.text, words)
        if sentence:
            return f"金额/计算方法见{citation.citation}：“{sentence}”"
    general = CASE_BY_CASE_LABOUR if _is_labour(question, citations) else CASE_BY_CASE
    return f"关于金额：{general}{HAND_OVER}"
