"""Every install gets the default catalogue from the data migration."""

import re

import pytest

from gongfa.catalog.choices import SlaStage, SlaUnit
from gongfa.catalog.models import ServiceType, SlaRule

pytestmark = pytest.mark.django_db

CODES = {
    "consultation": "法律咨询",
    "legal_aid": "法律援助",
    "mediation": "人民调解",
    "notarization": "公证",
    "appraisal": "司法鉴定",
    "lawyer_referral": "律师服务",
    "complaint": "投诉",
    "other": "其他",
    "arbitration": "仲裁指引",  # 0003 (issue #14)
    "document_drafting": "文书代书",  # drafting 0002 (issue #18)
}


def test_the_default_service_types_exist_and_are_active():
    types = {t.code: t for t in ServiceType.objects.all()}
    assert {code: t.name for code, t in types.items()} == CODES
    assert all(t.is_active for t in types.values())


def test_every_default_type_has_a_national_rule_and_valid_content():
    for service_type in ServiceType.objects.all():
        rules = list(SlaRule.objects.filter(service_type=service_type, region__isnull=True))
        assert rules, service_type.code
        service_type.full_clean()
        for rule in rules:
            rule.full_clean()
            assert rule.source.strip(), rule
        assert service_type.summary and service_type.audience and service_type.content
        assert service_type.channels and service_type.materials and service_type.legal_basis_items
        assert service_type.fee


def test_handling_kinds():
    kinds = dict(ServiceType.objects.values_list("code", "handling_kind"))
    assert kinds["consultation"] == "answer"
    assert kinds["legal_aid"] == kinds["mediation"] == kinds["notarization"] == "case"
    assert kinds["complaint"] == "complaint"


def test_default_time_limits_and_their_sources():
    table = {
        (r.service_type.code, r.stage): (r.amount, r.unit, r.source)
        for r in SlaRule.objects.select_related("service_type").filter(region__isnull=True, channel="")
    }
    assert table[("consultation", SlaStage.FIRST_CONTACT)][:2] == (24, SlaUnit.HOURS)
    assert table[("consultation", SlaStage.RESOLVE)][:2] == (7, SlaUnit.WORKING_DAYS)
    amount, unit, source = table[("legal_aid", SlaStage.RESOLVE)]
    assert (amount, unit) == (7, SlaUnit.LEGAL_DAYS) and "第43条" in source
    amount, unit, source = table[("notarization", SlaStage.RESOLVE)]
    assert (amount, unit) == (15, SlaUnit.WORKING_DAYS) and "《公证法》第30条" in source
    assert table[("mediation", SlaStage.RESOLVE)][:2] == (30, SlaUnit.LEGAL_DAYS)
    assert table[("appraisal", SlaStage.ACCEPT)][:2] == (7, SlaUnit.WORKING_DAYS)
    assert table[("complaint", SlaStage.FIRST_CONTACT)][:2] == (1, SlaUnit.WORKING_DAYS)
    assert table[("complaint", SlaStage.RESOLVE)][:2] == (15, SlaUnit.WORKING_DAYS)


def test_legal_basis_names_the_articles():
    legal_aid = ServiceType.objects.get(code="legal_aid")
    for article in ("第31条", "第32条", "第42条", "第43条"):
        assert article in legal_aid.legal_basis
    assert "第23条" in ServiceType.objects.get(code="consultation").legal_basis
    assert "《中华人民共和国人民调解法》" in ServiceType.objects.get(code="mediation").legal_basis
    assert "《中华人民共和国公证法》第30条" in ServiceType.objects.get(code="notarization").legal_basis


def test_channel_time_limits_shipped():
    """rules.md §4: an online message is answered within 24 hours, a letter within 7 working days;
    the hotline and the window have no row of their own and keep the any-channel rule."""
    rows = {
        (r.service_type.code, r.stage, r.channel): (r.amount, r.unit)
        for r in SlaRule.objects.select_related("service_type").filter(region__isnull=True).exclude(channel="")
    }
    assert rows == {
        ("consultation", SlaStage.RESOLVE, "portal"): (24, SlaUnit.HOURS),
        ("consultation", SlaStage.RESOLVE, "letter"): (7, SlaUnit.WORKING_DAYS),
        ("arbitration", SlaStage.RESOLVE, "portal"): (24, SlaUnit.HOURS),
    }


def test_every_shipped_service_has_english_text():
    for service in ServiceType.objects.all():
        for field in ("name", "summary", "audience", "content", "required_materials", "legal_basis", "fee"):
            english = getattr(service, f"{field}_en")
            assert english, (service.code, field)
            assert not re.search(r"[\u4e00-\u9fff]", english), (service.code, field)
        # One English line per Chinese line: the lists show item by item.
        assert len(service.content_en.splitlines()) == len(service.content.splitlines()), service.code
        assert len(service.legal_basis_en.splitlines()) == len(service.legal_basis.splitlines()), service.code
        lines = len(service.required_materials.splitlines())
        assert len(service.required_materials_en.splitlines()) == lines, service.code
    shipped = SlaRule.objects.filter(region__isnull=True).exclude(public_text="")
    assert shipped.exists() and not shipped.filter(public_text_en="").exists()
