"""Proof that a rendered document prints every character (no tofu) and leaves nothing unfilled.

``find_missing_glyphs(pdf)`` reads the PDF the way a viewer draws it: every text-showing operator
of every page (and of the forms the pages draw), through the font selected at that point. Each code
shown is mapped to its glyph in the font program embedded in the PDF and to the text it stands for
(the font's ToUnicode CMap). A character is missing when its glyph is .notdef (glyph 0, what
WeasyPrint draws when no installed font has the character), is not in the embedded font, or has no
outline although the character is visible; or when its font is not embedded at all.

Why not just ``pypdf``'s ``extract_text``: when a glyph is missing, WeasyPrint writes the font's
encoding as an embedded CMap (code → CID, the missing characters → CID 0), and pypdf then decodes
that font's text as garbage. The codes are therefore decoded here, through that CMap. When no
missing glyph is found, ``extract_text`` is used as a second reading: each visible character it
finds must be one that an embedded font draws with a real glyph.

How codes become glyphs (PDF 32000-1 §9.7): a Type0 font's codes go through its /Encoding
(Identity-H: the two-byte code is the CID; otherwise an embedded CMap's cidchar/cidrange lines) to a
CID; a CIDFontType2 (TrueType, FontFile2) maps the CID to a glyph id by /CIDToGIDMap (/Identity or a
stream of two-byte glyph ids); a CIDFontType0 (CFF, FontFile3) with a CID-keyed CFF finds the glyph
whose charset entry is that CID, a name-keyed one uses the CID as the glyph id. Simple fonts (one
byte a code) are checked through the embedded program's cmap (TrueType) or /CharProcs (Type3).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject, NameObject

UNKNOWN = "\ufffd"  # a missing glyph whose character the PDF does not say
# {name}, {name:words} and Jinja's {{ … }}, {% … %} left in printed text.
PLACEHOLDER_LEFT = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\{[^{}\n]{0,80}\}")

_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_SECTION = re.compile(
    rb"begin(codespacerange|bfchar|bfrange|cidchar|cidrange)(.*?)end\1", re.DOTALL
)  # fmt: skip


def unfilled_placeholders(text: str) -> list[str]:
    """Every leftover placeholder in printed text: ``{name}``, ``{{``, ``}}``, ``{%`` … ``%}``."""
    return PLACEHOLDER_LEFT.findall(text)


def _invisible(char: str) -> bool:
    """Spaces and format characters: drawn with a glyph that has no outline."""
    return char.isspace() or unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def _hex_int(token: bytes) -> int:
    return int(re.sub(rb"\s", b"", token) or b"0", 16)


def _hex_text(token: bytes) -> str:
    raw = bytes.fromhex(re.sub(rb"\s", b"", token).decode("ascii"))
    return raw.decode("utf-16-be", errors="replace")


@dataclass
class CMap:
    """The parts of a CMap stream this check needs: code widths, code → text, code → CID."""

    widths: list[tuple[int, int, int]] = field(default_factory=list)  # (bytes, low, high)
    text: dict[int, str] = field(default_factory=dict)
    cids: dict[int, int] = field(default_factory=dict)
    cid_ranges: list[tuple[int, int, int]] = field(default_factory=list)

    @classmethod
    def parse(cls, data: bytes) -> CMap:
        cmap = cls()
        for kind, body in _SECTION.findall(data):
            if kind == b"codespacerange":
                tokens = _HEX.findall(body)
                for low, high in zip(tokens[::2], tokens[1::2], strict=False):
                    size = len(re.sub(rb"\s", b"", low)) // 2
                    cmap.widths.append((size, _hex_int(low), _hex_int(high)))
            elif kind == b"bfchar":
                tokens = _HEX.findall(body)
                for source, target in zip(tokens[::2], tokens[1::2], strict=False):
                    cmap.text[_hex_int(source)] = _hex_text(target)
            elif kind == b"bfrange":
                for line in re.finditer(rb"<([^>]*)>\s*<([^>]*)>\s*(\[[^\]]*\]|<[^>]*>)", body):
                    low, high = _hex_int(line.group(1)), _hex_int(line.group(2))
                    target = line.group(3)
                    if target.startswith(b"["):
                        for offset, item in enumerate(_HEX.findall(target)):
                            cmap.text[low + offset] = _hex_text(item)
                    else:
                        start = _hex_text(target[1:-1])
                        for offset in range(min(high - low, 0xFFFF) + 1):
                            cmap.text[low + offset] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
            elif kind == b"cidchar":
                for line in re.finditer(rb"<([^>]*)>\s*(\d+)", body):
                    cmap.cids[_hex_int(line.group(1))] = int(line.group(2))
            else:  # cidrange
                for line in re.finditer(rb"<([^>]*)>\s*<([^>]*)>\s*(\d+)", body):
                    cmap.cid_ranges.append((_hex_int(line.group(1)), _hex_int(line.group(2)), int(line.group(3))))
        return cmap

    def cid(self, code: int) -> int | None:
        if code in self.cids:
            return self.cids[code]
        for low, high, first in self.cid_ranges:
            if low <= code <= high:
                return first + code - low
        return None

    def split(self, data: bytes) -> list[int]:
        """The codes of a shown string, by the code space's byte lengths (two bytes when none)."""
        widths = self.widths or [(2, 0, 0xFFFF)]
        codes, at = [], 0
        while at < len(data):
            for size, low, high in sorted(widths):
                chunk = data[at : at + size]
                if len(chunk) == size and low <= int.from_bytes(chunk, "big") <= high:
                    codes.append(int.from_bytes(chunk, "big"))
                    at += size
                    break
            else:
                codes.append(data[at])
                at += 1
        return codes


