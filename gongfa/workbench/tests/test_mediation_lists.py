"""我的调解案件 and 调委会案件: open cases where the person is a current mediator, the nearest deadline
first, with the one-month clock and the escalation flag; the committee's queue with intake first;
filters by status and category (a wrong value named, 400); pages; a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.mediation.models import CaseMediator, MediationCase
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing.factories import CitizenFactory, staff

pytestmark = pytest.mark.django_db
URL = "/workbench/mediation/"


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def section(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"')[1].split("</ul>")[0] if f'data-testid="{testid}"' in page else ""


def in_mediation(world: MediationWorld, due_in: int, **fields: object) -> MediationCase:
    case = make_case(world, "in_mediation")
    today = timezone.localdate()
    MediationCase.objects.filter(pk=case.pk).update(
        due_on=today + datetime.timedelta(days=due_in), mediation_started_at=timezone.now(), **fields
    )
    return MediationCase.objects.get(pk=case.pk)


def test_the_mediators_list_nearest_deadline_first_with_clock_and_flag(client, world: MediationWorld) -> None:
    later = in_mediation(world, 2, extended_until=timezone.localdate() + datetime.timedelta(days=20))
    overdue = in_mediation(world, -3, escalation_risk=True)
    soon = in_mediation(world, 5)
    recused = in_mediation(world, 1)
    CaseMediator.objects.filter(case=recused).update(recused_at=timezone.now())
    client.force_login(world.mediators[0].user)
    assert reverse("workbench:mediation") == URL
    page = client.get(URL).content.decode()
    mine = section(page, "my-mediation-cases")
    positions = [mine.find(c.number) for c in (overdue, soon, later)]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    assert recused.number not in mine
    assert "已超期 3 天" in mine and "剩 5 天" in mine and "剩 20 天" in mine
    assert mine.count('data-testid="escalation-flag"') == 1


def test_the_committee_queue_puts_intake_first(client, world: MediationWorld) -> None:
    working = in_mediation(world, 3)
    applied = make_case(world, "applied")
    client.force_login(world.chair)
    queue = section(client.get(URL).content.decode(), "committee-mediation-cases")
    assert 0 <= queue.find(applied.number) < queue.find(working.number)


def test_filters_by_status_and_category_and_a_wrong_value_is_named(client, world: MediationWorld) -> None:
    applied = make_case(world, "applied")
    accepted = make_case(world, "accepted")
    other_kind = make_case(world, "applied", category_code="marriage_family")
    client.force_login(world.chair)
    queue = section(client.get(URL, {"status": "accepted"}).content.decode(), "committee-mediation-cases")
    assert accepted.number in queue and applied.number not in queue
    queue = section(client.get(URL, {"category": "marriage_family"}).content.decode(), "committee-mediation-cases")
    assert other_kind.number in queue and applied.number not in queue
    response = client.get(URL, {"status": "whatever"})
    assert response.status_code == 400
    assert "状态的选项不在列表中，请重新选择。" in response.content.decode()


def test_closed_cases_leave_the_default_list(client, world: MediationWorld) -> None:
    closed = make_case(world, "closed")
    client.force_login(world.chair)
    assert closed.number not in client.get(URL).content.decode()
    assert closed.number in client.get(URL, {"status": "closed"}).content.decode()


def test_pages_of_twenty(client, world: MediationWorld) -> None:
    for _ in range(21):
        make_case(world, "applied")
    client.force_login(world.chair)
    first = client.get(URL).content.decode()
    assert section(first, "committee-mediation-cases").count('class="card"') == 20
    assert "cpage=2" in first
    second = client.get(URL, {"cpage": "2"}).content.decode()
    assert section(second, "committee-mediation-cases").count('class="card"') == 1


def test_a_constant_number_of_queries(client, world: MediationWorld) -> None:
    def count() -> int:
        client.get(URL)  # warm the session and the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    client.force_login(world.mediators[0].user)
    for _ in range(2):
        in_mediation(world, 3)
        make_case(world, "applied")
    small = count()
    for _ in range(8):
        in_mediation(world, 7, escalation_risk=True)
        make_case(world, "accepted")
    assert count() == small


def test_others_get_nothing_and_citizens_are_refused(client, world: MediationWorld) -> None:
    case = make_case(world, "applied")
    agent = staff(Role.HOTLINE_AGENT, at=world.net.centre)
    client.force_login(agent)
    page = client.get(URL).content.decode()
    assert case.number not in page and "committee-mediation-cases" not in page
    client.force_login(CitizenFactory())
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302
