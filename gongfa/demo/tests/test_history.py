"""The demo county's year of history (issue #12 §8): bulk-written, yet with the services' events
and the same facts as a rebuild. Seeded once for the module (a smaller year: 400 orders)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from gongfa.audit.models import Event
from gongfa.demo.history import history_bounds, seed_history
from gongfa.demo.tests.conftest import START
from gongfa.workorders.models import WorkOrder

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture(scope="module")
def history(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            yield seed_history(20261124, "339901000000", START, orders=400, legal_aid=30, today=TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("history", "db")


def _verbs(order: WorkOrder) -> list[str]:
    return list(
        Event.objects.filter(subject_type__model="workorder", subject_id=str(order.pk))
        .order_by("occurred_at", "pk")
        .values_list("verb", flat=True)
    )


def test_the_year_is_written_and_a_second_run_skips_it(history):
    assert history.orders >= 400 and history.legal_aid > 0 and not history.skipped
    first, last = history_bounds(START, TODAY)
    assert (first, last) == (datetime.date(2025, 11, 1), datetime.date(2026, 11, 23))
    again = seed_history(20261124, "339901000000", START, orders=400, legal_aid=30, today=TODAY)
    assert again.skipped


def test_closed_rated_orders_have_the_services_verbs_in_order():
    order = (
        WorkOrder.objects.filter(
            rating__gte=3, channel="hotline", legal_aid_cases__isnull=True, callbacks__outcome="reached"
        )
        .exclude(return_visits__kind="sample")
        .exclude(callbacks__outcome="no_answer")
        .first()
    )
    assert order is not None
    assert _verbs(order) == [
        "workorders.workorder.submit",
        "workorders.workorder.dispatch",
        "workorders.workorder.accept",
        "workorders.workorder.callback",
        "workorders.workorder.answer",
        "workorders.workorder.close",
        "workorders.workorder.rate",
    ]
    # The same path through the services writes the same verbs.
    from gongfa.accounts.models import User
    from gongfa.workorders.services import (
        accept_work_order,
        answer_work_order,
        create_work_order,
        log_callback,
        rate_by_token,
    )
    from gongfa.workorders.services.feedback import rating_token

    agent = User.objects.get(username="hotline")
    fresh = create_work_order(
        channel="hotline", region=order.region, text=order.text, contact_phone="13800138000", received_by=agent
    ).order
    handler = fresh.owner_user
    assert handler is not None
    fresh = accept_work_order(order=fresh, actor=handler)
    log_callback(order=fresh, actor=handler, outcome="reached")
    fresh = answer_work_order(order=fresh, actor=handler, answer="已解答", close_with="answered")
    rate_by_token(token=rating_token(fresh), rating=5)
    service_verbs = [v for v in _verbs(fresh) if v != "workorders.return_visit_sampled"]
    assert service_verbs == _verbs(order)


def test_bad_ratings_are_followed_up_and_rectified():
    bad = WorkOrder.objects.filter(rating__lte=2, rectifications__status="done", return_visits__kind="dissatisfied")
    order = bad.first()
    assert order is not None
    verbs = _verbs(order)
    tail = verbs[verbs.index("workorders.workorder.rate") :]
    assert tail[:3] == [
        "workorders.workorder.rate",
        "workorders.return_visit_opened",
        "workorders.rectification_opened",
    ]
    assert "workorders.rectification_done" in tail


def test_legal_aid_cases_reach_every_outcome():
    from gongfa.legalaid.models import LegalAidApplication

    statuses = set(LegalAidApplication.objects.values_list("status", flat=True))
    assert {"closed", "refused", "in_service"} <= statuses


def test_facts_equal_a_rebuild_from_scratch():
    from gongfa.performance.models import DailyFact, FactLedger, RollupFact
    from gongfa.performance.rollup import rebuild, refresh_pending

    refresh_pending()

    first, last = datetime.date(2025, 11, 1), datetime.date(2026, 11, 30)  # the history's months

    def rows() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
        daily = set(
            DailyFact.objects.filter(day__range=(first, last)).values_list(
                "measure", "day", "region_code", "point_id", "person_id", "value"
            )
        )
        rolled = set(
            RollupFact.objects.filter(period__range=(first, last)).values_list(
                "grain", "measure", "region_code", "period", "dim", "value"
            )
        )
        return daily, rolled

    seeded = rows()
    DailyFact.objects.all().delete()
    RollupFact.objects.all().delete()
    FactLedger.objects.all().delete()
    rebuild(datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    assert rows() == seeded


def test_figures_are_plausible():
    from django.db.models import Sum

    from gongfa.performance.models import RollupFact

    def total(measure: str) -> int:
        found = RollupFact.objects.filter(grain="m", measure=measure, region_code="339901000000", service="*", dim="")
        return int(found.aggregate(s=Sum("value"))["s"] or 0)

    closed, on_time = total("wo.closed"), total("wo.closed_on_time")
    rated = total("wo.rated")
    satisfied = total("wo.rated_4") + total("wo.rated_5")
    assert closed > 300
    assert 0.80 <= on_time / closed <= 0.99
    assert satisfied / rated > 0.85


def test_coverage_counts_every_village_and_point():
    """Villages and points have no events: the history's rebuild from EPOCH must count them."""
    from gongfa.network.choices import RegionLevel
    from gongfa.network.models import AdvisorAssignment, Region, ServicePoint
    from gongfa.performance.compute import indicator_values
    from gongfa.performance.models import Indicator

    county = Region.objects.get(code="339901000000")
    values = indicator_values(
        list(Indicator.objects.filter(code__in=["cov_points", "cov_village_advisor_rate"])),
        county,
        datetime.date(2026, 1, 1),
        datetime.date(2026, 10, 31),
    )
    villages = Region.objects.subtree(county).filter(level=RegionLevel.VILLAGE).count()
    covered = (
        AdvisorAssignment.objects.filter(is_active=True, village__code__startswith="339901")
        .values("village")
        .distinct()
        .count()
    )
    points = ServicePoint.objects.filter(is_active=True, region__code__startswith="339901").count()
    assert values["cov_points"].numerator == points > 0
    assert (values["cov_village_advisor_rate"].numerator, values["cov_village_advisor_rate"].denominator) == (
        covered,
        villages,
    )
    assert covered < villages  # some villages have no adviser in the demo


