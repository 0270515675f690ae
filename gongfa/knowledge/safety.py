"""First do no harm (安全优先): questions that signal danger get emergency guidance before any law.

"我想杀了他", "他天天打我", "不想活了" are not tort or divorce questions first. The Q&A
(knowledge.qa.ask, the one entry point of every channel) asks `assess()` about each question; when
a cue fires, the answer carries the emergency numbers (110, 120, the crisis, women's and youth
hotlines, the local 12348) ahead of the legal content, and a hand-over to a person is urgent.

The cues are data (knowledge.SafetyCue, maintained in the admin, default list shipped by a data
migration). `detect()` is a pure function of the text and a compiled cue table; `assess()` reads
the table from the database once per process and again when staff edit it (checked at most every
CHECK_EVERY_SECONDS, at once in the process that saved the edit).

Near misses are the cost to avoid: "故意杀人罪判几年" and "打官司" are ordinary legal questions.
So a cue does not count where an EXCLUDE phrase overlaps it (legal terms, 打工, 打电话 …) or where
it is negated just before (没有打我, 不是家暴).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gongfa.knowledge.choices import SafetyKind
from gongfa.knowledge.models import SAFETY_GAP

LEVEL_URGENT = "urgent"
GAP_CHARS = 8  # what `*` in a phrase may stand for: up to this many characters within a sentence
_GAP = rf"[^。！？!?；;\n]{{0,{GAP_CHARS}}}?"
# Said just before a cue, these undo it: 没有打我, 不是家暴, 并未威胁*杀.
NEGATORS = ("没有", "没", "不是", "不", "并非", "并未", "未", "从未", "从没", "别")
NEGATION_WINDOW = 2
_SPACE = re.compile(r"\s+")
CHECK_EVERY_SECONDS = 30.0


@dataclass(frozen=True)
class Hotline:
    """One number to call, and when."""

    number: str
    name: str
    when: str

    def as_dict(self) -> dict[str, str]:
        return {"number": self.number, "name": self.name, "when": self.when}


POLICE = Hotline("110", "报警电话", "正在发生或可能发生暴力、有人威胁要伤人、被关押或限制自由时，立即拨打。")
AMBULANCE = Hotline("120", "急救电话", "有人受伤、服药或有生命危险时，立即拨打。")
CRISIS = Hotline("12356", "全国心理援助热线", "心里很难受、有伤害自己或他人的念头时，可以拨打，有专业人员倾听和帮助。")
WOMEN = Hotline("12338", "妇女维权公益服务热线（妇联）", "妇女遭受家庭暴力、性侵害时，可以求助。")
YOUTH = Hotline("12355", "青少年服务台（共青团）", "未成年人受到伤害、欺凌，或青少年有心理危机时，可以求助。")
LEGAL = Hotline("12348", "当地公共法律服务热线", "人身安全后，可咨询人身安全保护令、报警后的法律程序和法律援助。")

# Who to call for each kind of danger; shown in this order, each number once.
HOTLINE_ORDER = (POLICE, AMBULANCE, CRISIS, WOMEN, YOUTH, LEGAL)
HOTLINES: dict[str, tuple[Hotline, ...]] = {
    SafetyKind.HARM_TO_OTHERS: (POLICE, CRISIS, LEGAL),
    SafetyKind.SELF_HARM: (AMBULANCE, POLICE, CRISIS, YOUTH, LEGAL),
    SafetyKind.DOMESTIC_VIOLENCE: (POLICE, AMBULANCE, WOMEN, LEGAL),
    SafetyKind.VIOLENCE: (POLICE, AMBULANCE, WOMEN, LEGAL),
    SafetyKind.CHILD_ABUSE: (POLICE, AMBULANCE, YOUTH, LEGAL),
    SafetyKind.ELDER_ABUSE: (POLICE, AMBULANCE, LEGAL),
    SafetyKind.THREAT: (POLICE, LEGAL),
    SafetyKind.CONFINEMENT: (POLICE, LEGAL),
}
MESSAGES: dict[str, str] = {
    SafetyKind.SELF_HARM: (
        "您的生命很重要。如果您现在有伤害自己的想法，请马上拨打 12356 心理援助热线，"
        "或告诉身边信任的人；情况危急请拨打 120 或 110。"
    ),
    SafetyKind.HARM_TO_OTHERS: (
        "请先冷静，不要伤害他人，也保护好自己。如果冲突正在发生或一触即发，请立即拨打 110；"
        "心里难以平静时，可拨打 12356 心理援助热线。"
    ),
}
DEFAULT_MESSAGE = "您的人身安全最重要。如果您或他人正面临危险，请立即拨打 110 报警；有人受伤请拨打 120。"


@dataclass(frozen=True)
class Safety:
    """The danger a question signals, and the guidance that goes before anything else."""

    kinds: tuple[str, ...]
    matched: tuple[str, ...]  # the cue phrases that fired, for staff (not shown to the asker)
    message: str
    hotlines: tuple[Hotline, ...]
    level: str = LEVEL_URGENT

    @property
    def kind_labels(self) -> list[str]:
        return [str(SafetyKind(k).label) for k in self.kinds]

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "kinds": list(self.kinds),
            "message": self.message,
            "guidance": [h.as_dict() for h in self.hotlines],
        }

    def triage_note(self) -> str:
        """The line a hand-over's work order carries (安全风险：家庭暴力、受到威胁)."""
        return f"安全风险：{'、'.join(self.kind_labels)}（智能问答识别，请优先联系并核实人身安全）"


