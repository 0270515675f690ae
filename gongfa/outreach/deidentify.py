"""De-identification of typical cases (典型案例脱敏): what personal data is left, and what to replace.

- `find_personal_data(text, names)`: every ID-like string (18 digits, the last may be X, or 15
  digits, optionally grouped by spaces or hyphens), phone-like string (mobile 1[3-9]… with 11
  digits, optionally +86; landline 0AA(A)-NNNNNNN(N), optionally in brackets) and every known party
  name still in the text, with its position. Full-width digits count as digits.
- `propose_replacements(names, places)`: the parties' names → 张某/李某 (the family name kept, a
  second person with the same family name gets 甲/乙…; a company's name → 某公司), the village and township names of the
  case's region chain → 某村/某社区/某镇/某乡/某街道.
- `apply_replacements(text, replacements)`: the text with them applied, longest first.

No database access here: the services pass the names and places of the source case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gongfa.core.masking import mask_id_number, mask_phone

ID_NUMBER = "id_number"
PHONE = "phone"
NAME = "name"
KIND_LABELS = {ID_NUMBER: _("身份证号"), PHONE: _("电话号码"), NAME: _("当事人姓名")}

# Full-width digits and X are read as ASCII (one character for one, so positions stay the same).
_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＯ－（）＋", "0123456789XxO-()+")
_SEP = r"[ \-]?"
_ID_18 = re.compile(rf"(?<![0-9A-Za-z])\d{{6}}{_SEP}\d{{8}}{_SEP}\d{{3}}[\dXx](?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_MOBILE = re.compile(rf"(?<![0-9A-Za-z+])(?:\+?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?![0-9A-Za-z])")
_LANDLINE = re.compile(r"(?<![0-9A-Za-z])(?:\(0\d{2,3}\)\s?|0\d{2,3}[ \-]?)\d{7,8}(?![0-9A-Za-z])")
_PATTERNS = ((ID_NUMBER, _ID_18), (ID_NUMBER, _ID_15), (PHONE, _MOBILE), (PHONE, _LANDLINE))

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "呼延",
    }
)
_SUFFIXES = "甲乙丙丁戊己庚辛壬癸"
# An organisation's name (a party may be a company) keeps only its kind.
_ORGANISATION_ENDINGS = (
    "有限责任公司",
    "有限公司",
    "公司",
    "合作社",
    "工厂",
    "厂",
    "商店",
    "店",
    "医院",
    "学校",
    "中心",
)
# A place's replacement by how its name ends (the longest ending first).
_PLACE_ENDINGS = (
    ("居委会", "某社区"),
    ("村委会", "某村"),
    ("街道", "某街道"),
    ("社区", "某社区"),
    ("嘎查", "某嘎查"),
    ("村", "某村"),
    ("镇", "某镇"),
    ("乡", "某乡"),
    ("苏木", "某苏木"),
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data still in a text: its kind, the text found, [start, end) and the
    field it is in (set by `find_in_fields`)."""

    kind: str
    text: str
    start: int
    end: int
    field: str = ""

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def shown(self) -> str:
        """The text as an error message may show it (numbers masked)."""
        digits = re.sub(r"[^0-9Xx]", "", self.text.translate(_WIDTH))
        if self.kind == ID_NUMBER:
            return mask_id_number(digits)
        if self.kind == PHONE:
            return mask_phone(digits)
        return self.text


@dataclass(frozen=True)
class Replacement:
    original: str
    replacement: str
    kind: str  # NAME or "place"


def _known_names(names: Iterable[str]) -> list[str]:
    """Names worth looking for: two characters or more, not already a pseudonym, longest first."""
    unique = {n.strip() for n in names if n and len(n.strip()) >= 2 and "某" not in n}
    return sorted(unique, key=lambda n: (-len(n), n))


def find_personal_data(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """Every ID-like, phone-like string and known name in `text`, in order of position."""
    text = text or ""
    plain = text.translate(_WIDTH)
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= low or start >= high for low, high in taken)

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(plain):
            if free(match.start(), match.end()):
                taken.append((match.start(), match.end()))
                found.append(Finding(kind, text[match.start() : match.end()], match.start(), match.end()))
    for name in _known_names(names):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if free(start, end):
                taken.append((start, end))
                found.append(Finding(NAME, name, start, end))
            start = text.find(name, end)
    return sorted(found, key=lambda f: (f.start, f.end))


def find_in_fields(fields: Mapping[str, str], names: Iterable[str] = ()) -> list[Finding]:
    """`find_personal_data` over several fields (name → text), each finding naming its field."""
    known = list(names)
    return [
        Finding(f.kind, f.text, f.start, f.end, field)
        for field, text in fields.items()
        for f in find_personal_data(text, known)
    ]


def surname_of(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def organisation_replacement(name: str) -> str | None:
    """某公司 for a company's name (and so on for the other kinds); None for a person's name."""
    for ending in _ORGANISATION_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return f"某{ending}"
    return None


def _pseudonyms(names: Iterable[str]) -> list[Replacement]:
    out = []
    people = []
    for name in _known_names(names):
        organisation = organisation_replacement(name)
        if organisation is not None:
            out.append(Replacement(name, organisation, NAME))
        else:
            people.append(name)
    by_surname: dict[str, list[str]] = {}
    for name in sorted(people, key=lambda n: (surname_of(n), n)):
        by_surname.setdefault(surname_of(name), []).append(name)
    for surname, group in by_surname.items():
        for index, name in enumerate(group):
            suffix = _SUFFIXES[index % len(_SUFFIXES)] if len(group) > 1 else ""
            out.append(Replacement(name, f"{surname}某{suffix}", NAME))
    return out


def place_replacement(name: str) -> str:
    for ending, replacement in _PLACE_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return replacement
    return "某地"


def propose_replacements(names: Iterable[str], places: Iterable[str] = ()) -> list[Replacement]:
    """The replacements for the parties' names and the places (village, township names)."""
    out = _pseudonyms(names)
    seen = {r.original for r in out}
    for place in places:
        place = (place or "").strip()
        if len(place) >= 2 and place not in seen:
            seen.add(place)
            out.append(Replacement(place, place_replacement(place), "place"))
    return out


def apply_replacements(text: str, replacements: Iterable[Replacement]) -> str:
    """`text` with every original replaced (longest original first, in one pass)."""
    ordered = sorted(replacements, key=lambda r: -len(r.original))
    if not text or not ordered:
        return text or ""
    table = {r.original: r.replacement for r in ordered}
    pattern = re.compile("|".join(re.escape(r.original) for r in ordered))
    return pattern.sub(lambda m: table[m.group(0)], text)
