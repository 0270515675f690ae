"""Setting a time limit: validated, audited, and nothing saved on bad input."""

import datetime

import pytest

from gongfa.audit.models import Event
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.catalog.services import set_sla_rule
from gongfa.core.errors import DomainError
from gongfa.testing.factories import UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_regional_rule_is_created_with_an_event(network):
    actor = UserFactory(real_name="管理员甲")
    rule = set_sla_rule(
        service_type="mediation",
        stage="resolve",
        amount=20,
        unit="legal_days",
        region=network.county,
        effective_from=D(2026, 1, 1),
        source="县司法局文件",
        actor=actor,
    )
    assert rule.region == network.county and rule.amount == 20
    event = Event.objects.get(verb="catalog.sla_rule_set")
    assert event.actor == actor and event.region == network.county and event.subject_id == str(rule.pk)
    assert event.data["stage"] == "resolve" and event.data["previous"] is None


def test_the_same_key_is_replaced_not_duplicated():
    mediation = ServiceType.objects.get(code="mediation")
    before = SlaRule.objects.count()
    rule = set_sla_rule(
        service_type=mediation, stage="resolve", amount=45, unit="legal_days", effective_from=D(2000, 1, 1)
    )
    assert SlaRule.objects.count() == before
    assert rule.amount == 45 and rule.region is None
    assert Event.objects.get(verb="catalog.sla_rule_set").data["previous"] == {"amount": 30, "unit": "legal_days"}


def test_region_by_code_and_today_by_default(network):
    rule = set_sla_rule(
        service_type="complaint", stage="resolve", amount=10, unit="working_days", region="330102000000"
    )
    assert rule.region == network.county
    assert rule.effective_from is not None


BAD = [
    ({"amount": 0}, "不能为 0 或负数", "invalid_amount"),
    ({"amount": -3}, "不能为 0 或负数", "invalid_amount"),
    ({"amount": "7"}, "时限应为正整数", "invalid_amount"),
    ({"amount": True}, "时限应为正整数", "invalid_amount"),
    ({"amount": 366}, "不能超过 365 天", "invalid_amount"),
    ({"amount": 8761, "unit": "hours"}, "最多 8760", "invalid_amount"),
    ({"amount": 2921, "unit": "working_hours"}, "最多 2920", "invalid_amount"),
    ({"unit": "minutes"}, "未知的计时方式：minutes", "unknown_unit"),
    ({"unit": ""}, "未知的计时方式", "unknown_unit"),
    ({"stage": "close"}, "未知的时限阶段：close", "unknown_stage"),
    ({"service_type": "tax"}, "未知的服务类型", "unknown_service_type"),
    ({"region": "330999000000"}, "适用区划 330999000000 不存在", "unknown_region"),
    ({"effective_from": "2026-01-01"}, "生效日期应为日期", "invalid_date"),
    ({"source": "据" * 256}, "依据不能超过 255 个字", "too_long"),
    ({"public_text": "说" * 101}, "对群众的说明不能超过 100 个字", "too_long"),
]


@pytest.mark.parametrize(("change", "message", "code"), BAD)
def test_bad_input_is_refused_and_nothing_is_saved(network, change, message, code):
    arguments = {
        "service_type": "consultation",
        "stage": "resolve",
        "amount": 5,
        "unit": "working_days",
        "region": network.county,
        "effective_from": D(2026, 1, 1),
    }
    arguments.update(change)
    before = SlaRule.objects.count()
    with pytest.raises(DomainError, match=message) as info:
        set_sla_rule(**arguments)
    assert info.value.code == code
    assert SlaRule.objects.count() == before
    assert not Event.objects.filter(verb="catalog.sla_rule_set").exists()


def test_an_unsaved_region_is_refused(network):
    from gongfa.network.models import Region

    ghost = Region(code="330102003000", name="幽灵镇", level=4, parent=network.county)
    with pytest.raises(DomainError, match="适用区划不存在"):
        set_sla_rule(service_type="consultation", stage="resolve", amount=5, unit="working_days", region=ghost)
