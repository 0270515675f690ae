"""The case file (调解卷宗, 第27条): the list of its documents (never their content) and adding one,
by upload (multipart/form-data) or as a paper document kept in the folder."""

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from gongfa.api.auth import principal
from gongfa.api.mediation.cases import _act, _answer, _visible, title_masker
from gongfa.api.mediation.common import ERRORS, READ, REGISTRY, router
from gongfa.api.mediation.schemas import MediationCaseOut, MediationDocumentIn, MediationDocumentItemOut
from gongfa.api.models import TokenScope
from gongfa.api.schemas import BoundedPageNumberPagination, RowIdPath
from gongfa.core.access import Audience, api_door
from gongfa.mediation.models import CaseDocument
from gongfa.mediation.services.closing import add_document, max_upload_bytes

# The upload's limit (the service checks it, with its own error) stated in the schema.
Upload = Annotated[
    UploadedFile, WithJsonSchema({"type": "string", "format": "binary", "maxLength": max_upload_bytes()})
]


@REGISTRY.action("add_document", "添加卷宗材料")
def add_document_action(
    request: HttpRequest,
    pk: RowIdPath,
    payload: Form[MediationDocumentIn],
    file: Upload | None = File(None, description="PDF、JPEG 或 PNG，不超过上限（字节）；不传为纸质材料"),  # noqa: B008
) -> MediationCaseOut:
    """添加卷宗材料 (multipart/form-data: `kind`, `title`, optional `file`). A file must be a readable
    PDF, JPEG or PNG within the size limit; identity documents and powers of attorney are stored
    encrypted. Every problem at once (`kind`, `title`, `file`); refused once the case is archived.
    Staff or mediators of the case."""
    user, case = _act(request, pk)
    add_document(actor=user, case=case, kind=payload.kind, title=payload.title, file=file)
    return _answer(case, user)


@router.get(
    "/cases/{pk}/documents",
    auth=READ,
    response={200: list[MediationDocumentItemOut], **ERRORS},
    summary="调解案件的卷宗材料",
    operation_id="gongfa_api_mediation_list_mediation_documents",
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
@api_door(Audience.SIGNED_IN, scope=TokenScope.MEDIATION_READ)
def list_mediation_documents(request: HttpRequest, pk: RowIdPath) -> list[MediationDocumentItemOut]:
    """The case file's documents in the order they were added, for whoever may see the case (else
    404): their kind, title and whether a file is stored, never the file itself. The parties'
    names, ID numbers and phones in a title are masked for everyone but the party."""
    user = principal(request).user
    case = _visible(user, pk)
    mask = title_masker(case, user)
    documents: QuerySet[CaseDocument] = case.documents.order_by("added_at", "pk")
    return [
        MediationDocumentItemOut(
            id=document.pk,
            kind=document.kind,
            kind_label=document.get_kind_display(),
            title=mask(document.title),
            generated=document.generated,
            has_file=bool(document.file),
            content_type=document.content_type,
            session_id=document.session_id,
            added_at=document.added_at,
        )
        for document in documents
    ]
