"""The hand-over to a lawyer (申请律师审核): the draft becomes a work order with the document
attached; the reviewer's corrections are made as a new version, then the review is finished."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.drafting.choices import InterviewStatus, VersionReason
from gongfa.drafting.models import Interview
from gongfa.drafting.selectors import can_edit
from gongfa.drafting.states import INTERVIEW

REVIEW_SERVICE = "document_drafting"


def request_review(*, interview: Interview, actor: User, note: str = "") -> Interview:
    """The citizen (or the staff who drafted it) asks a lawyer to check the draft: a work order of
    the 文书代书 service, dispatched like any other, linked to the interview."""
    from gongfa.catalog.selectors import service_type_by_code
    from gongfa.workorders.services import create_work_order

    if not can_edit(actor, interview):
        raise NotPermitted(gettext("您不能修改这份文书。"), code="not_yours")
    INTERVIEW.get(interview.status, "request_review")
    document = interview.latest_document
    if document is None:
        raise DomainError(gettext("请先生成文书，再申请律师审核。"), code="no_document")
    note = (note or "").strip()
    if len(note) > 1000:
        raise DomainError(gettext("补充说明最多1000字。"), code="too_long", field="note")
    region = interview.region or getattr(interview.point, "region", None)
    if region is None:
        raise DomainError(gettext("请先选择所在地区，以便安排当地律师审核。"), code="region_required", field="region")
    text = gettext("申请律师审核代书文书：{title}（第{number}版）。").format(
        title=interview.template.title, number=document.number
    )
    if note:
        text += gettext("补充说明：") + note
    citizen = interview.citizen
    # Drafted for someone without an account: reach them as the work order they came with does.
    source = interview.work_order
    contact_name = getattr(citizen, "real_name", "") or getattr(source, "contact_name", "") or ""
    contact_phone = getattr(citizen, "phone", "") or getattr(source, "contact_phone", "") or ""
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        INTERVIEW.get(locked.status, "request_review")
        result = create_work_order(
            channel=locked.channel,
            region=region,
            text=text,
            requester=citizen,
            contact_name=contact_name,
            contact_phone=contact_phone,
            service_type=service_type_by_code(REVIEW_SERVICE),
            received_by=actor if actor.role != Role.CITIZEN else None,
            queue_dispatch=True,
        )
        locked.review_order = result.order
        locked.updated_at = timezone.now()
        transition(
            locked,
            INTERVIEW,
            "request_review",
            actor=actor,
            channel=locked.channel,
            data={"order": result.order.tracking_number, "number": document.number},
            region=locked.region,
            extra_update_fields=("review_order", "updated_at"),
        )
        record_event(
            result.order,
            "workorders.workorder.draft_attached",
            actor=actor,
            channel=locked.channel,
            data={"interview": str(locked.reference), "number": document.number},
            region=region,
        )
    interview.refresh_from_db()
    return interview


def finish_review(*, interview: Interview, actor: User, note: str = "") -> Interview:
    """审核完成: the reviewer has made their corrected version (or found none needed)."""
    order = interview.review_order
    if order is None or order.owner_user_id != actor.pk:
        raise NotPermitted(gettext("只有承办这份审核工单的律师可以完成审核。"), code="not_reviewer")
    reviewed = interview.documents.filter(reason=VersionReason.REVIEWED).exists()
    interview.updated_at = timezone.now()
    transition(
        interview,
        INTERVIEW,
        "finish_review",
        actor=actor,
        channel=interview.channel,
        reason=(note or "").strip()[:500] or (gettext("已修改") if reviewed else gettext("审核无需修改")),
        data={"corrected": reviewed},
        region=interview.region,
        extra_update_fields=("updated_at",),
    )
    return interview


__all__ = ["InterviewStatus", "finish_review", "request_review"]
