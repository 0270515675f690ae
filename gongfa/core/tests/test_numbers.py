"""Numbers read as numbers (#16 item 11): durations in days with one decimal, rates as percentages,
through one shared mechanism (gongfa.core.numbers and its {% load numbers %} filters)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from gongfa.accounts.choices import Role
from gongfa.core import numbers
from gongfa.legalaid import reports
from gongfa.testing.factories import build_network, staff

# A long raw float: ten digits or more after the point (what str(float) prints for a mean).
RAW_FLOAT = re.compile(r"\d\.\d{6,}")


def render(source: str, **context: object) -> str:
    return Template("{% load numbers %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("{{ v|days }}", 0.0016316452662037038, "0.0 天"),
        ("{{ v|days }}", 2.345, "2.3 天"),
        ("{{ v|days }}", 2.25, "2.3 天"),  # half up, not banker's rounding
        ("{{ v|days }}", Decimal("12"), "12.0 天"),
        ("{{ v|days }}", datetime.timedelta(hours=36), "1.5 天"),
        ("{{ v|days }}", None, "—"),
        ("{{ v|percent }}", 0.125, "12.5%"),
        ("{{ v|percent }}", 1, "100.0%"),
        ("{{ v|percent }}", 2 / 3, "66.7%"),
        ("{{ v|percent:0 }}", 2 / 3, "67%"),
        ("{{ v|percent }}", None, "—"),
        ("{{ v|points }}", Decimal("62.5"), "62.5%"),
        ("{{ v|points }}", 33.33333333, "33.3%"),
        ("{{ v|points }}", None, "—"),
        ("{{ v|duration }}", 45, "45 秒"),
        ("{{ v|duration }}", 210, "3.5 分钟"),
        ("{{ v|duration }}", 8280, "2.3 小时"),
        ("{{ v|duration }}", 129600, "1.5 天"),
        ("{{ v|duration }}", datetime.timedelta(minutes=3, seconds=30), "3.5 分钟"),
        ("{{ v|duration }}", None, "—"),
        ("{{ v|number:2 }}", 4.255, "4.26"),
        ("{{ v|number }}", Decimal("85.55"), "85.6"),
        ("{{ v|number }}", -0.01, "0.0"),  # never "-0.0"
        ("{{ v|number }}", "", "—"),
        ("{{ v|number }}", "not a number", "—"),
        ("{{ v|number }}", float("nan"), "—"),
    ],
)
def test_filters(source, value, expected):
    assert render(source, v=value) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"), [(1, 3, "33.3%"), (0, 5, "0.0%"), (3, 0, "—"), (None, 4, "—"), (2, None, "—")]
)
def test_share_divides_and_shows_nothing_without_a_whole(part, whole, expected):
    assert render("{{ p|share:w }}", p=part, w=whole) == expected


def test_units_follow_the_language():
    with translation.override("en"):
        assert numbers.format_days(2.345) in {"2.3 天", "2.3 days"}  # "days" once locale/ is translated
    with translation.override("zh-hans"):
        assert numbers.format_days(2.345) == "2.3 天"


def test_the_legal_aid_report_formats_through_the_shared_mechanism():
    """One rule, not two: the legal-aid KPIs use the same functions as the template filters."""
    value = 0.0016316452662037038
    assert reports.display_days(value) == numbers.format_days(value) == "0.0 天"
    assert reports.display_rate(0.75) == numbers.format_percent(0.75) == "75.0%"
    assert reports.display_score(4) == "4.00"


def _stats(start: datetime.date, end: datetime.date) -> reports.Stats:
    """Figures whose means are long fractions, as the database returns them."""
    provider = reports.ProviderStats(
        provider_id=1,
        name="承办律师甲",
        agency_name="示范律师事务所",
        assigned=3,
        open=1,
        closed=2,
        mean_days_to_close=0.0016316452662037038,
        satisfaction=4.333333333333333,
        rated=3,
    )
    return reports.Stats(
        start=start,
        end=end,
        applications_received=3,
        notices_received=0,
        decisions=3,
        granted=2,
        refused=1,
        redirected=0,
        acceptance_rate=1.0,
        grant_rate=2 / 3,
        review_days_mean=1.2345678901234,
        review_days_p90=2.71828182845,
        decided_within_limit=3,
        decided_within_limit_share=1.0,
        assignments_after_grant=2,
        grant_to_assignment_days_mean=0.0016316452662037038,
        assigned_within_limit=2,
        assigned_within_limit_share=1.0,
        closed=2,
        assignment_to_close_days_mean=0.0016316452662037038,
        satisfaction=4.333333333333333,
        satisfaction_count=3,
        satisfied_count=2,
        satisfaction_rate=2 / 3,
        providers=[provider],
    )


@pytest.mark.django_db
def test_the_statistics_page_prints_no_long_raw_float(client, monkeypatch):
    network = build_network()
    monkeypatch.setattr(reports, "legal_aid_stats", lambda user, start, end, **kwargs: _stats(start, end))
    client.force_login(staff(Role.SUPERVISOR, at=network.centre))
    response = client.get("/workbench/legal-aid/stats/?start=2026-11-01&end=2026-11-30")
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('data-testid="provider-stats"') :]
    assert "<td>0.0 天</td><td>4.33</td>" in table  # the provider's mean time to close and satisfaction
    assert "66.7%" in page and "1.2 天" in page  # KPIs: grant rate, mean review time
    assert not RAW_FLOAT.search(page), RAW_FLOAT.search(page)
