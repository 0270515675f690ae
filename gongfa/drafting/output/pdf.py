"""The document as a PDF (A4), rendered by WeasyPrint from ``drafting/pdf/document.html``.

Fonts (Debian packages, scripts/bootstrap.sh): Noto Serif CJK SC for the text and Noto Sans CJK SC
for the title and headings (``fonts-noto-cjk``), subset by HarfBuzz (``libharfbuzz-subset0``); the
Noto CJK fonts have no ☑ (U+2611) or ☐ (U+2610), so DejaVu Sans (``fonts-dejavu-core``) follows in
every font-family list and draws the boxes. ``inspect.find_missing_glyphs`` proves a PDF has no
missing glyph.

Rendering never reaches the network: the template needs no outside resources and the URL fetcher
refuses every URL (as gongfa.legalaid.pdf does). The output depends only on the document: the same
document renders to the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.template.loader import render_to_string

from gongfa.drafting.document import Document
from gongfa.drafting.output.context import document_context

TEMPLATE = "drafting/pdf/document.html"
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "drafting" / "pdf"


class NetworkRefused(ValueError):
    """WeasyPrint asked for a URL while rendering a document; documents are self-contained."""


def refuse_url(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    """URL fetcher for WeasyPrint: every URL is refused (WeasyPrint logs it and leaves it out)."""
    raise NetworkRefused(f"PDF 文书不加载外部资源：{url[:80]}")


def render_html(document: Document) -> str:
    """The document as HTML; the template escapes every value (Django autoescape)."""
    return render_to_string(TEMPLATE, document_context(document))


def render_pdf(document: Document) -> bytes:
    """The document as A4 PDF bytes, the fonts embedded as subsets."""
    from weasyprint import HTML  # imported here: importing WeasyPrint (pango, fontTools) takes ~1 s

    pdf = HTML(string=render_html(document), base_url=str(TEMPLATE_DIR), url_fetcher=refuse_url).write_pdf()
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return bytes(pdf)