def _stream(value: Any) -> bytes | None:
    obj = value.get_object() if value is not None else None
    return obj.get_data() if obj is not None and hasattr(obj, "get_data") else None


class Font:
    """One PDF font: how its codes split, what text they stand for, whether their glyphs exist."""

    def __init__(self, font: DictionaryObject) -> None:
        self.font = font
        self.name = str(font.get("/BaseFont", "?"))
        self.composite = font.get("/Subtype") == "/Type0"
        data = _stream(font.get("/ToUnicode"))
        self.to_unicode = CMap.parse(data) if data else CMap()
        self.encoding = CMap(widths=[(2, 0, 0xFFFF)]) if self.composite else CMap(widths=[(1, 0, 0xFF)])
        self.identity = True
        if self.composite:
            encoding = font.get("/Encoding")
            encoding_data = _stream(encoding) if isinstance(encoding, IndirectObject) else None
            if encoding_data is not None:
                self.encoding = CMap.parse(encoding_data)
                self.identity = False
            elif str(encoding) not in ("/Identity-H", "/Identity-V"):
                # A predefined CMap (e.g. UniGB-UCS2-H) is not read here: its glyphs count as missing.
                self.identity = False
            descendants: Any = font["/DescendantFonts"]
            self.descendant = descendants[0].get_object()
            self.descriptor = self.descendant.get("/FontDescriptor")
        else:
            self.descendant = font
            self.descriptor = font.get("/FontDescriptor")

    def codes(self, data: bytes) -> list[int]:
        return self.encoding.split(data)

    def text(self, code: int) -> str:
        if code in self.to_unicode.text:
            return self.to_unicode.text[code]
        if not self.composite and self.font.get("/Subtype") != "/Type3":
            return chr(code)  # a simple font without ToUnicode: standard encodings agree on ASCII
        return UNKNOWN

    @cached_property
    def program(self) -> tuple[str, Any] | None:
        """The embedded font program: ("truetype" | "opentype", TTFont) or ("cff", CFF font)."""
        from fontTools.cffLib import CFFFontSet
        from fontTools.ttLib import TTFont

        descriptor = self.descriptor.get_object() if self.descriptor is not None else None
        if descriptor is None:
            return None
        if "/FontFile2" in descriptor:
            return "truetype", TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
        if "/FontFile3" in descriptor:
            stream = descriptor["/FontFile3"].get_object()
            data = stream.get_data()
            if stream.get("/Subtype") == "/OpenType":
                return "opentype", TTFont(io.BytesIO(data))
            fonts = CFFFontSet()
            fonts.decompile(io.BytesIO(data), None)
            return "cff", fonts[fonts.fontNames[0]]
        if "/FontFile" in descriptor:
            return "type1", None
        return None

    @cached_property
    def cid_to_gid(self) -> bytes | None:
        mapping = self.descendant.get("/CIDToGIDMap")
        return _stream(mapping) if isinstance(mapping, IndirectObject) else None

    def glyph(self, code: int) -> tuple[Any, str] | None:
        """(the font program, the glyph's name) for a shown code; None for .notdef or no glyph."""
        program = self.program
        if program is None:
            return None
        kind, font = program
        if not self.composite:
            return self._simple_glyph(code, kind, font)
        cid = code if self.identity else self.encoding.cid(code)
        if cid is None or cid == 0:
            return None
        cff = font if kind == "cff" else (font["CFF "].cff[0] if "CFF " in font else None)
        if cff is not None and hasattr(cff, "ROS"):  # CID-keyed CFF: the glyph whose charset entry is the CID
            name = f"cid{cid:05d}"
            return (cff, name) if name in cff.CharStrings else None
        gid = cid
        if kind == "truetype" and self.cid_to_gid is not None:
            pair = self.cid_to_gid[2 * cid : 2 * cid + 2]
            gid = int.from_bytes(pair, "big") if len(pair) == 2 else 0
        order = cff.charset if cff is not None else font.getGlyphOrder()
        if gid <= 0 or gid >= len(order):
            return None
        return (cff if cff is not None else font), order[gid]

    def _simple_glyph(self, code: int, kind: str, font: Any) -> tuple[Any, str] | None:
        if self.font.get("/Subtype") == "/Type3":
            differences = self.font.get("/Encoding", {}).get_object().get("/Differences", [])
            names: dict[int, str] = {}
            current = 0
            for item in differences:
                if isinstance(item, int):
                    current = item
                else:
                    names[current] = str(item)
                    current += 1
            name = names.get(code)
            procedures: Any = self.font.get("/CharProcs") or {}
            return (self.font, name) if name and name in procedures else None
        if kind in ("truetype", "opentype"):
            char = self.text(code)
            cmap = font.getBestCmap() or {}
            name = cmap.get(ord(char[0])) if char and char != UNKNOWN else None
            if name is None and "cmap" in font:
                for table in font["cmap"].tables:
                    if (table.platformID, table.platEncID) in ((3, 0), (1, 0)):
                        name = table.cmap.get(code) or table.cmap.get(0xF000 + code)
                        if name:
                            break
            return (font, name) if name and name != ".notdef" else None
        return (None, "") if kind in ("type1", "cff") else None  # embedded Type1/CFF: taken as drawn

    @staticmethod
    def has_outline(program: Any, name: str) -> bool:
        """Whether the glyph draws something (a kept-but-emptied glyph of a subset does not)."""
        from fontTools.ttLib import TTFont

        if program is None or isinstance(program, DictionaryObject):
            return True  # Type1 / Type3: not inspected further
        if isinstance(program, TTFont):
            if "glyf" in program:
                glyph = program["glyf"][name]
                return bool(glyph.numberOfContours)
            if "CFF " in program:
                program = program["CFF "].cff[0]
            else:
                return True
        charstring = program.CharStrings[name]
        bytecode = getattr(charstring, "bytecode", None)
        if bytecode is None:  # already decompiled
            return any(isinstance(item, str) and item != "endchar" for item in charstring.program)
        return _charstring_draws(bytes(bytecode))