@dataclass(frozen=True)
class CueTable:
    """Compiled cues: (pattern, kind, phrase) and the exclusion patterns."""

    cues: tuple[tuple[re.Pattern[str], str, str], ...] = ()
    exclusions: tuple[re.Pattern[str], ...] = ()
    stamp: tuple[Any, ...] = field(default=(), compare=False)


def _pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in normalise(phrase).split(SAFETY_GAP) if p]
    return re.compile(_GAP.join(parts))


def compile_cues(rows: Iterable[tuple[str, str]], stamp: tuple[Any, ...] = ()) -> CueTable:
    """A table from (phrase, kind) pairs; phrases that are empty after normalising are skipped."""
    cues: list[tuple[re.Pattern[str], str, str]] = []
    exclusions: list[re.Pattern[str]] = []
    for phrase, kind in rows:
        if not normalise(phrase).replace(SAFETY_GAP, ""):
            continue
        if kind == SafetyKind.EXCLUDE:
            exclusions.append(_pattern(phrase))
        elif kind in HOTLINES:
            cues.append((_pattern(phrase), kind, phrase))
    return CueTable(tuple(cues), tuple(exclusions), stamp)


def normalise(text: str) -> str:
    """Spaces do not break a cue (杀 了 他); Latin letters are compared in lower case."""
    return _SPACE.sub("", text or "").lower()


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - NEGATION_WINDOW) : start]
    return any(n in before for n in NEGATORS)


def detect(text: str, table: CueTable) -> Safety | None:
    """The danger `text` signals according to `table`, or None. Pure: no database, no clock."""
    body = normalise(text)
    if not body or not table.cues:
        return None
    excluded = [m.span() for pattern in table.exclusions for m in pattern.finditer(body)]
    kinds: dict[str, None] = {}
    matched: dict[str, None] = {}
    for pattern, kind, phrase in table.cues:
        for found in pattern.finditer(body):
            start, end = found.span()
            if any(s < end and start < e for s, e in excluded) or _negated(body, start):
                continue
            kinds.setdefault(kind, None)
            matched.setdefault(phrase, None)
            break
    if not kinds:
        return None
    return for_kinds(kinds, matched=tuple(matched))


def for_kinds(kinds: Iterable[str], matched: tuple[str, ...] = ()) -> Safety:
    """The guidance for these kinds of danger: each number once, in HOTLINE_ORDER."""
    wanted_kinds = set(kinds)
    ordered = tuple(str(k) for k in HOTLINES if k in wanted_kinds)
    wanted = {h for k in ordered for h in HOTLINES[k]}
    message = next((MESSAGES[k] for k in ordered if k in MESSAGES), DEFAULT_MESSAGE)
    return Safety(
        kinds=ordered,
        matched=matched,
        message=message,
        hotlines=tuple(h for h in HOTLINE_ORDER if h in wanted),
    )


# ---------------------------------------------------------------------------------------------
# The table in this process.
# ---------------------------------------------------------------------------------------------
_lock = threading.Lock()
_table: CueTable | None = None
_checked_at = 0.0


def _stamp() -> tuple[Any, ...]:
    """Changes on any add, edit or delete of a cue (count, newest edit, highest id)."""
    from django.db.models import Count, Max

    from gongfa.knowledge.models import SafetyCue

    found = SafetyCue.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    return (found["n"], found["last"], found["top"])


def current_table() -> CueTable:
    """The enabled cues, read once per process and again when staff have edited them."""
    global _table, _checked_at
    from gongfa.knowledge.models import SafetyCue

    now = time.monotonic()
    if _table is not None and now - _checked_at < CHECK_EVERY_SECONDS:
        return _table
    with _lock:
        stamp = _stamp()
        if _table is None or _table.stamp != stamp:
            rows = SafetyCue.objects.filter(is_active=True).order_by("pk").values_list("phrase", "kind")
            _table = compile_cues(rows, stamp)
        _checked_at = now
        return _table


def forget_cues() -> None:
    """Drop this process's table (after an edit in the admin, and in tests)."""
    global _table, _checked_at
    with _lock:
        _table, _checked_at = None, 0.0


def assess(text: str) -> Safety | None:
    """The danger a question signals, by the cue list staff maintain."""
    return detect(text, current_table())
