"""Publicity prompts (普法提示, 第57条): the default feedback deadline from the region setting, a
deadline before the issue date refused, feedback closes, and the daily sweep (task and command)
marks overdue prompts once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.network.models import RegionSetting
from gongfa.outreach.choices import PromptStatus
from gongfa.outreach.models import PublicityPrompt
from gongfa.outreach.services import publicity_prompts as prompts_svc
from gongfa.outreach.tasks_publicity import mark_overdue_prompts
from gongfa.outreach.tests.test_publicity_world import World, build_world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(name="world")
def _world(db: None) -> World:
    return build_world()


def issue(world: World, **overrides: object) -> PublicityPrompt:
    values: dict[str, object] = {
        "actor": world.clerk,
        "region": world.net.county,
        "department": "县市场监管局",
        "issue": "未开展食品安全法宣传",
        "laws": "食品安全法",
    }
    values.update(overrides)
    return prompts_svc.issue_prompt(**values)  # type: ignore[arg-type]


def test_the_deadline_defaults_to_the_region_setting(world: World) -> None:
    prompt = issue(world)
    assert prompt.number.startswith("TS") and prompt.status == PromptStatus.ISSUED
    assert prompt.feedback_due == TODAY() + datetime.timedelta(days=30)
    RegionSetting.objects.create(region=world.net.county, key="outreach.prompt_feedback_days", value=10)
    assert issue(world).feedback_due == TODAY() + datetime.timedelta(days=10)


def test_a_deadline_before_the_issue_date_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        issue(world, feedback_due=TODAY() - datetime.timedelta(days=1))
    assert (caught.value.field, caught.value.code) == ("feedback_due", "due_before_issue")
    assert caught.value.message == "反馈期限不能早于发出日期。"
    assert not PublicityPrompt.objects.exists()


def test_a_prompt_names_every_problem(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        issue(
            world,
            actor=world.outsider,
            department="",
            issue="",
            issued_on=TODAY() + datetime.timedelta(days=2),
            feedback_due=TODAY(),
        )
    assert {p.field for p in caught.value.problems} == {"region", "department", "issue", "issued_on", "feedback_due"}


def test_feedback_closes_even_when_overdue(world: World) -> None:
    prompt = issue(
        world, issued_on=TODAY() - datetime.timedelta(days=40), feedback_due=TODAY() - datetime.timedelta(days=5)
    )
    assert prompts_svc.mark_overdue_prompts() == 1
    prompt.refresh_from_db()
    assert prompt.status == PromptStatus.FEEDBACK_DUE
    with pytest.raises(DomainError) as caught:
        prompts_svc.record_prompt_feedback(actor=world.clerk, prompt=prompt, feedback=" ")
    assert caught.value.field == "feedback"
    prompts_svc.record_prompt_feedback(actor=world.clerk, prompt=prompt, feedback="已开展专题宣传 3 场")
    prompt.refresh_from_db()
    assert (prompt.status, prompt.feedback_on) == (PromptStatus.CLOSED, TODAY())


def test_the_sweep_marks_each_overdue_prompt_once(world: World) -> None:
    late = issue(
        world, issued_on=TODAY() - datetime.timedelta(days=3), feedback_due=TODAY() - datetime.timedelta(days=1)
    )
    due_today = issue(world, feedback_due=TODAY())
    assert mark_overdue_prompts.apply().get() == 1
    out = io.StringIO()
    call_command("mark_overdue_prompts", stdout=out)
    assert "0 条" in out.getvalue()
    late.refresh_from_db()
    due_today.refresh_from_db()
    assert (late.status, due_today.status) == (PromptStatus.FEEDBACK_DUE, PromptStatus.ISSUED)
