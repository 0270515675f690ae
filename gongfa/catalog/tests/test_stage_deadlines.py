"""All the stage deadlines of a work order at once, in a bounded number of queries."""

import datetime

import pytest

from gongfa.catalog.choices import SlaStage
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.catalog.selectors import stage_deadlines
from gongfa.catalog.tests.conftest import at, end_of

pytestmark = pytest.mark.django_db


def _type(code):
    return ServiceType.objects.get(code=code)


def test_consultation_stages(network):
    deadlines = stage_deadlines(_type("consultation"), network.villages[0], at(2026, 9, 30, 20))
    assert list(deadlines) == [SlaStage.ACCEPT, SlaStage.FIRST_CONTACT, SlaStage.RESOLVE]
    assert deadlines[SlaStage.ACCEPT].due == at(2026, 10, 1, 20)
    assert deadlines[SlaStage.FIRST_CONTACT].due == at(2026, 10, 1, 20)
    # 7 working days after Wed 09-30: 10-08, 09, Sat 10 (make-up), 12, 13, 14, 15.
    assert deadlines[SlaStage.RESOLVE].due == end_of(2026, 10, 15)
    assert all(d.warnings == () for d in deadlines.values())


def test_keys_compare_equal_to_plain_strings(network):
    deadlines = stage_deadlines(_type("complaint"), network.villages[0], at(2026, 3, 2, 10))
    assert set(map(str, deadlines)) == {"first_contact", "resolve"}
    assert deadlines["first_contact"].due == end_of(2026, 3, 3)


def test_legal_aid_uses_the_region_mode_and_stays_within_four_queries(network, django_assert_max_num_queries):
    legal_aid = _type("legal_aid")
    # Cold: the SLA rules, the Holiday rows and complete years (kept per process), the region's mode.
    with django_assert_max_num_queries(4):
        deadlines = stage_deadlines(legal_aid, network.villages[0], at(2026, 9, 28, 10))
    assert deadlines[SlaStage.ACCEPT].due == end_of(2026, 9, 29)
    assert deadlines[SlaStage.RESOLVE].due == end_of(2026, 10, 8)
    with django_assert_max_num_queries(1):  # warm: the region's mode only
        assert stage_deadlines(legal_aid, network.villages[0], at(2026, 9, 28, 10)) == deadlines


@pytest.mark.parametrize("code", ["consultation", "legal_aid", "mediation", "notarization", "appraisal", "complaint"])
def test_every_default_type_is_bounded(network, code, django_assert_max_num_queries):
    service_type = _type(code)
    with django_assert_max_num_queries(4):
        stage_deadlines(service_type, network.villages[0], at(2026, 9, 28, 10))
    with django_assert_max_num_queries(1):
        stage_deadlines(service_type, network.villages[0], at(2026, 9, 28, 10))


def test_regional_overrides_are_used(network):
    SlaRule.objects.create(
        service_type=_type("consultation"),
        stage=SlaStage.RESOLVE,
        region=network.county,
        amount=8,
        unit="working_hours",
        effective_from=datetime.date(2026, 1, 1),
    )
    deadlines = stage_deadlines(_type("consultation"), network.villages[0], at(2026, 9, 24, 15))
    assert deadlines[SlaStage.RESOLVE].due == at(2026, 9, 28, 15)
    assert deadlines[SlaStage.ACCEPT].due == at(2026, 9, 25, 15)


def test_rules_in_force_on_the_start_date_are_used(network):
    SlaRule.objects.create(
        service_type=_type("complaint"),
        stage=SlaStage.RESOLVE,
        region=None,
        amount=10,
        unit="working_days",
        effective_from=datetime.date(2026, 10, 1),
    )
    before = stage_deadlines(_type("complaint"), None, at(2026, 9, 1, 10))
    after = stage_deadlines(_type("complaint"), None, at(2026, 11, 2, 10))
    assert before[SlaStage.RESOLVE].label.startswith("办结：15")
    assert after[SlaStage.RESOLVE].label.startswith("办结：10")


def test_a_type_without_rules_gives_nothing(django_assert_max_num_queries):
    bare = ServiceType.objects.create(code="bare", name="无时限", summary="测试")
    with django_assert_max_num_queries(1):
        assert stage_deadlines(bare, None, at(2026, 9, 28, 10)) == {}


def test_calendar_hours_only_need_the_rules_query(django_assert_num_queries):
    bare = ServiceType.objects.create(code="bare", name="仅小时", summary="测试")
    SlaRule.objects.create(service_type=bare, stage=SlaStage.ACCEPT, amount=2, unit="hours")
    with django_assert_num_queries(1):
        deadlines = stage_deadlines(bare, None, at(2026, 9, 28, 10))
    assert deadlines[SlaStage.ACCEPT].due == at(2026, 9, 28, 12)
