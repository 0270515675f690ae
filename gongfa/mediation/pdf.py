"""PDF documents of people's mediation (人民调解文书), rendered with WeasyPrint from the templates in
``templates/mediation/pdf/`` in the same way as the legal-aid notices (gongfa/legalaid/pdf.py:
A4, Noto Serif CJK SC subset by HarfBuzz, no outside resources).

- ``agreement_pdf(agreement)``: the written agreement (调解协议书, 《人民调解法》第28–29条) with the
  committee, its number, the parties (names in full for the signatures, ID numbers masked as the
  platform's notices do), the three items 第29条第1款 requires, the signature, fingerprint and seal
  lines (第29条第2款), the statement that it is binding and is to be performed (第31条) and that
  the parties may jointly apply to a court for judicial confirmation within 30 days (第33条). An
  oral agreement prints as the oral-agreement record (口头协议登记表, 第28、30条).
  ``store_agreement_pdf(agreement)`` keeps the rendered file in ``Agreement.pdf`` once finalised
  (queued after commit by the services: tasks.store_agreement_pdf); ``agreement_pdf_as_stored``
  serves it.
- ``case_file_pdf(case)``: the whole case file (调解卷宗) as one PDF: the cover (卷宗封面), the
  contents (卷内目录) in FILE_ORDER with page numbers, every document on file in that order (the
  generated ones rendered from the case's rows; uploaded PDFs inserted page for page, uploaded
  images printed on a page each, paper documents named as kept in the paper file) and the back
  page (封底) with the page count.

Uploaded PDFs are inserted without a second layout: the HTML reserves one blank page for each of
their pages (so the contents, the page numbers and the count on the back page are right), and
those blank pages are replaced by the uploaded pages afterwards (pypdf).
"""

from __future__ import annotations

import datetime
import io
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gongfa.core.errors import DomainError
from gongfa.core.i18n import in_site_language
from gongfa.core.masking import mask_id_number
from gongfa.mediation.choices import FILE_ORDER, AgreementForm, AgreementStatus, DocumentKind, MediatorRole
from gongfa.mediation.models import Agreement, CaseDocument, MediationCase
from gongfa.mediation.services.agreement import agreement_context
from gongfa.mediation.services.closing import document_content
from gongfa.mediation.services.consent import ROUTES_ARTICLE, routes_for

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "mediation" / "pdf"
DOC_SCHEME = "gongfa-doc:"  # an uploaded image in the case file, served by the URL fetcher below

# An 18-character resident ID number (or 15-digit old one) inside free text: masked when printed.
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{16}[0-9Xx]|[1-9][0-9]{14})(?![0-9A-Za-z])")
# Mobile numbers in free text (13800138000): masked as well.
_PHONE_IN_TEXT = re.compile(r"(?<![0-9])(1[3-9][0-9])([0-9]{4})([0-9]{4})(?![0-9])")

GENERATED_KINDS = frozenset(
    {
        DocumentKind.APPLICATION,
        DocumentKind.NON_ACCEPTANCE_NOTICE,
        DocumentKind.RIGHTS_NOTICE,
        DocumentKind.SESSION_RECORD,
        DocumentKind.AGREEMENT,
        DocumentKind.ORAL_AGREEMENT_RECORD,
        DocumentKind.ROUTES_NOTICE,
        DocumentKind.RETURN_VISIT,
        DocumentKind.JUDICIAL_CONFIRMATION,
        DocumentKind.FILE_NOTE,
    }
)
IMAGE_TYPES = ("image/jpeg", "image/png")


class NetworkRefused(ValueError):
    """WeasyPrint asked for a URL while rendering; mediation documents are self-contained."""


def refuse_url(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise NetworkRefused(f"PDF 文书不加载外部资源：{url[:80]}")


def chinese_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026年11月24日 (a datetime in local time); '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{chinese_date(local)}{local.hour}时{local.minute:02d}分"


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}元"


