"""Typical cases (典型案例): nominate a closed case, de-identify it, submit, review and publish.

- 推荐 (nominate_case): any staff who can see a CLOSED legal-aid, mediation or consultation case
  (the source app's own access rule). The title, facts and handling are copied from the case as a
  draft that must be de-identified; the case's region and a topic are recorded.
- 编辑 (edit_case) and 套用建议替换 (apply_proposals) while nominated or returned.
- 完成脱敏 (deidentify_case): the edited text is saved only when no ID-like or phone-like string and
  no known party name is left (gongfa.outreach.deidentify); every finding is reported at once.
- 提交审核, then an editor (a supervisor or administrator of the region) publishes — never the
  nominator (four eyes), and only when the text is still clean — or returns it with a reason;
  an editor (or, before publication, the nominator) withdraws it with a reason.

Every refusal changes nothing and reports every problem at once (Problems / ValidationFailed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import stored_text
from gongfa.outreach import deidentify as di
from gongfa.outreach.choices import TypicalCaseSource, TypicalCaseStatus
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.selectors import cases as sel
from gongfa.outreach.services.common import CHANNEL, next_number
from gongfa.outreach.states import TYPICAL_CASE

S = TypicalCaseStatus
EDITABLE = (S.NOMINATED, S.RETURNED)
TEXT_FIELDS = ("title", "facts", "handling", "significance")
FIELD_LABELS = {
    "title": _("标题"),
    "facts": _("基本案情"),
    "handling": _("办理经过与结果"),
    "significance": _("典型意义"),
}
MAX_CHARS = {"title": 128, "facts": 20000, "handling": 20000, "significance": 5000}
MAX_CITATIONS = 20


# ---------------------------------------------------------------------------------------------
# The source case: its text, its parties' names, its places


def source_of(case: TypicalCase) -> Any | None:
    return getattr(case, sel.SOURCE_FIELD[TypicalCaseSource(case.source)])


def party_names(source: str, obj: Any | None) -> list[str]:
    """The names of the people in the source case (applicant, agent, opponent, parties,
    representatives, the consultation's contact and requester)."""
    if obj is None:
        return []
    names: list[str] = []
    if source == TypicalCaseSource.LEGAL_AID:
        names = [obj.applicant_name, obj.agent_name, obj.opponent_name]
        if obj.applicant_id is not None:
            names.append(obj.applicant.real_name)
    elif source == TypicalCaseSource.MEDIATION:
        for party in obj.parties.all():
            names += [party.name, party.representative_name]
    elif source == TypicalCaseSource.CONSULTATION:
        names = [obj.contact_name]
        if obj.requester_id is not None:
            names.append(obj.requester.real_name)
    return [n.strip() for n in names if n and n.strip()]


def source_text(source: str, obj: Any) -> dict[str, str]:
    """The draft title, facts and handling copied from the source case."""
    if source == TypicalCaseSource.LEGAL_AID:
        return {
            "title": f"{obj.matter_name}法律援助案",
            "facts": obj.facts,
            "handling": obj.closing_report or obj.decision_reasons,
        }
    if source == TypicalCaseSource.MEDIATION:
        facts = obj.facts or obj.summary
        if obj.claims:
            facts = f"{facts}\n当事人请求：{obj.claims}"
        agreement = obj.agreements.order_by("-pk").first()
        handling = f"调解结果：{stored_text(obj.get_outcome_display())}。" if obj.outcome else ""
        if agreement is not None:
            handling = f"{handling}\n协议内容：{agreement.terms}".strip()
        return {"title": obj.summary, "facts": facts, "handling": handling}
    topic = obj.topic.name if obj.topic_id is not None else "法律"
    return {"title": f"{topic}咨询", "facts": obj.text, "handling": obj.answer}


def known_names(case: TypicalCase) -> list[str]:
    return party_names(case.source, source_of(case))


def proposals_for(case: TypicalCase) -> list[di.Replacement]:
    """The suggested replacements: the source case's party names and the region chain's places."""
    return di.propose_replacements(known_names(case), sel.region_places(case.region))


def findings_for(case: TypicalCase, texts: Mapping[str, str] | None = None) -> list[di.Finding]:
    fields = texts if texts is not None else {f: getattr(case, f) for f in TEXT_FIELDS}
    return di.find_in_fields(fields, known_names(case))


def _add_findings(problems: Problems, findings: list[di.Finding], doing: str) -> None:
    for f in findings:
        problems.add(
            f.field,
            gettext("{get}第 {value} 个字起仍有{label}“{shown}”，请删除或替换后再{doing}。").format(
                get=FIELD_LABELS.get(f.field, f.field), value=f.start + 1, label=f.label, shown=f.shown, doing=doing
            ),
            code=f"personal_data_{f.kind}",
        )


# ---------------------------------------------------------------------------------------------
# Checks


def _clean_texts(problems: Problems, texts: Mapping[str, str | None]) -> dict[str, str]:
    out = {}
    for field in TEXT_FIELDS:
        value = (texts.get(field) or "").strip()
        label = FIELD_LABELS[field]
        if not value and field != "significance":
            problems.add(field, gettext("请填写{label}。").format(label=label), code="required")
        elif len(value) > MAX_CHARS[field]:
            problems.add(
                field,
                gettext("{label}不能超过 {value} 个字（现在 {len} 个字）。").format(
                    label=label, value=MAX_CHARS[field], len=len(value)
                ),
                code="too_long",
            )
        out[field] = value
    return out


def _clean_topic(problems: Problems, topic: str | None) -> str:
    code = (topic or "").strip()
    if not code:
        problems.add("topic", gettext("请选择案例领域。"), code="required")
    elif code not in sel.topic_names():
        problems.add("topic", gettext("案例领域不在列表中，请重新选择。"), code="invalid_topic")
    return code


def _clean_citations(problems: Problems, citations: list[str] | str | None) -> list[str]:
    if isinstance(citations, str):
        citations = citations.splitlines()
    items = [c.strip() for c in citations or [] if c and c.strip()]
    if len(items) > MAX_CITATIONS:
        problems.add(
            "citations",
            gettext("引用法条最多 {MAX_CITATIONS} 条。").format(MAX_CITATIONS=MAX_CITATIONS),
            code="too_many",
        )
    if any(len(c) > 200 for c in items):
        problems.add("citations", gettext("每条引用法条不能超过 200 个字。"), code="too_long")
    return items


def _lock(actor: User, case: TypicalCase) -> TypicalCase:
    locked = (
        sel.workbench_cases(actor)
        .select_for_update(of=("self",))
        .select_related("region", "legal_aid_case", "mediation_case", "work_order")
        .filter(pk=case.pk)
        .first()
    )
    if locked is None:
        raise NotPermitted(gettext("您无权办理该典型案例，或案例不存在。"))
    return locked


def _require_editor(actor: User, case: TypicalCase, doing: str) -> None:
    if not sel.is_editor(actor, case.region):
        raise NotPermitted(gettext("只有本区域的督办主管或系统管理员可以{doing}。").format(doing=doing))


def _require_may_edit(actor: User, case: TypicalCase) -> None:
    if not sel.may_edit(actor, case):
        raise NotPermitted(gettext("只有推荐人或本区域的管理人员可以修改该典型案例。"))


def _require_reason(problems: Problems, reason: str | None, doing: str) -> str:
    text = (reason or "").strip()
    if not text:
        problems.add("reason", gettext("请填写{doing}的理由。").format(doing=doing), code="reason_required")
    elif len(text) > 255:
        problems.add(
            "reason",
            gettext("{doing}的理由不能超过 255 个字（现在 {len} 个字）。").format(doing=doing, len=len(text)),
            code="too_long",
        )
    return text


def _event(case: TypicalCase, verb: str, actor: User, **data: Any) -> None:
    record_event(case, f"outreach.typicalcase.{verb}", actor=actor, channel=CHANNEL, region=case.region, data=data)


def _step(case: TypicalCase, action: str, actor: User, *, reason: str = "", fields: tuple[str, ...] = ()) -> None:
    transition(
        case,
        TYPICAL_CASE,
        action,
        actor=actor,
        channel=CHANNEL,
        reason=reason,
        region=case.region,
        extra_update_fields=fields,
    )


# ---------------------------------------------------------------------------------------------
# Nominating


def nominate_case(*, actor: User, source: str, number: str, topic: str) -> TypicalCase:
    """推荐: a closed case `actor` can see becomes a draft typical case (NOMINATED)."""
    problems = Problems()
    number = (number or "").strip()
    obj = None
    if source not in TypicalCaseSource.values:
        problems.add("source", gettext("请选择案件来源（法律援助、人民调解或法律咨询）。"), code="required")
    elif not number:
        problems.add("number", gettext("请填写案件编号。"), code="required")
    else:
        obj = sel.find_source_case(actor, source, number)
        if obj is None:
            problems.add(
                "number",
                gettext("找不到您可查看的{label}案件“{number}”。").format(
                    label=TypicalCaseSource(source).label, number=number
                ),
                code="not_found",
            )
        elif not sel.is_closed(source, obj):
            problems.add(
                "number",
                gettext("案件“{number}”尚未结案（当前状态：{get_status_display}），只能推荐已结案的案件。").format(
                    number=number, get_status_display=obj.get_status_display()
                ),
                code="not_closed",
            )
    code = _clean_topic(problems, topic)
    problems.raise_if_any()
    assert obj is not None
    texts = source_text(source, obj)
    with transaction.atomic():
        case = TypicalCase.objects.create(
            number=next_number("typical_case"),
            source=source,
            region=obj.region,
            topic=code,
            title=(texts["title"] or "典型案例")[: MAX_CHARS["title"]],
            facts=texts["facts"] or "",
            handling=texts["handling"] or "",
            nominated_by=actor,
            nominated_at=timezone.now(),
            **{sel.SOURCE_FIELD[TypicalCaseSource(source)]: obj},
        )
        _event(case, "nominate", actor, source=source, source_number=number)
    return case


# ---------------------------------------------------------------------------------------------
# Editing and de-identification


def edit_case(
    *,
    actor: User,
    case: TypicalCase,
    title: str,
    facts: str,
    handling: str,
    significance: str = "",
    topic: str,
    citations: list[str] | str | None = None,
) -> TypicalCase:
    """保存草稿: the text while nominated or returned (personal data may still be in it)."""
    with transaction.atomic():
        locked = _lock(actor, case)
        _require_may_edit(actor, locked)
        if locked.status not in EDITABLE:
            raise DomainError(gettext("只有已推荐或退回修改的案例可以修改。"), code="not_editable")
        problems = Problems()
        texts = _clean_texts(
            problems, {"title": title, "facts": facts, "handling": handling, "significance": significance}
        )
        code = _clean_topic(problems, topic)
        items = _clean_citations(problems, citations)
        problems.raise_if_any()
        for field, value in texts.items():
            setattr(locked, field, value)
        locked.topic, locked.citations = code, items
        locked.save(update_fields=[*TEXT_FIELDS, "topic", "citations"])
        _event(locked, "edit", actor)
    return locked


def apply_proposals(*, actor: User, case: TypicalCase) -> TypicalCase:
    """套用建议替换: the parties' names and the places replaced in every text field."""
    with transaction.atomic():
        locked = _lock(actor, case)
        _require_may_edit(actor, locked)
        if locked.status not in EDITABLE:
            raise DomainError(gettext("只有已推荐或退回修改的案例可以修改。"), code="not_editable")
        replacements = proposals_for(locked)
        for field in TEXT_FIELDS:
            setattr(locked, field, di.apply_replacements(getattr(locked, field), replacements))
        locked.title = locked.title[: MAX_CHARS["title"]]
        locked.save(update_fields=list(TEXT_FIELDS))
        _event(locked, "apply_replacements", actor, count=len(replacements))
    return locked


def deidentify_case(
    *,
    actor: User,
    case: TypicalCase,
    title: str,
    facts: str,
    handling: str,
    significance: str = "",
    topic: str,
    citations: list[str] | str | None = None,
) -> TypicalCase:
    """完成脱敏: save the edited text and mark it de-identified, only when no personal data is left."""
    with transaction.atomic():
        locked = _lock(actor, case)
        _require_may_edit(actor, locked)
        TYPICAL_CASE.get(locked.status, "deidentify")
        problems = Problems()
        texts = _clean_texts(
            problems, {"title": title, "facts": facts, "handling": handling, "significance": significance}
        )
        code = _clean_topic(problems, topic)
        items = _clean_citations(problems, citations)
        _add_findings(problems, findings_for(locked, texts), gettext("完成脱敏"))
        problems.raise_if_any()
        for field, value in texts.items():
            setattr(locked, field, value)
        locked.topic, locked.citations, locked.deidentified_by = code, items, actor
        _step(locked, "deidentify", actor, fields=(*TEXT_FIELDS, "topic", "citations", "deidentified_by"))
    return locked


# ---------------------------------------------------------------------------------------------
# Review


def submit_case(*, actor: User, case: TypicalCase) -> TypicalCase:
    """提交审核."""
    with transaction.atomic():
        locked = _lock(actor, case)
        _require_may_edit(actor, locked)
        TYPICAL_CASE.get(locked.status, "submit")
        _step(locked, "submit", actor)
    return locked


def publish_case(*, actor: User, case: TypicalCase, note: str = "") -> TypicalCase:
    """审核发布: by an editor of the region who did not nominate it, with the text checked again."""
    with transaction.atomic():
        locked = _lock(actor, case)
        _require_editor(actor, locked, gettext("审核发布典型案例"))
        TYPICAL_CASE.get(locked.status, "publish")
        problems = Problems()
        if locked.nominated_by_id == actor.pk:
            problems.add(
                None, gettext("推荐人不能发布自己推荐的案例，请由本区域的其他审核人员审核发布。"), code="own_nomination"
            )
        if len((note or "").strip()) > 255:
            problems.add("note", gettext("审核意见不能超过 255 个字。"), code="too_long")
        _add_findings(problems, findings_for(locked), gettext("发布"))
        problems.raise_if_any()
        locked.reviewed_by, locked.review_note, locked.published_at = actor, (note or "").strip(), timezone.now()
        _step(
            locked, "publish", actor, reason=locked.review_note, fields=("reviewed_by", "review_note", "published_at")
        )
    return locked


def return_case(*, actor: User, case: TypicalCase, reason: str) -> TypicalCase:
    """退回修改, with the reason the nominator sees."""
    with transaction.atomic():
        locked = _lock(actor, case)
        _require_editor(actor, locked, gettext("退回典型案例"))
        TYPICAL_CASE.get(locked.status, "return_for_edit")
        problems = Problems()
        text = _require_reason(problems, reason, gettext("退回修改"))
        problems.raise_if_any()
        locked.reviewed_by, locked.review_note = actor, text
        _step(locked, "return_for_edit", actor, reason=text, fields=("reviewed_by", "review_note"))
    return locked


def withdraw_case(*, actor: User, case: TypicalCase, reason: str) -> TypicalCase:
    """撤回: an editor at any time; the nominator before publication. A published case leaves the portal."""
    with transaction.atomic():
        locked = _lock(actor, case)
        own = locked.nominated_by_id == actor.pk and locked.status != S.PUBLISHED
        if not own:
            _require_editor(actor, locked, gettext("撤回已发布或他人推荐的典型案例"))
        TYPICAL_CASE.get(locked.status, "withdraw")
        problems = Problems()
        text = _require_reason(problems, reason, gettext("撤回"))
        problems.raise_if_any()
        locked.review_note = text
        _step(locked, "withdraw", actor, reason=text, fields=("review_note",))
    return locked
