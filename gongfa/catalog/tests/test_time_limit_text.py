"""How a time limit reads on the public pages."""

import pytest
from django.utils import translation

from gongfa.catalog.models import SlaRule


@pytest.mark.parametrize(
    ("amount", "unit", "stage", "text"),
    [
        (24, "hours", "accept", "一般在 24 小时内受理"),
        (8, "working_hours", "first_contact", "一般在 8 个工作小时内与您联系"),
        (7, "working_days", "resolve", "一般在 7 个工作日内办结"),
        (30, "legal_days", "resolve", "一般在 30 日内办结"),
    ],
)
def test_generated_text(amount, unit, stage, text):
    with translation.override("zh-hans"):
        assert SlaRule(amount=amount, unit=unit, stage=stage).plain_text() == text


def test_the_rules_public_text_wins():
    rule = SlaRule(amount=7, unit="legal_days", stage="resolve", public_text=" 7 日内决定是否给予法律援助 ")
    assert rule.plain_text() == "7 日内决定是否给予法律援助"


def test_period_text():
    assert SlaRule(amount=15, unit="working_days", stage="resolve").period_text == "15 个工作日"
