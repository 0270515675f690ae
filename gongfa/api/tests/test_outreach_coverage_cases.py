"""The coverage of a region for its supervisors (/api/v1/outreach/coverage) and the public typical
cases (/api/v1/outreach/typical-cases)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.models import AdvisorAssignment
from gongfa.outreach.choices import TypicalCaseStatus
from gongfa.outreach.models import AdvisorLog, WorkLogKind
from gongfa.outreach.tests.cases_testing import published_case
from gongfa.testing.factories import MiniNetwork, UserFactory, eligible_advisor

pytestmark = pytest.mark.django_db

COVERAGE = "/api/v1/outreach/coverage"
CASES = "/api/v1/outreach/typical-cases"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_supervisor_gets_the_coverage_of_their_county(network: MiniNetwork, county_supervisor: User) -> None:
    advisor = eligible_advisor(network.county, real_name="李顾问", phone="13800001111")
    AdvisorAssignment.objects.create(advisor=advisor, village=network.villages[0])
    AdvisorLog.objects.create(
        advisor=advisor,
        village=network.villages[0],
        kind=WorkLogKind.objects.get(code="visit"),
        occurred_on=timezone.localdate(),
        summary="到村值班",
    )
    response = signed_in(county_supervisor).get(COVERAGE, {"region": network.county.code})
    assert response.status_code == 200, response.json()
    out = response.json()
    total = len(network.villages)
    assert (out["villages"], out["covered"], out["active"]) == (total, 1, 1)
    assert out["without_advisor"] == total - 1
    assert out["coverage_rate"] == pytest.approx(1 / total)
    assert out["active_rate"] == 1.0
    row = next(r for r in out["rows"] if r["code"] == network.villages[0].code)
    assert row["advisors"] == ["李顾问"]


def test_the_coverage_costs_the_same_queries_for_many_villages(
    network: MiniNetwork, county_supervisor: User, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(county_supervisor)
    with django_assert_max_num_queries(12):
        assert client.get(COVERAGE, {"region": network.county.code}).status_code == 200


def test_a_region_one_does_not_manage_is_a_404(network: MiniNetwork, other_supervisor: User) -> None:
    response = signed_in(other_supervisor).get(COVERAGE, {"region": network.county.code})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "region"


def test_an_unknown_region_is_a_404(county_supervisor: User) -> None:
    response = signed_in(county_supervisor).get(COVERAGE, {"region": "999999999999"})
    assert response.status_code == 404


def test_an_adviser_is_not_a_manager(network: MiniNetwork) -> None:
    advisor = eligible_advisor(network.county, real_name="李顾问", phone="13800001111")
    response = signed_in(advisor).get(COVERAGE, {"region": network.villages[0].code})
    assert response.status_code in (403, 404)
    citizen_like = UserFactory(role=Role.CITIZEN)
    assert signed_in(citizen_like).get(COVERAGE, {"region": network.county.code}).status_code == 403


def test_the_region_is_required(county_supervisor: User) -> None:
    response = signed_in(county_supervisor).get(COVERAGE)
    assert response.status_code == 422


def test_the_public_finds_published_cases_only(network: MiniNetwork, client: Client) -> None:
    shown = published_case(network, title="拖欠工资获支持")
    published_case(network, title="未发布的案例", status=TypicalCaseStatus.IN_REVIEW, published_at=None)
    response = client.get(CASES)
    assert response.status_code == 200
    assert [c["number"] for c in response.json()["items"]] == [shown.number]
    one = client.get(f"{CASES}/{shown.number}")
    assert one.status_code == 200
    assert one.json()["title"] == "拖欠工资获支持"
    assert one.json()["facts"]


def test_the_search_and_topic_narrow_the_list(network: MiniNetwork, client: Client) -> None:
    wages = published_case(network, title="拖欠工资获支持")
    assert [c["number"] for c in client.get(CASES, {"q": "拖欠工资"}).json()["items"]] == [wages.number]
    assert client.get(CASES, {"q": "离婚财产分割宅基地"}).json()["count"] == 0
    assert client.get(CASES, {"topic": "no-such-topic"}).json()["count"] == 0
    assert client.get(CASES, {"topic": wages.topic}).json()["count"] == 1


def test_an_unpublished_case_is_a_404(network: MiniNetwork, client: Client) -> None:
    draft = published_case(network, status=TypicalCaseStatus.IN_REVIEW, published_at=None)
    response = client.get(f"{CASES}/{draft.number}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get(f"{CASES}/NO-SUCH-1").status_code == 404


def test_a_bad_case_number_is_a_422(client: Client) -> None:
    assert client.get(f"{CASES}/{'x' * 30}").status_code == 422
