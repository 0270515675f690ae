"""GET /api/v1/legal-aid/cases: the reviewer queue (cases the caller may review), green channel
first then the nearest review deadline, paginated, in a constant number of queries."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import grant, refuse
from gongfa.testing.factories import CitizenFactory, make_id_number

from .test_legalaid_support import (  # noqa: F401 - fixtures
    NOT_ELIGIBLE,
    _media,
    frozen,
    law_firm,
    lawyers,
    outside_reviewer,
    reviewer,
    session,
    standard,
    submit,
    worker,
)

URL = "/api/v1/legal-aid/cases"


def numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def applicant(n, born=datetime.date(1985, 5, 1), name="张务工"):
    return CitizenFactory(real_name=name, id_number=make_id_number(birth=born, seq=100 + n))


@pytest.fixture
def three(network, frozen, standard):
    """Two ordinary cases (review due 12-02 and 11-27) and a green-channel one (an elderly
    applicant, due 12-04): the queue shows the green one first, then by deadline."""
    late = submit(applicant(1), network)
    early = submit(applicant(2), network)
    green = submit(applicant(3, born=datetime.date(1950, 3, 1), name="赵老汉"), network)
    LegalAidApplication.objects.filter(pk=late.pk).update(review_due=datetime.date(2026, 12, 2))
    LegalAidApplication.objects.filter(pk=early.pk).update(review_due=datetime.date(2026, 11, 27))
    LegalAidApplication.objects.filter(pk=green.pk).update(review_due=datetime.date(2026, 12, 4))
    return late, early, green


def test_green_channel_first_then_the_nearest_review_deadline(reviewer, three):
    late, early, green = three
    response = session(reviewer).get(URL)
    assert numbers(response) == [green.number, early.number, late.number]
    first = response.json()["items"][0]
    assert first["green_channel"] is True and first["review_due"] == "2026-12-04"
    assert first["status"] == "received" and first["status_label"] == "已受理待审查"
    assert first["applicant_name"] == "赵*汉"  # masked in lists
    assert first["agency_name"] == "示范县法律援助中心" and first["provider_name"] is None
    assert first["review_overdue"] is False and first["assignment_overdue"] is False
    assert response.json()["count"] == 3


def test_overdue_rows_are_flagged(reviewer, three, frozen):
    late, early, green = three
    frozen.move_to(datetime.datetime(2026, 11, 28, 2, 0, tzinfo=datetime.UTC))
    items = {i["number"]: i for i in session(reviewer).get(URL).json()["items"]}
    assert items[early.number]["review_overdue"] is True
    assert items[late.number]["review_overdue"] is False and items[green.number]["review_overdue"] is False


def test_the_status_filter(reviewer, three, network):
    late, early, green = three
    grant(application=late, actor=reviewer)
    refused = refuse(application=submit(applicant(4), network, NOT_ELIGIBLE), actor=reviewer, reasons="收入高于标准。")
    browser = session(reviewer)
    assert numbers(browser.get(URL, {"status": "granted"})) == [late.number]
    assert refused.number not in numbers(browser.get(URL))  # default: open cases only
    assert set(numbers(browser.get(URL, {"status": "all"}))) == {
        late.number,
        early.number,
        green.number,
        refused.number,
    }
    assert numbers(browser.get(URL, {"status": "refused"})) == [refused.number]
    response = browser.get(URL, {"status": "sleeping"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and any("status" in d["loc"] for d in error["details"])


def test_only_the_callers_agency_region_is_listed(three, outside_reviewer, county_supervisor, lawyers, worker):
    assert len(numbers(session(county_supervisor).get(URL))) == 3
    assert numbers(session(outside_reviewer).get(URL)) == []
    assert numbers(session(lawyers[0]).get(URL)) == []  # providers are not reviewers
    assert numbers(session(worker).get(URL)) == []  # nor are citizens


def test_pages(reviewer, three):
    late, early, green = three
    browser = session(reviewer)
    first = browser.get(URL, {"page": 1, "page_size": 2}).json()
    second = browser.get(URL, {"page": 2, "page_size": 2}).json()
    assert first["count"] == 3 and [i["number"] for i in first["items"]] == [green.number, early.number]
    assert [i["number"] for i in second["items"]] == [late.number]
    assert browser.get(URL, {"page": "abc"}).status_code == 422


def test_the_query_count_does_not_grow_with_the_rows(
    network,
    reviewer,
    frozen,
    standard,
    django_assert_num_queries,
):
    for n in range(5):
        submit(applicant(n), network)
    browser = session(reviewer)
    browser.get(URL)  # warm up (content types, session)
    with CaptureQueriesContext(connection) as five:
        assert browser.get(URL).json()["count"] == 5
    for n in range(5, 20):
        submit(applicant(n), network)
    with django_assert_num_queries(len(five.captured_queries)):
        body = browser.get(URL).json()
    assert body["count"] == 20 and len(body["items"]) == 20
