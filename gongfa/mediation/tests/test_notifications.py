"""Who hears of an escalation risk (《人民调解法》第25条): the supervisors over the committee and,
by the region's setting, the police liaison (the county's supervisors stand in for it). The default
subscriptions are valid rules of the notifications app."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.mediation import rules, subscriptions
from gongfa.mediation.choices import EscalationRisk
from gongfa.mediation.models import MediationCase
from gongfa.mediation.notifications import ESCALATION_VERB
from gongfa.mediation.services.handling import report_escalation
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.network.models import RegionSetting
from gongfa.notifications import registry
from gongfa.notifications.models import Subscription
from gongfa.notifications.services import dispatch_for_event
from gongfa.testing.factories import staff

pytestmark = pytest.mark.django_db


def escalation(world: MediationWorld, case: MediationCase) -> Event:
    """Report the risk through the service (report_escalation) and return the event it wrote."""
    report_escalation(
        actor=world.mediators[0].user, case=case, risk=EscalationRisk.CRIMINAL, description="双方扬言动手", people=4
    )
    return Event.objects.get(subject_id=str(case.pk), verb=ESCALATION_VERB)


def supervisors(world: MediationWorld) -> tuple[Any, Any]:
    township = staff(Role.SUPERVISOR, at=world.net.stations[world.net.townships[0].code], real_name="镇督办")
    county = staff(Role.SUPERVISOR, at=world.net.centre, real_name="县督办")
    return township, county


def test_an_escalation_reaches_the_committees_supervisors_and_the_police_stand_in() -> None:
    world = build_world()
    subscriptions.seed(apps, None)
    township, county = supervisors(world)
    case = make_case(world, "in_mediation")
    notices = dispatch_for_event(escalation(world, case))
    by_person = {n.recipient: n for n in notices}
    assert set(by_person) == {township, county}
    assert "可能激化为治安、刑事案件" in by_person[township].body and "涉及4人" in by_person[township].body
    assert by_person[township].title == f"纠纷激化风险：{case.number}"
    assert by_person[county].title.startswith("请转告公安机关") and by_person[county].kind == "supervision"


def test_a_village_committee_without_its_own_supervisor_reaches_the_next_level_up() -> None:
    world = build_world()
    subscriptions.seed(apps, None)
    _, county = supervisors(world)
    RegionSetting.objects.create(region=world.net.province, key=rules.ESCALATION_NOTIFIES_POLICE.key, value=False)
    case = make_case(world, "in_mediation", committee=world.village_committee)
    # Nobody is posted at the village: the township supervisor is the nearest level up.
    notices = dispatch_for_event(escalation(world, case))
    assert [n.recipient.real_name for n in notices] == ["镇督办"]
    assert county not in [n.recipient for n in notices]  # the police setting is off


def test_with_nobody_posted_above_nobody_is_told() -> None:
    world = build_world()
    subscriptions.seed(apps, None)
    case = make_case(world, "in_mediation")
    assert dispatch_for_event(escalation(world, case)) == []


def test_the_default_subscriptions_are_valid_rules() -> None:
    subscriptions.seed(apps, None)
    subscriptions.seed(apps, None)  # twice: still one rule each
    rows = list(Subscription.objects.filter(event_kind__startswith="mediation."))
    assert len(rows) == len(subscriptions.RULES) == 5
    for row in rows:
        row.clean()  # known event kind and resolver, every placeholder allowed
    assert registry.event_kind(ESCALATION_VERB) is not None
    subscriptions.unseed(apps, None)
    assert not Subscription.objects.filter(event_kind__startswith="mediation.").exists()
