"""The interview's actions: start (with what the platform knows), save a step, make the document,
reopen, discard."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.crypto import decrypt_bytes, encrypt_bytes, is_encrypted_bytes
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.drafting.answers import clean_answers
from gongfa.drafting.checks import check_before_output
from gongfa.drafting.choices import InterviewStatus, VersionReason
from gongfa.drafting.compute import compute_values
from gongfa.drafting.definitions import Definition, Step
from gongfa.drafting.document import Document, build_document
from gongfa.drafting.models import DraftDocument, Interview
from gongfa.drafting.selectors import can_edit
from gongfa.drafting.services.prefill import Known, prefill_answers
from gongfa.drafting.services.templates import current_template, definition_of
from gongfa.drafting.states import INTERVIEW


def storable(cleaned: dict[str, Any]) -> dict[str, Any]:
    """Typed answers as the JSON they are stored as (Decimal and dates as text; read back through
    clean_answers, which takes text)."""
    result: dict[str, Any] = json.loads(json.dumps(cleaned, cls=DjangoJSONEncoder))
    return result


def visible_steps(definition: Definition, answers: dict[str, Any]) -> list[Step]:
    """The steps the answers so far lead to (a step's condition on an earlier answer)."""
    from gongfa.drafting.answers import _as_condition_value

    return [
        step
        for step in definition.steps
        if step.when is None
        or step.when.holds(_as_condition_value(definition, step.when.field, answers.get(step.when.field)))
    ]


def step_after(definition: Definition, answers: dict[str, Any], key: str) -> str:
    """The next visible step's key ("" after the last: the review page)."""
    keys = [step.key for step in visible_steps(definition, answers)]
    if key in keys and keys.index(key) + 1 < len(keys):
        return keys[keys.index(key) + 1]
    return ""


def _require_editable(actor: User, interview: Interview) -> None:
    if not can_edit(actor, interview):
        raise NotPermitted(gettext("您不能修改这份文书。"), code="not_yours")
    if interview.status != InterviewStatus.IN_PROGRESS and not (
        interview.status == InterviewStatus.IN_REVIEW and _is_reviewer(actor, interview)
    ):
        raise DomainError(
            gettext("这份文书当前为“{status}”，先点“修改答案”再改。").format(status=interview.get_status_display()),
            code="not_in_progress",
        )


def _is_reviewer(actor: User, interview: Interview) -> bool:
    order = interview.review_order
    return order is not None and order.owner_user_id == actor.pk


def start_interview(
    *,
    code: str,
    actor: User,
    channel: str = Channel.PORTAL,
    citizen: User | None = None,
    work_order: Any = None,
    legal_aid_application: Any = None,
    point: Any = None,
    region: Any = None,
) -> Interview:
    """开始代书: a citizen for themselves (portal), or staff for a citizen at a window or a village
    room, from a work order or a legal-aid case whose known answers are prefilled."""
    template = current_template(code)
    definition = definition_of(template)
    if citizen is None and actor.role == Role.CITIZEN:
        citizen = actor
    if work_order is not None and citizen is None:
        citizen = work_order.requester
    region = region or getattr(point, "region", None) or getattr(work_order, "region", None)
    region = region or getattr(legal_aid_application, "region", None)
    known = Known(citizen=citizen, order=work_order, application=legal_aid_application, region=region)
    answers = prefill_answers(definition, known)
    with transaction.atomic():
        interview = Interview.objects.create(
            template=template,
            citizen=citizen,
            drafted_by=None if actor == citizen else actor,
            channel=channel,
            region=region,
            point=point,
            work_order=work_order,
            legal_aid_application=legal_aid_application,
            answers=answers,  # type: ignore[misc]  # EncryptedJSONField holds a dict
            current_step=definition.steps[0].key,
        )
        record_event(
            interview,
            "drafting.interview.started",
            actor=actor,
            channel=channel,
            data={"template": template.code, "version": template.version, "prefilled": sorted(answers)},
            region=region,
        )
    return interview


def save_answers(
    *, interview: Interview, actor: User, step: str, raw: dict[str, Any], advance: bool = True
) -> Interview:
    """Check and keep one step's answers (every problem at once; nothing saved when any). Later
    steps' answers stay: going back loses nothing. With advance, the interview resumes at the next
    step; without (保存，以后再填), at this one."""
    definition = definition_of(interview.template)
    if step not in {item.key for item in definition.steps}:
        raise DomainError(gettext("没有这一步。"), code="unknown_step", field="step")
    _require_editable(actor, interview)
    stored = dict(interview.answers or {})
    cleaned = clean_answers(definition, {**stored, **raw}, steps=[step])
    names = {spec.name for item in definition.steps if item.key == step for spec in item.fields}
    for name in names:
        stored.pop(name, None)
    stored.update(storable(cleaned))
    with transaction.atomic():
        interview.answers = stored
        interview.current_step = (step_after(definition, stored, step) or step) if advance else step
        interview.updated_at = timezone.now()
        interview.save(update_fields=["answers", "current_step", "updated_at"])
    return interview


def prepare_document(interview: Interview, *, made_on: Any = None) -> tuple[Document, dict[str, Any]]:
    """The document the interview's answers make now, checked (ValidationFailed listing every
    missing answer and element otherwise)."""
    definition = definition_of(interview.template)
    cleaned = clean_answers(definition, interview.answers or {}, complete=True)
    computation = compute_values(definition, cleaned)
    check_before_output(definition, cleaned, computation).raise_if_any()
    document = build_document(definition, cleaned, computation, made_on=made_on or timezone.localdate())
    return document, cleaned


def complete_interview(*, interview: Interview, actor: User, note: str = "") -> DraftDocument:
    """生成文书: the .docx and the PDF, stored encrypted as the interview's next version with the
    answers that made them. The reviewer's correction of a handed-over draft is a version too."""
    from gongfa.drafting.output.docx import render_docx
    from gongfa.drafting.output.pdf import render_pdf

    if not can_edit(actor, interview):
        raise NotPermitted(gettext("您不能修改这份文书。"), code="not_yours")
    reviewing = interview.status == InterviewStatus.IN_REVIEW and _is_reviewer(actor, interview)
    if interview.status != InterviewStatus.IN_PROGRESS and not reviewing:
        INTERVIEW.get(interview.status, "complete")  # the table's own refusal, with the status named
    document, cleaned = prepare_document(interview)
    docx, pdf = render_docx(document), render_pdf(document)
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        number = (locked.documents.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        reason = (
            VersionReason.REVIEWED if reviewing else (VersionReason.DRAFTED if number == 1 else VersionReason.REDRAFTED)
        )
        version = DraftDocument(
            interview=locked,
            number=number,
            template=locked.template,
            kind=locked.template.kind,
            reason=reason,
            answers=storable(cleaned),  # type: ignore[misc]  # EncryptedJSONField holds a dict
            made_by=actor,
            note=note.strip()[:500],
            region=locked.region,
            point=locked.point,
            channel=locked.channel,
        )
        stem = f"{locked.reference}-v{number}"
        version.docx.save(f"{stem}.docx", ContentFile(encrypt_bytes(docx)), save=False)
        version.pdf.save(f"{stem}.pdf", ContentFile(encrypt_bytes(pdf)), save=False)
        version.save()
        record_event(
            version,
            "drafting.document.made",
            actor=actor,
            channel=locked.channel,
            data={"interview": str(locked.reference), "number": number, "reason": reason, "kind": version.kind},
            region=locked.region,
        )
        if not reviewing:
            locked.completed_at = locked.completed_at or timezone.now()
            locked.updated_at = timezone.now()
            transition(
                locked,
                INTERVIEW,
                "complete",
                actor=actor,
                channel=locked.channel,
                data={"number": number},
                region=locked.region,
                extra_update_fields=("completed_at", "updated_at"),
            )
    interview.refresh_from_db()
    return version


def reopen_interview(*, interview: Interview, actor: User) -> Interview:
    """修改答案 after a document was made; the next 生成 makes a new version, the old ones stay."""
    if not can_edit(actor, interview):
        raise NotPermitted(gettext("您不能修改这份文书。"), code="not_yours")
    interview.updated_at = timezone.now()
    transition(
        interview, INTERVIEW, "reopen", actor=actor, channel=interview.channel, region=interview.region,
        extra_update_fields=("updated_at",),
    )  # fmt: skip
    return interview


def discard_interview(*, interview: Interview, actor: User) -> Interview:
    if not can_edit(actor, interview):
        raise NotPermitted(gettext("您不能修改这份文书。"), code="not_yours")
    transition(interview, INTERVIEW, "discard", actor=actor, channel=interview.channel, region=interview.region)
    return interview


def read_document(*, document: DraftDocument, fmt: str, actor: User, context: str = "") -> bytes:
    """A version's file for `actor` to download. It holds the people's ID numbers, phones and
    addresses in full: anyone but the citizen it was drafted for leaves a record of opening them."""
    interview = document.interview
    if actor.pk != interview.citizen_id:
        from gongfa.audit.models import PersonalDataField
        from gongfa.audit.services import record_personal_data_access

        record_personal_data_access(
            actor=actor,
            person=interview.citizen,
            field=PersonalDataField.ID_NUMBER,
            purpose="下载代书文书",
            context=context or f"{interview.template.title} 第{document.number}版 {fmt}",
        )
    return document_bytes(document, fmt)


def document_bytes(document: DraftDocument, fmt: str) -> bytes:
    """A stored version's file in clear (for the download view; never logged)."""
    stored = document.docx if fmt == "docx" else document.pdf
    with stored.open("rb") as handle:
        data = handle.read()
    return decrypt_bytes(data) if is_encrypted_bytes(data) else data
