"""The mediation agreement and a volunteer's registration say their state in their table's words
(issue #16 item 8): the citizen sees the phrase and the next step, never the staff label."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from gongfa.mediation.choices import AgreementForm, AgreementStatus, CaseStatus
from gongfa.mediation.models import Agreement
from gongfa.mediation.public_status import AGREEMENT_STATUS
from gongfa.mediation.testing import build_world, make_case
from gongfa.outreach.choices import VolunteerStatus
from gongfa.outreach.public_status import VOLUNTEER_STATUS
from gongfa.outreach.tests.test_volunteers_portal import URL
from gongfa.outreach.tests.test_volunteers_world import build_world as build_volunteer_world
from gongfa.outreach.tests.test_volunteers_world import volunteer
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_every_agreement_and_volunteer_state_has_citizen_words() -> None:
    assert AGREEMENT_STATUS.missing() == [] and VOLUNTEER_STATUS.missing() == []


@pytest.mark.parametrize("status", [AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE])
def test_the_agreement_on_the_case_page_says_its_state_in_plain_words(status: str) -> None:
    world = build_world()
    citizen = CitizenFactory()
    case = make_case(world, CaseStatus.IN_MEDIATION, applicant_user=citizen)
    Agreement.objects.create(
        case=case, form=AgreementForm.WRITTEN, status=status, terms="赔偿两千元", finalised_at=timezone.now()
    )
    client = Client()
    client.force_login(citizen)
    page = client.get(f"/mediation/cases/{case.pk}/").content.decode()
    assert f'data-testid="agreement-status">{AGREEMENT_STATUS.phrase(status)}<' in page
    assert f'data-testid="agreement-next">{AGREEMENT_STATUS.next_step(status)}<' in page
    assert f">{AgreementStatus(status).label}<" not in page  # not the staff label


@pytest.mark.urls("gongfa.outreach.tests.test_volunteers_portal")
@pytest.mark.parametrize("status", VolunteerStatus.values)
def test_a_volunteer_sees_the_registration_state_in_plain_words(status: str) -> None:
    from django.urls import reverse

    world = build_volunteer_world()
    citizen = CitizenFactory()
    registration = volunteer(world, status=status)
    registration.user = citizen
    registration.save(update_fields=["user"])
    client = Client()
    client.force_login(citizen)
    page = client.get(reverse(URL)).content.decode()
    assert f'data-testid="volunteer-status">{VOLUNTEER_STATUS.phrase(status)}<' in page
    assert VOLUNTEER_STATUS.next_step(status) in page
