"""The automatic public-good records (outreach.services.publicgood.sync_public_good): one record
per source item, what qualifies, and the upsert (create, update, delete) safe to run twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from gongfa.accounts.choices import Role
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.mediation.choices import CaseStatus
from gongfa.mediation.models import CaseMediator, Mediator
from gongfa.mediation.testing import build_world, make_case
from gongfa.outreach.choices import EventStatus, PublicGoodSource, RecordStatus
from gongfa.outreach.models import PublicGoodRecord
from gongfa.outreach.services.publicgood import sync_public_good
from gongfa.outreach.tasks_publicgood import sync_public_good_nightly, sync_public_good_year
from gongfa.outreach.tests import publicgood_support as h
from gongfa.testing.factories import law_firm, staff

pytestmark = pytest.mark.django_db
S = PublicGoodSource


def keys(**filters):
    return set(PublicGoodRecord.objects.filter(**filters).values_list("source_key", flat=True))


def test_a_closed_legal_aid_case_is_one_case_for_its_provider(network):
    lawyer = h.lawyer(network.county)
    day = h.days_ago(3)
    case = h.legal_aid_case(network.county, network.legal_aid_centre, lawyer, on=day)
    h.legal_aid_case(network.county, network.legal_aid_centre, lawyer, status=ApplicationStatus.IN_SERVICE, on=day)
    h.legal_aid_case(network.county, network.legal_aid_centre, lawyer, status=ApplicationStatus.TERMINATED, on=day)
    result = sync_public_good()
    assert result.created == 1
    rec = PublicGoodRecord.objects.get()
    assert rec.source_key == f"legalaid:{case.pk}:{lawyer.pk}"
    assert (rec.person, rec.cases, rec.hours, rec.occurred_on) == (lawyer, 1, Decimal(0), day)
    assert rec.status == RecordStatus.APPROVED and rec.agency == law_firm(network.county)


def test_sync_is_idempotent_and_updates_and_deletes(network):
    lawyer = h.lawyer(network.county)
    case = h.legal_aid_case(network.county, network.legal_aid_centre, lawyer, on=h.days_ago(3))
    shift = h.shift(network.centre, lawyer, h.days_ago(2))
    first = sync_public_good()
    again = sync_public_good()
    assert (first.created, again.created, again.updated, again.deleted) == (2, 0, 0, 0)
    assert PublicGoodRecord.objects.count() == 2
    # The shift is shortened: the record follows.
    shift.ends_at = shift.ends_at.replace(hour=10, minute=0)
    shift.save()
    # The case is reopened: its record goes.
    case.status = ApplicationStatus.IN_SERVICE
    case.save()
    done = sync_public_good()
    assert (done.created, done.updated, done.deleted) == (0, 1, 1)
    assert PublicGoodRecord.objects.get().hours == Decimal("1.0")


def test_manual_records_are_never_touched(network):
    lawyer = h.lawyer(network.county)
    entry = h.manual(lawyer, h.days_ago(1))
    assert sync_public_good() == sync_public_good()
    assert PublicGoodRecord.objects.filter(pk=entry.pk, status=RecordStatus.PENDING).exists()


def test_shifts_count_only_past_ones_of_lawyers_and_legal_workers(network):
    lawyer = h.lawyer(network.county)
    worker = staff(Role.WINDOW_STAFF, at=network.centre)
    office_worker = staff(Role.WINDOW_STAFF)
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency
    from gongfa.testing.factories import post

    office = Agency.objects.create(
        name="示范1镇法律服务所", kind=AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE, region=network.townships[0]
    )
    post(office_worker, office)
    past = h.shift(network.centre, lawyer, h.days_ago(5), 9, 12)  # 3.5 hours
    h.shift(network.centre, lawyer, h.days_ago(-3))  # in the future
    h.shift(network.centre, worker, h.days_ago(5))  # not a lawyer
    by_office = h.shift(network.centre, office_worker, h.days_ago(4), 14, 16, 0)
    sync_public_good()
    assert keys(source=S.DUTY_SHIFT) == {f"shift:{past.pk}", f"shift:{by_office.pk}"}
    assert PublicGoodRecord.objects.get(source_key=f"shift:{past.pk}").hours == Decimal("3.5")
    assert PublicGoodRecord.objects.get(source_key=f"shift:{by_office.pk}").agency == office


def test_duty_help_counts_once_help_was_given(network):
    lawyer = h.lawyer(network.county)
    given = h.duty_help(network.legal_aid_centre, lawyer, helped=h.days_ago(2))
    h.duty_help(network.legal_aid_centre, lawyer, helped=None)
    sync_public_good()
    assert keys(source=S.DUTY_HELP) == {f"dutyhelp:{given.pk}"}


def test_advisor_logs_use_their_hours_or_the_kinds_default(network):
    adviser = h.lawyer(network.county, role=Role.VILLAGE_ADVISOR)
    village = network.villages[0]
    timed = h.advisor_log(village, adviser, h.days_ago(3), hours="2.5")
    untimed = h.advisor_log(village, adviser, h.days_ago(2), hours="0")
    h.advisor_log(village, adviser, h.days_ago(-2), hours="1")  # a future date does not count
    sync_public_good()
    hours = dict(PublicGoodRecord.objects.filter(source=S.ADVISOR_LOG).values_list("source_key", "hours"))
    assert hours == {f"advisorlog:{timed.pk}": Decimal("2.5"), f"advisorlog:{untimed.pk}": Decimal("4.0")}


def test_publicity_talks_of_held_events_count_the_events_hours(network):
    lawyer = h.lawyer(network.county)
    held = h.talk(network.county, [lawyer], h.days_ago(4))
    h.talk(network.county, [lawyer], h.days_ago(3), status=EventStatus.PLANNED)
    h.talk(network.county, [lawyer], h.days_ago(3), status=EventStatus.CANCELLED)
    archived = h.talk(network.county, [lawyer], h.days_ago(2), status=EventStatus.ARCHIVED)
    sync_public_good()
    assert keys(source=S.PUBLICITY_TALK) == {f"talk:{held.pk}:{lawyer.pk}", f"talk:{archived.pk}:{lawyer.pk}"}
    assert {r.hours for r in PublicGoodRecord.objects.filter(source=S.PUBLICITY_TALK)} == {Decimal("1.5")}


def test_mediation_counts_closed_cases_of_lawyers_only():
    world = build_world()
    lawyer = h.lawyer(world.net.county)
    as_mediator = Mediator.objects.create(user=lawyer, committee=world.township_committee)
    closed = make_case(world, CaseStatus.CLOSED)  # world.mediators[0] (a mediator, not a lawyer) presides
    closed.closed_at = h.moment(h.days_ago(2))
    closed.save()
    CaseMediator.objects.create(case=closed, mediator=as_mediator, role="assisting")
    ongoing = make_case(world, CaseStatus.IN_MEDIATION)
    CaseMediator.objects.create(case=ongoing, mediator=as_mediator, role="assisting")
    sync_public_good()
    assert keys(source=S.MEDIATION) == {f"mediation:{closed.pk}:{lawyer.pk}"}


def test_sync_for_one_person_and_year_leaves_the_rest(network):
    a = h.lawyer(network.county, name="甲")
    b = h.lawyer(network.county, name="乙")
    day = h.days_ago(2)
    h.legal_aid_case(network.county, network.legal_aid_centre, a, on=day)
    case_b = h.legal_aid_case(network.county, network.legal_aid_centre, b, on=day)
    sync_public_good()
    case_b.status = ApplicationStatus.IN_SERVICE
    case_b.save()
    old = h.record(a, S.DUTY_SHIFT, day.replace(year=day.year - 2), hours="3", key="shift:999999")
    sync_public_good(person=a, year=day.year)
    assert keys(person=b) == {f"legalaid:{case_b.pk}:{b.pk}"}  # b's stale record waits for b's sync
    assert PublicGoodRecord.objects.filter(pk=old.pk).exists()  # another year is left alone
    sync_public_good(person=b)
    assert not keys(person=b)


def test_the_nightly_task_and_the_command_run_the_sync(network):
    lawyer = h.lawyer(network.county)
    h.legal_aid_case(network.county, network.legal_aid_centre, lawyer, on=h.days_ago(1))
    # Tasks run eagerly without a broker: the nightly task queues one sync per year.
    years = sync_public_good_nightly.apply().get()
    assert years == [h.days_ago(1).year - 1, h.days_ago(1).year] or len(years) == 2
    assert PublicGoodRecord.objects.count() == 1
    assert sync_public_good_year.apply(args=[h.days_ago(1).year]).get() == 0  # nothing left to change
    call_command("sync_public_good", "--person", str(lawyer.pk))
    assert PublicGoodRecord.objects.count() == 1


def test_a_published_typical_case_counts_for_the_practitioner_who_nominated_it(network):
    from gongfa.outreach.choices import TypicalCaseStatus
    from gongfa.outreach.tests.cases_testing import published_case

    lawyer = h.lawyer(network.county)
    clerk = staff(Role.WINDOW_STAFF, at=network.centre)  # not a practitioner: not counted
    counted = published_case(network, nominated_by=lawyer)
    published_case(network, nominated_by=clerk)
    published_case(network, nominated_by=lawyer, status=TypicalCaseStatus.IN_REVIEW, published_at=None)
    sync_public_good()
    assert keys(source=S.TYPICAL_CASE) == {f"typical:{counted.pk}:{lawyer.pk}"}
