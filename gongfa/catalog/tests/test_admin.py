"""The catalogue in the admin: lists, the national-rule inline, Chinese validation, events."""

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.testing.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


def test_changelists_load(admin_client, network):
    SlaRule.objects.create(
        service_type=ServiceType.objects.get(code="mediation"),
        stage="resolve",
        amount=20,
        unit="legal_days",
        region=network.county,
    )
    assert admin_client.get("/admin/catalog/servicetype/").status_code == 200
    page = admin_client.get("/admin/catalog/slarule/").content.decode()
    assert "全国默认" in page and "示范县" in page
    regional = admin_client.get("/admin/catalog/slarule/?scope=regional").content.decode()
    assert "示范县（330102000000）" in regional and "全国默认</td>" not in regional


def test_the_service_type_page_shows_the_national_rules(admin_client):
    legal_aid = ServiceType.objects.get(code="legal_aid")
    page = admin_client.get(f"/admin/catalog/servicetype/{legal_aid.pk}/change/").content.decode()
    assert "全国默认时限" in page and "第43条" in page


def _rule_form(service_type, **overrides):
    data = {
        "service_type": service_type.pk,
        "stage": "resolve",
        "amount": "10",
        "unit": "working_days",
        "source": "测试",
        "region": "",
        "effective_from": "2026-01-01",
    }
    data.update(overrides)
    return data


