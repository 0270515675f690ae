import datetime

import pytest

from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus, MaterialKind, ProposalOutcome
from gongfa.legalaid.models import LegalAidNotice
from gongfa.legalaid.services import (
    add_material,
    lapse_supplements,
    receive_supplement,
    request_supplement,
    save_draft,
    submit_application,
)
from gongfa.legalaid.tests.conftest import PDF, WAGES, pdf


@pytest.fixture
def received(network, worker, frozen, standard):
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )


ITEMS = [
    {"kind": MaterialKind.EXEMPT_PROOF, "note": "务工证明（劳动合同、工牌或工友证言均可）"},
    {"kind": MaterialKind.CASE_MATERIALS, "note": "欠薪凭证"},
]


@pytest.mark.django_db
def test_one_notice_lists_every_missing_item_and_pauses_the_review_clock(received, reviewer, frozen):
    frozen.move_to(datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC))  # two days used
    request = request_supplement(application=received, actor=reviewer, items=ITEMS, due_days=10)
    received.refresh_from_db()
    assert received.status == ApplicationStatus.SUPPLEMENT_REQUESTED
    assert [item["kind"] for item in request.items] == ["exempt_proof", "case_materials"]
    assert request.due == datetime.date(2026, 12, 5 + 2)  # 10 days → Sat 12-05 rolls to Mon 12-07
    assert received.review_days_used == 2 and received.review_paused_on == datetime.date(2026, 11, 25)
    notice = LegalAidNotice.objects.get(application=received, kind=LegalAidNotice.Kind.SUPPLEMENT)
    assert notice.number == "法援补〔2026〕1号" and len(notice.body["items"]) == 2

    with pytest.raises(DomainError) as error:  # 一次性: a second notice is refused
        request_supplement(application=received, actor=reviewer, items=ITEMS[:1], due_days=5)
    assert error.value.code == "supplement_already_requested"


@pytest.mark.django_db
def test_supplying_every_item_resumes_the_clock_with_the_days_left(received, reviewer, worker, frozen):
    frozen.move_to(datetime.datetime(2026, 11, 25, 2, 0, tzinfo=datetime.UTC))
    request_supplement(application=received, actor=reviewer, items=ITEMS, due_days=10)
    frozen.move_to(datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC))
    add_material(application=received, actor=worker, kind=MaterialKind.EXEMPT_PROOF, upload=pdf())
    with pytest.raises(DomainError) as error:
        receive_supplement(application=received, actor=worker)
    assert error.value.code == "items_missing" and "案件相关材料" in error.value.message
    add_material(application=received, actor=worker, kind=MaterialKind.CASE_MATERIALS, upload=pdf("欠条.pdf", PDF))

    resumed = receive_supplement(application=received, actor=worker)

    assert resumed.status == ApplicationStatus.UNDER_REVIEW
    # 5 days left from Tue 12-01 end on Sun 12-06, which rolls to Mon 12-07 (《民法典》第203条).
    assert resumed.review_due == datetime.date(2026, 12, 7)
    assert resumed.proposal_outcome == ProposalOutcome.ELIGIBLE  # the proof is now on file (第42条)


@pytest.mark.django_db
def test_deadline_passing_with_nothing_supplied_is_deemed_withdrawal_once(received, reviewer, frozen):
    request_supplement(application=received, actor=reviewer, items=ITEMS, due_days=3)
    frozen.move_to(datetime.datetime(2026, 12, 10, 2, 0, tzinfo=datetime.UTC))
    assert lapse_supplements() == 1
    assert lapse_supplements() == 0  # safe to run again
    received.refresh_from_db()
    assert received.status == ApplicationStatus.DEEMED_WITHDRAWN
    assert received.notices.filter(kind=LegalAidNotice.Kind.DEEMED_WITHDRAWAL).count() == 1


@pytest.mark.django_db
def test_supplement_needs_items_and_a_deadline(received, reviewer):
    with pytest.raises(DomainError) as error:
        request_supplement(application=received, actor=reviewer, items=[])  # and no period: both at once
    problems = [(p.field, p.code) for p in error.value.problems]
    assert problems == [("items", "no_items"), ("due_days", "invalid_due_days")]
    with pytest.raises(DomainError) as error:
        request_supplement(application=received, actor=reviewer, items=ITEMS)  # region sets no default
    assert error.value.code == "invalid_due_days"
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED and not received.supplement_requests.exists()
