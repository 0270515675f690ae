"""Who hears of a referral: the institution's staff when it is commissioned, the registrar when it
is declined or the opinion issued. The default subscriptions are valid rules."""

import pytest
from django.apps import apps

from gongfa.appointments.notifications.appraisal import COMMISSION_VERB, OPINION_VERB
from gongfa.appointments.services import appraisal as svc
from gongfa.appointments.subscriptions import appraisal as subscriptions
from gongfa.appointments.tests.test_appraisal_world import build_world, commissioned, in_appraisal
from gongfa.audit.models import Event
from gongfa.notifications import registry
from gongfa.notifications.models import Subscription
from gongfa.notifications.services import dispatch_for_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_the_default_subscriptions_are_valid_rules(world):
    from gongfa.appointments.subscriptions import seed

    seed(apps, None)
    rows = list(Subscription.objects.filter(event_kind__startswith="appointments.appraisalreferral."))
    assert len(rows) == len(subscriptions.RULES) == 3
    for row in rows:
        row.clean()
    assert registry.event_kind(COMMISSION_VERB) is not None


def test_commission_tells_the_institution_and_the_opinion_the_registrar(world):
    from gongfa.appointments.subscriptions import seed

    seed(apps, None)
    made = commissioned(world)
    event = Event.objects.get(verb=COMMISSION_VERB, subject_id=str(made.pk))
    told = {n.recipient for n in dispatch_for_event(event)}
    assert told == {world.appraiser, world.clerk}
    done = in_appraisal(world)
    svc.issue_opinion(actor=world.appraiser, referral=done, opinion_number="N9")
    event = Event.objects.get(verb=OPINION_VERB, subject_id=str(done.pk))
    notices = dispatch_for_event(event)
    assert [n.recipient for n in notices] == [world.reviewer]
    assert done.number in notices[0].title
