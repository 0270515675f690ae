"""The .docx and the PDF of every template in the library: every field answered (samples.py), every
character drawn with a real glyph, nothing left unfilled, and answers printed as text, never markup."""

from __future__ import annotations

import datetime
import io
import re
import time
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from docx import Document as open_docx

from gongfa.drafting.answers import clean_answers, visible
from gongfa.drafting.compute import FUNCTIONS, amount_in_words, compute_values
from gongfa.drafting.definitions import Definition, load_definitions
from gongfa.drafting.document import CHECKED, UNCHECKED, Document, build_document
from gongfa.drafting.library import FOLDER
from gongfa.drafting.output import render_docx, render_pdf
from gongfa.drafting.output.docx import BOX_FONT, TEMPLATE
from gongfa.drafting.output.inspect import find_missing_glyphs, pdf_text, unfilled_placeholders
from gongfa.drafting.output.make_docx_template import build
from gongfa.drafting.samples import sample_answers

DEFINITIONS = load_definitions(FOLDER, FUNCTIONS)
MADE_ON = datetime.date(2026, 12, 1)
# A PDF takes well under a second with HarfBuzz subsetting; seconds mean the subsetter is missing.
PDF_SECONDS_LIMIT = 15


@dataclass(frozen=True)
class Rendered:
    document: Document
    pdf: bytes
    docx: bytes
    pdf_seconds: float


def make(definition: Definition, **changes: Any) -> tuple[Document, dict[str, Any], Any]:
    answers = clean_answers(definition, {**sample_answers(definition), **changes}, complete=True)
    computation = compute_values(definition, answers)
    return build_document(definition, answers, computation, made_on=MADE_ON), answers, computation


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_text(data: bytes) -> str:
    """Every paragraph of the .docx: the body, its tables' cells and the page footers."""
    word = open_docx(io.BytesIO(data))
    parts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in word.sections:
        parts += [paragraph.text for paragraph in section.footer.paragraphs]
    return "\n".join(parts)


def definition(code: str) -> Definition:
    return next(item for item in DEFINITIONS if item.code == code)


@pytest.fixture(scope="module")
def rendered() -> dict[str, Rendered]:
    """Each definition rendered once for the module (a PDF takes a fraction of a second)."""
    made: dict[str, Rendered] = {}
    for item in DEFINITIONS:
        document, _, _ = make(item)
        started = time.perf_counter()
        pdf = render_pdf(document)
        seconds = time.perf_counter() - started
        made[item.code] = Rendered(document, pdf, render_docx(document), seconds)
    return made


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda item: item.code)
def test_the_sample_answers_answer_every_question_asked(definition):
    raw = sample_answers(definition)
    answers = clean_answers(definition, raw, complete=True)  # raises on any problem
    for step in definition.steps:
        for spec in step.fields:
            if step.when is not None and not step.when.holds(answers.get(step.when.field)):
                continue
            if not visible(definition, spec, raw):
                continue
            assert spec.name in answers, spec.name
            for item in answers[spec.name] if spec.is_group else []:
                for inner in spec.fields:
                    assert inner.name in item or not visible(definition, inner, item, raw), (spec.name, inner.name)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda item: item.code)
def test_the_pdf_draws_every_character_and_leaves_nothing_unfilled(definition, rendered):
    made = rendered[definition.code]
    assert made.pdf.startswith(b"%PDF-")
    assert find_missing_glyphs(made.pdf) == set()
    text = pdf_text(made.pdf)
    assert unfilled_placeholders(text) == []
    assert compact(definition.title) in compact(text)
    for section in made.document.sections:
        for row in section.rows:
            for line in row.lines:
                assert compact(line)[:12] in compact(text), line


def test_every_pdf_renders_quickly(rendered, capsys):
    times = {code: made.pdf_seconds for code, made in rendered.items()}
    with capsys.disabled():  # the render times, on the terminal
        print("\nPDF render seconds: " + ", ".join(f"{code} {seconds:.2f}" for code, seconds in times.items()))
    slow = {code: seconds for code, seconds in times.items() if seconds > PDF_SECONDS_LIMIT}
    assert slow == {}, "is libharfbuzz-subset0 installed? (scripts/bootstrap.sh)"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda item: item.code)
