"""The coverage view (《人民调解法》第8–10条、第34条): places without a committee, committees without a
full-time mediator or with an unlawful make-up, mediators without insurance – each in a constant
number of queries."""

from __future__ import annotations

import datetime

import pytest

from gongfa.mediation.choices import CommitteeType, Employment, Gender, MemberRole
from gongfa.mediation.coverage import (
    committees_not_notified_to_court,
    committees_with_problems,
    committees_without_full_time_mediator,
    coverage,
    mediators_without_insurance,
    townships_without_committee,
    villages_without_committee,
)
from gongfa.mediation.models import CommitteeMember, MediatorInsurance
from gongfa.mediation.testing import make_committee, make_mediator
from gongfa.network.models import RegionSetting
from gongfa.testing.factories import build_network

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)


def lawful(committee):
    committee.term_starts_on, committee.term_ends_on = datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)
    committee.save()
    return committee


def insure(mediator, starts=datetime.date(2026, 1, 1), ends=datetime.date(2026, 12, 31)):
    MediatorInsurance.objects.create(
        mediator=mediator, insurer="甲", policy_number=f"P{mediator.pk}", starts_on=starts, ends_on=ends
    )


def populate(net, *, covered_villages: int):
    """Township committees for every township, village committees for the first villages, one
    full-time insured mediator each; returns the committees."""
    committees = [lawful(make_committee(t)) for t in net.townships]
    committees += [lawful(make_committee(v, CommitteeType.VILLAGE)) for v in net.villages[:covered_villages]]
    for committee in committees:
        insure(make_mediator(committee))
    return committees


def test_lists_what_is_missing() -> None:
    net = build_network()
    township_committee = lawful(make_committee(net.townships[0]))
    village_committee = make_committee(net.villages[0], CommitteeType.RESIDENTS)  # no term recorded
    # An industry committee in village 2 does not cover it; an inactive village committee neither.
    make_committee(net.villages[1], CommitteeType.INDUSTRY, name="交通调委会")
    closed = make_committee(net.villages[2], CommitteeType.VILLAGE)
    closed.agency.is_active = False
    closed.agency.save()
    insured = make_mediator(township_committee)
    insure(insured)
    expired = make_mediator(township_committee, employment=Employment.PART_TIME)
    insure(expired, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    future = make_mediator(village_committee, employment=Employment.PART_TIME)
    insure(future, datetime.date(2026, 7, 1), datetime.date(2027, 6, 30))

    assert list(villages_without_committee(net.county)) == net.villages[1:]
    assert list(townships_without_committee(net.county)) == [net.townships[1]]
    without_full_time = set(committees_without_full_time_mediator(net.county))
    assert village_committee in without_full_time and township_committee not in without_full_time
    assert closed not in without_full_time
    assert set(mediators_without_insurance(net.county, ON)) == {expired, future}
    problems = dict(committees_with_problems(net.county, ON))
    assert township_committee not in problems
    assert any("未登记本届任期" in p for p in problems[village_committee])
    # Within one township only.
    assert list(villages_without_committee(net.townships[1])) == net.villages[3:]


def test_composition_problems_follow_the_regions_multi_ethnic_setting() -> None:
    net = build_network()
    first = lawful(make_committee(net.townships[0]))
    second = lawful(make_committee(net.townships[1]))
    assert committees_with_problems(net.county, ON) == []
    RegionSetting.objects.create(region=net.townships[1], key="mediation.multi_ethnic_area", value=True)
    found = dict(committees_with_problems(net.county, ON))
    assert set(found) == {second}
    assert any("人数较少民族" in p for p in found[second])
    # A county-wide setting reaches the first as well; a nearer "off" wins over it.
    RegionSetting.objects.create(region=net.county, key="mediation.multi_ethnic_area", value=True)
    RegionSetting.objects.create(region=net.townships[0], key="mediation.multi_ethnic_area", value=False)
    assert set(dict(committees_with_problems(net.county, ON))) == {second}
    CommitteeMember.objects.create(committee=second, name="委员丁", gender=Gender.MALE, ethnicity="壮族")
    assert committees_with_problems(net.county, ON) == []
    assert first.pk


def test_a_committee_that_lost_its_chair_and_women() -> None:
    net = build_network()
    committee = lawful(make_committee(net.townships[0]))
    CommitteeMember.objects.filter(committee=committee).exclude(role=MemberRole.CHAIR).update(is_active=False)
    (found,) = committees_with_problems(net.county, ON)
    assert found[0] == committee
    assert any("现有1人" in p for p in found[1])
    assert any("妇女" in p for p in found[1])


@pytest.mark.parametrize("size", [(1, 2), (3, 5)])
def test_constant_number_of_queries(django_assert_num_queries, size) -> None:
    townships, villages = size
    net = build_network(townships=townships, villages_per_township=villages)
    populate(net, covered_villages=villages)
    RegionSetting.objects.create(region=net.townships[0], key="mediation.multi_ethnic_area", value=True)
    county = net.county
    with django_assert_num_queries(1):
        list(villages_without_committee(county))
    with django_assert_num_queries(1):
        list(townships_without_committee(county))
    with django_assert_num_queries(1):
        list(committees_without_full_time_mediator(county))
    with django_assert_num_queries(1):
        list(mediators_without_insurance(county, ON))
    with django_assert_num_queries(3):
        committees_with_problems(county, ON)
    with django_assert_num_queries(1):
        list(committees_not_notified_to_court(county))
    with django_assert_num_queries(8):
        view = coverage(county, ON)
    assert len(view.villages_without_committee) == townships * villages - villages
    assert view.townships_without_committee == []
    assert view.mediators_without_insurance == []
    # The multi-ethnic township's committee and its villages' (the setting reaches its subtree).
    assert len(view.committees_with_problems) == 1 + villages
    assert len(view.committees_not_notified_to_court) == townships + villages
    assert not view.is_complete


def test_committees_not_notified_to_the_court() -> None:
    net = build_network()
    notified = make_committee(net.townships[0])
    notified.court_notified_on = datetime.date(2026, 1, 5)
    notified.save()
    waiting = make_committee(net.townships[1])
    assert list(committees_not_notified_to_court(net.county)) == [waiting]
