"""The versions of an interview's document and their files (.docx and PDF), for whoever may see
the interview. The files hold personal data: sent as attachments, never cached."""

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja.pagination import paginate

from gongfa.api.auth import principal
from gongfa.api.drafting.common import ERRORS, READ, router
from gongfa.api.drafting.interviews import ReferencePath, document_out, visible_interview
from gongfa.api.drafting.schemas import DraftingDocumentOut, VersionNumberPath
from gongfa.api.lookups import NotFound
from gongfa.api.models import TokenScope
from gongfa.api.schemas import BoundedPageNumberPagination
from gongfa.core.access import Audience, api_door
from gongfa.drafting.models import DraftDocument
from gongfa.drafting.services.interviews import read_document

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _file_responses(fmt: str) -> dict[str, object]:
    """The 200 of a download in the schema: the file itself, not JSON."""
    return {
        "responses": {
            200: {
                "description": f"文书的 .{fmt} 文件（附件，不缓存）",
                "content": {CONTENT_TYPES[fmt]: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


@router.get(
    "/interviews/{reference}/documents",
    auth=READ,
    response={200: list[DraftingDocumentOut], **ERRORS},
    summary="代书文书的各个版本",
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_READ)
def list_drafting_documents(request: HttpRequest, reference: ReferencePath) -> list[DraftingDocumentOut]:
    """Every version of the document, newest first: why it was made (drafted, redrafted after a
    change, the reviewing lawyer's correction), when, and the URLs of its files."""
    interview = visible_interview(principal(request).user, reference)
    versions = interview.documents.select_related("template").order_by("-number")
    return [document_out(version, str(interview.reference)) for version in versions]


def _download(request: HttpRequest, reference: ReferencePath, number: int, fmt: str) -> HttpResponse:
    user = principal(request).user
    interview = visible_interview(user, reference)
    document = DraftDocument.objects.filter(interview=interview, number=number).select_related("template").first()
    if document is None:
        raise NotFound(gettext("没有这个版本。"), field="number")
    data = read_document(document=document, fmt=fmt, actor=user, context=f"API {interview.reference} v{number}")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{document.template.title}-第{document.number}版.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"document.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/interviews/{reference}/documents/{number}.docx",
    auth=READ,
    response={200: None, **ERRORS},
    summary="下载文书（Word）",
    openapi_extra=_file_responses("docx"),
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_READ)
def download_drafting_docx(request: HttpRequest, reference: ReferencePath, number: VersionNumberPath) -> HttpResponse:
    """The version's .docx, as an attachment (`Cache-Control: no-store`: it holds personal data)."""
    return _download(request, reference, number, "docx")


@router.get(
    "/interviews/{reference}/documents/{number}.pdf",
    auth=READ,
    response={200: None, **ERRORS},
    summary="下载文书（PDF）",
    openapi_extra=_file_responses("pdf"),
)
@api_door(Audience.SIGNED_IN, scope=TokenScope.DRAFTING_READ)
def download_drafting_pdf(request: HttpRequest, reference: ReferencePath, number: VersionNumberPath) -> HttpResponse:
    """The version's PDF, as an attachment (`Cache-Control: no-store`: it holds personal data)."""
    return _download(request, reference, number, "pdf")