def _charstring_draws(code: bytes) -> bool:
    """Whether a Type 2 charstring does more than end: its first operator is not endchar (numbers
    before it are the width). A subset that keeps glyph ids writes each dropped glyph as a bare
    endchar; a real glyph starts with a stem hint, a moveto or a subroutine call."""
    at = 0
    while at < len(code):
        byte = code[at]
        if 32 <= byte <= 246:
            at += 1
        elif 247 <= byte <= 254:
            at += 2
        elif byte == 28:
            at += 3
        elif byte == 255:
            at += 5
        else:
            return byte != 14  # the first operator: 14 is endchar
    return False


def _shown_strings(operations: list[tuple[list[Any], bytes]]) -> Any:
    """(operator, operands) of the operators that select a font, show text, save or restore the
    graphics state, or draw a form."""
    for operands, operator in operations:
        if operator in (b"Tf", b"Tj", b"TJ", b"'", b'"', b"q", b"Q", b"Do"):
            yield operator, operands


def _bytes(value: Any) -> bytes:
    original = getattr(value, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(value) if isinstance(value, bytes) else str(value).encode("latin-1", errors="replace")


@dataclass
class _Reading:
    missing: set[str] = field(default_factory=set)
    drawn: set[str] = field(default_factory=set)  # characters drawn with a real glyph
    fonts: dict[int, Font] = field(default_factory=dict)
    outlines: dict[tuple[int, str], bool] = field(default_factory=dict)

    def font(self, value: Any) -> Font:
        key = value.idnum if isinstance(value, IndirectObject) else id(value)
        if key not in self.fonts:
            self.fonts[key] = Font(value.get_object())
        return self.fonts[key]

    def show(self, font: Font | None, data: bytes) -> None:
        if font is None:
            self.missing.add(UNKNOWN)
            return
        for code in font.codes(data):
            text = font.text(code)
            found = font.glyph(code)
            visible = [char for char in text if not _invisible(char)]
            if found is None:
                if visible or not text:
                    self.missing.update(visible or [UNKNOWN])
                continue
            program, name = found
            if visible and program is not None and name:
                key = (id(program), name)
                if key not in self.outlines:
                    self.outlines[key] = Font.has_outline(program, name)
                if not self.outlines[key]:
                    self.missing.update(visible)
                    continue
            self.drawn.update(text)

    def content(self, content: Any, resources: Any, reader: PdfReader, depth: int = 0) -> None:
        if content is None or depth > 8:
            return
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font", DictionaryObject()).get_object()
        xobjects = resources.get("/XObject", DictionaryObject()).get_object()
        stack: list[Font | None] = []
        current: Font | None = None
        for operator, operands in _shown_strings(ContentStream(content, reader).operations):
            if operator == b"Tf":
                name = NameObject(str(operands[0]))
                current = self.font(fonts.raw_get(name)) if name in fonts else None
            elif operator == b"q":
                stack.append(current)
            elif operator == b"Q":
                current = stack.pop() if stack else current
            elif operator == b"TJ":
                for item in operands[0]:
                    if not isinstance(item, int | float):
                        self.show(current, _bytes(item))
            elif operator in (b"Tj", b"'", b'"'):
                self.show(current, _bytes(operands[-1]))
            elif operator == b"Do":
                form = xobjects.get(str(operands[0]))
                form = form.get_object() if form is not None else None
                if form is not None and form.get("/Subtype") == "/Form":
                    self.content(form, form.get("/Resources", resources), reader, depth + 1)


def find_missing_glyphs(pdf: bytes) -> set[str]:
    """The characters the PDF shows without a glyph (tofu): empty when every one is drawn."""
    reader = PdfReader(io.BytesIO(pdf))
    reading = _Reading()
    for page in reader.pages:
        reading.content(page.get_contents(), page.get("/Resources"), reader)
    if reading.missing:
        return reading.missing
    # A second, independent reading: every visible character of the text is one a font draws.
    for page in reader.pages:
        text = page.extract_text() or ""
        reading.missing.update(char for char in text if not _invisible(char) and char not in reading.drawn)
    return reading.missing


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, page after page (pypdf)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
