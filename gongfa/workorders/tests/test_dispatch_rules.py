"""Triage and dispatch: the rule table picks the place, skills/roster/load/round-robin the person."""

import datetime

import pytest
import time_machine

from gongfa.accounts.choices import Role
from gongfa.catalog.selectors import service_type_by_code
from gongfa.core.choices import Channel
from gongfa.network.choices import AgencyKind, PointTier
from gongfa.network.models import DutyShift
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.choices import SpecialGroup
from gongfa.workorders.models import DispatchRule, Topic
from gongfa.workorders.services import create_work_order

NOON = datetime.datetime(2026, 11, 25, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Beijing


def _create(citizen, region, text="问题", **kwargs):
    return create_work_order(channel=Channel.PORTAL, region=region, text=text, requester=citizen, **kwargs).order


def test_the_default_rules_send_legal_aid_to_the_legal_aid_centre(network, citizen):
    reviewer = UserFactory(role=Role.LEGAL_AID_REVIEWER, real_name="法援审查员")
    post(reviewer, network.legal_aid_centre)
    order = _create(citizen, network.villages[0], service_type=service_type_by_code("legal_aid"))
    assert order.owner_agency == network.legal_aid_centre and order.owner_point is None
    assert order.owner_user == reviewer
    assert "按分派规则“法律援助申请交法律援助中心”" in order.routing_reason


def test_a_rule_for_a_missing_kind_of_agency_falls_through(network, citizen):
    order = _create(citizen, network.villages[2], service_type=service_type_by_code("notarization"))
    assert order.owner_point == network.stations[network.townships[0].code]  # no notary office here


def test_an_earlier_rule_wins(network, citizen):
    DispatchRule.objects.create(
        name="法援先到中心窗口",
        priority=1,
        service_type=service_type_by_code("legal_aid"),
        target_point_tier=PointTier.CENTRE,
    )
    order = _create(citizen, network.villages[0], service_type=service_type_by_code("legal_aid"))
    assert order.owner_point == network.centre


def test_special_groups_can_be_routed_up_to_the_centre(network, citizen):
    DispatchRule.objects.create(
        name="残疾人直送中心", priority=5, special_groups=SpecialGroup.DISABLED, target_point_tier=PointTier.CENTRE
    )
    flagged = _create(citizen, network.villages[0], special_groups=SpecialGroup.DISABLED | SpecialGroup.ELDERLY)
    plain = _create(citizen, network.villages[0])
    assert flagged.owner_point == network.centre
    assert flagged.priority == 20  # two groups
    assert plain.owner_point != network.centre


def test_topic_rule_and_region_level(network, citizen):
    labour = Topic.objects.get(code="labour")
    DispatchRule.objects.create(
        name="劳动纠纷到乡镇", priority=1, topic=labour, region_level=5, target_point_tier=PointTier.STATION
    )
    order = _create(citizen, network.villages[0], text="老板拖欠工资")
    assert order.topic == labour
    assert order.owner_point == network.stations[network.townships[0].code]


def test_inactive_rules_and_unmatched_targets_fall_through(network, citizen):
    DispatchRule.objects.create(name="停用", priority=1, is_active=False, target_point_tier=PointTier.CENTRE)
    DispatchRule.objects.create(
        name="无处可派", priority=2, target_agency_kind=AgencyKind.NOTARY_OFFICE
    )  # no notary office in the network: ignored
    order = _create(citizen, network.villages[2])
    assert order.owner_point == network.stations[network.townships[0].code]  # default routing


def _station_with_three(network):
    station = network.stations[network.townships[0].code]
    people = [UserFactory(real_name=name) for name in ("甲", "乙", "丙")]
    for person in people:
        post(person, station)
    return station, people


@time_machine.travel(NOON, tick=False)
def test_skills_come_first(network, citizen):
    _station, (_a, b, _c) = _station_with_three(network)
    b.postings.update(topics=["labour"])
    order = _create(citizen, network.villages[2], text="老板拖欠工资")
    assert order.owner_user == b
    assert "擅长劳动纠纷" in order.routing_reason


@time_machine.travel(NOON, tick=False)
def test_then_who_is_on_duty(network, citizen):
    station, (_a, _b, c) = _station_with_three(network)
    DutyShift.objects.create(point=station, user=c, date=datetime.date(2026, 11, 25))
    order = _create(citizen, network.villages[2])
    assert order.owner_user == c
    assert "正在值班" in order.routing_reason


@time_machine.travel(NOON, tick=False)
def test_then_the_lightest_load_then_round_robin(network, citizen):
    _station, people = _station_with_three(network)
    owners = [_create(citizen, network.villages[2], text=f"问题{i}").owner_user for i in range(6)]
    # Equal people share the work in turn: everyone gets two of six.
    assert sorted(owners.count(person) for person in people) == [2, 2, 2]
    assert owners[:3] == sorted(owners[:3], key=lambda u: u.pk)


def test_supervisors_are_not_dispatch_targets(network, citizen, township_supervisor):
    order = _create(citizen, network.villages[2])
    assert order.owner_point == network.stations[network.townships[0].code]
    assert order.owner_user is None
    assert "暂无可派人员" in order.routing_reason


@pytest.mark.parametrize("inactive", ["user", "posting"])
def test_inactive_people_are_not_chosen(network, citizen, inactive):
    _station, (a, b, c) = _station_with_three(network)
    for person in (a, b):
        if inactive == "user":
            person.is_active = False
            person.save()
        else:
            person.postings.update(is_active=False)
    assert _create(citizen, network.villages[2]).owner_user == c
