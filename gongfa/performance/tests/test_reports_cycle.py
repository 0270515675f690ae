"""The monthly report's cycle (generate → submit → return → resubmit → accept), typed cells parsed
strictly, and the refusals: each a clear error that changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.performance.choices import ReportStatus
from gongfa.performance.models import MonthlyReport
from gongfa.performance.services import reports as services
from gongfa.performance.tests.reports_setup import NOV, NOW, fact, make_indicators, make_people, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(network, frozen):
    template = make_template(make_indicators())
    people = make_people(network)
    fact("wo.received", datetime.date(2026, 11, 3), network.villages[0], 9)
    report = services.generate_report(people.county, template, network.county, NOV)
    return report, people


def _values(report: MonthlyReport) -> dict[str, tuple[Decimal | None, str]]:
    return {cell.row.code: (cell.value, cell.text) for cell in report.cells.select_related("row")}


def _verbs(report: MonthlyReport) -> list[str]:
    return list(
        Event.objects.filter(subject_type=ContentType.objects.get_for_model(MonthlyReport), subject_id=str(report.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def test_full_cycle(network, setup):
    report, people = setup
    services.save_typed_cells(people.county, report, {"funds": "12.50", "events": "3", "change": "-2"})
    assert _values(report)["funds"] == (Decimal("12.5"), "")
    assert _values(report)["change"] == (Decimal(-2), "")
    report = services.submit_report(people.county, report)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == people.county
    first_submitted = report.submitted_at
    report = services.return_report(people.city, report, "经费支出与财务数据不符")
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "经费支出与财务数据不符"
    assert report.decided_by == people.city
    services.save_typed_cells(people.county, report, {"funds": "10.75"})
    with time_machine.travel(datetime.datetime(2026, 12, 28, 9, tzinfo=NOW.tzinfo), tick=False):
        report = services.submit_report(people.county, report)
    assert report.status == ReportStatus.SUBMITTED
    assert report.return_reason == ""
    # lateness counts from the first submission: resubmitted after the 25th, still on time
    assert report.submitted_at == first_submitted
    assert services.days_late(report) == 0
    report = services.accept_report(people.city, report)
    assert report.status == ReportStatus.ACCEPTED
    assert _values(report)["funds"] == (Decimal("10.75"), "")
    assert _verbs(report) == [
        "performance.monthlyreport.generate",
        "performance.monthlyreport.edit",
        "performance.monthlyreport.submit",
        "performance.monthlyreport.return",
        "performance.monthlyreport.edit",
        "performance.monthlyreport.submit",
        "performance.monthlyreport.accept",
    ]
    submit = Event.objects.filter(verb="performance.monthlyreport.submit").order_by("pk").last()
    assert submit is not None and submit.data["days_late"] == 3


def test_a_late_submission_is_recorded(network, setup):
    report, people = setup
    services.save_typed_cells(people.county, report, {"funds": "1"})
    with time_machine.travel(datetime.datetime(2026, 12, 27, 9, tzinfo=NOW.tzinfo), tick=False):
        report = services.submit_report(people.county, report)
    assert services.days_late(report) == 2
    assert Event.objects.get(verb="performance.monthlyreport.submit").data["days_late"] == 2


def test_typed_cells_every_problem_at_once_and_nothing_changes(setup):
    report, people = setup
    services.save_typed_cells(people.county, report, {"funds": "5", "events": "2"})
    before = _values(report)
    with pytest.raises(DomainError) as caught:
        services.save_typed_cells(
            people.county,
            report,
            {
                "funds": "十二",  # not a number
                "events": "-3",  # negative where impossible
                "change": "1.5",  # an integer row
                "wo_received": "10",  # a computed row
                "nosuch": "1",
            },
        )
    problems = {(p.field, p.code) for p in caught.value.problems}
    assert problems == {
        ("cell_funds", "not_a_number"),
        ("cell_events", "negative"),
        ("cell_change", "not_a_number"),
        ("cell_wo_received", "computed_row"),
        (None, "unknown_row"),
    }
    messages = [p.message for p in caught.value.problems]
    assert "“经费支出（万元）”请填数字（如 12.5），现在是“十二”。" in messages
    assert "“宣传活动场次”不能为负数。" in messages
    assert _values(report) == before


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1,000", "not_a_number"),
        ("1e3", "not_a_number"),
        (" 12 ", None),
        ("0.12345", "too_many_decimals"),
        ("12.", "not_a_number"),
        ("9999999999999", "too_large"),
        ("", None),
    ],
)
def test_numbers_are_parsed_strictly(setup, raw, code):
    report, people = setup
    if code is None:
        services.save_typed_cells(people.county, report, {"funds": raw})
        assert _values(report)["funds"][0] == (Decimal(raw.strip()) if raw.strip() else None)
    else:
        with pytest.raises(DomainError) as caught:
            services.save_typed_cells(people.county, report, {"funds": raw})
        assert [p.code for p in caught.value.problems] == [code]


def test_submit_with_required_cells_empty_is_refused(setup):
    report, people = setup
    with pytest.raises(DomainError) as caught:
        services.submit_report(people.county, report)
    assert [(p.field, p.message) for p in caught.value.problems] == [("cell_funds", "请填写“经费支出（万元）”。")]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None


def test_submit_by_the_wrong_level_is_refused(setup):
    report, people = setup
    services.save_typed_cells(people.county, report, {"funds": "1"})
    for wrong in (people.city, people.township):
        with pytest.raises(NotPermitted, match="只有示范县的督办人员可以报送"):
            services.submit_report(wrong, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submit_after_acceptance_is_refused_and_edits_too(setup):
    report, people = setup
    services.save_typed_cells(people.county, report, {"funds": "1"})
    services.submit_report(people.county, report)
    services.accept_report(people.city, report)
    with pytest.raises(InvalidTransition, match="当前状态为“已审核通过”，不能执行“报送”"):
        services.submit_report(people.county, report)
    with pytest.raises(DomainError, match="已审核通过，不能修改"):
        services.save_typed_cells(people.county, report, {"funds": "2"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert _values(report)["funds"][0] == Decimal(1)


def test_return_without_reason_and_decisions_by_the_same_level_are_refused(setup):
    report, people = setup
    services.save_typed_cells(people.county, report, {"funds": "1"})
    services.submit_report(people.county, report)
    with pytest.raises(DomainError, match="退回须填写原因") as caught:
        services.return_report(people.city, report, "   ")
    assert caught.value.field == "reason"
    for same_level in (people.county, people.township):
        with pytest.raises(NotPermitted, match="上一级"):
            services.accept_report(same_level, report)
        with pytest.raises(NotPermitted):
            services.return_report(same_level, report, "自己退回")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.decided_by is None


def test_a_draft_cannot_be_accepted(setup):
    report, people = setup
    with pytest.raises(InvalidTransition, match="不能执行“审核通过”"):
        services.accept_report(people.city, report)
