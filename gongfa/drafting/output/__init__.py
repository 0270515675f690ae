"""A drafted document (gongfa.drafting.document.Document) as files: ``render_docx`` (an editable
Word file, docxtpl over ``templates/document.docx``) and ``render_pdf`` (WeasyPrint over
``drafting/pdf/document.html``); ``inspect`` proves a PDF has no missing glyph (tofu) and no
unfilled placeholder.

Both renderers print the same things in the same order (``context``): the title, each section as
a heading over a two-column table (label | content, a row without a label across both), then
此致 and the addressee, the signer and the date on the right, and the footer's note.
"""

from __future__ import annotations

from gongfa.drafting.output.docx import render_docx
from gongfa.drafting.output.pdf import render_pdf

__all__ = ["render_docx", "render_pdf"]
