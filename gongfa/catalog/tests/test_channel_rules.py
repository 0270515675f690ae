"""Time limits by channel (issue #16 item 17): an online message is answered within 24 hours, a
letter within 7 working days, the hotline and the window keep the any-channel rule. Precedence
(SlaRule's docstring): the nearest region wins; within it the channel's rule beats the any-channel
rule; then the latest effective date."""

import datetime

import pytest
from django.urls import reverse

from gongfa.catalog.choices import SlaStage, SlaUnit
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.catalog.selectors import national_rules_in_force, sla_rule_for, sla_rules_for, stage_deadlines
from gongfa.catalog.services import set_sla_rule
from gongfa.catalog.tests.conftest import at, end_of
from gongfa.core.errors import DomainError
from gongfa.testing.factories import build_network
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.deadlines import apply_deadlines

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2026, 6, 1)
RESOLVE = SlaStage.RESOLVE


def _period(rule):
    assert rule is not None
    return rule.amount, rule.unit


@pytest.mark.parametrize(
    ("channel", "period"),
    [
        ("portal", (24, SlaUnit.HOURS)),
        ("letter", (7, SlaUnit.WORKING_DAYS)),
        ("hotline", (7, SlaUnit.WORKING_DAYS)),
        ("window", (7, SlaUnit.WORKING_DAYS)),
        ("transfer_12345", (7, SlaUnit.WORKING_DAYS)),
        ("", (7, SlaUnit.WORKING_DAYS)),
        (None, (7, SlaUnit.WORKING_DAYS)),
    ],
)
def test_the_shipped_consultation_limits_by_channel(consultation, channel, period):
    assert _period(sla_rule_for(consultation, RESOLVE, None, on=ON, channel=channel)) == period
    # The other stages have no channel rows: the same for every channel.
    assert _period(sla_rule_for(consultation, SlaStage.ACCEPT, None, on=ON, channel=channel)) == (24, SlaUnit.HOURS)


def test_another_channels_rule_never_applies(consultation):
    rule = sla_rule_for(consultation, RESOLVE, None, on=ON, channel="hotline")
    assert rule is not None and rule.channel == ""
    assert all(r.channel in ("", "kiosk") for r in sla_rules_for(consultation, None, ON, "kiosk").values())


def test_precedence_nearest_region_first_then_channel_then_date(network, consultation):
    county, village = network.county, network.villages[0]
    # A county rule for any channel beats the national portal rule: the nearest region wins.
    set_sla_rule(
        service_type=consultation,
        stage=RESOLVE,
        amount=5,
        unit="working_days",
        region=county,
        effective_from=D(2021, 1, 1),
    )
    assert _period(sla_rule_for(consultation, RESOLVE, village, on=ON, channel="portal")) == (5, SlaUnit.WORKING_DAYS)
    # Within the county, its own portal rule beats its any-channel rule.
    set_sla_rule(
        service_type=consultation,
        stage=RESOLVE,
        amount=48,
        unit="hours",
        region=county,
        channel="portal",
        effective_from=D(2020, 1, 1),
    )
    assert _period(sla_rule_for(consultation, RESOLVE, village, on=ON, channel="portal")) == (48, SlaUnit.HOURS)
    assert _period(sla_rule_for(consultation, RESOLVE, village, on=ON, channel="hotline")) == (
        5,
        SlaUnit.WORKING_DAYS,
    )
    # ...even when the any-channel rule is newer (the channel outranks the date).
    assert SlaRule.objects.get(region=county, channel="").effective_from > D(2020, 1, 1)
    # Among the county's portal rules, the latest in force on the day.
    set_sla_rule(
        service_type=consultation,
        stage=RESOLVE,
        amount=36,
        unit="hours",
        region=county,
        channel="portal",
        effective_from=D(2026, 3, 1),
    )
    assert _period(sla_rule_for(consultation, RESOLVE, village, on=ON, channel="portal")) == (36, SlaUnit.HOURS)
    assert _period(sla_rule_for(consultation, RESOLVE, village, on=D(2026, 2, 1), channel="portal")) == (
        48,
        SlaUnit.HOURS,
    )
    # Outside the county the national rows still apply.
    assert _period(sla_rule_for(consultation, RESOLVE, None, on=ON, channel="portal")) == (24, SlaUnit.HOURS)


def test_stage_deadlines_take_the_channel(consultation, django_assert_max_num_queries):
    start = at(2026, 9, 28, 10)  # a Monday
    with django_assert_max_num_queries(3):
        online = stage_deadlines(consultation, None, start, "portal")
    assert online[RESOLVE].due == at(2026, 9, 29, 10)
    by_phone = stage_deadlines(consultation, None, start, "hotline")
    assert by_phone[RESOLVE].due > online[RESOLVE].due
    assert by_phone[RESOLVE].due == stage_deadlines(consultation, None, start)[RESOLVE].due


