"""The answer phrase library (答复模板): reusable answers per topic, with an optional file.

Supervisors and administrators maintain it (a supervisor only for the regions they supervise;
templates for every region are the administrators'); window staff and agents use it when they
answer. An answer written from a template counts one use; the template's file, or one uploaded
with the answer, goes to the citizen with it. Files go through core.uploads (PDF, JPG or PNG,
checked by parsing; images re-encoded without metadata).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.uploads import CheckedUpload, check_upload
from gongfa.network.models import Region
from gongfa.network.scope import scope_for
from gongfa.workorders.models import AnswerTemplate, Topic, WorkOrder

TITLE_MAX = 64
DUPLICATE = "同一类别和区划下已有同名的答复模板。"
BODY_MAX = 4000


def max_attachment_bytes() -> int:
    return int(getattr(settings, "ANSWER_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def can_maintain(user: User, region: Region | None = None) -> bool:
    """Whether `user` may add or change templates (for `region`; None: any the user may)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_administrator:
        return True
    if not user.is_supervisor:
        return False
    scope = scope_for(user)
    if region is None:
        return bool(scope.region_ranges)
    return scope.covers_region(region)


def maintained_by(user: User) -> Q:
    """Condition on AnswerTemplate: the templates `user` may change."""
    if user.is_administrator:
        return Q()
    scope = scope_for(user)
    if not user.is_supervisor or not scope.region_ranges:
        return Q(pk__in=[])
    return scope.region_q("region__code")


def templates_for(order: WorkOrder) -> list[AnswerTemplate]:
    """The active templates an answer to `order` may use: its topic's and the general ones, for its
    region or a region above it (or every region); the topic's own first, most used first."""
    codes = [*order.region.ancestor_codes(), order.region.code] if order.region_id else []
    queryset = (
        AnswerTemplate.objects.active()
        .filter(Q(topic_id=order.topic_id) | Q(topic__isnull=True) if order.topic_id else Q(topic__isnull=True))
        .filter(Q(region__isnull=True) | Q(region__code__in=codes))
        .select_related("topic")
    )
    return sorted(queryset, key=lambda t: (t.topic_id is None, -t.use_count, t.title, t.pk))


def check_template_for(template: AnswerTemplate | None, order: WorkOrder) -> None:
    """A template chosen for an answer must be one offered for this order."""
    if template is None:
        return
    if template.pk not in {t.pk for t in templates_for(order)}:
        raise DomainError(
            gettext("该答复模板已停用或不适用于本工单的类别。"), code="template_not_offered", field="template"
        )


def check_answer_attachment(upload: UploadedFile | None, field: str = "attachment") -> CheckedUpload | None:
    return None if upload is None else check_upload(upload, max_bytes=max_attachment_bytes(), field=field)


def set_answer_attachment(
    order: WorkOrder, *, template: AnswerTemplate | None, checked: CheckedUpload | None
) -> tuple[str, ...]:
    """Put the answer's file on the (locked) order: the uploaded one, else the template's; the
    template chosen is remembered. Returns the fields changed (to save with the answer)."""
    order.answer_template = template
    if checked is not None:
        order.answer_attachment.save(
            f"{order.tracking_number}.{checked.extension}", ContentFile(checked.content), save=False
        )
    elif template is not None and template.attachment:
        order.answer_attachment.name = template.attachment.name  # the same stored file, not a copy
    else:
        order.answer_attachment.name = ""
    return ("answer_template", "answer_attachment")


@dataclass
class TemplateInput:
    title: str
    body: str
    topic: Topic | None = None
    region: Region | None = None
    attachment: UploadedFile | None = None
    remove_attachment: bool = False


