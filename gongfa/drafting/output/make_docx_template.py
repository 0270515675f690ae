"""Writes ``templates/document.docx``, the Word template ``docx.render_docx`` fills with docxtpl.

The template is committed; run this again after changing the layout below, and commit both:

    .venv/bin/python -m gongfa.drafting.output.make_docx_template

What it makes (a court-form look a clerk can still edit in Word, WPS or LibreOffice):

- A4, margins 上3.7cm 下3.5cm 左2.8cm 右2.6cm; page numbers (第 N 页 共 M 页) in the page footer;
- fonts named as Word and LibreOffice know them: body 宋体 (SimSun), the title and the section
  headings 黑体 (SimHei), Latin text Times New Roman, each set on ``w:eastAsia`` as well as
  ``w:ascii``/``w:hAnsi`` (Chinese text takes the East Asian font) and with no theme fonts left
  (a theme font would win over a named one); ☑/☐ are runs in Segoe UI Symbol (docx.py);
- the title centred and bold; each section a ``Heading 1`` (it shows in Word's navigation pane)
  and a two-column bordered table, label | content, one paragraph per content line; a row
  without a label (an agreement's clause) is one cell across both columns, its first line
  indented two characters;
- 此致 and the addressee after the last table, the signer and the date on the right, the
  footer's note (官方示范文本 or 平台自拟) as a small last paragraph.

docxtpl tags (https://docxtpl.readthedocs.io/): ``{%p …%}`` in a paragraph of its own and
``{%tr …%}`` in a table row of its own are replaced by the plain Jinja tag, the paragraph or row
removed; ``{{r …}}`` replaces its whole run with a RichText's runs. Each tag is written as one run,
so Word's run splitting cannot break it.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATE = Path(__file__).resolve().parent / "templates" / "document.docx"

LATIN = "Times New Roman"
SONG = "宋体"  # SimSun; LibreOffice falls back to a CJK serif (Noto Serif CJK SC)
HEI = "黑体"  # SimHei; LibreOffice falls back to a CJK sans (Noto Sans CJK SC)
LABEL_WIDTH, CONTENT_WIDTH = Cm(3.9), Cm(11.7)  # 15.6cm between the margins
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(element: Any, latin: str, east_asian: str) -> None:
    """Name the fonts of a style's or run's rPr: Latin and East Asian, no theme fonts."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in THEME_ATTRIBUTES:
        if fonts.get(qn(attribute)) is not None:
            del fonts.attrib[qn(attribute)]
    for attribute, font in (("w:ascii", latin), ("w:hAnsi", latin), ("w:cs", latin), ("w:eastAsia", east_asian)):
        fonts.set(qn(attribute), font)


def set_language(element: Any) -> None:
    rpr = element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def indent_chars(element: Any, chars: int) -> None:
    """First-line indent in characters (w:firstLineChars, what Word's 首行缩进 2 字符 writes), of a
    paragraph's or a paragraph style's pPr."""
    ppr = element.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(chars * 240))  # 12pt characters, for readers without *Chars
    ppr.append(ind)


def paragraph_style(document: Any, name: str, *, size: float, east_asian: str = SONG, bold: bool = False) -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    set_fonts(style.element, LATIN, east_asian)
    return style


def styles(document: Any) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = default_rpr.find(qn("w:rFonts"))
    for attribute in THEME_ATTRIBUTES:
        if fonts.get(qn(attribute)) is not None:
            del fonts.attrib[qn(attribute)]
    for attribute, font in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:cs", LATIN), ("w:eastAsia", SONG)):
        fonts.set(qn(attribute), font)
    default_rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")

    normal = document.styles["Normal"]
    normal.font.size = Pt(12)  # 小四
    set_fonts(normal.element, LATIN, SONG)
    set_language(normal.element)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25

    heading = document.styles["Heading 1"]
    heading_rpr = heading.element.get_or_add_rPr()
    for child in list(heading_rpr):
        heading_rpr.remove(child)
    heading.font.size = Pt(14)  # 四号
    heading.font.bold = True
    heading.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(heading.element, LATIN, HEI)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True

    title = paragraph_style(document, "DocTitle", size=22, east_asian=HEI, bold=True)  # 二号
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.keep_with_next = True

    label = paragraph_style(document, "FormLabel", size=12, bold=True)
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    paragraph_style(document, "FormText", size=12)
    clause = paragraph_style(document, "FormClause", size=12)  # a row across the table: a clause
    indent_chars(clause.element, 2)

    note = paragraph_style(document, "DocNote", size=9)
    note.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    note.paragraph_format.space_before = Pt(24)