def mask_personal(text: str | None) -> str:
    """Free text as printed: ID numbers and mobile numbers a drafter typed are masked."""
    masked = _ID_IN_TEXT.sub(lambda match: mask_id_number(match[1]), str(text or ""))
    return _PHONE_IN_TEXT.sub(lambda match: f"{match[1]}****{match[3]}", masked)


def _render(html: str, fetcher: Callable[..., Any] = refuse_url) -> Any:
    from weasyprint import HTML  # imported here: importing WeasyPrint takes ~1 s

    return HTML(string=html, base_url=str(TEMPLATE_DIR), url_fetcher=fetcher).render()


def _to_bytes(document: Any) -> bytes:
    pdf = document.write_pdf()
    assert pdf is not None  # no target given: WeasyPrint returns the bytes
    return bytes(pdf)


# ----------------------------------------------------------------------------- the agreement


@in_site_language
def agreement_data(agreement: Agreement) -> dict[str, Any]:
    """The agreement's printed content: the service's agreement_context (parties with masked ID
    numbers, the 第29条 items, signatures) formatted for the template."""
    context = agreement_context(agreement)
    case = agreement.case
    parties = [
        {
            **party,
            "signed_on": chinese_date(party["signed_at"]),
        }
        for party in context["parties"]
    ]
    return {
        **context,
        "oral": agreement.form == AgreementForm.ORAL,
        "draft": agreement.status in (AgreementStatus.DRAFT, AgreementStatus.VOID),
        "parties": parties,
        "applicants": [p for p in parties if p["side"] == "申请人"],
        "respondents": [p for p in parties if p["side"] != "申请人"],
        "parties_text": mask_personal(context["parties_text"]),
        "facts_and_responsibility": mask_personal(context["facts_and_responsibility"]),
        "terms": mask_personal(context["terms"]),
        "performance_deadline": chinese_date(context["performance_deadline"]),
        "amount": money(context["amount"]),
        "mediator_signed_on": chinese_date(context["mediator_signed_at"]),
        "committee_sealed_on": chinese_date(context["committee_sealed_at"]),
        "effective_on": chinese_date(context["effective_on"]),
        "category": case.category.name,
        "window_days": 30,
        "window_ends_on": chinese_date(case.confirmation_window_ends_on),
    }


@in_site_language
def render_agreement_html(agreement: Agreement) -> str:
    return render_to_string("mediation/pdf/agreement.html", {"a": agreement_data(agreement)})


@in_site_language
def agreement_pdf(agreement: Agreement) -> bytes:
    """The agreement (调解协议书, or the oral-agreement record) as an A4 PDF."""
    return _to_bytes(_render(render_agreement_html(agreement)))


@in_site_language
def agreement_file_name(agreement: Agreement) -> str:
    """ASCII only: agreement-<pk>-<year>-<n>.pdf."""
    digits = "-".join(re.findall(r"[0-9]+", agreement.number or ""))
    return f"agreement-{agreement.pk}{'-' + digits if digits else ''}.pdf"


def store_agreement_pdf(agreement: Agreement) -> bytes:
    """Render the finalised (or effective) agreement and keep it in ``Agreement.pdf``, replacing an
    earlier rendering (signatures added since). A draft or a voided agreement is not stored."""
    if agreement.status not in (AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE):
        raise DomainError(
            f"协议{agreement.get_status_display()}，定稿后才能生成协议书 PDF。", code="not_finalised", field=None
        )
    rendered = agreement_pdf(agreement)
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        old = locked.pdf.name if locked.pdf else ""
        locked.pdf.save(agreement_file_name(locked), ContentFile(rendered), save=False)
        locked.save(update_fields=["pdf"])
        if old and old != locked.pdf.name:
            locked.pdf.storage.delete(old)
    agreement.pdf = locked.pdf
    return rendered


