"""Return visits to recipients (回访受援人, 《法律援助法》第59条) and the closing-review checklist."""

import datetime
from typing import Any, cast

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.legalaid.choices import ApplicationStatus, IntakeChannel, MaterialKind
from gongfa.legalaid.models import ReturnVisit
from gongfa.legalaid.services import (
    add_material,
    assign_provider,
    close_case,
    file_closing_report,
    grant,
    receive_application,
    sign_engagement,
)
from gongfa.legalaid.services.visits import closing_checklist, record_return_visit
from gongfa.legalaid.tests.conftest import CASE_FORM, MONDAY, pdf
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.network.scope import forget_scope
from gongfa.testing.factories import make_id_number, post, staff

# Every database test here needs the hardship standard.
pytestmark = pytest.mark.usefixtures("hardship_standard_for_db_tests")


@pytest.fixture
def in_service(network, reviewer, lawyers, frozen):
    application = receive_application(
        actor=reviewer,
        region=network.villages[0],
        data={**CASE_FORM, "applicant_name": "陈受援", "id_number": make_id_number(seq=91)},
        intake_channel=IntakeChannel.WINDOW,
    )
    grant(application=application, actor=reviewer)
    application = assign_provider(application=application, actor=reviewer, provider=lawyers[0])
    return sign_engagement(application=application, actor=lawyers[0])


@pytest.fixture
def at_closing_review(in_service, lawyers, frozen):
    frozen.shift(datetime.timedelta(hours=1))
    add_material(application=in_service, actor=lawyers[0], kind=MaterialKind.OTHER, upload=pdf("调解书.pdf"))
    return file_closing_report(application=in_service, actor=lawyers[0], report="调解结案，追回工资一万二千元。")


@pytest.mark.django_db
def test_the_agency_records_a_satisfied_phone_visit_at_the_closing_review(at_closing_review, reviewer, frozen):
    frozen.shift(datetime.timedelta(hours=2))
    visit = record_return_visit(
        application=at_closing_review,
        actor=reviewer,
        method=ReturnVisit.Method.PHONE,
        satisfied="true",
        opinion="律师很负责，工资已经拿到。",
    )
    assert visit.satisfied is True and visit.method == "phone" and visit.visitor == reviewer
    assert visit.visited_at == MONDAY + datetime.timedelta(hours=3)
    event = Event.objects.get(subject_id=str(at_closing_review.pk), verb="legalaid.return_visit")
    assert event.data == {"visit": visit.pk, "method": "phone", "satisfied": True} and event.actor == reviewer


@pytest.mark.django_db
def test_a_visit_may_also_follow_the_closing(at_closing_review, reviewer, frozen, network):
    from gongfa.network.models import RegionSetting

    RegionSetting.objects.create(region=network.province, key="la.return_visit_before_close", value=False)
    closed = close_case(application=at_closing_review, actor=reviewer, subsidy_amount="800")
    visit = record_return_visit(
        application=closed, actor=reviewer, method="home", satisfied=False, issues="承办律师开庭前未与本人沟通。"
    )
    assert closed.status == ApplicationStatus.CLOSED and visit.satisfied is False
    assert visit.issues == "承办律师开庭前未与本人沟通。"


@pytest.mark.django_db
def test_no_visit_before_the_closing_review(in_service, reviewer):
    with pytest.raises(DomainError) as error:
        record_return_visit(application=in_service, actor=reviewer, method="phone", satisfied=True)
    assert error.value.code == "not_closing"
    assert not ReturnVisit.objects.exists()


@pytest.mark.django_db
def test_only_the_agency_visits_and_never_the_provider(at_closing_review, lawyers, network, reviewer):
    with pytest.raises(NotPermitted):  # the provider is not the agency's staff
        record_return_visit(application=at_closing_review, actor=lawyers[0], method="phone", satisfied=True)
    window = staff(Role.WINDOW_STAFF, at=network.centre)
    with pytest.raises(NotPermitted):  # staff of the service centre, not of the legal aid agency
        record_return_visit(application=at_closing_review, actor=window, method="phone", satisfied=True)
    other = Agency.objects.create(name="他县法律援助中心", kind=AgencyKind.LEGAL_AID_CENTRE, region=network.province)
    with pytest.raises(NotPermitted):
        record_return_visit(
            application=at_closing_review,
            actor=staff(Role.LEGAL_AID_REVIEWER, at=other),
            method="phone",
            satisfied=True,
        )
    post(lawyers[0], network.legal_aid_centre)  # a provider who also works at the agency
    forget_scope(lawyers[0])
    with pytest.raises(DomainError) as error:
        record_return_visit(application=at_closing_review, actor=lawyers[0], method="phone", satisfied=True)
    assert error.value.code == "conflict_of_interest"
    assert not ReturnVisit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"method": "letter"}, "invalid_method", "method"),
        ({"method": ""}, "invalid_method", "method"),
        ({"satisfied": None}, "required", "satisfied"),
        ({"satisfied": "maybe"}, "required", "satisfied"),
        ({"satisfied": False, "issues": "  "}, "required", "issues"),
        ({"opinion": "很" * 2001}, "too_long", "opinion"),
        ({"visited_at": MONDAY + datetime.timedelta(days=1)}, "future_time", "visited_at"),
        ({"visited_at": MONDAY - datetime.timedelta(days=1)}, "before_closing_report", "visited_at"),
        ({"visited_at": "2026-11-23"}, "invalid_time", "visited_at"),
    ],
)
def test_bad_visit_input_is_refused_with_its_field(at_closing_review, reviewer, kwargs, code, field):
    arguments = {"method": "phone", "satisfied": True, **kwargs}
    with pytest.raises(DomainError) as error:
        record_return_visit(application=at_closing_review, actor=reviewer, **arguments)
    assert (error.value.code, error.value.field) == (code, field)
    assert not ReturnVisit.objects.exists()


