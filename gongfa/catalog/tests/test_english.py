"""The catalogue in English (issue #16 item 13): an entry's English texts are shown when the page is
in English and they are filled in; the Chinese ones otherwise."""

import pytest
from django.urls import reverse
from django.utils import translation

from gongfa.catalog.models import ServiceType, SlaRule

pytestmark = pytest.mark.django_db


def _english(client, url):
    # The middleware leaves the request's language active in this thread: restore it afterwards.
    with translation.override(translation.get_language()):
        return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_list_in_english_shows_the_english_entries(client):
    page = _english(client, reverse("catalog:list"))
    assert '<html lang="en"' in page
    assert "Legal consultation" in page and "Notarization" in page
    assert "Free answers to your legal questions" in page
    assert "Online messages are usually answered within 24 hours" in page
    # In Chinese nothing changes.
    chinese = client.get(reverse("catalog:list")).content.decode()
    assert "Legal consultation" not in chinese and "法律咨询" in chinese


def test_the_detail_page_in_english(client):
    page = _english(client, reverse("catalog:detail", args=["legal_aid"]))
    assert "Legal Aid Law of the PRC, Article 43" in page
    assert "Legal aid application form" in page
    assert "Free. Legal aid workers may not take" in page
    assert "A decision on legal aid is usually made within 7 days" in page


def test_an_empty_english_text_falls_back_to_chinese(client):
    ServiceType.objects.filter(code="mediation").update(summary_en="", legal_basis_en="")
    page = _english(client, reverse("catalog:detail", args=["mediation"]))
    assert "People&#x27;s mediation" in page or "People's mediation" in page
    assert "《中华人民共和国人民调解法》第2条" in page  # no English basis: the Chinese one
    assert "由人民调解员帮助双方自愿协商解决" in page  # no English summary


def test_a_rule_without_english_text_is_generated_in_the_active_language():
    rule = SlaRule.objects.filter(public_text="", channel="").select_related("service_type").first()
    assert rule is not None
    with translation.override("zh-hans"):
        assert rule.plain_text().startswith("一般在")
    rule.public_text, rule.public_text_en = "中文说明", ""
    with translation.override("zh-hans"):
        assert rule.plain_text() == "中文说明"
    with translation.override("en"):
        assert rule.plain_text() != "中文说明"  # generated (English once translated), not the Chinese text
    rule.public_text_en = "English note"
    with translation.override("en"):
        assert rule.plain_text() == "English note"
    with translation.override("zh-hans"):
        assert rule.plain_text() == "中文说明"


def test_shown_refuses_a_field_without_english():
    with pytest.raises(ValueError):
        ServiceType(code="x").shown("code")