def agreement_pdf_as_stored(agreement: Agreement) -> bytes:
    """The agreement as stored when it was finalised or took effect (the same file whichever node
    serves it); rendered now for a draft, or where the stored file is missing."""
    if agreement.pdf and agreement.status in (AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE):
        try:
            with agreement.pdf.open("rb") as stored:
                return bytes(stored.read())
        except FileNotFoundError:
            pass
    return agreement_pdf(agreement)


# ----------------------------------------------------------------------------- the case file


@dataclass
class FileEntry:
    """One document of the file as printed: its anchor, title, kind and what to print."""

    anchor: str
    kind: str
    kind_label: str
    title: str
    date: str
    template: str = ""  # a generated document: its template
    data: dict[str, Any] = field(default_factory=dict)
    image: str = ""  # an uploaded image: its gongfa-doc: URL
    inserted_pages: list[str] = field(default_factory=list)  # an uploaded PDF: one anchor per page
    paper: bool = False  # kept in the paper folder only
    unreadable: bool = False


def _parties(case: MediationCase) -> list[dict[str, str]]:
    return [
        {
            "side": party.get_side_display(),
            "kind": party.get_kind_display(),
            "name": party.name,
            "id_number": party.masked_id_number,
            "phone": party.masked_phone,
            "representative": party.representative_name,
        }
        for party in case.parties.all()
    ]


def _presiding(case: MediationCase) -> str:
    current = [m for m in case.mediators.all() if m.recused_at is None]
    current.sort(key=lambda m: (m.role != MediatorRole.PRESIDING, m.pk))
    return "、".join(m.mediator.user.display_name for m in current)


