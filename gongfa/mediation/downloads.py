"""Opening a case's files (卷宗材料): an uploaded document, the agreement as printed, the whole case
file. Each is for those who see the case (mediation.selectors.visible_to) and each opening is an
audit event, since the files hold the parties' details (identity papers, powers of attorney)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.errors import DomainError
from gongfa.mediation.models import Agreement, CaseDocument, MediationCase
from gongfa.mediation.pdf import agreement_file_name, agreement_pdf_as_stored, case_file_pdf
from gongfa.mediation.selectors import visible_to
from gongfa.mediation.services.closing import document_content
from gongfa.mediation.services.common import channel_of


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str  # ASCII only: no party's name in a file name
    content_type: str


class NotFound(DomainError):
    """Not there, or not visible to this person: the same answer (no hint that it exists)."""


def open_document(*, actor: User, pk: int) -> Download:
    """An uploaded document of the case file, decrypted (identity papers are stored encrypted)."""
    document = CaseDocument.objects.filter(pk=pk, case__in=visible_to(actor)).select_related("case__region").first()
    if document is None or not document.file:
        raise NotFound(gettext("找不到该材料。"), code="not_found")
    content = document_content(document)
    record_event(
        document,
        "mediation.casedocument.open",
        actor=actor,
        channel=channel_of(),
        data={"case": document.case_id, "kind": document.kind},
        region=document.case.region,
    )
    extension = document.file.name.rsplit(".", 1)[-1] if "." in document.file.name else "bin"
    return Download(
        content, f"mediation-document-{document.pk}.{extension}", document.content_type or "application/octet-stream"
    )


def agreement_download(*, actor: User, pk: int) -> Download:
    """The agreement as printed for signing (调解协议书, 第29条): the stored file once finalised."""
    agreement = (
        Agreement.objects.filter(pk=pk, case__in=visible_to(actor))
        .select_related("case__committee__agency", "case__region")
        .first()
    )
    if agreement is None:
        raise NotFound(gettext("找不到该调解协议。"), code="not_found")
    content = agreement_pdf_as_stored(agreement)
    record_event(
        agreement.case,
        "mediation.mediationcase.agreement_downloaded",
        actor=actor,
        channel=channel_of(),
        data={"agreement": agreement.pk},
        region=agreement.case.region,
    )
    return Download(content, agreement_file_name(agreement), "application/pdf")


def case_file_download(*, actor: User, case: MediationCase) -> Download:
    """The whole case file (卷宗, 第27条) with its cover, contents and back page; `case` is one the
    caller has found among those the actor sees."""
    if not visible_to(actor).filter(pk=case.pk).exists():
        raise NotFound(gettext("找不到该案件。"), code="not_found")
    content = case_file_pdf(case)
    record_event(case, "mediation.mediationcase.file_downloaded", actor=actor, channel=channel_of(), region=case.region)
    return Download(content, f"case-file-{case.pk}.pdf", "application/pdf")
