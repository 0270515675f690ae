"""What the platform already knows fills the interview's first answers: every prefill a template
names is a source the platform has, the court and the arbitration commission follow the region,
and an answer a choice cannot take is left for the person."""

from __future__ import annotations

import pytest

from gongfa.drafting.services import library
from gongfa.drafting.services.prefill import Known, basic_court, labour_commission, prefill_answers
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency

pytestmark = pytest.mark.django_db


def test_every_prefill_a_template_names_is_a_known_source():
    known = set(Known().sources())
    named = {
        (definition.code, spec.prefill) for definition in library() for spec in definition.all_fields() if spec.prefill
    }
    assert named, "the library prefills nothing"
    assert {pair for pair in named if pair[1] not in known} == set()


def test_the_court_is_the_basic_court_of_the_county(network):
    assert basic_court(network.villages[0]) == "示范县人民法院"
    assert basic_court(network.county) == "示范县人民法院"
    assert basic_court(network.city) == ""  # above a county there is no single basic court


def test_the_commission_is_the_directorys_then_the_citys(network):
    assert labour_commission(network.villages[0]) == "示范市劳动人事争议仲裁委员会"
    Agency.objects.create(
        name="示范县劳动人事争议仲裁委员会", kind=AgencyKind.ARBITRATION_COMMISSION, region=network.county
    )
    assert labour_commission(network.villages[0]) == "示范县劳动人事争议仲裁委员会"


def test_a_value_a_choice_cannot_take_is_not_prefilled(network):
    class Order:
        contact_name = "赵大军"
        contact_phone = "13900139000"
        contact_id_number = ""
        contact_sex = "unknown"  # not one of the template's choices
        region = network.county
        requester = None
        text = ""

    definition = next(d for d in library() if d.code == "labour_arbitration_application")
    answers = prefill_answers(definition, Known(order=Order()))
    assert answers["applicant_name"] == "赵大军" and answers["applicant_phone"] == "13900139000"
    assert "applicant_sex" not in answers and "applicant_id_number" not in answers
    assert answers["commission"] == "示范市劳动人事争议仲裁委员会"


def test_a_legal_aid_case_fills_the_person_whichever_source_a_template_names(network):
    class Case:
        applicant_name = "钱受援"
        id_number = "330102198001011234"
        phone = "13700137000"
        address = "示范县城关镇北街5号"
        opponent_name = "某建筑劳务公司"
        region = network.county

    for code, field in (("iou", "borrower_name"), ("labour_arbitration_application", "applicant_name")):
        definition = next(d for d in library() if d.code == code)
        answers = prefill_answers(definition, Known(application=Case()))
        assert answers[field] == "钱受援", code
