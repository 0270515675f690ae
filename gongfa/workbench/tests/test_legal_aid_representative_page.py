"""The reviewer's legal-aid pages take and show the representative (第40条, masked) and the one
list of special groups, and the case page names the proposal's whole basis (issue #16)."""

import datetime
from typing import Any, cast

import pytest
from django import forms

from gongfa.core.choices import SpecialGroup
from gongfa.legalaid.services import receive_application
from gongfa.testing.factories import make_id_number
from gongfa.workbench.legalaid_forms import StaffApplicationForm

CHILD = make_id_number(birth=datetime.date(2016, 6, 1), seq=41)
MOTHER = make_id_number(birth=datetime.date(1988, 2, 2), seq=42)


def _choices(form: StaffApplicationForm, name: str) -> list[Any]:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return cast(list[Any], field.choices)


def test_the_registration_form_offers_the_one_list_and_the_relations():
    form = StaffApplicationForm(regions=[], matters=[])
    assert _choices(form, "special_groups") == SpecialGroup.choices
    labels = [label for _, label in _choices(form, "special_groups")]
    assert "退役军人" in labels and "下岗失业人员" in labels
    relations = [value for value, _ in _choices(form, "agent_relation")]
    assert relations == ["", "guardian", "other_guardian", "close_relative"]
    assert {"applicant_capacity", "agent_id_number", "agent_phone"} <= set(form.fields)


@pytest.mark.django_db
def test_the_case_page_shows_the_representative_masked_and_the_whole_basis(client, network, reviewer, frozen, standard):
    data = {
        "applicant_name": "王小明",
        "id_number": CHILD,
        "phone": "13800138000",
        "matter_code": "support_payment",
        "facts": "父亲长期不支付抚养费。",
        "household_size": 2,
        "household_monthly_income": "2000",
        "applicant_capacity": "limited",
        "agent_name": "李芳",
        "agent_id_number": MOTHER,
        "agent_phone": "13900139000",
        "agent_relation": "guardian",
        "special_groups": [SpecialGroup.MINOR, SpecialGroup.LAID_OFF],
    }
    application = receive_application(actor=reviewer, region=network.villages[0], data=data)
    assert application.special_groups == SpecialGroup.MINOR | SpecialGroup.LAID_OFF and application.green_channel
    client.force_login(reviewer)
    page = client.get(f"/workbench/legal-aid/{application.number}/").content.decode()
    assert 'data-testid="case-representative"' in page and "监护人（法定代理人）" in page
    assert MOTHER not in page and "13900139000" not in page and "李芳" not in page  # masked for the reviewer
    assert "未成年人" in page and "下岗失业人员" in page
    assert "《法律援助法》第三十一条第四项；《法律援助法》第三十四条" in page  # the proposal's basis
