"""Lateness reminders (催报) through the notifications: once per report and day, to the reporting
region's supervisors; returns and acceptances tell them too, a submission tells the level above."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.notifications.models import Notification, Subscription
from gongfa.notifications.services import dispatch_for_event
from gongfa.performance.models import ReportTemplate
from gongfa.performance.notifications import DEFAULT_SUBSCRIPTIONS
from gongfa.performance.services import reports as services
from gongfa.performance.tests.reports_setup import NOV, NOW, make_indicators, make_people, make_template

pytestmark = pytest.mark.django_db
TZ = NOW.tzinfo


@pytest.fixture
def setup(network):
    for rule in DEFAULT_SUBSCRIPTIONS:  # seeded by notifications 0007; the module's copy must match
        keys = {"event_kind": rule["event_kind"], "recipients": rule["recipients"]}
        assert Subscription.objects.filter(**keys).exists()
    ReportTemplate.objects.update(is_active=False)  # the shipped forms apart: only the test's form is owed
    template = make_template(make_indicators())
    people = make_people(network)
    with time_machine.travel(NOW, tick=False):
        report = services.generate_report(people.county, template, network.county, NOV)
    return report, people


def _dispatch(verb: str) -> None:
    for event in Event.objects.filter(verb=verb).order_by("pk"):
        dispatch_for_event(event)


def test_no_reminder_up_to_the_due_day(setup):
    assert services.remind_late_reports(today=datetime.date(2026, 12, 25)) == 0
    assert not Event.objects.filter(verb=services.LATE_VERB).exists()


def test_late_reports_are_reminded_once_a_day(setup):
    report, people = setup
    day_one = datetime.datetime(2026, 12, 26, 9, tzinfo=TZ)
    with time_machine.travel(day_one, tick=False):
        assert services.remind_late_reports() == 1
        assert services.remind_late_reports() == 0  # the same day: nobody is told twice
    _dispatch(services.LATE_VERB)
    _dispatch(services.LATE_VERB)  # a retried dispatch adds nothing
    notices = list(Notification.objects.order_by("pk"))
    assert [(n.recipient, n.title) for n in notices] == [(people.county, "催报：示范县2026年11月测试月报表已逾期")]
    assert notices[0].body == "2026年11月测试月报表应于12月25日前报送，请尽快填报并报送。"
    assert notices[0].link == f"/workbench/performance/reports/{report.pk}/"
    event = Event.objects.get(verb=services.LATE_VERB)
    assert event.data["days_late"] == 1
    with time_machine.travel(day_one + datetime.timedelta(days=1), tick=False):
        assert services.remind_late_reports() == 1  # the next day, once again
    _dispatch(services.LATE_VERB)
    assert Notification.objects.filter(recipient=people.county).count() == 2
    assert not Notification.objects.exclude(recipient=people.county).exists()  # not the township, not the city


def test_submitted_and_accepted_reports_are_not_reminded(setup):
    report, people = setup
    with time_machine.travel(NOW, tick=False):
        services.save_typed_cells(people.county, report, {"funds": "1"})
        services.submit_report(people.county, report)
    assert services.remind_late_reports(today=datetime.date(2026, 12, 30)) == 0


def test_returned_reports_past_due_are_reminded(setup):
    report, people = setup
    with time_machine.travel(NOW, tick=False):
        services.save_typed_cells(people.county, report, {"funds": "1"})
        services.submit_report(people.county, report)
        services.return_report(people.city, report, "请核对")
    with time_machine.travel(datetime.datetime(2026, 12, 26, 9, tzinfo=TZ), tick=False):
        assert services.remind_late_reports() == 1


def test_submit_tells_the_level_above_and_a_return_tells_the_county(setup):
    report, people = setup
    with time_machine.travel(NOW, tick=False):
        services.save_typed_cells(people.county, report, {"funds": "1"})
        services.submit_report(people.county, report)
        services.return_report(people.city, report, "经费数据有误")
    _dispatch("performance.monthlyreport.submit")
    _dispatch("performance.monthlyreport.return")
    got = {(n.recipient.username, n.title, n.body) for n in Notification.objects.select_related("recipient")}
    assert got == {
        ("city_sup", "待审核：示范县2026年11月测试月报表", "郑主任已报送，请审核。"),
        ("county_sup", "退回修改：2026年11月测试月报表", "退回原因：经费数据有误"),
    }


def test_a_report_never_generated_is_reminded_on_the_region(setup, network):
    from gongfa.testing.factories import UserFactory, build_network, post

    _report, _people = setup
    other = build_network(prefix="330103", townships=1, villages_per_township=1, name="邻")
    neighbour = UserFactory(role="supervisor", username="neighbour")
    post(neighbour, other.centre)
    with time_machine.travel(datetime.datetime(2026, 12, 25, 9, tzinfo=TZ), tick=False):
        assert services.remind_late_reports() == 0  # due today: not late yet
    with time_machine.travel(datetime.datetime(2026, 12, 26, 9, tzinfo=TZ), tick=False):
        # the draft of 示范县 (a late report) and the report 邻县 never generated
        assert services.remind_late_reports() == 2
        assert services.remind_late_reports() == 0
    event = Event.objects.get(verb=services.MISSING_VERB)
    assert event.region == other.county
    assert event.data["template"] == "test-monthly" and event.data["days_late"] == 1
    _dispatch(services.MISSING_VERB)
    notice = Notification.objects.get(recipient=neighbour)
    assert notice.title == "催报：邻县2026年11月测试月报表尚未生成"
    assert notice.link == "/workbench/performance/reports/"
    with time_machine.travel(datetime.datetime(2026, 12, 27, 9, tzinfo=TZ), tick=False):
        assert services.remind_missing_reports() == 1  # the next day, once again