def test_the_docx_holds_the_title_every_label_and_no_template_tag(definition, rendered):
    made = rendered[definition.code]
    text = docx_text(made.docx)
    assert definition.title in text
    for section in made.document.sections:
        assert section.title in text
        for row in section.rows:
            assert row.label in text, row.label
            for line in row.lines:
                assert line in text, line
    assert "{{" not in text and "{%" not in text and "{#" not in text
    assert unfilled_placeholders(text) == []
    assert made.document.dated in text and made.document.footer in text


def test_a_character_no_font_has_is_reported_missing():
    loan = definition("private_loan_complaint")
    document, _, _ = make(loan, facts="借款经过：\ue000（私用区字符，没有字体能画出）")
    missing = find_missing_glyphs(render_pdf(document))
    assert "\ue000" in missing
    assert "借" not in missing  # the others are drawn


def test_unfilled_placeholders_are_found():
    assert unfilled_placeholders("姓名：{plaintiff_name}，金额{{ amount }}{% if x %}") == [
        "{plaintiff_name}",
        "{{",
        "}}",
        "{%",
        "%}",
    ]
    assert unfilled_placeholders("姓名：张某某（原告）") == []


def test_markup_in_an_answer_is_printed_as_text():
    loan = definition("private_loan_complaint")
    hostile = '<b>&"粗体"</b> {{ title }} \x01\x07结束'
    document, _, _ = make(loan, facts=hostile, plaintiff_name="<i>张&三</i>")

    pdf = render_pdf(document)
    text = compact(pdf_text(pdf))
    assert compact('<b>&"粗体"</b>') in text and "<i>张&三</i>" in text
    assert find_missing_glyphs(pdf) == set()

    data = render_docx(document)
    word_text = docx_text(data)  # opens: the XML is well-formed
    assert '<b>&"粗体"</b> {{ title }} 结束' in word_text and "<i>张&三</i>" in word_text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "&lt;b&gt;&amp;" in xml and "<b>" not in xml


def test_the_loan_complaint_docx_ticks_the_chosen_boxes_and_writes_the_total_in_words():
    loan = definition("private_loan_complaint")
    document, answers, computation = make(loan, has_agent=True, accepts_e_service=False)
    word = open_docx(io.BytesIO(render_docx(document)))
    cells: dict[str, Any] = {}
    for table in word.tables:
        for row in table.rows:
            if len(row.cells) == 2 and row.cells[0] is not row.cells[1]:
                cells.setdefault(row.cells[0].text, row.cells[1])
    assert cells["委托诉讼代理人"].text == f"{CHECKED}是　{UNCHECKED}否"
    assert cells["是否接受电子送达"].text == f"{UNCHECKED}是　{CHECKED}否"
    assert answers["loans"][0]["delivery"] == "cash"
    assert f"{CHECKED}现金　{UNCHECKED}银行转账" in cells["1. 借款合同签订及借款交付情况（第1笔）"].text
    total = computation.value("claim_total")
    assert f"{total}元（{amount_in_words(total)}）" == cells["6. 标的总额"].text
    # The boxes are runs of their own, in a font that has them.
    box_runs = [run for run in cells["委托诉讼代理人"].paragraphs[0].runs if run.text in (CHECKED, UNCHECKED)]
    assert len(box_runs) == 2 and {run.font.name for run in box_runs} == {BOX_FONT.split(":")[1]}


def test_the_committed_docx_template_is_what_the_script_makes():
    made = io.BytesIO()
    build().save(made)
    with zipfile.ZipFile(made) as fresh, zipfile.ZipFile(TEMPLATE) as committed:
        for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
            names = set(committed.namelist())
            if part in names:
                assert fresh.read(part) == committed.read(part), part
        assert set(fresh.namelist()) == set(committed.namelist())
