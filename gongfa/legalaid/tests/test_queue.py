"""The reviewer queue (gongfa.legalaid.queue): order, clocks, filters, scope, counters, and a
constant number of queries per page."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import ApplicationStatus as S
from gongfa.legalaid.choices import MaterialKind, NotifiedGround, Route
from gongfa.legalaid.models import LegalAidApplication, Objection
from gongfa.legalaid.queue import (
    QUEUE_STATUSES,
    QueueCounts,
    QueueFilters,
    queue_counts,
    queue_ids,
    queue_page,
    queue_rows,
    reviewer_queue,
    row_of,
    with_queue_relations,
)
from gongfa.legalaid.services import (
    add_material,
    assign_provider,
    grant,
    receive_supplement,
    request_supplement,
    save_draft,
    submit_application,
)
from gongfa.legalaid.tests.conftest import WAGES, court_notice, make_provider, pdf
from gongfa.network.models import ServicePoint
from gongfa.network.scope import scope_for
from gongfa.testing.factories import CitizenFactory, build_network, make_id_number, staff

TODAY = datetime.date(2026, 11, 23)  # the `frozen` fixture's day (Monday)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def make_case(network, n, *, status=S.RECEIVED, agency=None, name=None, **fields):
    """A case row written directly (the services are exercised in the journey tests below)."""
    values = {
        "number": f"FY2026{n:07d}",
        "region": network.villages[n % len(network.villages)],
        "agency": agency or network.legal_aid_centre,
        "applicant_name": name or f"申请人{n}",
        "id_number": make_id_number(seq=n),
        "matter_code": "labour_pay",
        "matter_name": "请求支付劳动报酬",
        "matter_article": "《法律援助法》第三十一条第六项",
        "status": status,
        "proposal_outcome": "eligible",
        **fields,
    }
    return LegalAidApplication.objects.create(**values)


def numbers(queryset):
    return list(queryset.values_list("number", flat=True))


@pytest.fixture
def cases(network, frozen):
    """Twelve cases, one per kind of clock (see the expected order in the first test)."""
    c = {}
    c[1] = make_case(network, 1, review_due=day(2), name="王小明")
    c[2] = make_case(network, 2, review_due=day(-3), name="王大力")
    c[3] = make_case(network, 3, status=S.UNDER_REVIEW, green_channel=True, review_due=day(4))
    c[4] = make_case(network, 4, status=S.GRANTED, review_due=day(-5), assign_due=day(0))
    c[5] = make_case(network, 5, status=S.CLOSING_REVIEW, review_due=day(-40))
    c[6] = make_case(
        network, 6, status=S.SUPPLEMENT_REQUESTED, review_due=day(1), review_paused_on=day(-2), review_days_used=3
    )
    c[7] = make_case(network, 7, status=S.OBJECTION_PENDING, review_due=day(-20), proposal_outcome="not_eligible")
    Objection.objects.create(application=c[7], against_status=S.REFUSED, reason="不服", due=day(-1))
    c[8] = make_case(network, 8, green_channel=True, review_due=day(-2), proposal_outcome="needs_review")
    c[9] = make_case(network, 9, status=S.IN_SERVICE, review_due=day(-30))
    c[10] = make_case(network, 10, status=S.DRAFT)
    c[11] = make_case(
        network,
        11,
        route=Route.NOTIFIED,
        matter_code="notified_defence",
        matter_name="通知辩护/代理",
        assign_due=day(1),
    )
    c[12] = make_case(network, 12, status=S.SUPPLEMENT_REQUESTED, review_due=day(3))  # clock not paused here
    return c


def expect(cases, *keys):
    return [cases[k].number for k in keys]


@pytest.mark.django_db
def test_green_channel_first_then_the_nearest_clock_then_oldest(cases, reviewer):
    assert numbers(reviewer_queue(reviewer, today=TODAY)) == expect(cases, 8, 3, 2, 7, 4, 11, 1, 12, 5, 6)


@pytest.mark.django_db
def test_each_status_has_its_own_clock(cases, reviewer):
    due = {row.number: row.clock_due for row in queue_rows(queue_ids(reviewer_queue(reviewer, today=TODAY)), TODAY)}
    assert due[cases[1].number] == day(2)  # review_due (第43条)
    assert due[cases[4].number] == day(0)  # granted: assign_due, not the old review_due
    assert due[cases[7].number] == day(-1)  # the objection's own 5-day clock
    assert due[cases[11].number] == day(1)  # notified: assign within 3 days of the notice
    assert due[cases[6].number] is None  # paused while waiting for the supplement
    assert due[cases[12].number] == day(3)  # the region does not pause the clock
    assert due[cases[5].number] is None  # closing review: no statutory clock


@pytest.mark.parametrize(
    ("params", "keys"),
    [
        ({"clock": "overdue"}, (8, 2, 7)),
        ({"clock": "due_today"}, (4,)),
        ({"clock": "due_soon"}, (4, 11)),
        ({"clock": "paused"}, (6,)),
        ({"green_only": "1"}, (8, 3)),
        ({"status": "granted"}, (4,)),
        ({"status": "all"}, (8, 3, 2, 7, 4, 11, 1, 12, 5, 6, 9)),  # drafts never
        ({"proposal": "needs_review"}, (8,)),
        ({"proposal": "not_eligible"}, (7,)),
        ({"matter": "notified_defence"}, (11,)),
        ({"search": "FY20260000001"}, (1,)),
        ({"search": "fy20260000001"}, (1,)),  # case number typed in lower case
        ({"search": "王"}, (2, 1)),  # name prefix
        ({"search": "王小"}, (1,)),
        ({"search": "小明"}, ()),  # a prefix, not a substring
        ({"clock": "overdue", "green_only": "1"}, (8,)),
        ({"status": "under_review", "clock": "overdue"}, ()),
    ],
)
@pytest.mark.django_db
def test_filters(cases, reviewer, params, keys):
    filters = QueueFilters.from_params(params)
    assert filters.errors == ()
    assert numbers(reviewer_queue(reviewer, filters, today=TODAY)) == expect(cases, *keys)


@pytest.mark.django_db
def test_bad_filter_values_are_ignored_with_a_message(cases, reviewer):
    params = QueryDict("status=draft&clock=yesterday&green_only=maybe&proposal=yes&matter=<script>&search=" + "王" * 80)
    filters = QueueFilters.from_params(params)
    assert (filters.status, filters.clock, filters.green_only, filters.proposal, filters.matter) == (
        "",
        "",
        False,
        "",
        "",
    )
    assert filters.search == "王" * 64
    assert filters.errors == (
        "状态筛选条件无效，已忽略。",
        "期限筛选条件无效，已忽略。",
        "绿色通道筛选条件无效，已忽略。",
        "审查建议筛选条件无效，已忽略。",
        "援助事项筛选条件无效，已忽略。",
        "搜索内容不能超过 64 个字，已截断。",
    )
    assert numbers(reviewer_queue(reviewer, filters, today=TODAY)) == []  # the search still applies
    assert QueueFilters.from_params({"status": "nonsense"}) == QueueFilters()
    assert QueueFilters.from_params({}) == QueueFilters() and QueueFilters.from_params({}).errors == ()
    assert QueueFilters.from_params({"status": "", "green_only": "0", "search": "  王  小 "}) == QueueFilters(
        search="王 小"
    )


@pytest.mark.django_db
def test_rows_show_what_the_list_needs_with_personal_data_masked(cases, reviewer, network, law_firm):
    lawyer = make_provider(law_firm, "陈律师")
    LegalAidApplication.objects.filter(pk=cases[4].pk).update(provider=lawyer, provider_agency=law_firm)
    rows = {row.number: row for row in queue_rows(queue_ids(reviewer_queue(reviewer, today=TODAY)), TODAY)}
    overdue = rows[cases[2].number]
    assert overdue.masked_name == "王*力" and overdue.matter_name == "请求支付劳动报酬"
    assert overdue.status_label == "已受理待审查" and overdue.proposal_label == "符合条件"
    assert (overdue.clock_due, overdue.days_left, overdue.overdue, overdue.due_soon) == (day(-3), -3, True, False)
    assert overdue.agency_name == "示范县法律援助中心" and overdue.region_name == network.villages[2].name
    assert overdue.provider_name == "" and not overdue.green_channel
    granted = rows[cases[4].number]
    assert (granted.days_left, granted.due_soon, granted.provider_name) == (0, True, "陈律师")
    assert granted.provider_agency_name == "示范律师事务所" and overdue.provider_agency_name == ""
    paused = rows[cases[6].number]
    assert paused.clock_paused and paused.days_left is None and paused.review_days_used == 3
    assert rows[cases[8].number].green_channel and rows[cases[8].number].proposal_label == "需人工审查"
    assert "申请人" not in repr(rows[cases[3].number])  # the full name is never in a row
    assert queue_rows([], TODAY) == []


@pytest.mark.django_db
def test_scope_other_agency_sees_nothing_supervisors_see_their_region(cases, reviewer, network):
    other = build_network(prefix="330103", name="东湖")
    other_reviewer = staff(Role.LEGAL_AID_REVIEWER, at=other.legal_aid_centre)
    theirs = make_case(other, 100, agency=other.legal_aid_centre, review_due=day(-9))
    county_supervisor = staff(Role.SUPERVISOR, at=network.centre)
    city_point = ServicePoint.objects.create(name="示范市公共法律服务中心", tier="centre", region=network.city)
    city_supervisor = staff(Role.SUPERVISOR, at=city_point)
    window = staff(Role.WINDOW_STAFF, at=network.centre)  # sees received cases, reviews none
    citizen = CitizenFactory()

    ours = expect(cases, 8, 3, 2, 7, 4, 11, 1, 12, 5, 6)
    assert numbers(reviewer_queue(other_reviewer, today=TODAY)) == [theirs.number]
    assert numbers(reviewer_queue(reviewer, today=TODAY)) == ours
    assert numbers(reviewer_queue(county_supervisor, today=TODAY)) == ours
    # The neighbour's overdue case sorts among ours: green first, then the clock.
    assert numbers(reviewer_queue(city_supervisor, today=TODAY)) == [*ours[:2], theirs.number, *ours[2:]]
    assert numbers(reviewer_queue(window, today=TODAY)) == []
    assert numbers(reviewer_queue(citizen, today=TODAY)) == []
    assert numbers(reviewer_queue(None, today=TODAY)) == []
    assert queue_counts(other_reviewer, TODAY).total == 1
    assert queue_counts(citizen, TODAY) == QueueCounts(0, 0, 0, 0, 0, 0)
    assert queue_page(other_reviewer, QueueFilters(search=cases[1].number), today=TODAY).rows == []


@pytest.mark.django_db
def test_counters_in_one_query(cases, reviewer, django_assert_num_queries):
    scope_for(reviewer)  # the postings: once per request, cached on the user
    with django_assert_num_queries(1):
        counts = queue_counts(reviewer, TODAY)
    assert counts == QueueCounts(total=10, overdue=3, due_today=1, due_soon=2, paused=1, green=2)
    # The counters agree with the filters they stand next to.
    for clock, expected in (("overdue", 3), ("due_today", 1), ("due_soon", 2), ("paused", 1)):
        assert reviewer_queue(reviewer, QueueFilters(clock=clock), TODAY).count() == expected
    assert reviewer_queue(reviewer, QueueFilters(green_only=True), TODAY).count() == counts.green


def _page_queries(user, filters=None, page=1):
    scope_for(user)
    with CaptureQueriesContext(connection) as captured:
        result = queue_page(user, filters, page=page, today=TODAY)
        shown = [(*dataclasses.astuple(r), r.overdue, r.due_soon) for r in result.rows]  # every field a row has
    return len(captured), result, shown


def _add_cases(network, firm, first, count):
    for n in range(first, first + count):
        provider = make_provider(firm, f"律师{n}") if n % 3 == 0 else None
        make_case(
            network,
            n,
            status=(S.RECEIVED, S.GRANTED, S.UNDER_REVIEW, S.OBJECTION_PENDING)[n % 4],
            review_due=day(n % 9 - 4),
            assign_due=day(n % 5 - 2),
            green_channel=n % 7 == 0,
            provider=provider,
            provider_agency=firm if provider else None,
        )


@pytest.mark.django_db
def test_a_page_costs_the_same_queries_with_5_or_40_cases(network, reviewer, frozen, law_firm):
    supervisor = staff(Role.SUPERVISOR, at=network.centre)
    _add_cases(network, law_firm, 200, 5)
    small, page, shown = _page_queries(reviewer)
    assert page.total == 5 and len(shown) == 5
    small_supervisor, _, _ = _page_queries(supervisor)

    _add_cases(network, law_firm, 300, 35)
    large, page, shown = _page_queries(reviewer)
    assert page.total == 40 and len(shown) == 40 and page.pages == 1
    assert small == large == 3  # COUNT(*), the page's ids, its rows with their relations
    assert small_supervisor == _page_queries(supervisor)[0] == 3
    filtered, page, _ = _page_queries(reviewer, QueueFilters(clock="overdue", green_only=True))
    assert filtered == 3 and 0 < page.total < 40

    # Smaller pages, a deep page, and a page number out of range: still three queries.
    scope_for(reviewer)
    with CaptureQueriesContext(connection) as captured:
        third = queue_page(reviewer, page=3, per_page=15, today=TODAY)
        beyond = queue_page(reviewer, page="99", per_page=15, today=TODAY)
        junk = queue_page(reviewer, page="x", per_page=15, today=TODAY)
    assert len(captured) == 9
    assert (third.number, len(third.rows), third.has_next, third.has_previous) == (3, 10, False, True)
    assert beyond.number == 3 and junk.number == 1 and len(junk.rows) == 15
    ordered = numbers(reviewer_queue(reviewer, today=TODAY))
    assert [r.number for r in third.rows] == ordered[30:]


@pytest.mark.django_db
def test_with_queue_relations_loads_a_page_in_one_query(network, reviewer, frozen, law_firm, django_assert_num_queries):
    _add_cases(network, law_firm, 400, 40)
    scope_for(reviewer)
    with django_assert_num_queries(1):
        rows = [row_of(a, TODAY) for a in with_queue_relations(reviewer_queue(reviewer, today=TODAY))[:50]]
    assert len(rows) == 40 and sum(1 for r in rows if r.provider_name) == 13


# ---------------------------------------------------------------------------------------------
# Cases moved by the real services: the queue follows them.
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_queue_follows_a_case_through_the_services(network, worker, reviewer, lawyers, frozen, standard):
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )

    def row():
        rows = queue_page(reviewer).rows  # today: the travelled-to local date
        return next((r for r in rows if r.number == application.number), None)

    first = row()
    assert first is not None and first.status == S.RECEIVED
    assert (first.clock_due, first.days_left) == (datetime.date(2026, 11, 30), 7)  # 第43条: 7 days
    assert first.masked_name == "张*工" and first.proposal_outcome == "needs_review"

    frozen.move_to(datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC))  # Wed: two days used
    request_supplement(
        application=application,
        actor=reviewer,
        items=[{"kind": MaterialKind.EXEMPT_PROOF, "note": "务工证明"}],
        due_days=5,
    )
    paused = row()
    assert paused is not None and paused.clock_paused and paused.days_left is None
    assert queue_counts(reviewer).paused == 1
    assert [r.number for r in queue_page(reviewer, QueueFilters(clock="paused")).rows] == [application.number]

    frozen.move_to(datetime.datetime(2026, 11, 27, 2, 0, tzinfo=datetime.UTC))  # Fri
    add_material(application=application, actor=worker, kind=MaterialKind.EXEMPT_PROOF, upload=pdf())
    application = receive_supplement(application=application, actor=worker)
    resumed = row()
    assert resumed is not None and resumed.status == S.UNDER_REVIEW and not resumed.clock_paused
    assert resumed.clock_due == application.review_due and resumed.days_left == (application.review_due - day(4)).days

    application = grant(application=application, actor=reviewer)
    granted = row()
    assert (
        granted is not None and granted.clock_due == application.assign_due and granted.status_label == "决定给予援助"
    )

    assigned = assign_provider(application=application, actor=reviewer)
    assert assigned.status == S.ASSIGNED and assigned.status not in QUEUE_STATUSES
    assert row() is None  # with the provider now: out of the reviewer's queue


@pytest.mark.django_db
def test_a_notified_case_waits_for_assignment_on_its_own_clock(network, reviewer, frozen):
    case = court_notice(reviewer, network.county, NotifiedGround.SENSORY_DISABILITY, "刘某某", "涉嫌盗窃罪")
    (row,) = queue_page(reviewer, today=TODAY).rows
    assert row.number == case.number and row.route == Route.NOTIFIED
    assert (row.clock_due, row.days_left) == (datetime.date(2026, 11, 26), 3)  # 第36条
