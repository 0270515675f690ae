"""The monthly report (月报) and the bulletin (通报) as A4 PDFs, rendered with WeasyPrint from
``templates/performance/pdf/`` like the legal-aid notices (gongfa/legalaid/pdf.py): CJK fonts from
fontconfig (Debian ``fonts-noto-cjk``) subset by HarfBuzz, and no outside resource ever fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from gongfa.core.i18n import in_site_language
from gongfa.legalaid.pdf import chinese_date, refuse_url
from gongfa.performance.models import Bulletin, MonthlyReport, ReportCell
from gongfa.performance.report_files import report_lines

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "performance" / "pdf"


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: importing WeasyPrint takes about a second

    pdf = HTML(string=html, base_url=str(TEMPLATE_DIR), url_fetcher=refuse_url).write_pdf()
    assert pdf is not None
    return bytes(pdf)


@in_site_language
def report_html(report: MonthlyReport, cells: list[ReportCell]) -> str:
    context: dict[str, Any] = {
        "report": report,
        "lines": report_lines(report, cells),
        "month_words": f"{report.month.year}年{report.month.month}月",
        "due_words": chinese_date(report.due_on),
        "printed": chinese_date(timezone.localdate()),
    }
    return render_to_string("performance/pdf/report.html", context)


@in_site_language
def report_pdf(report: MonthlyReport, cells: list[ReportCell]) -> bytes:
    return _pdf(report_html(report, cells))


@in_site_language
def bulletin_html(bulletin: Bulletin) -> str:
    rows = bulletin.rows or []
    headers = [{"name": c["name"], "unit": c.get("unit", "")} for c in rows[0]["cells"]] if rows else []
    context: dict[str, Any] = {
        "bulletin": bulletin,
        "headers": headers,
        "rows": rows,
        "start_words": chinese_date(bulletin.period_start),
        "end_words": chinese_date(bulletin.period_end),
        "issued_words": chinese_date(timezone.localdate(bulletin.issued_at)),
    }
    return render_to_string("performance/pdf/bulletin.html", context)


@in_site_language
def bulletin_pdf(bulletin: Bulletin) -> bytes:
    return _pdf(bulletin_html(bulletin))
