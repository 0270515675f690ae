"""The demo's drafting (gongfa/demo/drafting.py): the citizen's half-written loan complaint and
made 借条, the clerk's arbitration application from a work order handed to a lawyer, one document
of every other kind at the county's points (counted by kind), and a second run that skips. The
plain demo world has open work orders enough: the history world is not needed (it cost ~80 s)."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import DjangoDbBlocker

from gongfa.accounts.models import User
from gongfa.demo.drafting import seed_drafting
from gongfa.demo.generator import DEMO_CITIZEN_PHONES
from gongfa.demo.tests.conftest import START
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.models import DraftDocument, Interview
from gongfa.drafting.services import library

COUNTY = "339901000000"

pytestmark = pytest.mark.usefixtures("drafting", "db")


@pytest.fixture(scope="module")
def drafting(seeded: str, django_db_blocker: DjangoDbBlocker, tmp_path_factory: Any) -> Any:
    from django.conf import settings

    media = tmp_path_factory.mktemp("media")
    old = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(media)
    with django_db_blocker.unblock():
        result = seed_drafting(20261124, COUNTY, START)
    yield result
    settings.MEDIA_ROOT = old


def test_the_citizen_has_a_draft_to_resume_and_a_document(drafting: Any) -> None:
    citizen = User.objects.with_phone(DEMO_CITIZEN_PHONES[0]).get()
    mine = {i.template.code: i for i in Interview.objects.filter(citizen=citizen).select_related("template")}
    loan = mine["private_loan_complaint"]
    assert loan.status == InterviewStatus.IN_PROGRESS and loan.current_step == "guarantee"
    assert len(loan.answers["loans"]) == 2 and loan.answers["plaintiff_name"] == citizen.real_name
    assert mine["iou"].status == InterviewStatus.COMPLETED and mine["iou"].documents.count() == 1


def test_the_clerk_drafted_from_an_order_and_asked_for_review(drafting: Any) -> None:
    interview = Interview.objects.get(template__code="labour_arbitration_application")
    review = interview.review_order
    assert interview.work_order is not None and interview.drafted_by is not None
    assert interview.drafted_by.username == "window" and interview.status == InterviewStatus.IN_REVIEW
    assert review is not None and review.service_type is not None and review.service_type.code == "document_drafting"
    assert interview.answers["applicant_name"] == interview.work_order.contact_name  # prefilled, kept


def test_every_kind_is_drafted_somewhere_and_a_second_run_skips(drafting: Any) -> None:
    kinds = set(DraftDocument.objects.values_list("kind", flat=True))
    assert kinds == {definition.kind for definition in library()}
    assert DraftDocument.objects.exclude(point=None).count() >= 5
    assert drafting.documents == DraftDocument.objects.count()
    again = seed_drafting(20261124, COUNTY, START)
    assert again.skipped and DraftDocument.objects.count() == drafting.documents
