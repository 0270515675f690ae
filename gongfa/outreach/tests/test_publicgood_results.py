"""The year's results (outreach.selectors.publicgood): the scheme in force, a person's archive and
the region's table of people and firms, in a constant number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.outreach.choices import RecordStatus
from gongfa.outreach.models import PointsScheme
from gongfa.outreach.selectors import publicgood as sel
from gongfa.outreach.tests import publicgood_support as h
from gongfa.testing.factories import build_network, law_firm, staff

pytestmark = pytest.mark.django_db
BANDS = [{"band": "低", "min": 0, "max": 10}, {"band": "高", "min": 10, "max": None}]


def test_the_scheme_in_force_is_the_latest_active_one_not_after_the_year():
    PointsScheme.objects.create(code="a", name="2024版", valid_from_year=2024, rules={}, bands=BANDS)
    PointsScheme.objects.create(code="b", name="2026版", valid_from_year=2026, rules={}, bands=BANDS)
    PointsScheme.objects.create(code="c", name="停用", valid_from_year=2025, rules={}, bands=BANDS, is_active=False)

    def name(year: int) -> str | None:
        found = sel.scheme_for(year)
        return found.name if found else None

    assert name(2019) == "公益法律服务积分（默认规则）"
    assert name(2025) == "2024版"
    assert name(2026) == "2026版" and name(2030) == "2026版"
    assert sel.scheme_for(2010) is None


def test_a_persons_archive_scores_only_approved_records(network):
    lawyer = h.lawyer(network.county)
    day = h.days_ago(1)
    h.record(lawyer, "legal_aid_case", day, cases=1)
    h.record(lawyer, "legal_aid_case", day, cases=1)
    h.record(lawyer, "duty_shift", day, hours="20")
    h.record(lawyer, "duty_help", day)
    h.manual(lawyer, day, hours="8")  # pending: shown, not counted
    h.manual(lawyer, day, hours="6", status=RecordStatus.APPROVED)
    found = sel.archive(lawyer, day.year)
    s = found.score
    assert (s.hours, s.cases) == (Decimal(26), 2)
    assert s.by_source == {"legal_aid_case": 30, "duty_shift": 20, "duty_help": 2, "manual": 6}
    assert s.total == 58 and s.band == "不合格" and s.minimum_met and s.met_by == "cases"
    assert len(found.records) == 6
    assert [label for label, *_ in found.breakdown] == [
        "值班律师法律帮助",
        "值班",
        "办理法律援助案件",
        "其他（人工申报）",
    ]


def test_another_years_records_do_not_count(network):
    lawyer = h.lawyer(network.county)
    day = h.days_ago(1)
    h.record(lawyer, "duty_shift", datetime.date(day.year - 1, 12, 31), hours="60")
    assert sel.archive(lawyer, day.year).score.hours == 0
    assert sel.archive(lawyer, day.year - 1).score.hours == 60


def build_region(net, firms=2, lawyers_per_firm=3):
    day = h.days_ago(1)
    for f in range(firms):
        firm = law_firm(net.county, name=f"第{f}律师事务所")
        for n in range(lawyers_per_firm):
            person = h.lawyer(net.county, name=f"律师{f}{n}", firm=firm)
            h.record(person, "legal_aid_case", day, cases=n)
            h.record(person, "duty_shift", day, hours=str(30 * n))
    return day.year


def test_the_table_for_a_region(network, django_assert_num_queries):
    year = build_region(network)
    boss = h.manager(network.centre)
    staff(Role.WINDOW_STAFF, at=network.centre)  # no archive: not listed
    with django_assert_num_queries(7):  # posting ranges, scheme, people, totals, practice, firms
        table = sel.year_table(boss, year)
    assert len(table.people) == 6 and len(table.firms) == 2
    by_name = {r.name: r.score for r in table.people}
    assert (by_name["律师00"].total, by_name["律师00"].band, by_name["律师00"].minimum_met) == (0, "不合格", False)
    assert (by_name["律师01"].total, by_name["律师01"].minimum_met) == (Decimal(45), False)
    assert (by_name["律师02"].total, by_name["律师02"].band, by_name["律师02"].met_by) == (90, "优秀", "hours+cases")
    firm = table.firms[0]
    assert (firm.members, firm.hours, firm.cases, firm.members_meeting_minimum) == (3, Decimal(90), 3, 1)
    assert firm.average_points == Decimal("45.0") and firm.band == "不合格"


def test_the_tables_query_count_does_not_grow(network, django_assert_num_queries):
    year = build_region(network, firms=4, lawyers_per_firm=5)
    boss = h.manager(network.centre)
    with django_assert_num_queries(7):
        table = sel.year_table(boss, year)
    assert len(table.people) == 20


def test_filters_by_firm_and_band(network):
    year = build_region(network)
    boss = h.manager(network.centre)
    firm = law_firm(network.county, name="第1律师事务所")
    table = sel.year_table(boss, year, agency_id=firm.pk)
    assert {r.name for r in table.people} == {"律师10", "律师11", "律师12"} and [f.pk for f in table.firms] == [firm.pk]
    assert {r.name for r in sel.year_table(boss, year, band="优秀").people} == {"律师02", "律师12"}


def test_a_manager_sees_only_their_region():
    here = build_network(prefix="330102")
    there = build_network(prefix="330103", name="邻")
    year = build_region(here)
    assert sel.year_table(h.manager(there.centre), year).people == []
    assert sel.year_table(h.manager(there.centre), year).firms == []
    admin = staff(Role.ADMINISTRATOR)
    assert len(sel.year_table(admin, year).people) == 6


def test_pending_entries_leave_out_ones_own(network):
    boss = h.manager(network.centre)
    lawyer = h.lawyer(network.county)
    mine = h.manual(lawyer, h.days_ago(1))
    assert list(sel.pending_entries(boss)) == [mine]
    assert list(sel.pending_entries(lawyer)) == []
