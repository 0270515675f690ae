# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""话务与质检 pages: the supervisors' call list (filters, KPIs, masked numbers, pages, queries), the
quality sample, the inspection form (every problem at once) and its result."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.models import CallRecord, QualityInspection
from gongfa.workorders.services.calls import CallRow, import_call_records
from gongfa.workorders.tests.hotline_fixtures import agent, checklist, queue  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(queue, agent):
    """60 calls today: every tenth abandoned, the rest answered for two minutes."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 5)))
    rows = []
    for n in range(60):
        received = start + datetime.timedelta(minutes=3 * n)
        answered = n % 10 != 0
        rows.append(
            CallRow(
                call_id=f"W-{n:03d}",
                queue="12348",
                caller="13912345678",
                received_at=received,
                answered_at=received + datetime.timedelta(seconds=10) if answered else None,
                ended_at=received + datetime.timedelta(seconds=130 if answered else 20),
                agent_code="a1001" if answered else "",
            )
        )
    import_call_records(rows)
    return CallRecord.objects.order_by("call_id")


@pytest.fixture
def supervisor_client(network):
    user = UserFactory(role=Role.SUPERVISOR, real_name="郑主任")
    post(user, network.centre)
    client = Client()
    client.force_login(user)
    return client


def test_the_call_list_with_kpis_masked_numbers_and_pages(supervisor_client, calls, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        page = supervisor_client.get(reverse("workbench:calls_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "139****5678" in html and "13912345678" not in html
    assert "90.0%" in html  # 54 answered, 6 abandoned
    assert "2.0 分钟" in html
    assert "0.0%" in html  # nothing inspected yet
    assert html.count('data-testid="call-row-') == 50 and "1 / 2" in html
    second = supervisor_client.get(reverse("workbench:calls_list"), {"page": 2})
    assert second.content.decode().count('data-testid="call-row-') == 10
    # The query count does not grow with the rows.
    with django_assert_max_num_queries(16):
        supervisor_client.get(reverse("workbench:calls_list"), {"outcome": "abandoned"})


def test_filters_narrow_the_list_and_bad_dates_are_refused(supervisor_client, calls, agent):
    abandoned = supervisor_client.get(reverse("workbench:calls_list"), {"outcome": "abandoned"})
    assert abandoned.content.decode().count('data-testid="call-row-') == 6
    mine = supervisor_client.get(reverse("workbench:calls_list"), {"agent": agent.pk})
    assert mine.content.decode().count('data-testid="call-row-') == 50  # 54 answered, first page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    none = supervisor_client.get(reverse("workbench:calls_list"), {"start": yesterday, "end": yesterday})
    assert 'data-testid="calls-empty"' in none.content.decode()
    bad = supervisor_client.get(
        reverse("workbench:calls_list"), {"start": timezone.localdate(), "end": yesterday, "outcome": "nope"}
    )
    assert bad.status_code == 400
    assert "结束日期早于开始日期" in bad.content.decode()


def test_agents_and_other_supervisors_do_not_see_the_calls(network, calls, agent):
    client = Client()
    client.force_login(agent)
    assert client.get(reverse("workbench:calls_list")).status_code == 403
    elsewhere = UserFactory(role=Role.SUPERVISOR)
    post(elsewhere, network.stations[network.townships[0].code])
    client.force_login(elsewhere)
    assert 'data-testid="calls-empty"' in client.get(reverse("workbench:calls_list")).content.decode()
    call = calls.exclude(outcome="abandoned").first()
    assert client.get(reverse("workbench:calls_inspect", args=[call.pk])).status_code == 404


def test_the_sample_lists_five_percent(supervisor_client, calls):
    page = supervisor_client.get(reverse("workbench:calls_sample"))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="sample-row-') == 3  # ceil(54 × 5 %)


def test_an_inspection_with_every_problem_then_done(supervisor_client, calls, checklist):
    call = calls.exclude(outcome="abandoned").first()
    url = reverse("workbench:calls_inspect", args=[call.pk])
    form = supervisor_client.get(url)
    html = form.content.decode()
    assert form.status_code == 200
    for item in checklist:
        assert f'name="score_{item.code}"' in html and f"（{item.max_points}分）" in html
    data = {f"score_{i.code}": i.max_points for i in checklist}
    data["score_greeting"] = ""
    data["score_listening"] = 99
    data["score_clarity"] = -2
    refused = supervisor_client.post(url, data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert text.count('class="error-message"') >= 3
    assert not QualityInspection.objects.exists()
    data = {f"score_{i.code}": i.max_points for i in checklist} | {"score_attitude": 2, "comment": "语气稍急"}
    done = supervisor_client.post(url, data)
    assert done.status_code == 302 and done["Location"] == reverse("workbench:calls_inspection", args=[call.pk])
    result = supervisor_client.get(done["Location"])
    assert "97 / 100" in result.content.decode() and "语气稍急" in result.content.decode()
    # Once inspected, the form goes to the result.
    assert supervisor_client.get(url).status_code == 302
    abandoned = calls.filter(outcome="abandoned").first()
    refused = supervisor_client.post(
        reverse("workbench:calls_inspect", args=[abandoned.pk]), {f"score_{i.code}": 1 for i in checklist}
    )
    assert refused.status_code == 400 and "只能质检已接听的通话" in refused.content.decode()