def _check(actor: User, data: TemplateInput, pk: int | None = None) -> tuple[str, str, CheckedUpload | None]:
    problems = Problems()
    title = (data.title or "").strip()
    body = (data.body or "").strip()
    if not title:
        problems.add("title", gettext("请填写标题。"), code="required")
    elif len(title) > TITLE_MAX:
        problems.add("title", gettext("标题不能超过 {TITLE_MAX} 个字。").format(TITLE_MAX=TITLE_MAX), code="too_long")
    elif (
        AnswerTemplate.objects.filter(topic=data.topic, region=data.region, title=title).exclude(pk=pk or 0).exists()
    ):  # NULL topic or region: the database's unique constraint does not see it
        problems.add("title", DUPLICATE, code="duplicate_title")
    if not body:
        problems.add("body", gettext("请填写答复内容。"), code="required")
    elif len(body) > BODY_MAX:
        problems.add(
            "body",
            gettext("答复内容不能超过 {BODY_MAX} 个字（现在 {len} 个字）。").format(BODY_MAX=BODY_MAX, len=len(body)),
            code="too_long",
        )
    if data.topic is not None and not data.topic.is_active:
        problems.add("topic", gettext("该类别已停用。"), code="inactive_topic")
    if data.region is None and not actor.is_administrator:
        problems.add(
            "region", gettext("请选择适用区划（全部区划通用的模板由系统管理员维护）。"), code="region_required"
        )
    elif data.region is not None and not can_maintain(actor, data.region):
        problems.add("region", gettext("只能为您督办的区划维护答复模板。"), code="region_not_yours")
    checked = None
    with problems.check():
        checked = check_answer_attachment(data.attachment)
    problems.raise_if_any()
    return title, body, checked


def _save(template: AnswerTemplate, actor: User, data: TemplateInput, verb: str) -> AnswerTemplate:
    title, body, checked = _check(actor, data, template.pk)
    template.title, template.body, template.topic, template.region = title, body, data.topic, data.region
    template.updated_by = actor
    if checked is not None:
        template.attachment.save(f"template.{checked.extension}", ContentFile(checked.content), save=False)
    elif data.remove_attachment:
        template.attachment.name = ""
    try:
        with transaction.atomic():
            template.save()
            record_event(
                template,
                verb,
                actor=actor,
                channel=Channel.WORKBENCH,
                data={"title": title, "topic": data.topic.pk if data.topic else None},
                region=data.region,
            )
    except IntegrityError:
        raise DomainError(DUPLICATE, code="duplicate_title", field="title") from None
    return template


def create_template(*, actor: User, data: TemplateInput) -> AnswerTemplate:
    """新增答复模板."""
    if not can_maintain(actor):
        raise NotPermitted(gettext("只有督办主管和系统管理员可以维护答复模板。"))
    return _save(AnswerTemplate(created_by=actor), actor, data, "workorders.answertemplate.create")


def _own(actor: User, template: AnswerTemplate) -> AnswerTemplate:
    found = AnswerTemplate.objects.filter(maintained_by(actor)).filter(pk=template.pk).first()
    if found is None or not can_maintain(actor):
        raise NotPermitted(gettext("您无权修改该答复模板。"))
    return found


def update_template(*, actor: User, template: AnswerTemplate, data: TemplateInput) -> AnswerTemplate:
    """修改答复模板 (the use count is kept)."""
    return _save(_own(actor, template), actor, data, "workorders.answertemplate.update")


def set_template_active(*, actor: User, template: AnswerTemplate, active: bool) -> AnswerTemplate:
    """停用 / 重新启用: a retired template is no longer offered; answers that used it keep its file."""
    found = _own(actor, template)
    if found.is_active == active:
        raise DomainError(gettext("该模板已启用。") if active else gettext("该模板已停用。"), code="unchanged")
    found.is_active, found.updated_by = active, actor
    with transaction.atomic():
        found.save(update_fields=["is_active", "updated_by", "updated_at"])
        record_event(
            found,
            "workorders.answertemplate.activate" if active else "workorders.answertemplate.retire",
            actor=actor,
            channel=Channel.WORKBENCH,
            region=found.region,
        )
    return found
