"""Supervisor statistics (gongfa.legalaid.reports): figures checked against hand-computed values on
cases moved through the real services, the scope, "—" when nothing was decided, and a fixed
number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from gongfa.accounts.choices import Role
from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus as S
from gongfa.legalaid.choices import MaterialKind, NotifiedGround, Route
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.reports import (
    ProviderStats,
    display_days,
    display_rate,
    display_score,
    legal_aid_stats,
    percentile,
)
from gongfa.legalaid.services import (
    add_material,
    assign_provider,
    close_case,
    confirm_advance_aid,
    file_closing_report,
    grant,
    refuse,
    save_draft,
    sign_engagement,
    start_advance_aid,
    submit_application,
)
from gongfa.legalaid.services.visits import record_return_visit
from gongfa.legalaid.tests.conftest import WAGES, court_notice, make_provider, pdf
from gongfa.network.scope import scope_for
from gongfa.testing.factories import CitizenFactory, build_network, make_id_number, staff
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import rate_work_order

BEIJING = ZoneInfo("Asia/Shanghai")
NOVEMBER_1, DECEMBER_31 = datetime.date(2026, 11, 1), datetime.date(2026, 12, 31)
# Household per-capita income 2,000 ≤ the standard 2,490: eligible, no proof needed.
ELIGIBLE = {**WAGES, "exempt_group": "", "household_size": 3, "household_monthly_income": "6000"}


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def clock():
    with time_machine.travel(at(11, 23), tick=False) as traveller:
        yield traveller


def citizen(seq: int):
    return CitizenFactory(id_number=make_id_number(birth=datetime.date(1985, 5, 1), seq=seq))


def apply(network, person):
    return submit_application(
        application=save_draft(applicant=person, region=network.villages[0], data=ELIGIBLE), actor=person
    )


def close(application, lawyer, reviewer, rating):
    sign_engagement(application=application, actor=lawyer)
    add_material(application=application, actor=lawyer, kind=MaterialKind.OTHER, upload=pdf("调解书.pdf"))
    file_closing_report(application=application, actor=lawyer, report="调解结案。")
    record_return_visit(application=application, actor=reviewer, method="phone", satisfied=True)
    closed = close_case(application=application, actor=reviewer)
    assert closed.work_order_id is not None and closed.applicant is not None
    order = WorkOrder.objects.get(pk=closed.work_order_id)
    rate_work_order(order=order, actor=closed.applicant, rating=rating)
    return closed


@pytest.fixture
def world(network, reviewer, lawyers, standard, clock):
    """Six cases (all times Beijing):

    A  received 11-23 10:00, granted 11-25 10:00 (2 d), assigned 11-26 10:00 to 李 (1 d after the
       grant, in time), closed 12-10 10:00 (14 d after the assignment), rated 5;
    B  received 11-23 11:00, refused 12-01 11:00 (8 d: review_due 11-30, late);
    C  received 11-24 10:00, granted 11-25 16:00 (1.25 d), assigned 12-01 16:00 to 王 (6 d; the
       assignment was due 11-30: late), closed 12-11 16:00 (10 d), rated 3;
    D  received 11-24 12:00, advance aid 11-25 17:00 with 王 assigned then, confirmed 11-27 12:00 (3 d);
    E  received 11-24 14:00, not decided;
    F  a court's notice received 11-24 15:00 (no review).
    """
    li, wang = lawyers
    cases = {}
    cases["A"] = apply(network, citizen(1))
    clock.move_to(at(11, 23, 11))
    cases["B"] = apply(network, citizen(2))
    clock.move_to(at(11, 24, 10))
    cases["C"] = apply(network, citizen(3))
    clock.move_to(at(11, 24, 12))
    cases["D"] = apply(network, citizen(4))
    clock.move_to(at(11, 24, 14))
    cases["E"] = apply(network, citizen(5))
    clock.move_to(at(11, 24, 15))
    cases["F"] = court_notice(reviewer, network.county, NotifiedGround.SENSORY_DISABILITY, "刘某某", "涉嫌盗窃罪")
    clock.move_to(at(11, 25, 10))
    cases["A"] = grant(application=cases["A"], actor=reviewer)
    clock.move_to(at(11, 25, 16))
    cases["C"] = grant(application=cases["C"], actor=reviewer)
    clock.move_to(at(11, 25, 17))
    cases["D"] = start_advance_aid(application=cases["D"], actor=reviewer, urgent_reason="仲裁时效三日后届满")
    cases["D"] = assign_provider(application=cases["D"], actor=reviewer, provider=wang)
    clock.move_to(at(11, 26, 10))
    cases["A"] = assign_provider(application=cases["A"], actor=reviewer, provider=li)
    clock.move_to(at(11, 27, 12))
    cases["D"] = confirm_advance_aid(application=cases["D"], actor=reviewer)
    clock.move_to(at(12, 1, 11))
    cases["B"] = refuse(application=cases["B"], actor=reviewer, reasons="家庭人均收入高于本地标准。")
    clock.move_to(at(12, 1, 16))
    cases["C"] = assign_provider(application=cases["C"], actor=reviewer, provider=wang)
    clock.move_to(at(12, 10, 10))
    cases["A"] = close(cases["A"], li, reviewer, rating=5)
    clock.move_to(at(12, 11, 16))
    cases["C"] = close(cases["C"], wang, reviewer, rating=3)
    clock.move_to(at(12, 20, 9))
    return cases


@pytest.mark.django_db
def test_the_clocks_of_the_fixture_are_what_the_figures_assume(world):
    a, b, c = world["A"], world["B"], world["C"]
    assert b.review_due == datetime.date(2026, 11, 30)  # 7 days from Mon 11-23
    assert a.assign_due == datetime.date(2026, 11, 30)  # 3 days from 11-25 = Sat 11-28 → Mon
    assert c.assign_due == datetime.date(2026, 11, 30)
    assert world["D"].status == S.IN_SERVICE and world["D"].advance_aid
    assert (a.status, b.status, c.status, world["E"].status) == (S.CLOSED, S.REFUSED, S.CLOSED, S.RECEIVED)


@pytest.mark.django_db
def test_figures_match_the_hand_computed_values(world, reviewer, lawyers):
    stats = legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31)
    assert (stats.applications_received, stats.notices_received) == (5, 1)
    # Decisions: A, C and D (advance aid confirmed) granted, B refused.
    assert (stats.decisions, stats.granted, stats.refused) == (4, 3, 1)
    # 给予援助率 (the page's old 受理率); every application stayed for review: 受理率 100 %.
    assert (stats.grant_rate, stats.redirected, stats.acceptance_rate) == (0.75, 0, 1.0)
    # Review times 2, 8, 1.25, 3 days: mean 3.5625; p90 between the 3rd and 4th: 3 + 0.7 × 5.
    assert stats.review_days_mean == pytest.approx(3.5625)
    assert stats.review_days_p90 == pytest.approx(6.5)
    assert (stats.decided_within_limit, stats.decided_within_limit_share) == (3, 0.75)  # B late
    # Grant → assignment: A 1 day (in time), C 6 days (late); D had its provider before any decision.
    assert stats.assignments_after_grant == 2
    assert stats.grant_to_assignment_days_mean == pytest.approx(3.5)
    assert (stats.assigned_within_limit, stats.assigned_within_limit_share) == (1, 0.5)
    # Assignment → closed: A 14 days, C 10 days; ratings 5 and 3.
    assert stats.closed == 2 and stats.assignment_to_close_days_mean == pytest.approx(12.0)
    assert (stats.satisfaction, stats.satisfaction_count) == (4.0, 2)
    # 满意率 beside the mean: ratings 5 and 3, of which one is 满意 or better (the default ≥ 4).
    assert (stats.satisfied_count, stats.satisfaction_rate) == (1, 0.5)
    generous = legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31, satisfied_min_rating=3)
    assert generous.satisfaction_rate == 1.0
    assert stats.by_status == {S.CLOSED: 2, S.REFUSED: 1, S.IN_SERVICE: 1, S.RECEIVED: 2}
    assert [row[0] for row in stats.status_rows()] == [S.RECEIVED, S.IN_SERVICE, S.CLOSED, S.REFUSED]
    li, wang = lawyers
    assert stats.providers == [
        ProviderStats(
            provider_id=wang.pk,
            name="王律师",
            agency_name="示范律师事务所",
            assigned=2,
            open=1,
            closed=1,
            mean_days_to_close=10.0,  # exact: whole days, the clock frozen
            satisfaction=3.0,
            rated=1,
        ),
        ProviderStats(
            provider_id=li.pk,
            name="李律师",
            agency_name="示范律师事务所",
            assigned=1,
            open=0,
            closed=1,
            mean_days_to_close=14.0,
            satisfaction=5.0,
            rated=1,
        ),
    ]
    assert (display_rate(stats.grant_rate), display_days(stats.review_days_mean)) == ("75.0%", "3.6 天")
    assert display_score(stats.satisfaction) == "4.00"


@pytest.mark.django_db
def test_a_shorter_period_counts_only_what_happened_in_it(world, reviewer):
    stats = legal_aid_stats(reviewer, datetime.date(2026, 11, 23), datetime.date(2026, 11, 30))
    assert stats.applications_received == 5 and stats.notices_received == 1
    assert (stats.decisions, stats.granted, stats.refused, stats.grant_rate) == (3, 3, 0, 1.0)
    assert stats.review_days_mean == pytest.approx((2 + 1.25 + 3) / 3)
    assert stats.assignments_after_grant == 1 and stats.grant_to_assignment_days_mean == pytest.approx(1.0)
    assert stats.closed == 0 and stats.assignment_to_close_days_mean is None
    assert stats.satisfaction is None and stats.satisfaction_count == 0
    # 王 got D (11-25) in the period and holds it now; C came on 12-01. 李 got A on 11-26.
    assert [(p.name, p.assigned, p.open, p.closed) for p in stats.providers] == [
        ("王律师", 1, 1, 0),
        ("李律师", 1, 0, 0),
    ]
    # December: only B's refusal, C's assignment and both closings; nothing received.
    december = legal_aid_stats(reviewer, datetime.date(2026, 12, 1), DECEMBER_31)
    assert (december.applications_received, december.by_status) == (0, {})
    assert (december.decisions, december.refused, december.grant_rate) == (1, 1, 0.0)
    assert december.review_days_p90 == pytest.approx(8.0)
    assert december.decided_within_limit_share == 0.0
    assert december.assigned_within_limit_share == 0.0 and december.closed == 2


@pytest.mark.django_db
def test_nothing_decided_yet_gives_none_shown_as_a_dash(world, reviewer):
    stats = legal_aid_stats(reviewer, datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    assert (stats.applications_received, stats.decisions, stats.closed) == (0, 0, 0)
    for value in (
        stats.acceptance_rate,
        stats.grant_rate,
        stats.satisfaction_rate,
        stats.review_days_mean,
        stats.review_days_p90,
        stats.decided_within_limit_share,
        stats.grant_to_assignment_days_mean,
        stats.assigned_within_limit_share,
        stats.assignment_to_close_days_mean,
        stats.satisfaction,
    ):
        assert value is None
    assert stats.by_status == {}
    # A provider's row still shows the case open with them now (their current load).
    assert [(p.name, p.assigned, p.open, p.closed, p.mean_days_to_close, p.satisfaction) for p in stats.providers] == [
        ("王律师", 0, 1, 0, None, None)
    ]
    assert display_rate(None) == display_days(None) == display_score(None) == "—"


@pytest.mark.django_db
def test_scope_the_region_for_a_supervisor_nothing_for_another_agency(world, reviewer, network):
    county_supervisor = staff(Role.SUPERVISOR, at=network.centre)
    other = build_network(prefix="330103", name="东湖")
    other_reviewer = staff(Role.LEGAL_AID_REVIEWER, at=other.legal_aid_centre)
    other_supervisor = staff(Role.SUPERVISOR, at=other.centre)
    ours = legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31)
    assert legal_aid_stats(county_supervisor, NOVEMBER_1, DECEMBER_31) == ours
    for outsider in (other_reviewer, other_supervisor, CitizenFactory()):
        stats = legal_aid_stats(outsider, NOVEMBER_1, DECEMBER_31)
        assert (stats.applications_received, stats.decisions, stats.closed, stats.providers) == (0, 0, 0, [])


@pytest.mark.django_db
def test_a_refusal_corrected_on_objection_is_not_a_decision_until_the_new_one(world, reviewer):
    b = world["B"]
    # What decide_objection(correct) leaves: back under review, the old decided_at still on the row.
    LegalAidApplication.objects.filter(pk=b.pk).update(status=S.UNDER_REVIEW)
    stats = legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31)
    assert (stats.decisions, stats.refused, stats.granted) == (3, 0, 3)
    # An objection against a refusal still counts the refusal; one against a termination, the grant.
    LegalAidApplication.objects.filter(pk=b.pk).update(status=S.OBJECTION_PENDING)
    assert legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31).refused == 1
    LegalAidApplication.objects.filter(pk=b.pk).update(status=S.OBJECTION_UPHELD, termination_ground="own_counsel")
    assert legal_aid_stats(reviewer, NOVEMBER_1, DECEMBER_31).granted == 4


@pytest.mark.django_db
def test_a_bad_period_is_refused_with_a_message(reviewer):
    with pytest.raises(DomainError) as error:
        legal_aid_stats(reviewer, datetime.date(2026, 12, 1), datetime.date(2026, 11, 1))
    assert error.value.code == "invalid_period" and "结束日期" in error.value.message
    with pytest.raises(DomainError):
        legal_aid_stats(reviewer, datetime.date(2020, 1, 1), datetime.date(2026, 1, 1))


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 0.9) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([1.25, 2, 3, 8], 0.9) == pytest.approx(6.5)
    assert percentile(list(range(1, 11)), 0.5) == pytest.approx(5.5)


# ---------------------------------------------------------------------------------------------
# A fixed number of queries, whatever the number of cases and providers.
# ---------------------------------------------------------------------------------------------
def _bulk_cases(network, firm, first, count):
    """Cases at every stage written directly, each with its own provider and a rated work order."""
    from gongfa.legalaid.models import LegalAidNotice

    base = at(11, 2)
    for n in range(first, first + count):
        lawyer = make_provider(firm, f"律师{n}")
        received = base + datetime.timedelta(hours=n)
        decided = received + datetime.timedelta(days=n % 6 + 1)
        assigned = decided + datetime.timedelta(days=n % 3)
        order = WorkOrder.objects.create(
            tracking_number=f"GF20261102-{n:05d}",
            region=network.villages[0],
            text="法律援助申请",
            status="closed",
            owner_agency=network.legal_aid_centre,
            rating=n % 5 + 1,
        )
        application = LegalAidApplication.objects.create(
            number=f"FY2026{n:07d}",
            route=Route.APPLICATION,
            region=network.villages[0],
            agency=network.legal_aid_centre,
            applicant_name=f"申请人{n}",
            id_number=make_id_number(seq=n),
            matter_code="labour_pay",
            matter_name="请求支付劳动报酬",
            matter_article="第三十一条",
            status=(S.CLOSED, S.REFUSED, S.IN_SERVICE)[n % 3],
            work_order=order,
            received_at=received,
            review_due=received.date() + datetime.timedelta(days=7),
            decided_at=decided,
            assign_due=decided.date() + datetime.timedelta(days=3),
            provider=lawyer,
            provider_agency=firm,
            assigned_at=assigned,
            closed_at=assigned + datetime.timedelta(days=10) if n % 3 == 0 else None,
        )
        LegalAidNotice.objects.create(application=application, kind="assignment", number=f"法援指〔2026〕{n}号")
        LegalAidNotice.objects.filter(application=application).update(issued_at=assigned)


@pytest.mark.django_db
def test_the_statistics_take_a_fixed_number_of_queries_for_3_or_30_cases(network, law_firm, django_assert_num_queries):
    # Four on PostgreSQL (the p90 by percentile_cont in the main aggregate), five on SQLite.
    expected = 4 if connection.vendor == "postgresql" else 5
    supervisor = staff(Role.SUPERVISOR, at=network.centre)
    scope_for(supervisor)  # the postings: once per request, cached on the user
    _bulk_cases(network, law_firm, 1, 3)
    with django_assert_num_queries(expected):
        small = legal_aid_stats(supervisor, NOVEMBER_1, DECEMBER_31)
    _bulk_cases(network, law_firm, 4, 27)
    with django_assert_num_queries(expected):
        large = legal_aid_stats(supervisor, NOVEMBER_1, DECEMBER_31)
    assert (small.applications_received, len(small.providers)) == (3, 3)
    assert (large.applications_received, len(large.providers)) == (30, 30)
    assert large.decisions == 30 and large.refused == 10 and large.closed == 10
    assert large.satisfaction_count == 10 and large.assignments_after_grant == 20
