"""The daily sweeps (mediation.tasks): judicial-confirmation windows about to close (第33条) and
return visits fallen due (第31条); each safe to run twice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps

from gongfa.audit.models import Event
from gongfa.mediation import rules, subscriptions
from gongfa.mediation.choices import PartySide
from gongfa.mediation.models import MediationCase
from gongfa.mediation.services.confirmation import file_confirmation
from gongfa.mediation.services.followup import flag_due_return_visits, remind_confirmation_windows
from gongfa.mediation.tasks import mark_return_visits_due, send_confirmation_reminders
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import MONDAY, TODAY, frozen, make_effective, mediator_of
from gongfa.network.models import RegionSetting
from gongfa.notifications.models import Notification
from gongfa.notifications.services import dispatch_for_event
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]
REMINDER = "mediation.mediationcase.confirmation_reminder"
VISIT_DUE = "mediation.mediationcase.return_visit_due"


def effective_with_citizen(world: MediationWorld, phone: str = "13900002222") -> tuple[MediationCase, Any]:
    citizen = CitizenFactory(real_name="赵申请", phone=phone)
    case = make_case(world, "in_mediation", applicant_user=citizen)
    make_effective(world, case)
    case.refresh_from_db()
    return case, citizen


def test_the_reminder_comes_seven_days_before_the_window_closes_and_once(frozen: Any) -> None:
    world = build_world()
    subscriptions.seed(apps, None)
    case, citizen = effective_with_citizen(world)  # window ends 2026-12-23
    frozen.shift(datetime.timedelta(days=22))  # 12-15: eight days left
    assert remind_confirmation_windows() == 0
    frozen.shift(datetime.timedelta(days=1))  # 12-16: seven days left
    assert send_confirmation_reminders() == 1
    assert send_confirmation_reminders() == 0  # twice: nothing more
    frozen.shift(datetime.timedelta(days=1))
    assert remind_confirmation_windows() == 0  # once per case and window, not once a day
    event = Event.objects.get(subject_id=str(case.pk), verb=REMINDER)
    assert event.data["window_ends_on"] == "2026-12-23" and event.data["days_left"] == 7
    assert event.actor is None and event.channel == "system"
    notices = dispatch_for_event(event)
    dispatch_for_event(event)  # a retried dispatch adds nothing
    recipients = {n.recipient for n in notices}
    assert recipients == {citizen, mediator_of(world)}  # the respondent has no account
    to_citizen = Notification.objects.get(recipient=citizen)
    assert "2026-12-23" in to_citizen.body and to_citizen.sms_requested and to_citizen.kind == "due_soon"
    assert not Notification.objects.get(recipient=mediator_of(world)).sms_requested
    assert Notification.objects.count() == 2


def test_no_reminder_once_filed_or_after_the_window(frozen: Any) -> None:
    world = build_world()
    filed, _ = effective_with_citizen(world)
    file_confirmation(actor=world.chair, case=filed, court="示范县人民法院", filed_on=TODAY)
    late, _ = effective_with_citizen(world, phone="13900003333")
    frozen.shift(datetime.timedelta(days=31))
    assert remind_confirmation_windows() == 0
    assert not Event.objects.filter(verb=REMINDER).exists()
    assert late.confirmation_window_ends_on == datetime.date(2026, 12, 23)


def test_the_reminder_lead_is_a_region_setting(frozen: Any) -> None:
    world = build_world()
    RegionSetting.objects.create(region=world.net.county, key=rules.CONFIRMATION_REMINDER_DAYS.key, value=10)
    effective_with_citizen(world)
    frozen.shift(datetime.timedelta(days=20))  # ten days left
    assert remind_confirmation_windows() == 1


def test_a_new_window_after_re_mediation_is_reminded_again(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_with_citizen(world)
    frozen.shift(datetime.timedelta(days=23))
    assert remind_confirmation_windows() == 1
    MediationCase.objects.filter(pk=case.pk).update(confirmation_window_ends_on=datetime.date(2026, 12, 20))
    assert remind_confirmation_windows() == 1
    assert Event.objects.filter(verb=REMINDER).count() == 2


def test_a_due_return_visit_is_flagged_once_and_tells_the_mediator(frozen: Any) -> None:
    world = build_world()
    subscriptions.seed(apps, None)
    case, _ = effective_with_citizen(world)
    visit = case.return_visits.get()  # due 2026-12-25
    frozen.shift(datetime.timedelta(days=31))  # 12-24
    assert flag_due_return_visits() == 0
    frozen.shift(datetime.timedelta(days=1))
    assert mark_return_visits_due() == 1
    assert mark_return_visits_due() == 0
    event = Event.objects.get(subject_id=str(case.pk), verb=VISIT_DUE)
    assert event.data["visit"] == visit.pk and event.data["due_on"] == "2026-12-25"
    notices = dispatch_for_event(event)
    assert [n.recipient for n in notices] == [mediator_of(world)]
    assert notices[0].kind == "return_visit" and "2026-12-25" in notices[0].body


def test_a_visit_on_a_case_no_longer_followed_is_not_flagged(frozen: Any) -> None:
    world = build_world()
    case, _ = effective_with_citizen(world)
    MediationCase.objects.filter(pk=case.pk).update(status="referred_to_court")
    frozen.shift(datetime.timedelta(days=40))
    assert flag_due_return_visits() == 0
    assert case.parties.filter(side=PartySide.RESPONDENT, user__isnull=True).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reminder_sweeps_at_once_remind_once() -> None:
    from gongfa.testing.concurrency import run_concurrently

    with time_machine.travel(MONDAY, tick=False) as traveller:
        world = build_world()
        effective_with_citizen(world)
        traveller.shift(datetime.timedelta(days=23))
        results, errors = run_concurrently(2, lambda _: send_confirmation_reminders.apply(throw=True).result)
        assert errors == []
        assert sorted(results) == [0, 1]
        assert Event.objects.filter(verb=REMINDER).count() == 1
        traveller.shift(datetime.timedelta(days=9))  # 12-25: the visit falls due
        visits, errors = run_concurrently(2, lambda _: mark_return_visits_due.apply(throw=True).result)
        assert errors == [] and sorted(visits) == [0, 1]
        assert Event.objects.filter(verb=VISIT_DUE).count() == 1