def tag(container: Any, text: str, style: str | None = None) -> Any:
    """A paragraph holding one docxtpl tag (or one placeholder) as a single run."""
    paragraph = container.add_paragraph(style=style)
    paragraph.add_run(text)
    return paragraph


def cell_text(cell: Any, text: str, style: str) -> Any:
    """The cell's own first paragraph, with one run."""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.add_run(text)
    return paragraph


def content_lines(cell: Any, style: str) -> None:
    """One paragraph per line of ``row.lines``: a RichText each (docx.py), ☑/☐ in their own font."""
    cell_text(cell, "{%p for line in row.lines %}", style)
    tag(cell, "{{r line }}", style)
    tag(cell, "{%p endfor %}", style)


def control_row(table: Any, text: str) -> None:
    row = table.add_row()
    cell_text(row.cells[0], text, "FormText")


def section_table(document: Any) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the label column keeps its width
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str((LABEL_WIDTH + CONTENT_WIDTH) // 635))  # EMU → twentieths of a point
    for column, width in zip(table.columns, (LABEL_WIDTH, CONTENT_WIDTH), strict=True):
        column.width = width

    control_row(table, "{%tr for row in section.rows %}")
    control_row(table, "{%tr if row.label %}")
    labelled = table.add_row()
    label_cell, content_cell = labelled.cells
    label_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_text(label_cell, "{{ row.label }}", "FormLabel")
    content_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    content_lines(content_cell, "FormText")
    control_row(table, "{%tr else %}")
    across = table.add_row()
    merged = across.cells[0].merge(across.cells[1])
    content_lines(merged, "FormClause")
    control_row(table, "{%tr endif %}")
    control_row(table, "{%tr endfor %}")
    for row in table.rows:
        for cell, width in zip(row.cells, (LABEL_WIDTH, CONTENT_WIDTH), strict=False):
            cell.width = width
    merged.width = LABEL_WIDTH + CONTENT_WIDTH


def field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / result / end runs."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    char("separate")
    paragraph.add_run("1")
    char("end")


def page_footer(section: Any) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    field(paragraph, "PAGE")
    paragraph.add_run(" 页 共 ")
    field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")
    for run in paragraph.runs:
        run.font.size = Pt(10.5)
        set_fonts(run._r, LATIN, SONG)


def build() -> Any:
    document = new_document()
    styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)
    page_footer(section)

    body = document
    # python-docx starts with no paragraph; the first one is the title.
    tag(body, "{{ title }}", "DocTitle")
    tag(body, "{%p for section in sections %}")
    tag(body, "{{ section.title }}", "Heading 1")
    section_table(document)
    tag(body, "{%p endfor %}")

    tag(body, "{%p for line in addressee %}")
    tag(body, "{%p if line.indent %}")
    indent_chars(tag(body, "{{ line.text }}")._p, 2)
    tag(body, "{%p else %}")
    tag(body, "{{ line.text }}")
    tag(body, "{%p endif %}")
    tag(body, "{%p endfor %}")
    signer = tag(body, "{{ signer }}")
    signer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signer.paragraph_format.space_before = Pt(24)
    signer.paragraph_format.right_indent = Cm(2.5)
    dated = tag(body, "{{ dated }}")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.paragraph_format.space_before = Pt(12)
    tag(body, "{{ footer }}", "DocNote")

    properties = document.core_properties
    properties.author = "公共法律服务平台"
    properties.last_modified_by = "公共法律服务平台"
    properties.title = ""
    properties.comments = ""
    properties.language = "zh-CN"
    properties.revision = 1
    created = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    properties.created = properties.modified = created
    return document


def main() -> None:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(TEMPLATE))
    print(f"wrote {TEMPLATE}")


if __name__ == "__main__":
    main()
