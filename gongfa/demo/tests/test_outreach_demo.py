"""The demo county's outreach (gongfa/demo/outreach.py), made through the outreach services: a year
of adviser logs with some villages silent, publicity plans and events in every status, prompts,
culture sites and schools, volunteers and experts, the public-good archive, and a second run that
skips."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from gongfa.demo.outreach import OutreachResult, seed_outreach
from gongfa.demo.tests.conftest import START
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.outreach.choices import EventStatus, PromptStatus, RecordStatus, VolunteerStatus
from gongfa.outreach.models import (
    AdvisorLog,
    Attachment,
    PublicGoodRecord,
    PublicityEvent,
    PublicityPlan,
    PublicityPrompt,
    School,
    Volunteer,
)
from gongfa.outreach.selectors.advisers import coverage
from gongfa.outreach.selectors.publicity import school_appointment, site_coverage

COUNTY = "339901000000"


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[OutreachResult]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            yield seed_outreach(20261124, COUNTY, START)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_a_year_of_adviser_logs_with_silent_villages(seeded: OutreachResult) -> None:
    assert not seeded.skipped
    assert seeded.logs == AdvisorLog.objects.count() > 1000
    county = Region.objects.get(code=COUNTY)
    villages = Region.objects.subtree(county).filter(level=RegionLevel.VILLAGE)
    view = coverage(villages, county)
    # Every village with an adviser logged something this year; one in twelve fell silent.
    assert {row.village.name for row in view.silent} == set(seeded.silent_villages)
    assert view.active and view.without_advisor
    assert Attachment.objects.filter(log__isnull=False, content_type="image/jpeg").exists()
    consultations = AdvisorLog.objects.filter(kind__code="consultation")
    assert consultations.exists()
    assert all(log.work_order is not None and log.work_order.status == "closed" for log in consultations)


def test_publicity_in_every_status_with_plans_prompts_sites_and_schools(seeded: OutreachResult) -> None:
    statuses = set(PublicityEvent.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in EventStatus}
    assert PublicityPlan.objects.filter(region__code=COUNTY).count() == 2
    assert all(plan.campaigns.count() == 3 for plan in PublicityPlan.objects.all())
    assert set(PublicityPrompt.objects.values_list("status", flat=True)) == {
        PromptStatus.CLOSED,
        PromptStatus.FEEDBACK_DUE,
    }
    county = Region.objects.get(code=COUNTY)
    sites = site_coverage(county)
    assert sites.uncovered and sites.covered  # below the 95 % target on purpose
    schools = school_appointment(county)
    assert 0 < schools.appointed < schools.schools == School.objects.count()


def test_public_good_volunteers_and_a_second_run(seeded: OutreachResult) -> None:
    assert seeded.public_good_records == PublicGoodRecord.objects.count() > 0
    assert PublicGoodRecord.objects.filter(source="advisor_log").exists()
    assert PublicGoodRecord.objects.filter(source="publicity_talk").exists()
    manual = PublicGoodRecord.objects.filter(source="manual")
    assert set(manual.values_list("status", flat=True)) == {RecordStatus.APPROVED, RecordStatus.PENDING}
    assert set(Volunteer.objects.values_list("status", flat=True)) == {
        VolunteerStatus.APPROVED,
        VolunteerStatus.APPLIED,
        VolunteerStatus.REJECTED,
    }
    again = seed_outreach(20261124, COUNTY, START)
    assert again.skipped and AdvisorLog.objects.count() == seeded.logs