# ---------------------------------------------------------------------------------------------
# The management records, through the performance services. The history runs 2025-11-01 to
# 2026-11-23: its complete months are November 2025 to October 2026.
# ---------------------------------------------------------------------------------------------
COUNTY = "339901000000"
MONTHS = [datetime.date(2025, 11, 1), datetime.date(2025, 12, 1)] + [datetime.date(2026, m, 1) for m in range(1, 11)]
DRAFT_MONTH = datetime.date(2026, 10, 1)
LATE_MONTH = datetime.date(2026, 2, 1)  # the 4th of the 11 past months
RETURNED_MONTH = datetime.date(2026, 6, 1)  # the 8th
DAY_END = datetime.datetime(2026, 11, 24, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _reports() -> dict[datetime.date, Any]:
    from gongfa.performance.models import MonthlyReport

    found = MonthlyReport.objects.filter(template__code="workorder-legalaid-monthly", region__code=COUNTY)
    return {report.month: report for report in found.select_related("submitted_by", "decided_by")}


def _report_verbs(report: Any) -> list[str]:
    return list(
        Event.objects.filter(subject_type__model="monthlyreport", subject_id=str(report.pk))
        .order_by("occurred_at", "pk")
        .values_list("verb", flat=True)
    )


def test_the_city_account_is_a_supervisor_at_the_city_bureau():
    from gongfa.accounts.models import User
    from gongfa.network.models import StaffPosting

    city = User.objects.get(username="city")
    assert city.role == "supervisor"
    posting = StaffPosting.objects.select_related("agency__region").get(user=city, is_active=True)
    assert posting.agency is not None
    assert (posting.agency.name, posting.agency.region.code) == ("江南市司法局", "339900000000")


def test_past_months_are_accepted_and_the_last_complete_month_is_a_draft():
    from gongfa.performance.services.reports import days_late

    reports = _reports()
    assert sorted(reports) == [*MONTHS[:-1], DRAFT_MONTH]
    draft = reports[DRAFT_MONTH]
    assert draft.status == "draft" and draft.submitted_at is None
    assert draft.cells.get(row__code="la_funds_spent").value is None  # left for the supervisor to type
    for month in MONTHS[:-1]:
        report = reports[month]
        assert report.status == "accepted", month
        assert report.submitted_by.username == "supervisor"
        assert report.decided_by.username == "city"
        assert report.cells.get(row__code="la_funds_spent").value > 0
        assert report.generated_at < report.submitted_at < report.decided_at < DAY_END
        # Dated in the history: the events as the records.
        events = Event.objects.filter(subject_type__model="monthlyreport", subject_id=str(report.pk))
        assert max(events.values_list("occurred_at", flat=True)) == report.decided_at
    late = {month for month in MONTHS[:-1] if days_late(reports[month]) > 0}
    assert late == {LATE_MONTH}
    assert days_late(reports[LATE_MONTH]) == 3  # due 25 March, submitted on the 28th


def test_one_month_was_returned_fixed_and_resubmitted():
    reports = _reports()
    returned = reports[RETURNED_MONTH]
    assert _report_verbs(returned) == [
        "performance.monthlyreport.generate",
        "performance.monthlyreport.edit",
        "performance.monthlyreport.submit",
        "performance.monthlyreport.return",
        "performance.monthlyreport.edit",
        "performance.monthlyreport.submit",
        "performance.monthlyreport.accept",
    ]
    back = Event.objects.get(
        subject_type__model="monthlyreport", subject_id=str(returned.pk), verb="performance.monthlyreport.return"
    )
    assert back.actor is not None
    assert "万元" in back.reason and back.actor.username == "city"
    edits = Event.objects.filter(
        subject_type__model="monthlyreport", subject_id=str(returned.pk), verb="performance.monthlyreport.edit"
    )
    assert edits.count() == 2
    assert returned.return_reason == ""  # cleared by the resubmission
    for month in set(MONTHS[:-1]) - {RETURNED_MONTH}:
        assert "performance.monthlyreport.return" not in _report_verbs(reports[month])


def test_the_draft_report_counts_the_months_orders():
    from django.utils import timezone

    draft = _reports()[DRAFT_MONTH]
    created = WorkOrder.objects.filter(region_code__startswith=COUNTY[:6]).values_list("created_at", flat=True)
    october = sum(1 for moment in created if timezone.localdate(moment).strftime("%Y-%m") == "2026-10")
    assert october > 0
    assert draft.cells.get(row__code="wo_received").value == october


def test_the_city_account_accepts_the_draft_once_submitted_and_the_county_cannot():
    from gongfa.accounts.models import User
    from gongfa.core.errors import NotPermitted
    from gongfa.performance.services import reports

    county, city = User.objects.get(username="supervisor"), User.objects.get(username="city")
    draft = _reports()[DRAFT_MONTH]
    reports.save_typed_cells(county, draft, {"la_funds_spent": "3.25"})
    submitted = reports.submit_report(county, draft)
    with pytest.raises(NotPermitted):
        reports.accept_report(county, submitted)
    accepted = reports.accept_report(city, submitted)
    assert accepted.status == "accepted" and accepted.decided_by == city


def test_the_bulletins_of_the_last_complete_month():
    from gongfa.performance.models import Bulletin

    city = Bulletin.objects.get(region__code="339900000000")
    county = Bulletin.objects.get(region__code=COUNTY)
    for bulletin in (city, county):
        assert (bulletin.period_start, bulletin.period_end) == (DRAFT_MONTH, datetime.date(2026, 10, 31))
        assert bulletin.indicator_codes == [
            "wo_received",
            "wo_close_on_time_rate",
            "wo_satisfaction_rate",
            "la_received",
        ]
    assert city.issued_by is not None and county.issued_by is not None
    assert city.issued_by.username == "city" and county.issued_by.username == "supervisor"
    assert [row["region_code"] for row in city.rows] == [COUNTY]
    assert len(county.rows) == 12  # the townships
    # The townships' orders add up to the county's, which the report counted.
    received = sum(Decimal(row["cells"][0]["value"]) for row in county.rows)
    assert (
        received
        == Decimal(city.rows[0]["cells"][0]["value"])
        == _reports()[DRAFT_MONTH].cells.get(row__code="wo_received").value
    )
    assert sorted(row["cells"][0]["rank"] for row in county.rows)[0] == 1


def test_the_year_targets_add_up_and_follow_their_schedules():
    from gongfa.performance.models import Target

    targets = Target.objects.filter(region__code=COUNTY, year=2026).select_related("indicator")
    by_code = {target.indicator.code: target for target in targets}
    assert set(by_code) == {"la_received", "wo_received", "wo_satisfaction_rate", "wo_close_on_time_rate"}
    for code, value, shares in (("la_received", 200, [10, 50, 40, 0]), ("wo_received", 3800, [25, 25, 25, 25])):
        target = by_code[code]
        parts = list(target.parts.all())
        assert target.value == value
        assert len(parts) == 12
        assert sum(part.value for part in parts) == value
        assert all(part.split_method == "weighted" and part.value == int(part.value) for part in parts)
        assert [int(m.share) for m in target.milestones.order_by("index")] == shares
        verbs = set(
            Event.objects.filter(subject_type__model="target", subject_id=str(target.pk)).values_list("verb", flat=True)
        )
        assert verbs == {"performance.target_set", "performance.target_split", "performance.schedule_set"}
    assert by_code["wo_satisfaction_rate"].value == 95 and not by_code["wo_satisfaction_rate"].parts.exists()
    # The weights are the townships' village counts: the largest township gets the largest part.
    la_parts = {part.region_id: part for part in by_code["la_received"].parts.all()}
    biggest = max(la_parts.values(), key=lambda part: (part.weight, -part.region_id))
    assert biggest.value == max(part.value for part in la_parts.values())


def test_last_quarter_is_evaluated_with_typed_scores_and_finalised():
    from gongfa.network.models import ServicePoint
    from gongfa.performance.models import EvaluationInput, EvaluationRun

    run = EvaluationRun.objects.get(scheme__code="service_points", region__code=COUNTY)
    assert (run.period_start, run.period_end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert run.status == "final" and run.finalised_at is not None
    points = ServicePoint.objects.filter(is_active=True, region__code__startswith=COUNTY[:6])
    results = list(run.results.order_by("rank", "subject_name"))
    assert len(results) == points.count() == 163
    assert results[0].rank == 1
    inputs = EvaluationInput.objects.filter(run=run)
    assert inputs.count() == 13 * 2  # the centre and 12 stations: self and third party
    centre = points.get(tier="centre")
    result = run.results.get(subject_id=centre.pk)
    typed = {i.item.code: i.score for i in inputs.filter(subject_id=centre.pk).select_related("item")}
    items = {item["code"]: item for item in result.breakdown}
    assert set(typed) == {"self", "third_party"}
    for code, score in typed.items():
        assert Decimal(str(items[code]["score"])) == score
        assert 85 <= score <= 99 if code == "self" else 75 <= score <= 95
    verbs = set(
        Event.objects.filter(subject_type__model="evaluationrun", subject_id=str(run.pk)).values_list("verb", flat=True)
    )
    assert {"performance.evaluation_run", "performance.evaluation_scores_entered"} <= verbs
    assert "performance.evaluationrun.finalise" in verbs


def test_the_centre_was_inspected_openly_with_rectifications_and_covertly_in_draft():
    from gongfa.performance.models import SiteInspection

    inspections = SiteInspection.objects.filter(point__tier="centre", point__region__code=COUNTY)
    opened = inspections.get(mode="open")
    assert (opened.venue, opened.status, opened.site_level) == ("on_site", "final", "municipal")
    assert opened.inspected_on == datetime.date(2026, 11, 14)
    assert opened.created_by is not None and opened.created_by.username == "city"
    scores = list(opened.scores.select_related("item", "rectification"))
    assert opened.total == sum(score.score for score in scores)
    lost = [score for score in scores if score.score < score.item.points]
    by_code = {score.item.code: score for score in lost}
    assert {"door_plate", "training", "publicity"} <= set(by_code)
    assert (by_code["training"].score, by_code["training"].note) == (2, "本年度仅组织业务培训1次，少于2次")
    for score in lost:
        assert score.rectification is not None
        assert score.rectification.responsible_point_id == opened.point_id
        assert score.rectification.status == "open"
    assert opened.total is not None and opened.threshold is not None
    assert opened.passed == (opened.total >= opened.threshold)
    covert = inspections.get(mode="covert")
    assert covert.status == "draft" and covert.total is None
    typed = {s.item.code: s.score for s in covert.scores.filter(computed=False).select_related("item")}
    assert typed == {"dress_badge": 2, "one_window": 3, "public_notice": 2}


def test_the_notices_of_accepted_reports_are_filed_as_read():
    """With tasks run at once (make run) the reports' past steps notify at commit; the history
    files those of accepted reports as read. Here: the notices dispatched by hand."""
    from gongfa.demo.history import file_report_notices
    from gongfa.notifications.models import Notification
    from gongfa.notifications.services import dispatch_for_event

    reports = _reports()
    for month in (RETURNED_MONTH, DRAFT_MONTH):
        for event in Event.objects.filter(subject_type__model="monthlyreport", subject_id=str(reports[month].pk)):
            dispatch_for_event(event)
    returned = Notification.objects.filter(link__endswith=f"/reports/{reports[RETURNED_MONTH].pk}/")
    assert set(returned.values_list("recipient__username", flat=True)) == {"city", "supervisor"}
    assert returned.count() == 4  # submitted twice (city), returned and accepted (supervisor)
    Notification.objects.create(recipient=returned[0].recipient, title="另一条通知", link="/workbench/")
    assert file_report_notices(datetime.date(2025, 11, 1), datetime.date(2026, 11, 23)) == 4
    assert not returned.filter(read_at__isnull=True).exists()
    assert Notification.objects.get(title="另一条通知").read_at is None
