"""Materials (申请材料): PDF, JPEG or PNG only, checked by parsing (gongfa.core.uploads), within
the size limit; images are stored re-encoded without their metadata. A material filed after the
application was submitted is an audit event (legalaid.material_filed) naming the reviewer who
holds the case, whom the subscription table tells (gongfa.legalaid.notifications)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.crypto import encrypt_bytes
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.uploads import CheckedUpload, check_upload
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind, Route
from gongfa.legalaid.models import ENCRYPTED_MATERIAL_KINDS, LegalAidApplication, Material
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.legalaid.services.common import _ACTING_VIA, CHANNEL

MATERIAL_FILED = "legalaid.material_filed"
# The events by which a reviewer takes up the review (审查人): the latest one's actor holds it.
_REVIEW_TAKEN_UP = ("legalaid.legalaidapplication.start_review", "legalaid.legalaidapplication.receive_supplement")

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


def check_material(*, kind: str, upload: UploadedFile | None) -> CheckedUpload:
    """A material's kind and its file (present, not empty, not too large, a readable PDF or image),
    every problem at once; writes nothing. Returns what may be stored."""
    problems = Problems()
    if kind not in MaterialKind.values:
        problems.add("kind", gettext("请选择材料类别。"), code="invalid_material_kind")
    checked = None
    if upload is None:
        problems.add("file", gettext("请选择要上传的文件。"), code="required")
    else:
        with problems.check():
            checked = check_upload(upload, max_bytes=max_upload_bytes())
    problems.raise_if_any()
    assert checked is not None
    return checked


def add_material(*, application: LegalAidApplication, actor: User, kind: str, upload: UploadedFile | None) -> Material:
    checked = check_material(kind=kind, upload=upload)
    assert upload is not None  # check_material refuses a missing file
    with transaction.atomic():
        if actor.is_citizen:
            locked = LegalAidApplication.objects.select_for_update().filter(pk=application.pk, applicant=actor).first()
            if locked is None:
                raise NotPermitted(gettext("只有申请人本人可以上传材料。"))
            if locked.status not in APPLICANT_STATUSES:
                raise DomainError(gettext("案件当前阶段不能再上传申请材料。"), code="closed_for_materials")
        else:
            locked = visible_to(actor, Action.VIEW).select_for_update(of=("self",)).filter(pk=application.pk).first()
            if locked is None:
                raise NotPermitted(gettext("您无权处理该法律援助案件，或案件不存在。"))
        material = Material(
            application=locked,
            kind=kind,
            original_name=(upload.name or "file")[-255:],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
        content = encrypt_bytes(checked.content) if kind in ENCRYPTED_MATERIAL_KINDS else checked.content
        material.file.save("upload", ContentFile(content), save=False)
        material.save()
        if locked.status != ApplicationStatus.DRAFT:
            _record_material_filed(locked, material, actor)
        if locked.status in PROPOSAL_STATUSES and locked.route == Route.APPLICATION:
            # A proof on file can change the proposal (第42条): the reviewer sees it at once.
            from gongfa.legalaid.services.review import refresh_proposal

            refresh_proposal(locked)
    return material


def reviewer_holding(application: LegalAidApplication) -> int | None:
    """The id of the reviewer who holds the case under review: the one who sent the supplement
    notice (补充材料通知) while it is out, otherwise the one who last took up the review."""
    if application.status == ApplicationStatus.SUPPLEMENT_REQUESTED:
        issuer = (
            application.supplement_requests.order_by("-issued_at", "-pk").values_list("issued_by", flat=True).first()
        )
        if issuer is not None:
            return int(issuer)
    actor = (
        Event.objects.filter(
            subject_type__app_label="legalaid",
            subject_type__model="legalaidapplication",
            subject_id=str(application.pk),
            verb__in=_REVIEW_TAKEN_UP,
            actor__isnull=False,
        )
        .order_by("-pk")
        .values_list("actor", flat=True)
        .first()
    )
    return int(actor) if actor is not None else None


def _record_material_filed(application: LegalAidApplication, material: Material, actor: User) -> None:
    data: dict[str, object] = {
        "material": material.pk,
        "kind": material.kind,
        "in_reply_to_supplement": application.status == ApplicationStatus.SUPPLEMENT_REQUESTED,
    }
    if application.status in PROPOSAL_STATUSES:
        data["case_reviewer"] = reviewer_holding(application)
    channel = _ACTING_VIA.get() or (Channel.PORTAL if actor.is_citizen else CHANNEL)
    record_event(application, MATERIAL_FILED, actor=actor, channel=channel, data=data, region=application.region)


def open_material(material: Material, *, actor: User, ip: str | None = None) -> bytes:
    """The material's bytes for someone allowed to read the case (the caller checks that). Staff
    opening an identity document is recorded in the personal-data access log (个人信息查看记录)."""
    content = material.read_content()
    if material.kind in ENCRYPTED_MATERIAL_KINDS and actor.pk != material.application.applicant_id:
        from gongfa.audit.models import PersonalDataField
        from gongfa.audit.services import record_personal_data_access

        record_personal_data_access(
            actor=actor,
            person=material.application.applicant,
            field=PersonalDataField.ID_NUMBER,
            purpose="查看身份证件材料",
            context=f"legalaid.material:{material.pk} case:{material.application.number}",
            ip_address=ip,
        )
    return content