@pytest.mark.django_db
def test_the_closing_checklist_shows_what_the_review_still_lacks(in_service, lawyers, reviewer, frozen):
    checklist = closing_checklist(in_service)
    assert [item.code for item in checklist.items] == ["report", "documents", "subsidy", "return_visit"]
    assert [item.code for item in checklist.missing] == ["report", "documents", "subsidy", "return_visit"]

    add_material(application=in_service, actor=lawyers[0], kind=MaterialKind.OTHER, upload=pdf("判决书.pdf"))
    application = file_closing_report(application=in_service, actor=lawyers[0], report="胜诉。")
    checklist = closing_checklist(application)
    assert [item.code for item in checklist.missing] == ["subsidy", "return_visit"]
    documents = next(item for item in checklist.items if item.code == "documents")
    assert documents.detail == "已上传 1 份" and documents.article == "《法律援助法》第50条"

    record_return_visit(application=application, actor=reviewer, method="online", satisfied=True)
    checklist = closing_checklist(application)
    assert [item.code for item in checklist.missing] == ["subsidy"] and not checklist.complete
    visit = next(item for item in checklist.items if item.code == "return_visit")
    assert "网上回访" in visit.detail and "满意" in visit.detail

    closed = close_case(application=application, actor=reviewer, subsidy_amount="1500")
    checklist = closing_checklist(closed)
    assert checklist.complete and checklist.items[2].detail == "已核定 1500.00 元"


@pytest.mark.django_db
def test_the_checklist_does_not_count_documents_filed_by_others(in_service, lawyers, reviewer):
    add_material(application=in_service, actor=reviewer, kind=MaterialKind.OTHER, upload=pdf("审查记录.pdf"))
    assert not closing_checklist(in_service).items[1].done


@pytest.mark.django_db
def test_the_checklist_names_the_providers_own_documents(in_service, lawyers):
    """Provider documents have their own kinds (判决书、裁定书、调解书、起诉状、答辩状、代理词)."""
    assert "判决书、裁定书、调解书、起诉状、答辩状、代理词" in closing_checklist(in_service).items[1].detail
    for kind, name in ((MaterialKind.JUDGMENT, "判决书.pdf"), (MaterialKind.REPRESENTATION_STATEMENT, "代理词.pdf")):
        add_material(application=in_service, actor=lawyers[0], kind=kind, upload=pdf(name))
    documents = closing_checklist(in_service).items[1]
    assert documents.done and documents.detail == "已上传 2 份（判决书、代理词）"


def test_the_providers_upload_form_offers_the_document_kinds_first():
    from django import forms

    from gongfa.legalaid.choices import APPLICATION_MATERIAL_KINDS, PROVIDER_DOCUMENT_KINDS
    from gongfa.workbench.legalaid_forms import DocumentForm, SupplementForm

    field = DocumentForm().fields["kind"]
    assert isinstance(field, forms.ChoiceField)
    (provider_label, provider), (_, applicant) = cast(list[Any], field.choices)
    assert provider_label == "承办文书"
    assert [label for _, label in provider] == ["判决书", "裁定书", "调解书", "起诉状", "答辩状", "代理词"]
    assert [kind for kind, _ in provider] == list(PROVIDER_DOCUMENT_KINDS)
    assert [kind for kind, _ in applicant] == list(APPLICATION_MATERIAL_KINDS)
    assert DocumentForm({"kind": "judgment"}).is_valid()
    assert not DocumentForm({"kind": "invoice"}).is_valid()
    # A supplement notice asks for the applicant's materials, never the provider's documents.
    assert not any(name.startswith("item_judgment") for name in SupplementForm().fields)
