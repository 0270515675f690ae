"""Which rule is in force: nearest ancestor's, then the latest effective date, else the national one."""

import datetime

import pytest

from gongfa.catalog.choices import SlaStage
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.catalog.selectors import sla_rule_for, sla_rules_for
from gongfa.testing.factories import build_network

D = datetime.date
RESOLVE = SlaStage.RESOLVE
SINCE_2020 = D(2020, 1, 1)


@pytest.fixture
def mediation(db):
    return ServiceType.objects.get(code="mediation")


def _rule(service_type, region, amount, effective_from=SINCE_2020, stage=RESOLVE, unit="working_days"):
    return SlaRule.objects.create(
        service_type=service_type, stage=stage, region=region, amount=amount, unit=unit, effective_from=effective_from
    )


def _amount(service_type, stage, region, on):
    rule = sla_rule_for(service_type, stage, region, on=on)
    assert rule is not None
    return rule.amount


def test_the_national_default_applies_without_regional_rules(network, mediation):
    rule = sla_rule_for(mediation, RESOLVE, network.villages[0], on=D(2026, 6, 1))
    assert rule is not None and rule.region is None and rule.amount == 30


def test_no_region_means_the_national_default(mediation):
    rule = sla_rule_for(mediation, RESOLVE, None, on=D(2026, 6, 1))
    assert rule is not None and rule.region is None


def test_nearest_ancestor_wins(network, mediation):
    _rule(mediation, network.province, 25)
    _rule(mediation, network.county, 20)
    _rule(mediation, network.townships[0], 10)
    village_in_first = network.villages[0]
    village_in_second = network.villages[-1]
    assert _amount(mediation, RESOLVE, village_in_first, on=D(2026, 6, 1)) == 10
    assert _amount(mediation, RESOLVE, village_in_second, on=D(2026, 6, 1)) == 20
    assert _amount(mediation, RESOLVE, network.townships[0], on=D(2026, 6, 1)) == 10
    assert _amount(mediation, RESOLVE, network.city, on=D(2026, 6, 1)) == 25


def test_a_rule_for_the_region_itself_counts(network, mediation):
    _rule(mediation, network.villages[0], 5)
    assert _amount(mediation, RESOLVE, network.villages[0], on=D(2026, 6, 1)) == 5
    assert _amount(mediation, RESOLVE, network.villages[1], on=D(2026, 6, 1)) == 30


def test_another_county_is_not_affected(network, mediation):
    other = build_network(prefix="330103", name="东山")
    _rule(mediation, network.county, 20)
    assert _amount(mediation, RESOLVE, other.villages[0], on=D(2026, 6, 1)) == 30


def test_effective_dates(network, mediation):
    village = network.villages[0]
    _rule(mediation, network.county, 20, effective_from=D(2026, 1, 1))
    _rule(mediation, network.county, 15, effective_from=D(2027, 1, 1))
    assert _amount(mediation, RESOLVE, village, on=D(2025, 12, 31)) == 30  # national
    assert _amount(mediation, RESOLVE, village, on=D(2026, 1, 1)) == 20
    assert _amount(mediation, RESOLVE, village, on=D(2026, 12, 31)) == 20
    assert _amount(mediation, RESOLVE, village, on=D(2027, 1, 1)) == 15


def test_a_future_township_rule_does_not_hide_the_county_rule_in_force(network, mediation):
    village = network.villages[0]
    _rule(mediation, network.county, 20, effective_from=D(2026, 1, 1))
    _rule(mediation, network.townships[0], 10, effective_from=D(2027, 1, 1))
    assert _amount(mediation, RESOLVE, village, on=D(2026, 6, 1)) == 20
    assert _amount(mediation, RESOLVE, village, on=D(2027, 6, 1)) == 10


def test_a_later_national_rule_replaces_the_earlier_one(mediation):
    _rule(mediation, None, 45, effective_from=D(2026, 7, 1))
    assert _amount(mediation, RESOLVE, None, on=D(2026, 6, 30)) == 30
    assert _amount(mediation, RESOLVE, None, on=D(2026, 7, 1)) == 45


def test_a_stage_without_any_rule_gives_none(network, mediation):
    assert sla_rule_for(mediation, SlaStage.FIRST_CONTACT, network.villages[0], on=D(2026, 6, 1)) is None


def test_lookup_is_one_query(network, mediation, django_assert_num_queries):
    _rule(mediation, network.county, 20)
    village = network.villages[0]
    with django_assert_num_queries(1):
        sla_rule_for(mediation, RESOLVE, village, on=D(2026, 6, 1))


def test_all_stages_in_one_query(network, mediation, django_assert_num_queries):
    _rule(mediation, network.county, 2, stage=SlaStage.ACCEPT)
    village = network.villages[0]
    with django_assert_num_queries(1):
        rules = sla_rules_for(mediation, village, on=D(2026, 6, 1))
    assert list(rules) == [SlaStage.ACCEPT, SlaStage.RESOLVE]
    assert rules[SlaStage.ACCEPT].amount == 2 and rules[SlaStage.RESOLVE].amount == 30
