"""Materials (申请材料): PDF, JPEG or PNG only, checked by content, within the size limit."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind, Route
from gongfa.legalaid.models import LegalAidApplication, Material
from gongfa.legalaid.selectors import Action, visible_to

# Leading bytes of each accepted type: the name and the browser's claimed type are not trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
# Statuses in which the eligibility proposal is still the reviewer's guide.
PROPOSAL_STATUSES = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.SUPPLEMENT_REQUESTED,
)
# The applicant may add materials while the case is open to them; staff at any open stage.
APPLICANT_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.RECEIVED,
    ApplicationStatus.SUPPLEMENT_REQUESTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.ADVANCE_AID,
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "LEGALAID_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def sniff(upload: UploadedFile) -> str:
    """The real type of an upload, from its first bytes; DomainError if it is not PDF/JPEG/PNG."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise DomainError("只能上传 PDF、JPG 或 PNG 格式的文件。", code="invalid_file_type", field="file")


def add_material(*, application: LegalAidApplication, actor: User, kind: str, upload: UploadedFile) -> Material:
    if kind not in MaterialKind.values:
        raise DomainError("请选择材料类别。", code="invalid_material_kind", field="kind")
    limit = max_upload_bytes()
    if upload.size is None or upload.size == 0:
        raise DomainError("上传的文件是空的。", code="empty_file", field="file")
    if upload.size > limit:
        raise DomainError(
            f"文件不能超过 {limit // (1024 * 1024)} MB（这个文件 {upload.size / 1024 / 1024:.1f} MB）。",
            code="file_too_large",
            field="file",
        )
    content_type = sniff(upload)
    with transaction.atomic():
        if actor.is_citizen:
            locked = LegalAidApplication.objects.select_for_update().filter(pk=application.pk, applicant=actor).first()
            if locked is None:
                raise NotPermitted("只有申请人本人可以上传材料。")
            if locked.status not in APPLICANT_STATUSES:
                raise DomainError("案件当前阶段不能再上传申请材料。", code="closed_for_materials")
        else:
            locked = visible_to(actor, Action.VIEW).select_for_update(of=("self",)).filter(pk=application.pk).first()
            if locked is None:
                raise NotPermitted("您无权处理该法律援助案件，或案件不存在。")
        material = Material(
            application=locked,
            kind=kind,
            original_name=(upload.name or "file")[-255:],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        material.file.save("upload", upload, save=False)
        material.save()
        if locked.status in PROPOSAL_STATUSES and locked.route == Route.APPLICATION:
            # A proof on file can change the proposal (第42条): the reviewer sees it at once.
            from gongfa.legalaid.services.review import refresh_proposal

            refresh_proposal(locked)
    return material
