"""Coverage of villages by legal advisers (覆盖与履职) in a constant number of queries, the month's
ledger, and the monthly reminder of visits that fell short (sent once per adviser and month)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongfa.network.models import AdvisorAssignment, Region, RegionSetting
from gongfa.notifications.models import Notification
from gongfa.outreach.models import AdvisorLog, WorkLogKind
from gongfa.outreach.selectors import advisers as sel
from gongfa.outreach.services.advisers import remind_missed_visits
from gongfa.outreach.tasks import remind_advisor_visits
from gongfa.testing.factories import MiniNetwork, build_network, eligible_advisor

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 3, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Beijing


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def log(advisor, village: Region, day: datetime.date, code: str = "visit") -> AdvisorLog:
    return AdvisorLog.objects.create(
        advisor=advisor,
        village=village,
        kind=WorkLogKind.objects.get(code=code),
        occurred_on=day,
        summary="到村服务",
        days_in_village=Decimal(1),
        hours=Decimal(2),
        audience=30 if code == "lecture" else None,
    )


def appoint(net: MiniNetwork, *villages: Region, started: datetime.date = datetime.date(2026, 1, 1)):
    advisor = eligible_advisor(net.county)
    for village in villages:
        AdvisorAssignment.objects.create(advisor=advisor, village=village, started_on=started)
    return advisor


def test_coverage_counts_villages_without_advisers_silent_and_poverty() -> None:
    net = build_network(villages_per_township=3)  # six villages
    v = net.villages
    Region.objects.filter(pk__in=[v[4].pk, v[5].pk]).update(is_poverty_village=True)
    busy = appoint(net, v[0])
    quiet = appoint(net, v[1], v[4])
    log(busy, v[0], datetime.date(2026, 11, 20))
    log(quiet, v[1], datetime.date(2026, 9, 1))  # more than 30 days ago
    view = sel.coverage(Region.objects.filter(pk__in=[x.pk for x in v]))
    assert view.total == 6
    assert [r.village for r in view.without_advisor] == [v[2], v[3], v[5]]
    assert [r.village for r in view.active] == [v[0]]
    assert [r.village for r in view.silent] == [v[1], v[4]]  # v[4]: an adviser who never logged there
    assert [r.village for r in view.poverty_without_advisor] == [v[5]]
    assert view.coverage_rate == pytest.approx(0.5)
    assert view.active_rate == pytest.approx(1 / 3)
    assert view.poverty_coverage_rate == pytest.approx(0.5)
    assert view.rows[1].last_log_on == datetime.date(2026, 9, 1)


def test_the_silent_days_are_the_region_s_setting() -> None:
    net = build_network(villages_per_township=1)
    advisor = appoint(net, net.villages[0])
    log(advisor, net.villages[0], datetime.date(2026, 11, 10))  # 23 days ago
    villages = Region.objects.filter(pk=net.villages[0].pk)
    assert [r.village for r in sel.coverage(villages).active] == [net.villages[0]]
    RegionSetting.objects.create(region=net.county, key="outreach.advisor_silent_days", value=14)
    assert [r.village for r in sel.coverage(villages).silent] == [net.villages[0]]


def test_an_entry_by_a_former_adviser_does_not_keep_a_village_active() -> None:
    net = build_network(villages_per_township=1)
    former = appoint(net, net.villages[0])
    log(former, net.villages[0], datetime.date(2026, 11, 30))
    AdvisorAssignment.objects.filter(advisor=former).update(is_active=False)
    appoint(net, net.villages[0])
    view = sel.coverage(Region.objects.filter(pk=net.villages[0].pk))
    assert [r.village for r in view.silent] == [net.villages[0]]


def _coverage_queries(net: MiniNetwork) -> int:
    villages = Region.objects.filter(code__startswith=net.county.code[:6], level=5)
    with CaptureQueriesContext(connection) as queries:
        view = sel.coverage(villages)
        assert view.total == len(net.villages)
        assert all(r.active or not r.advisors or r.silent_days for r in view.rows)  # what a page reads
    return len(queries)


def test_coverage_costs_the_same_queries_for_two_villages_or_twenty() -> None:
    small = build_network(prefix="330102", townships=1, villages_per_township=2)
    big = build_network(prefix="330103", townships=4, villages_per_township=5)
    for net in (small, big):
        for village in net.villages[::2]:
            advisor = appoint(net, village)
            log(advisor, village, datetime.date(2026, 11, 1))
    assert _coverage_queries(small) == _coverage_queries(big) == 3


def test_the_ledger_groups_a_month_by_village_with_totals_per_kind() -> None:
    net = build_network()
    advisor = appoint(net, net.villages[0], net.villages[1])
    log(advisor, net.villages[1], datetime.date(2026, 11, 3))
    log(advisor, net.villages[0], datetime.date(2026, 11, 5), "lecture")
    log(advisor, net.villages[0], datetime.date(2026, 11, 9))
    log(advisor, net.villages[0], datetime.date(2026, 10, 9))  # another month
    book = sel.ledger(2026, 11, advisor=advisor)
    assert [g.village for g in book.villages] == [net.villages[0], net.villages[1]]
    assert [len(g.logs) for g in book.villages] == [2, 1]
    totals = {t.kind.code: (t.entries, t.hours, t.audience) for t in book.totals}
    assert totals == {"visit": (2, Decimal(4), 0), "lecture": (1, Decimal(2), 30)}
    assert book.entries == 3 and book.hours == Decimal(6)


def test_visits_short_of_the_setting_are_found_per_village() -> None:
    net = build_network()
    v = net.villages
    RegionSetting.objects.create(region=net.townships[1], key="outreach.advisor_monthly_visits", value=2)
    enough = appoint(net, v[0])
    log(enough, v[0], datetime.date(2026, 11, 2))
    short = appoint(net, v[1], v[3])  # v[3] is in township 2: two visits a month there
    log(short, v[3], datetime.date(2026, 11, 2))
    log(short, v[1], datetime.date(2026, 11, 2), "lecture")  # a talk is not a visit
    appoint(net, v[2], started=datetime.date(2026, 11, 15))  # appointed mid-month: not yet expected
    found = {(s.advisor, s.village): (s.visits, s.expected) for s in sel.visit_shortfalls(2026, 11)}
    assert found == {(short, v[1]): (0, 1), (short, v[3]): (1, 2)}


def test_the_reminder_goes_once_per_adviser_and_month() -> None:
    net = build_network()
    advisor = appoint(net, net.villages[0], net.villages[1])
    log(advisor, net.villages[0], datetime.date(2026, 11, 2))
    assert remind_missed_visits() == 1  # last month: November
    [notice] = Notification.objects.filter(recipient=advisor)
    assert notice.title == "2026年11月到村服务次数不足"
    assert net.villages[1].name in notice.body and net.villages[0].name not in notice.body
    assert notice.link == "/workbench/outreach/advisers/"
    assert remind_missed_visits() == 0
    assert remind_advisor_visits.apply().get() == 0
    assert Notification.objects.filter(recipient=advisor).count() == 1


def test_the_command_names_a_month_and_refuses_a_bad_one() -> None:
    net = build_network()
    advisor = appoint(net, net.villages[0], started=datetime.date(2026, 1, 1))
    out = StringIO()
    call_command("advisor_visit_reminders", "--month", "2026-10", stdout=out)
    assert "已提醒：1 位法律顾问" in out.getvalue()
    assert Notification.objects.get(recipient=advisor).title == "2026年10月到村服务次数不足"
    with pytest.raises(CommandError, match="月份格式"):
        call_command("advisor_visit_reminders", "--month", "2026-13")


def test_no_reminder_where_a_region_expects_no_visits() -> None:
    net = build_network()
    RegionSetting.objects.create(region=net.county, key="outreach.advisor_monthly_visits", value=0)
    appoint(net, net.villages[0])
    assert remind_missed_visits(2026, 11) == 0
