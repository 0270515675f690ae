"""An application made for a person without full capacity (《法律援助法》第40条) names its
representative: who, their ID number and phone (encrypted, shown masked), and the relation;
every problem is reported at once; the notices say who applied (issue #16 item 20)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from gongfa.core.errors import DomainError
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice
from gongfa.legalaid.pdf import render_notice_html
from gongfa.legalaid.services import grant, receive_application
from gongfa.testing.factories import make_id_number

ADULT = make_id_number(birth=datetime.date(1960, 3, 1), seq=21)
CHILD = make_id_number(birth=datetime.date(2016, 6, 1), seq=22)
MOTHER = make_id_number(birth=datetime.date(1988, 2, 2), seq=23)
BASE = {
    "applicant_name": "王小明",
    "id_number": ADULT,
    "phone": "13800138000",
    "matter_code": "support_payment",
    "facts": "父亲长期不支付抚养费。",
    "household_size": 2,
    "household_monthly_income": "2000",
}
GUARDIAN = {"agent_name": "李芳", "agent_id_number": MOTHER, "agent_phone": "13900139000", "agent_relation": "guardian"}


def _problems(error: DomainError) -> list[tuple[str | None, str]]:
    return [(problem.field, problem.code) for problem in error.problems]


CASES = [
    pytest.param(
        {"applicant_capacity": "limited"},
        [("agent_name", "representative_required"), ("agent_id_number", "required"), ("agent_relation", "required")],
        id="限制行为能力-无代理人",
    ),
    pytest.param(
        {"applicant_capacity": "none", "agent_name": "李芳"},
        [("agent_id_number", "required"), ("agent_relation", "required")],
        id="无行为能力-代理人信息不全",
    ),
    pytest.param(
        {"agent_name": "李芳", "agent_relation": "close_relative"},
        [("agent_id_number", "required")],
        id="近亲属代为申请-缺身份证号",
    ),
    pytest.param(
        {**GUARDIAN},
        [("agent_relation", "no_legal_representative")],
        id="完全行为能力人没有法定代理人",
    ),
    pytest.param(
        {"applicant_capacity": "limited", **GUARDIAN, "agent_id_number": ADULT},
        [("agent_id_number", "agent_is_applicant")],
        id="代理人与申请人同一人",
    ),
    pytest.param(
        {"id_number": CHILD},
        [("applicant_capacity", "minor_capacity")],
        id="未满十六周岁不是完全行为能力",
    ),
    pytest.param(
        {**GUARDIAN, "applicant_capacity": "limited", "agent_id_number": "123", "agent_phone": "12",
         "agent_relation": "boss"},
        [
            ("agent_phone", "invalid_phone"),
            ("agent_id_number", "invalid_id_number"),
            ("agent_relation", "invalid_agent_relation"),
        ],
        id="格式错误一次说清",
    ),
    pytest.param(
        {"applicant_capacity": "guess"},
        [("applicant_capacity", "invalid_capacity")],
        id="行为能力不在可选范围",
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("extra", "expected"), CASES)
def test_every_representative_problem_at_once(network, reviewer, frozen, extra, expected):
    with pytest.raises(DomainError) as caught:
        receive_application(actor=reviewer, region=network.villages[0], data={**BASE, **extra})
    assert _problems(caught.value) == expected
    assert not LegalAidApplication.objects.exists()


@pytest.mark.django_db
def test_a_guardian_applies_for_a_child_and_the_notice_names_them(network, reviewer, frozen, standard):
    data = {**BASE, "id_number": CHILD, "applicant_capacity": "limited", **GUARDIAN}
    application = receive_application(actor=reviewer, region=network.villages[0], data=data)
    application.refresh_from_db()
    assert application.agent_id_number == MOTHER and application.agent_phone == "13900139000"
    assert application.masked_agent_id_number != MOTHER and MOTHER[6:14] not in application.masked_agent_id_number
    assert application.masked_agent_phone != "13900139000"
    # Encrypted at rest: the columns hold no clear digits.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agent_id_number, agent_phone FROM legalaid_legalaidapplication WHERE id = %s", [application.pk]
        )
        stored = cursor.fetchone()
    assert MOTHER not in str(stored) and "13900139000" not in str(stored)

    granted = grant(application=application, actor=reviewer)
    notice = granted.notices.get(kind=LegalAidNotice.Kind.GRANT)
    assert notice.body["representative"]["name"] == "李芳"
    assert MOTHER not in str(notice.body)  # the ID number only masked, also in the stored body
    html = render_notice_html(notice)
    assert "由其监护人（法定代理人）李芳" in html and "限制民事行为能力人" in html and "第四十条" in html
    assert MOTHER not in html


@pytest.mark.django_db
def test_an_applicant_in_person_has_no_representative_line(network, reviewer, frozen, standard):
    application = receive_application(actor=reviewer, region=network.villages[0], data=BASE)
    notice = grant(application=application, actor=reviewer).notices.get(kind=LegalAidNotice.Kind.GRANT)
    assert "representative" not in notice.body and "代为申请" not in render_notice_html(notice)


@pytest.mark.django_db
def test_the_special_groups_reach_the_performance_facts(network, reviewer, frozen, standard):
    """One list of special groups: a legal-aid case counts in the dashboard's 特殊群体服务 as a work order does."""
    from gongfa.core.choices import SpecialGroup
    from gongfa.legalaid.measures import contributions, queryset

    groups = [str(SpecialGroup.VETERAN.value), str(SpecialGroup.LAID_OFF.value)]
    received = receive_application(actor=reviewer, region=network.villages[0], data={**BASE, "special_groups": groups})
    facts = list(contributions(queryset().get(pk=received.pk)))
    assert facts and {fact.special_groups for fact in facts} == {SpecialGroup.VETERAN | SpecialGroup.LAID_OFF}
