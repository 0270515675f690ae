"""The drafting operations answer each kind of person as their doors declare (the matrix of
gongfa/core/tests/test_every_door_answers.py, on the drafting paths, with an interview of a
citizen nobody here is in the URLs): templates for anyone; interviews for anyone signed in, each
then seeing only what the selectors show (404 otherwise); never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongfa.core.access import entrances
from gongfa.core.tests.test_every_door_answers import KINDS, _ask, _person, _url, _wrong
from gongfa.drafting.services import start_interview
from gongfa.testing.factories import CitizenFactory, MiniNetwork

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", KINDS)
def test_every_drafting_door_answers_each_kind_of_person_as_declared(kind: str, network: MiniNetwork) -> None:
    interview = start_interview(code="iou", actor=CitizenFactory(), region=network.villages[1])
    values = {"reference": str(interview.reference), "step": "borrower", "code": "iou", "number": "1"}
    user: Any = _person(kind, network)
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    doors = [e for e in entrances() if e.route.startswith("api/v1/drafting/") and e.door is not None]
    assert len(doors) == 12
    problems = []
    for entrance in doors:
        url = _url(entrance, values)
        response = _ask(client, entrance, url)
        problem = _wrong(entrance, user, response)
        if problem:
            problems.append(f"{entrance.label} {url}: {problem}")
    assert not problems, f"{kind}:\n" + "\n".join(problems)
