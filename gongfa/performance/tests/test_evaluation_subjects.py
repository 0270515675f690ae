"""Who an evaluation rates (考评对象) and the values per person and per agency from DailyFact."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.network.choices import AgencyKind
from gongfa.network.models import AdvisorAssignment, Agency
from gongfa.performance.choices import EvaluationComponent, SubjectKind
from gongfa.performance.compute_subjects import subject_values
from gongfa.performance.models import EvaluationItem, EvaluationResult, EvaluationScheme, Indicator
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.performance.services.evaluation import run_evaluation, subjects_of
from gongfa.testing.factories import UserFactory, build_network, post

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 12)
OCT = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


def received():
    return Indicator.objects.update_or_create(
        code="wo_received",
        defaults={
            "name": "工单受理量",
            "numerator": {"measures": ["wo.received"]},
            "denominator": None,
            "unit": "count",
        },
    )[0]


@pytest.fixture
def people(network):
    township = network.townships[0]
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="甲窗口")
    post(clerk, network.stations[township.code])
    advisor = UserFactory(role=Role.VILLAGE_ADVISOR, real_name="乙顾问")
    AdvisorAssignment.objects.create(advisor=advisor, village=network.villages[0])
    centre_clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="丙中心")
    post(centre_clerk, network.centre)
    gone = UserFactory(role=Role.WINDOW_STAFF, real_name="丁离岗")
    post(gone, network.stations[township.code], is_active=False)
    boss = UserFactory(role=Role.SUPERVISOR, real_name="戊主任")
    post(boss, network.stations[township.code])
    elsewhere = UserFactory(role=Role.WINDOW_STAFF, real_name="己外县")
    post(elsewhere, build_network(prefix="330105", townships=1, villages_per_township=1, name="外").centre)
    return {"clerk": clerk, "advisor": advisor, "centre_clerk": centre_clerk, "boss": boss}


def test_front_line_people_of_the_region_are_rated(network, people):
    township = network.townships[0]
    names = [s.name for s in subjects_of(SubjectKind.PERSON, township, [])]
    assert names == ["乙顾问", "甲窗口"]  # the station's clerk and the village's advisor, by name
    county = [s.name for s in subjects_of(SubjectKind.PERSON, network.county, [])]
    assert county == ["丙中心", "乙顾问", "甲窗口"]


def test_agencies_of_the_region_without_the_bureau_or_the_inactive(network):
    Agency.objects.create(name="甲调委会", kind=AgencyKind.MEDIATION_COMMITTEE, region=network.county)
    Agency.objects.create(name="司法局", kind=AgencyKind.JUSTICE_BUREAU, region=network.county)
    Agency.objects.create(name="旧所", kind=AgencyKind.LAW_FIRM, region=network.county, is_active=False)
    names = {s.name for s in subjects_of(SubjectKind.AGENCY, network.county, [])}
    assert names == {"甲调委会", network.legal_aid_centre.name}


def test_a_person_scheme_reads_each_persons_facts(network, people, django_assert_num_queries):
    indicator = received()
    village = network.villages[0]
    clerk, advisor = people["clerk"], people["advisor"]
    apply_daily_deltas(
        {
            Contribution("wo.received", DAY, region_code=village.code, person_id=clerk.pk).key: 10,
            Contribution("wo.received", DAY, region_code=village.code, person_id=advisor.pk).key: 5,
            Contribution("wo.received", DAY, region_code=village.code, agency_id=network.legal_aid_centre.pk).key: 7,
        }
    )
    with django_assert_num_queries(1):
        values = subject_values([indicator], SubjectKind.PERSON, region=network.county, start=OCT[0], end=OCT[1])
    assert {pk: v["wo_received"].value for pk, v in values.items()} == {clerk.pk: 10, advisor.pk: 5}
    by_agency = subject_values([indicator], SubjectKind.AGENCY, region=network.county, start=OCT[0], end=OCT[1])
    assert {pk: v["wo_received"].value for pk, v in by_agency.items()} == {network.legal_aid_centre.pk: 7}

    scheme = EvaluationScheme.objects.create(
        code="staff", name="人员考评", subject_kind=SubjectKind.PERSON, grade_bands=[{"min": 0, "grade": "合格"}]
    )
    EvaluationItem.objects.create(
        scheme=scheme,
        order=1,
        code="q",
        name="服务数量",
        component=EvaluationComponent.INDICATOR,
        indicator=indicator,
        weight=100,
    )
    run = run_evaluation(people["boss"], scheme, network.townships[0], *OCT)
    totals = {r.subject_name: (r.total, r.rank) for r in EvaluationResult.objects.filter(run=run)}
    # 10 is the best: 100 × 100%; 5 → 50 % of the best.
    assert totals == {"甲窗口": (Decimal("100.00"), 1), "乙顾问": (Decimal("50.00"), 2)}