def _application(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    return {
        "source": case.get_source_display(),
        "form": case.get_application_form_display(),
        "channel": case.get_intake_channel_display(),
        "sender": case.sender_name,
        "sender_reference": case.sender_reference,
        "registered_at": chinese_datetime(case.registered_at),
        "summary": mask_personal(case.summary),
        "facts": mask_personal(case.facts),
        "claims": mask_personal(case.claims),
        "amount": money(case.amount_in_dispute),
        "accepted_on": chinese_date(case.accepted_at),
    }


def _sessions(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    sessions = list(case.sessions.all())
    chosen = [s for s in sessions if s.pk == document.session_id] or sessions
    return {
        "sessions": [
            {
                "held_at": chinese_datetime(s.held_at),
                "mode": s.get_mode_display(),
                "place": s.place or s.video_link,
                "public": s.is_public,
                "attendees": mask_personal(s.attendees),
                "record": mask_personal(s.record),
            }
            for s in chosen
        ]
    }


def _agreement_of(case: MediationCase, form: str) -> Agreement | None:
    agreements = [a for a in case.agreements.all() if a.form == form]
    live = [a for a in agreements if a.status == AgreementStatus.EFFECTIVE] or agreements
    return live[-1] if live else None


def _agreement_section(case: MediationCase, document: CaseDocument, form: str) -> dict[str, Any]:
    agreement = _agreement_of(case, form)
    return {"agreement": agreement_data(agreement) if agreement is not None else None}


def _routes(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    return {
        "routes": list(routes_for(case)),
        "article": ROUTES_ARTICLE,
        "outcome": case.get_outcome_display() if case.outcome else "",
        "labour_from": chinese_date(case.labour_arbitration_from),
    }


def _non_acceptance(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    return {
        "reason": case.get_non_acceptance_reason_display() if case.non_acceptance_reason else "",
        "redirect_to": case.redirect_to,
    }


def _visits(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    return {
        "visits": [
            {
                "due_on": chinese_date(v.due_on),
                "done_on": chinese_date(v.done_at),
                "visitor": v.visitor.display_name if v.visitor else "",
                "performance": v.get_performance_display() if v.performance else "",
                "satisfaction": v.get_satisfaction_display() if v.satisfaction else "",
                "note": mask_personal(v.note),
            }
            for v in case.return_visits.all()
            if v.done_at is not None
        ]
    }


def _confirmations(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    return {
        "confirmations": [
            {
                "court": c.court,
                "filed_on": chinese_date(c.filed_on),
                "reference": c.court_reference,
                "decision": c.get_decision_display(),
                "decided_on": chinese_date(c.decided_on),
                "note": c.note,
            }
            for c in case.confirmations.all()
        ]
    }


def _nothing(case: MediationCase, document: CaseDocument) -> dict[str, Any]:
    return {}


SECTIONS: dict[str, tuple[str, Callable[[MediationCase, CaseDocument], dict[str, Any]]]] = {
    DocumentKind.APPLICATION: ("application", _application),
    DocumentKind.NON_ACCEPTANCE_NOTICE: ("non_acceptance", _non_acceptance),
    DocumentKind.RIGHTS_NOTICE: ("rights", _nothing),
    DocumentKind.SESSION_RECORD: ("sessions", _sessions),
    DocumentKind.AGREEMENT: ("agreement_section", lambda c, d: _agreement_section(c, d, AgreementForm.WRITTEN)),
    DocumentKind.ORAL_AGREEMENT_RECORD: (
        "agreement_section",
        lambda c, d: _agreement_section(c, d, AgreementForm.ORAL),
    ),
    DocumentKind.ROUTES_NOTICE: ("routes", _routes),
    DocumentKind.RETURN_VISIT: ("visits", _visits),
    DocumentKind.JUDICIAL_CONFIRMATION: ("confirmations", _confirmations),
    DocumentKind.FILE_NOTE: ("file_note", _nothing),
}


def _pdf_pages(data: bytes) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, OSError):
        return None


def _content_type(document: CaseDocument) -> str:
    if document.content_type:
        return document.content_type
    guessed, _ = mimetypes.guess_type(document.file.name or "")
    return guessed or ""


def _entries(case: MediationCase) -> tuple[list[FileEntry], dict[str, bytes], dict[str, tuple[bytes, int]]]:
    """The file's documents in FILE_ORDER (then by the time added), what each prints, the uploaded
    images by URL and the uploaded PDFs by anchor with the index of their page."""
    order: dict[str, int] = {str(kind): index for index, kind in enumerate(FILE_ORDER)}
    documents = sorted(
        (d for d in case.documents.all() if d.kind != DocumentKind.BACK_COVER),
        key=lambda d: (order.get(d.kind, len(order)), d.added_at, d.pk),
    )
    entries: list[FileEntry] = []
    images: dict[str, bytes] = {}
    inserted: dict[str, tuple[bytes, int]] = {}
    for document in documents:
        entry = FileEntry(
            anchor=f"doc-{document.pk}",
            kind=document.kind,
            kind_label=str(DocumentKind(document.kind).label),
            title=mask_personal(document.title),
            date=chinese_date(document.added_at),
        )
        if document.file:
            try:
                content = document_content(document)
            except (OSError, DomainError):
                entry.unreadable = True
                entries.append(entry)
                continue
            content_type = _content_type(document)
            pages = _pdf_pages(content) if content_type == "application/pdf" or content[:5] == b"%PDF-" else None
            if pages:
                entry.inserted_pages = [f"{entry.anchor}-p{index}" for index in range(pages)]
                for index, anchor in enumerate(entry.inserted_pages):
                    inserted[anchor] = (content, index)
            elif content_type in IMAGE_TYPES or content[:3] == b"\xff\xd8\xff" or content[:8] == b"\x89PNG\r\n\x1a\n":
                entry.image = f"{DOC_SCHEME}{document.pk}"
                images[entry.image] = content
            else:
                entry.unreadable = True
        elif document.kind in GENERATED_KINDS:
            template, build = SECTIONS[document.kind]
            entry.template = f"mediation/pdf/_{template}.html"
            entry.data = build(case, document)
        else:
            entry.paper = True
        entries.append(entry)
    return entries, images, inserted


class ImageFetcher:
    """URL fetcher for the case file: the uploaded images (gongfa-doc:<pk>) from memory, every
    other URL refused. WeasyPrint 70 reads ``_fail_on_errors`` from its fetcher: a refused URL is
    logged and left out, not fatal."""

    _fail_on_errors = False

    def __init__(self, images: dict[str, bytes]) -> None:
        self.images = images

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        from weasyprint.urls import URLFetcherResponse

        if url not in self.images:
            refuse_url(url)
        content = self.images[url]
        mime = "image/png" if content[:4] == b"\x89PNG" else "image/jpeg"
        return URLFetcherResponse(url, body=content, headers={"Content-Type": mime})


@in_site_language
def case_file_context(case: MediationCase, entries: list[FileEntry]) -> dict[str, Any]:
    case = (
        MediationCase.objects.select_related("committee__agency", "category", "region")
        .prefetch_related("parties")
        .get(pk=case.pk)
    )
    back = case.documents.filter(kind=DocumentKind.BACK_COVER).select_related("added_by").first()
    return {
        "case": case,
        "number": case.number,
        "committee": case.committee.agency.name,
        "category": case.category.name,
        "region": case.region.name,
        "summary": mask_personal(case.summary),
        "status": case.get_status_display(),
        "outcome": case.get_outcome_display() if case.outcome else "未结束",
        "parties": _parties(case),
        "applicants": "、".join(p.name for p in case.parties.all() if p.side == "applicant"),
        "respondents": "、".join(p.name for p in case.parties.all() if p.side == "respondent"),
        "mediators": _presiding(case),
        "registered_on": chinese_date(case.registered_at),
        "accepted_on": chinese_date(case.accepted_at),
        "ended_on": chinese_date(case.ended_at),
        "closed_on": chinese_date(case.closed_at),
        "agreement_amount": money(case.agreement_amount),
        "year": timezone.localtime(case.registered_at).year,
        "entries": entries,
        "documents": len(entries) + 1,
        "filed_by": back.added_by.display_name if back is not None and back.added_by is not None else "",
        "back_title": DocumentKind.BACK_COVER.label,
    }


@in_site_language
def render_case_file_html(case: MediationCase) -> tuple[str, dict[str, bytes], dict[str, tuple[bytes, int]]]:
    case = (
        MediationCase.objects.select_related("committee__agency", "category", "region")
        .prefetch_related(
            "parties",
            "documents",
            "sessions",
            "agreements__signatures",
            "return_visits__visitor",
            "confirmations",
            "mediators__mediator__user",
        )
        .get(pk=case.pk)
    )
    entries, images, inserted = _entries(case)
    # Every inserted page has its blank stand-in, so the HTML's page numbers (the contents, the
    # count on the back page) already count the uploaded pages.
    html = render_to_string("mediation/pdf/case_file.html", case_file_context(case, entries))
    return html, images, inserted


@in_site_language
def case_file_pdf(case: MediationCase) -> bytes:
    """The whole case file (调解卷宗) as one A4 PDF: cover, contents, the documents in FILE_ORDER and
    the back page. The caller checks that the user may see the case."""
    from pypdf import PdfReader, PdfWriter

    html, images, inserted = render_case_file_html(case)
    document = _render(html, ImageFetcher(images))
    rendered = _to_bytes(document)
    if not inserted:
        return rendered
    stand_ins: dict[int, tuple[bytes, int]] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in inserted:
                stand_ins[index] = inserted[anchor]
    readers: dict[int, PdfReader] = {}
    writer = PdfWriter()
    for index, page in enumerate(PdfReader(io.BytesIO(rendered)).pages):
        if index in stand_ins:
            content, number = stand_ins[index]
            reader = readers.setdefault(id(content), PdfReader(io.BytesIO(content)))
            writer.add_page(reader.pages[number])
        else:
            writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
