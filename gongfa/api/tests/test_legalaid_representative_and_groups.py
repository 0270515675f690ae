"""GET /api/v1/legal-aid/cases/{number} carries the applicant's special groups and the person who
applied for them (代为申请, 《法律援助法》第40条): the representative in full for the applicant,
masked for staff; null when the applicant applied in person (#16 item 20)."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

import datetime

from gongfa.core.choices import SpecialGroup
from gongfa.legalaid.choices import AgentRelation, Capacity
from gongfa.legalaid.models import LegalAidApplication
from gongfa.testing.factories import make_id_number

from .test_legalaid_support import (  # noqa: F401 - fixtures
    _media,
    case_url,
    frozen,
    received,
    reviewer,
    session,
    standard,
    submit,
    worker,
)

AGENT_ID = make_id_number(birth=datetime.date(1960, 3, 2), seq=11)


def _represented(case: LegalAidApplication) -> LegalAidApplication:
    case.applicant_capacity = Capacity.LIMITED
    case.agent_name = "张监护"
    case.agent_relation = AgentRelation.values[0]
    case.agent_id_number = AGENT_ID
    case.agent_phone = "13700001111"
    case.special_groups = SpecialGroup.ELDERLY | SpecialGroup.VETERAN
    case.save()
    return case


def test_in_person_there_is_no_representative_and_no_group(reviewer, received):
    data = session(reviewer).get(case_url(received)).json()
    assert data["representative"] is None and data["special_groups"] == []


def test_staff_see_the_representative_masked_and_the_groups(reviewer, received):
    case = _represented(received)
    response = session(reviewer).get(case_url(case))
    data = response.json()
    assert data["representative"] == {
        "name": "张*护",
        "relation": case.agent_relation,
        "relation_label": str(AgentRelation(case.agent_relation).label),
        "id_number": AGENT_ID[:4] + "*" * 10 + AGENT_ID[-4:],
        "phone": "137****1111",
        "applicant_capacity": "limited",
        "applicant_capacity_label": str(Capacity.LIMITED.label),
        "masked": True,
    }
    assert [g["code"] for g in data["special_groups"]] == ["elderly", "veteran"]
    assert data["special_groups"][1]["label"] == str(SpecialGroup.VETERAN.label)
    assert AGENT_ID not in response.content.decode() and "13700001111" not in response.content.decode()


def test_the_applicant_sees_the_representative_in_full(worker, received):
    _represented(received)
    data = session(worker).get(case_url(received)).json()
    assert data["representative"]["name"] == "张监护" and data["representative"]["id_number"] == AGENT_ID
    assert data["representative"]["masked"] is False


def test_english_labels_follow_the_request_language(reviewer, received):
    _represented(received)
    data = session(reviewer).get(case_url(received), HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["special_groups"][0]["label"].isascii() and data["special_groups"][0]["label"]
    assert data["representative"]["applicant_capacity_label"].isascii()