def _order(service_type, channel, region):
    return WorkOrder(service_type=service_type, channel=channel, region=region)


def test_a_portal_order_is_answered_within_24_hours(network, consultation):
    order = _order(consultation, "portal", network.villages[0])
    apply_deadlines(order, start=at(2026, 9, 28, 10))
    assert order.resolve_due == at(2026, 9, 29, 10)
    assert order.accept_due == at(2026, 9, 29, 10)


def test_a_hotline_order_keeps_7_working_days(network, consultation):
    village = network.villages[0]
    order = _order(consultation, "hotline", village)
    apply_deadlines(order, start=at(2026, 9, 28, 10))  # Monday; the national holiday starts 10-01
    portal = _order(consultation, "portal", village)
    apply_deadlines(portal, start=at(2026, 9, 28, 10))
    assert order.resolve_due is not None and order.resolve_due > portal.resolve_due
    assert order.resolve_due == stage_deadlines(consultation, village, at(2026, 9, 28, 10), None)[RESOLVE].due
    assert order.resolve_due >= end_of(2026, 10, 9)


def test_a_regional_override_reaches_the_order(network, consultation):
    set_sla_rule(
        service_type=consultation,
        stage=RESOLVE,
        amount=12,
        unit="hours",
        region=network.county,
        channel="portal",
        effective_from=D(2020, 1, 1),
    )
    order = _order(consultation, "portal", network.villages[0])
    apply_deadlines(order, start=at(2026, 9, 28, 10))
    assert order.resolve_due == at(2026, 9, 28, 22)
    other_county = build_network(prefix="330103", name="东山")
    elsewhere = _order(consultation, "portal", other_county.villages[0])
    apply_deadlines(elsewhere, start=at(2026, 9, 28, 10))
    assert elsewhere.resolve_due == at(2026, 9, 29, 10)


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        ("workbench", "不是群众办理渠道"),
        ("system", "不是群众办理渠道"),
        ("fax", "未知的渠道"),
        (3, "未知的渠道"),
    ],
)
def test_set_sla_rule_refuses_a_bad_channel(consultation, channel, message):
    before = SlaRule.objects.count()
    with pytest.raises(DomainError, match=message) as caught:
        set_sla_rule(service_type=consultation, stage=RESOLVE, amount=3, unit="hours", channel=channel)
    assert caught.value.field == "channel"
    assert SlaRule.objects.count() == before


def test_a_channel_row_and_an_any_channel_row_of_one_date_coexist(consultation):
    kiosk = set_sla_rule(
        service_type=consultation, stage=RESOLVE, amount=2, unit="working_days", channel="kiosk", effective_from=ON
    )
    general = set_sla_rule(service_type=consultation, stage=RESOLVE, amount=6, unit="working_days", effective_from=ON)
    assert kiosk.pk != general.pk and (kiosk.channel, general.channel) == ("kiosk", "")
    again = set_sla_rule(
        service_type=consultation, stage=RESOLVE, amount=3, unit="working_days", channel="kiosk", effective_from=ON
    )
    assert again.pk == kiosk.pk and again.amount == 3  # the same row, replaced


def test_the_public_time_limits_show_channels_only_where_they_differ(consultation):
    notarization = ServiceType.objects.get(code="notarization")
    limits = national_rules_in_force([consultation, notarization], ON)
    lines = [(limit.channels, limit.text) for limit in limits[consultation.pk]]
    assert ("网络平台", "网上留言一般在 24 小时内答复；问题复杂的，可以约定时间答复") in lines
    assert ("其他渠道", "一般在 7 个工作日内答复；问题复杂的，可以约定时间答复") in lines
    # The letter row has the same period as the any-channel one: not repeated.
    assert not any("来信" in channels for channels, _text in lines)
    assert [channels for channels, _text in lines[:2]] == ["", ""]  # accept, first contact: one rule each
    assert all(limit.channels == "" for limit in limits[notarization.pk])


def test_the_catalogue_page_shows_the_online_limit(client):
    page = client.get(reverse("catalog:detail", args=["consultation"])).content.decode()
    assert 'data-channel="portal">网络平台：网上留言一般在 24 小时内答复' in page
    assert "其他渠道：一般在 7 个工作日内答复" in page
    listing = client.get(reverse("catalog:list")).content.decode()
    assert "网络平台：网上留言一般在 24 小时内答复" in listing