def test_adding_a_rule_records_an_event(admin_client, network):
    complaint = ServiceType.objects.get(code="complaint")
    response = admin_client.post("/admin/catalog/slarule/add/", _rule_form(complaint, region=str(network.county.pk)))
    assert response.status_code == 302
    assert SlaRule.objects.filter(service_type=complaint, region=network.county).exists()
    assert Event.objects.filter(verb="catalog.sla_rule_set").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "时限应为正整数"),
        ({"amount": "400"}, "时限不能超过 365 天"),
        ({"effective_from": "2000-01-01"}, "已有该服务事项同一阶段"),
    ],
)
def test_bad_rules_are_refused_in_chinese(admin_client, overrides, message):
    complaint = ServiceType.objects.get(code="complaint")
    before = SlaRule.objects.count()
    response = admin_client.post("/admin/catalog/slarule/add/", _rule_form(complaint, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SlaRule.objects.count() == before


def test_bad_channels_are_refused_in_the_service_type_form(admin_client):
    response = admin_client.post(
        "/admin/catalog/servicetype/add/",
        {
            "code": "family",
            "name": "家事",
            "summary": "家事服务",
            "handling_kind": "answer",
            "sort_order": "100",
            "is_active": "on",
            "channels": ["portal", "fax"],
            "sla_rules-TOTAL_FORMS": "0",
            "sla_rules-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not ServiceType.objects.filter(code="family").exists()


def test_a_new_service_type_with_a_national_rule(admin_client):
    response = admin_client.post(
        "/admin/catalog/servicetype/add/",
        {
            "code": "family",
            "name": "家事",
            "summary": "家事服务",
            "handling_kind": "answer",
            "sort_order": "100",
            "is_active": "on",
            "channels": ["portal", "hotline"],
            "sla_rules-TOTAL_FORMS": "1",
            "sla_rules-INITIAL_FORMS": "0",
            "sla_rules-0-stage": "resolve",
            "sla_rules-0-amount": "5",
            "sla_rules-0-unit": "working_days",
            "sla_rules-0-effective_from": "2026-01-01",
            "sla_rules-0-source": "测试",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    family = ServiceType.objects.get(code="family")
    assert family.channels == ["portal", "hotline"]
    assert family.sla_rules.get().region is None
    assert Event.objects.filter(verb="catalog.service_type_created").exists()
    assert Event.objects.filter(verb="catalog.sla_rule_set").exists()


def test_duplicate_inline_rows_are_refused(admin_client):
    consultation = ServiceType.objects.get(code="consultation")
    rules = list(consultation.sla_rules.filter(region__isnull=True).order_by("stage", "-effective_from"))
    data = {
        "name": consultation.name,
        "summary": consultation.summary,
        "handling_kind": consultation.handling_kind,
        "sort_order": str(consultation.sort_order),
        "is_active": "on",
        "channels": consultation.channels,
        "sla_rules-TOTAL_FORMS": str(len(rules) + 1),
        "sla_rules-INITIAL_FORMS": str(len(rules)),
    }
    for index, rule in enumerate(rules):
        data.update(
            {
                f"sla_rules-{index}-id": str(rule.pk),
                f"sla_rules-{index}-service_type": str(consultation.pk),
                f"sla_rules-{index}-stage": rule.stage,
                f"sla_rules-{index}-amount": str(rule.amount),
                f"sla_rules-{index}-unit": rule.unit,
                f"sla_rules-{index}-effective_from": rule.effective_from.isoformat(),
                f"sla_rules-{index}-source": rule.source,
            }
        )
    new = len(rules)
    data.update(
        {
            f"sla_rules-{new}-stage": "resolve",
            f"sla_rules-{new}-amount": "3",
            f"sla_rules-{new}-unit": "working_days",
            f"sla_rules-{new}-effective_from": "2000-01-01",
            f"sla_rules-{new}-source": "重复",
        }
    )
    response = admin_client.post(f"/admin/catalog/servicetype/{consultation.pk}/change/", data)
    assert response.status_code == 200
    assert "全国默认时限规则" in response.content.decode()
    assert consultation.sla_rules.count() == len(rules)


@pytest.mark.parametrize(
    ("channel", "message"),
    [
        ("workbench", "选择一个有效的选项"),  # a staff-side channel is not offered
        ("fax", "选择一个有效的选项"),
    ],
)
def test_a_rule_for_a_channel_that_is_not_a_citizen_channel_is_refused(admin_client, channel, message):
    complaint = ServiceType.objects.get(code="complaint")
    before = SlaRule.objects.count()
    response = admin_client.post("/admin/catalog/slarule/add/", _rule_form(complaint, channel=channel))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SlaRule.objects.count() == before


def test_a_channel_rule_is_added_beside_the_any_channel_one(admin_client):
    complaint = ServiceType.objects.get(code="complaint")
    response = admin_client.post(
        "/admin/catalog/slarule/add/", _rule_form(complaint, channel="letter", effective_from="2000-01-01")
    )
    assert response.status_code == 302
    assert set(complaint.sla_rules.filter(stage="resolve").values_list("channel", flat=True)) == {"", "letter"}
    event = Event.objects.get(verb="catalog.sla_rule_set")
    assert event.data["channel"] == "letter"
    page = admin_client.get("/admin/catalog/slarule/?channel=letter").content.decode()
    assert "来信" in page
    # The same channel, stage and date again is refused in Chinese.
    again = admin_client.post(
        "/admin/catalog/slarule/add/", _rule_form(complaint, channel="letter", effective_from="2000-01-01")
    )
    assert again.status_code == 200 and "“来信”渠道" in again.content.decode()


def test_the_inline_refuses_two_rows_of_one_channel_but_not_of_two(admin_client):
    family = {
        "code": "family",
        "name": "家事",
        "summary": "家事服务",
        "handling_kind": "answer",
        "sort_order": "100",
        "is_active": "on",
        "channels": ["portal", "hotline"],
        "sla_rules-TOTAL_FORMS": "2",
        "sla_rules-INITIAL_FORMS": "0",
    }
    for index, channel in enumerate(["portal", "portal"]):
        family.update(
            {
                f"sla_rules-{index}-stage": "resolve",
                f"sla_rules-{index}-channel": channel,
                f"sla_rules-{index}-amount": "5",
                f"sla_rules-{index}-unit": "working_days",
                f"sla_rules-{index}-effective_from": "2026-01-01",
            }
        )
    refused = admin_client.post("/admin/catalog/servicetype/add/", family)
    assert refused.status_code == 200 and "同一渠道" in refused.content.decode()
    assert not ServiceType.objects.filter(code="family").exists()
    family["sla_rules-1-channel"] = ""
    response = admin_client.post("/admin/catalog/servicetype/add/", family)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(ServiceType.objects.get(code="family").sla_rules.values_list("channel", flat=True)) == {"", "portal"}


def test_english_texts_are_edited_in_the_service_type_form(admin_client):
    other = ServiceType.objects.get(code="other")
    page = admin_client.get(f"/admin/catalog/servicetype/{other.pk}/change/").content.decode()
    assert 'name="name_en"' in page and 'name="legal_basis_en"' in page and "英文内容" in page
