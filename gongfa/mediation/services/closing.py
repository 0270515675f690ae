"""The case file (调解卷宗) and closing (结案归档, 《人民调解法》第27条; practice.md §a). Staff put
documents on file (uploads checked by parsing, like legal-aid materials; identity documents and
powers of attorney encrypted at rest); closing generates the back cover (封底) and is refused, with
one message naming every missing mandatory document, until the file is complete. A case that came
from a work order closes the order too, so the citizen is asked to rate the service (好差评)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.crypto import decrypt_bytes, encrypt_bytes, is_encrypted_bytes
from gongfa.core.errors import DomainError, Problems
from gongfa.core.uploads import CheckedUpload, check_upload
from gongfa.mediation.choices import CaseStatus, DocumentKind
from gongfa.mediation.documents import labels, missing_documents
from gongfa.mediation.models import CaseDocument, MediationCase
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.agreement import add_generated_document, require_status, text
from gongfa.mediation.services.common import lock_for, note, step

# Personal documents stored encrypted (like legal-aid identity materials).
ENCRYPTED_KINDS = (DocumentKind.IDENTITY, DocumentKind.POWER_OF_ATTORNEY)
# Documents the platform alone produces: not added by hand.
GENERATED_ONLY = (DocumentKind.BACK_COVER,)


def max_upload_bytes() -> int:
    return int(getattr(settings, "MEDIATION_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def add_document(
    *, actor: User, case: MediationCase, kind: str, title: str | None, file: UploadedFile | None = None
) -> CaseDocument:
    """Put a document on the case file. Without a file it records a paper document kept in the
    folder (纸质材料); with one, the file must be a readable PDF, JPEG or PNG within the size
    limit. Every problem at once; nothing written on error."""
    problems = Problems()
    if kind not in DocumentKind.values:
        problems.add("kind", gettext("请选择卷宗材料的种类。"), code="invalid_kind")
    elif kind in GENERATED_ONLY:
        problems.add("kind", gettext("封底由系统在结案归档时生成，不能手工添加。"), code="generated_only")
    name = text(title, problems, field="title", label=gettext("材料标题"), max_chars=128)
    checked: CheckedUpload | None = None
    if file is not None:
        with problems.check():
            checked = check_upload(file, max_bytes=max_upload_bytes())
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        if locked.status == CaseStatus.CLOSED:
            problems.add(None, gettext("案件已结案归档，不能再添加卷宗材料。"), code="closed")
        problems.raise_if_any()
        document = CaseDocument(case=locked, kind=kind, title=name, added_by=actor)
        if checked is not None:
            content = encrypt_bytes(checked.content) if kind in ENCRYPTED_KINDS else checked.content
            document.content_type = checked.content_type
            document.file.save(f"upload.{checked.extension}", ContentFile(content), save=False)
        document.save()
        note(
            locked,
            "document_added",
            actor=actor,
            data={"document": document.pk, "kind": kind, "with_file": checked is not None},
        )
    return document


def document_content(document: CaseDocument) -> bytes:
    """The stored file's bytes as uploaded (decrypted when encrypted); the caller checks access."""
    if not document.file:
        raise DomainError(gettext("该材料为纸质材料，没有电子文件。"), code="no_file")
    with document.file.open("rb") as handle:
        data = handle.read()
    return decrypt_bytes(data) if is_encrypted_bytes(data) else data


def close_case(*, actor: User, case: MediationCase) -> MediationCase:
    """结案归档 (第27条): only an ended case (not accepted, refused, terminated, failed, performed,
    referred to court), only with every mandatory document of its kind on file; the back cover is
    generated now. Refused otherwise with one message naming every missing document."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        require_status(locked, "close")
        missing = [kind for kind in missing_documents(locked) if kind != DocumentKind.BACK_COVER]
        if missing:
            raise DomainError(
                gettext("卷宗材料不全，不能结案归档。缺少：{labels}。").format(labels=labels(missing)),
                code="documents_missing",
                field=None,
            )
        add_generated_document(locked, DocumentKind.BACK_COVER, "封底", actor)
        ended_as = locked.status
        locked.closed_at = timezone.now()
        step(locked, "close", actor=actor, data={"outcome": locked.outcome}, fields=("closed_at",))
        close_order_for(locked, ended_as)
    return locked


def close_order_for(case: MediationCase, ended_as: str) -> None:
    """Close the work order the case came from (as legal aid does, legalaid.services.orders): the
    case was not accepted → referred elsewhere; otherwise handled as a case. Closing the order asks
    the citizen to rate it (workorders.services.feedback.after_close)."""
    if case.work_order_id is None:
        return
    from gongfa.workorders.choices import ResultCode, WorkOrderStatus
    from gongfa.workorders.models import WorkOrder
    from gongfa.workorders.services.handling import _close

    result = ResultCode.REFERRED if ended_as == CaseStatus.NOT_ACCEPTED else ResultCode.CONVERTED
    order = WorkOrder.objects.select_for_update().get(pk=case.work_order_id)
    if order.status == WorkOrderStatus.CONVERTED:
        _close(order, actor=None, result_code=result, channel=Channel.SYSTEM)
