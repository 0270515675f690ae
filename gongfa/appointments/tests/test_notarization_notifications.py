"""Who hears of a notarization step: the notary of an accepted case (and the replacement on
recusal), the applicant of a supplement request (the clock pauses) and of an issued certificate. The
default subscriptions are valid rules of the notifications app."""

from __future__ import annotations

import pytest
from django.apps import apps

from gongfa.appointments.services.notarization import issue_certificate, recuse_notary, request_supplement
from gongfa.appointments.subscriptions import notarization as subscriptions
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.audit.models import Event
from gongfa.notifications.models import Notification, Subscription
from gongfa.notifications.services import dispatch_for_event

pytestmark = pytest.mark.django_db
PREFIX = "appointments.notarizationcase."


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def notices(case_pk: int, action: str) -> list[Notification]:
    event = Event.objects.filter(subject_id=str(case_pk), verb=PREFIX + action).latest("pk")
    return dispatch_for_event(event)


def test_the_notary_and_the_applicant_are_told(world: NotaryWorld) -> None:
    case = accept(world, apply(world))
    [assigned] = notices(case.pk, "accept")
    assert assigned.recipient == world.notary and assigned.title == f"新承办公证案件：{case.number}"
    recuse_notary(actor=world.clerk, case=case, reason="近亲属", replacement=world.notary2)
    [replaced] = notices(case.pk, "recuse")
    assert replaced.recipient == world.notary2
    request_supplement(actor=world.notary2, case=case, request="请补充出生医学证明。")
    [asked] = notices(case.pk, "request_supplement")
    assert asked.recipient == world.citizen and "请补充出生医学证明。" in asked.body
    walk_in = accept(world, apply(world, user=None))
    issue_certificate(actor=world.notary, case=walk_in, certificate_number="(2026)示证字第7号")
    assert notices(walk_in.pk, "issue") == []  # no account to tell


def test_the_default_subscriptions_are_valid_rules() -> None:
    before = Subscription.objects.filter(event_kind__startswith=PREFIX).count()
    assert before == len(subscriptions.RULES) == 4  # seeded like a fresh database
    for row in Subscription.objects.filter(event_kind__startswith=PREFIX):
        row.clean()  # known event kind and resolver, every placeholder allowed
    from gongfa.appointments.subscriptions import seed

    seed(apps, None)
    assert Subscription.objects.filter(event_kind__startswith=PREFIX).count() == before
