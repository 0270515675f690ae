"""Publicity prompts (普法提示, 《法治宣传教育法》第9、57条: 谁执法谁普法): a prompt to a department that
neglects its duty to publicise the laws it enforces, with a feedback deadline (region setting
outreach.prompt_feedback_days); recording the feedback closes it, and the daily sweep marks the
ones past their deadline (issued → feedback due → closed, outreach.states.PROMPT)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import NotPermitted, Problems
from gongfa.network.models import Region
from gongfa.network.selectors import region_setting
from gongfa.outreach import rules
from gongfa.outreach.models import PublicityPrompt
from gongfa.outreach.selectors.access import can_manage
from gongfa.outreach.services.common import next_number
from gongfa.outreach.services.publicity import CHANNEL, text, today
from gongfa.outreach.states import PROMPT


def default_feedback_due(region: Region | None, issued_on: datetime.date) -> datetime.date:
    return issued_on + datetime.timedelta(days=int(region_setting(region, rules.PROMPT_FEEDBACK_DAYS.key)))


def issue_prompt(
    *,
    actor: User,
    region: Region | None,
    department: str,
    issue: str,
    laws: str = "",
    issued_on: datetime.date | None = None,
    feedback_due: datetime.date | None = None,
) -> PublicityPrompt:
    """发出普法提示 to a department; the feedback deadline defaults to outreach.prompt_feedback_days
    after the issue date and may not come before it."""
    problems = Problems()
    if region is None:
        problems.add("region", gettext("请选择发出区划。"), code="required")
    elif not can_manage(actor, region):
        problems.add("region", gettext("该区划不在您管理的区域内。"), code="outside_region")
    dept = text(
        department, field="department", label=gettext("被提示部门"), problems=problems, max_chars=128, required=True
    )
    law_text = text(
        laws, field="laws", label=gettext("所执行的法律法规"), problems=problems, max_chars=255, required=False
    )
    body = text(issue, field="issue", label=gettext("存在问题与要求"), problems=problems, max_chars=4000, required=True)
    on = issued_on or today()
    if on > today():
        problems.add("issued_on", gettext("发出日期不能晚于今天。"), code="issued_in_future")
    due = feedback_due or default_feedback_due(region, on)
    if due < on:
        problems.add("feedback_due", gettext("反馈期限不能早于发出日期。"), code="due_before_issue")
    problems.raise_if_any()
    assert region is not None
    with transaction.atomic():
        prompt = PublicityPrompt.objects.create(
            number=next_number("prompt"),
            region=region,
            department=dept,
            laws=law_text,
            issue=body,
            issued_on=on,
            feedback_due=due,
            issued_by=actor,
        )
        record_event(prompt, "outreach.publicityprompt.issue", actor=actor, channel=CHANNEL, region=region)
    return prompt


def record_prompt_feedback(
    *, actor: User, prompt: PublicityPrompt, feedback: str, feedback_on: datetime.date | None = None
) -> PublicityPrompt:
    """登记整改反馈: closes the prompt (also when it was overdue)."""
    with transaction.atomic():
        locked = PublicityPrompt.objects.select_for_update().select_related("region").get(pk=prompt.pk)
        if not can_manage(actor, locked.region):
            raise NotPermitted(gettext("该普法提示不在您管理的区域内。"))
        PROMPT.get(locked.status, "record_feedback")
        problems = Problems()
        body = text(
            feedback, field="feedback", label=gettext("整改反馈"), problems=problems, max_chars=4000, required=True
        )
        on = feedback_on or today()
        if on > today():
            problems.add("feedback_on", gettext("反馈日期不能晚于今天。"), code="feedback_in_future")
        elif on < locked.issued_on:
            problems.add("feedback_on", gettext("反馈日期不能早于发出日期。"), code="feedback_before_issue")
        problems.raise_if_any()
        locked.feedback = body
        locked.feedback_on = on
        transition(
            locked,
            PROMPT,
            "record_feedback",
            actor=actor,
            channel=CHANNEL,
            region=locked.region,
            extra_update_fields=("feedback", "feedback_on"),
        )
    return locked


def mark_overdue_prompts(on: datetime.date | None = None) -> int:
    """The daily sweep: every ISSUED prompt past its feedback deadline becomes FEEDBACK_DUE (once)."""
    day = on or today()
    marked = 0
    for pk in PublicityPrompt.objects.filter(status="issued", feedback_due__lt=day).values_list("pk", flat=True):
        with transaction.atomic():
            prompt = PublicityPrompt.objects.select_for_update().filter(pk=pk, status="issued").first()
            if prompt is None:
                continue
            transition(
                prompt,
                PROMPT,
                "mark_overdue",
                actor=None,
                channel=Channel.SYSTEM,
                region=prompt.region,
                data={"feedback_due": prompt.feedback_due.isoformat()},
            )
            marked += 1
    return marked
