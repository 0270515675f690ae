"""The mediation lists' reads (issue #13's queue benchmark): mediating() is exactly the cases a
mediator currently sits on, and CasePaginator gives the same rows, in the same order, in the same
number of queries as a plain Paginator."""

from __future__ import annotations

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongfa.mediation.choices import MediatorRole
from gongfa.mediation.models import CaseMediator, MediationCase
from gongfa.mediation.selectors import CasePaginator, mediating, visible_to
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def test_mediating_is_the_current_assignments_only(world: MediationWorld) -> None:
    mine = make_case(world, "in_mediation")  # world.mediators[0] presides
    colleague = make_case(world, "in_mediation", with_mediator=False)
    CaseMediator.objects.create(case=colleague, mediator=world.mediators[1], role=MediatorRole.PRESIDING)
    recused = make_case(world, "in_mediation")
    CaseMediator.objects.filter(case=recused).update(recused_at=timezone.now())
    make_case(world, "applied")  # the committee's, nobody's yet
    user = world.mediators[0].user
    assert set(mediating(user)) == {mine}
    assert colleague in visible_to(user) and recused in visible_to(user)  # the committee's staff see them
    assert set(mediating(world.mediators[1].user)) == {colleague}
    assert not mediating(CitizenFactory()).exists() and not mediating(world.chair).exists()


def test_the_paginator_gives_the_same_rows_in_the_same_queries(world: MediationWorld) -> None:
    now = timezone.now()
    for n in range(45):
        case = make_case(world, "in_mediation")
        MediationCase.objects.filter(pk=case.pk).update(registered_at=now - datetime.timedelta(hours=n % 7, minutes=n))
    listing = (
        visible_to(world.chair)
        .select_related("committee__agency", "category", "region")
        .order_by("-registered_at", "-pk")
    )
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as plain_queries:
            plain = [c.pk for c in Paginator(listing, 20).page(number)]
        with CaptureQueriesContext(connection) as by_id_queries:
            page = CasePaginator(listing, 20).page(number)
            by_id = [c.pk for c in page]
            names = [c.committee.agency.name for c in page]  # joined, no query per row
        assert by_id == plain and len(by_id) == (5 if number == 3 else 20)
        assert len(by_id_queries.captured_queries) == len(plain_queries.captured_queries) == 2
        assert set(names) == {world.township_committee.agency.name}
