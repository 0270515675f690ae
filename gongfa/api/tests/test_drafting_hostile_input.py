"""Hostile input on the drafting operations, against real interviews.

The whole-API run (test_openapi_hostile_input.py) sends the drafting operations made-up references
only, so nearly every example stops at the 404 of the lookup. Here the same generator and the same
checks (its schema, _cases, CHECKS) run against a world of interviews: one in progress, one whose
document was made (versions 1 and 2 exist), one a clerk drafts, each held by a token of the person
who would use it. Half of a step's generated answers are put under the real questions of the step
in the path, so the shape check and the service's own checks read hostile values (lists for a
yes/no, objects for a date, control characters, huge numbers) rather than refusing unknown names.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from gongfa.accounts.choices import Role
from gongfa.api.models import TokenScope
from gongfa.api.tests.test_openapi_hostile_input import (  # noqa: F401 - the autouse fixture
    MAX_EXAMPLES,
    OPERATION_BUDGET_S,
    OPERATIONS,
    SCOPES,
    World,
    _cases,
    _draw,
    _keep_the_test_transaction,
    _with_real_fields,
    schema,
)
from gongfa.drafting.services import complete_interview, library, reopen_interview, save_answers, start_interview
from gongfa.drafting.tests.conftest import PLAINTIFF_ID, loan_answers_by_step
from gongfa.testing.factories import CitizenFactory, build_network, staff

DRAFTING = sorted(label for label in OPERATIONS if label.split(" ", 1)[1].startswith("/api/v1/drafting/"))
LOAN = "private_loan_complaint"


def _build() -> World:
    net = build_network()
    village = net.villages[0]
    citizen = CitizenFactory(real_name="陈秀英", phone="13800138000", id_number=PLAINTIFF_ID)
    clerk = staff(Role.WINDOW_STAFF, at=net.rooms[village.code], real_name="窗口小李")
    supervisor = staff(Role.SUPERVISOR, at=net.centre, real_name="郑主任")
    in_progress = start_interview(code=LOAN, actor=citizen, region=village)
    made = start_interview(code=LOAN, actor=citizen, region=village)
    for step, raw in loan_answers_by_step().items():
        save_answers(interview=in_progress, actor=citizen, step=step, raw=raw)
        save_answers(interview=made, actor=citizen, step=step, raw=raw)
    complete_interview(interview=made, actor=citizen)
    reopen_interview(interview=made, actor=citizen)
    complete_interview(interview=made, actor=citizen)
    drafted = start_interview(code="iou", actor=clerk, point=net.rooms[village.code])
    world = World(
        ids={
            "reference": [str(item.reference) for item in (in_progress, made, drafted)],
            "step": ["plaintiff", "loans", "guarantee", "facts", "borrower"],
            "code": [LOAN, "iou"],
            "number": ["1", "2"],
        },
        fields={"template": [LOAN, "iou"], "region_code": [village.code]},
    )
    world.grant(citizen, TokenScope.DRAFTING_READ, TokenScope.DRAFTING_ACT)
    world.grant(clerk, TokenScope.DRAFTING_ACT)
    world.grant(supervisor, TokenScope.DRAFTING_READ)
    world.grant_all(supervisor)
    return world


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once for the module in a transaction rolled back after it; each test runs in a
    savepoint of it (`db`). The documents are written to a throwaway folder."""
    media = Path(tmp_path_factory.mktemp("hostile-drafting"))
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with django_db_blocker.unblock(), contextlib.ExitStack() as stack:
        from django.conf import settings

        stack.enter_context(override_settings(MEDIA_ROOT=media, STORAGES={**settings.STORAGES, **storages}))
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _on_real_questions(case: schemathesis.Case) -> None:
    """Half of a step's generated answers go under the step's real questions, in order; a group
    gets one item whose own questions take them."""
    body = case.body
    step = (case.path_parameters or {}).get("step")
    sent = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(sent, dict) or not sent or _draw(case, "questions") % 2:
        return
    specs = next((item.fields for definition in library() for item in definition.steps if item.key == step), ())
    generated = list(sent.values())

    def junk(index: int) -> Any:
        return generated[index % len(generated)]

    answers: dict[str, Any] = {}
    for index, spec in enumerate(specs):
        if spec.is_group:
            answers[spec.name] = [{inner.name: junk(index + n) for n, inner in enumerate(spec.fields)}]
        else:
            answers[spec.name] = junk(index)
    if answers and isinstance(body, dict):
        case.body = {**body, "answers": answers}


@pytest.mark.parametrize("label", DRAFTING)
def test_drafting_hostile_input(label: str, world: World, db: None) -> None:
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    scope = SCOPES[label]
    statuses: list[int] = []

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=_cases(operation, world))
    def examples(case: schemathesis.Case) -> None:
        _with_real_fields(case, world)
        _on_real_questions(case)
        headers: dict[str, str] = {}
        if scope is not None:
            tokens = world.tokens[scope]
            headers["Authorization"] = f"Bearer {tokens[_draw(case, 'auth') % len(tokens)]}"
        statuses.append(case.call_and_validate(headers=headers).status_code)

    started = time.monotonic()
    examples()
    elapsed = time.monotonic() - started
    assert elapsed < OPERATION_BUDGET_S * 2, f"{label}: {MAX_EXAMPLES} examples took {elapsed:.1f} s"
    if os.environ.get("HOSTILE_INPUT_STATS"):  # as in test_openapi_hostile_input
        with open(os.environ["HOSTILE_INPUT_STATS"], "a") as out:
            out.write(json.dumps({"operation": label, "seconds": round(elapsed, 2), "statuses": statuses}) + "\n")
