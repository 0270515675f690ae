"""The interview's pages on the portal and the workbench: a step shows every problem at once and
keeps what was typed, a group's item is added without saving, the review page shows the whole
document and what is missing, and the files download only for those who may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.core.choices import Channel
from gongfa.drafting.models import Interview
from gongfa.drafting.services import save_answers, start_interview
from gongfa.drafting.tests.conftest import loan_answers_by_step
from gongfa.testing.factories import CitizenFactory
from gongfa.workorders.services import create_work_order

pytestmark = pytest.mark.django_db


def _step_url(namespace, interview, key):
    return reverse(f"{namespace}:drafting_step", args=[interview.reference, key])


def test_the_choice_page_lists_every_template_and_starts_one(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("portal:drafting_choose"))
    assert page.status_code == 200
    assert "民事起诉状（民间借贷纠纷）" in page.text and "借条" in page.text
    started = client.post(reverse("portal:drafting_start"), {"template": "private_loan_complaint"})
    interview = Interview.objects.get(citizen=citizen)
    assert started.status_code == 302 and started["Location"] == _step_url("portal", interview, "plaintiff")
    assert "陈秀英" in client.get(started["Location"]).text  # prefilled from the account


def test_a_step_with_bad_answers_comes_back_with_every_error_and_what_was_typed(client, citizen):
    client.force_login(citizen)
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    data = {
        "loans-count": "2",
        "loans-1-contract_date": "2024-03-01", "loans-1-principal": "-5", "loans-1-lent_on": "2024-03-01",
        "loans-1-delivery": "cash",
        "loans-2-contract_date": "2024-05-01", "loans-2-principal": "abc", "loans-2-lent_on": "2024-04-01",
        "loans-2-delivery": "cash",
        "action": "next",
    }  # fmt: skip
    page = client.post(_step_url("portal", interview, "loans"), data)
    assert page.status_code == 400
    assert page.text.count('class="error-message"') >= 3 and "error-summary" in page.text
    assert 'value="abc"' in page.text  # what was typed is kept
    assert "loans" not in Interview.objects.get(pk=interview.pk).answers


def test_adding_an_item_redraws_the_step_without_saving(client, citizen):
    client.force_login(citizen)
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    data = {"loans-count": "1", "loans-1-principal": "5000", "action": "add:loans"}
    page = client.post(_step_url("portal", interview, "loans"), data)
    assert page.status_code == 200
    assert 'name="loans-2-principal"' in page.text and 'value="5000"' in page.text
    assert "loans" not in Interview.objects.get(pk=interview.pk).answers


def test_saving_goes_on_to_the_next_step_and_the_last_to_the_review_page(client, citizen):
    client.force_login(citizen)
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    raw = loan_answers_by_step()["plaintiff"] | {"action": "next"}
    response = client.post(_step_url("portal", interview, "plaintiff"), raw)
    assert response.status_code == 302 and response["Location"] == _step_url("portal", interview, "defendants")
    last = client.post(_step_url("portal", interview, "court"), {"court": "示范县人民法院", "action": "next"})
    assert last["Location"] == reverse("portal:drafting_review", args=[interview.reference])


def test_the_review_page_lists_what_is_missing_with_links_to_its_steps(client, citizen):
    client.force_login(citizen)
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    page = client.get(reverse("portal:drafting_review", args=[interview.reference]))
    assert page.status_code == 200 and 'data-testid="missing"' in page.text
    assert _step_url("portal", interview, "facts") in page.text


def test_the_review_page_shows_the_document_and_the_cap_warning(client, citizen):
    client.force_login(citizen)
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    for step, raw in loan_answers_by_step().items():
        save_answers(interview=interview, actor=citizen, step=step, raw=raw)
    page = client.get(reverse("portal:drafting_review", args=[interview.reference]))
    assert 'data-testid="document-preview"' in page.text and "53520.00" in page.text
    assert "第二十五条" in page.text and 'data-testid="warnings"' in page.text


def test_someone_else_gets_not_found(client, citizen):
    interview = start_interview(code="private_loan_complaint", actor=citizen)
    client.force_login(CitizenFactory())
    assert client.get(_step_url("portal", interview, "plaintiff")).status_code == 404
    assert client.get(reverse("portal:drafting_detail", args=[interview.reference])).status_code == 404


def test_a_clerk_drafts_from_a_work_order_prefilled(client, clerk, network):
    order = create_work_order(
        channel=Channel.WINDOW, region=network.county, text="被公司拖欠三个月工资，想申请劳动仲裁。",
        contact_name="赵大军", contact_phone="13900139000", received_by=clerk, handle_myself=True,
    ).order  # fmt: skip
    client.force_login(clerk)
    page = client.get(reverse("workbench:drafting_choose") + f"?order={order.tracking_number}")
    assert page.status_code == 200 and order.tracking_number in page.text
    started = client.post(
        reverse("workbench:drafting_start"),
        {"template": "labour_arbitration_application", "order": order.tracking_number},
    )
    interview = Interview.objects.get(work_order=order)
    assert interview.drafted_by == clerk and interview.point == network.centre and interview.channel == "window"
    step = client.get(started["Location"])
    assert "赵大军" in step.text and "13900139000" in step.text
    # The order's page links the draft and offers to draft another.
    order_page = client.get(reverse("workbench:order_detail", args=[order.tracking_number]))
    assert reverse("workbench:drafting_detail", args=[interview.reference]) in order_page.text
    assert 'data-testid="draft-for-order"' in order_page.text


def test_the_workbench_list_does_not_grow_queries_with_drafts(client, clerk, network, django_assert_max_num_queries):
    client.force_login(clerk)
    for _ in range(3):
        start_interview(code="iou", actor=clerk, point=network.centre, channel=Channel.WINDOW)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("workbench:drafting_choose"))
    for _ in range(6):
        start_interview(code="iou", actor=clerk, point=network.centre, channel=Channel.WINDOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("workbench:drafting_choose"))
    assert page.text.count("借条") >= 9


def test_staff_draft_for_a_legal_aid_case_prefilled_from_it(client, network):
    from gongfa.accounts.choices import Role
    from gongfa.legalaid.tests.conftest import court_notice
    from gongfa.testing.factories import staff

    reviewer = staff(Role.LEGAL_AID_REVIEWER, at=network.legal_aid_centre)
    case = court_notice(reviewer, network.county, name="刘援助")
    assert case.number
    client.force_login(reviewer)
    page = client.get(reverse("workbench:drafting_choose") + f"?case={case.number}")
    assert page.status_code == 200 and 'data-testid="drafting-case"' in page.text
    started = client.post(reverse("workbench:drafting_start"), {"template": "iou", "case": case.number})
    interview = Interview.objects.get(legal_aid_application=case)
    assert interview.answers["borrower_name"] == "刘援助"
    assert started["Location"] == _step_url("workbench", interview, interview.current_step)
    assert client.get(reverse("workbench:drafting_choose") + "?case=NO-SUCH").status_code == 404
