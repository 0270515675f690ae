"""公证计量: the facts each case contributes (applied, accepted, not accepted, issued and issued on
time against the case's own limit, refused by ground, terminated, fee waivers), on the right day and
topic (the matter), against hand-computed figures; the events refresh them; the indicators load."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from gongfa.appointments.choices import FeeWaiver, RefusalGround
from gongfa.appointments.measures.notarization import SOURCE, contributions
from gongfa.appointments.reports import load_definitions
from gongfa.appointments.services import notarization as svc
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.performance import registry
from gongfa.performance.models import DailyFact
from gongfa.performance.rollup import refresh_pending

pytestmark = pytest.mark.django_db


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=datetime.UTC), tick=False)


MON = datetime.date(2026, 3, 2)


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def facts(world: NotaryWorld) -> Counter[tuple[str, datetime.date, str]]:
    from gongfa.appointments.models import NotarizationCase

    counted: Counter[tuple[str, datetime.date, str]] = Counter()
    for case in registry.source(SOURCE).queryset():
        for fact in contributions(case):
            counted[(fact.measure, fact.day, fact.topic)] += fact.value
    assert NotarizationCase.objects.exists()
    return counted


def test_every_way_a_case_ends_counts_on_its_day(world: NotaryWorld) -> None:
    with at(MON):
        on_time = accept(world, apply(world, world.house))  # 5 working days: due Mon 9 March
        late = accept(world, apply(world, world.house))
        refused = accept(world, apply(world), fee_waiver=FeeWaiver.LEGAL_AID_RECIPIENT)  # 200 yuan waived
        declined = apply(world)
        terminated = apply(world)
    with at(datetime.date(2026, 3, 9)):
        svc.issue_certificate(actor=world.notary, case=on_time, certificate_number="A1")
        svc.decline_case(actor=world.clerk, case=declined, ground="disputed", reason="有争议")
    with at(datetime.date(2026, 3, 10)):
        svc.issue_certificate(actor=world.notary, case=late, certificate_number="A2")
        svc.refuse_case(actor=world.notary, case=refused, ground=RefusalGround.FALSE_FACTS, decision_note="虚假材料")
        svc.terminate_case(actor=world.clerk, case=terminated, ground="withdrawn", reason="撤回")
    counted = facts(world)
    tue, mon2 = datetime.date(2026, 3, 10), datetime.date(2026, 3, 9)
    assert counted[("notar.applied", MON, "house_entrustment")] == 2
    assert counted[("notar.applied", MON, "kinship")] == 3
    assert counted[("notar.accepted", MON, "house_entrustment")] == 2
    assert counted[("notar.accepted", MON, "kinship")] == 1
    assert counted[("notar.issued", mon2, "house_entrustment")] == 1
    assert counted[("notar.issued_on_time", mon2, "house_entrustment")] == 1
    assert counted[("notar.issued", tue, "house_entrustment")] == 1
    assert counted[("notar.issued_on_time", tue, "house_entrustment")] == 0  # a day late
    assert counted[("notar.refused", tue, "kinship")] == 1
    assert counted[("notar.refused_false_facts", tue, "kinship")] == 1
    assert counted[("notar.refused_disputed", tue, "kinship")] == 0
    assert counted[("notar.terminated", tue, "kinship")] == 1
    assert counted[("notar.not_accepted", mon2, "kinship")] == 1
    assert counted[("notar.fee_waived", MON, "kinship")] == 1
    assert counted[("notar.fee_waived_legal_aid", MON, "kinship")] == 1
    assert counted[("notar.fee_waived_yuan", MON, "kinship")] == 200
    assert sum(v for (m, _, _), v in counted.items() if m == "notar.issued_on_time") == 1


def test_a_pause_moves_the_limit_the_case_is_measured_against(world: NotaryWorld) -> None:
    with at(MON):
        case = accept(world, apply(world, world.house))  # due Mon 9 March
        case = svc.request_supplement(actor=world.notary, case=case, request="补充不动产权证书")
    with at(datetime.date(2026, 3, 4)):
        case = svc.receive_supplement(actor=world.notary, case=case)  # 2 working days: due Wed 11 March
    with at(datetime.date(2026, 3, 11)):
        svc.issue_certificate(actor=world.notary, case=case, certificate_number="B1")
    assert facts(world)[("notar.issued_on_time", datetime.date(2026, 3, 11), "house_entrustment")] == 1


def test_the_events_refresh_the_daily_facts(world: NotaryWorld) -> None:
    with at(MON):
        accept(world, apply(world), fee_waiver=FeeWaiver.LEGAL_AID_RECIPIENT, fee_waived_yuan=Decimal("0"))
    refresh_pending()
    rows = DailyFact.objects.filter(measure__startswith="notar.", day=MON)
    assert rows.filter(measure="notar.accepted").aggregate(n=Sum("value"))["n"] == 1
    assert rows.filter(measure="notar.fee_waived_yuan").aggregate(n=Sum("value"))["n"] == 200
    assert rows.filter(measure="notar.accepted").first().agency_id == world.office.pk  # type: ignore[union-attr]


def test_the_indicators_load_against_the_registry() -> None:
    assert load_definitions() == 11  # booking 3, notarization 4, appraisal 4
    from gongfa.performance.models import Indicator

    rate = Indicator.objects.get(code="notar_on_time_rate")
    assert rate.numerator == {"measures": ["notar.issued_on_time"]}


def test_the_appraisal_rates_are_indicators_of_their_measures() -> None:
    from gongfa.performance.models import Indicator

    load_definitions()
    accepted = Indicator.objects.get(code="apr_accepted_on_time_rate")
    assert accepted.numerator == {"measures": ["apr.accepted_on_time"]}
    assert accepted.denominator == {"measures": ["apr.accepted"]}
    opinions = Indicator.objects.get(code="apr_opinions_on_time_rate")
    assert opinions.denominator == {"measures": ["apr.opinions"]} and opinions.category == "司法鉴定"
