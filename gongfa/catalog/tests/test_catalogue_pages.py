"""The public catalogue pages: no login, Chinese, accessible structure, 404 for unknown codes."""

import itertools
import re

import pytest
from django.urls import reverse

from gongfa.catalog.models import ServiceType

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_active_service_in_chinese(client):
    response = client.get(reverse("catalog:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-Hans"' in page
    assert "<h1>服务目录</h1>" in page
    for service_type in ServiceType.objects.filter(is_active=True):
        assert reverse("catalog:detail", args=[service_type.code]) in page
        assert service_type.name in page
    assert "一般在 24 小时内受理" in page  # consultation, generated from the rule
    assert "一般在 24 小时内与您联系" in page
    assert "一般在 7 个工作日内答复" in page  # consultation, the rule's public text
    assert "一般在 15 个工作日内出具公证书" in page
    assert "12348热线" in page and "免费" in page


def test_inactive_services_are_hidden(client):
    ServiceType.objects.filter(code="appraisal").update(is_active=False)
    page = client.get(reverse("catalog:list")).content.decode()
    assert "司法鉴定" not in page.split('<main id="main-content"')[1].split("</main>")[0]
    assert client.get(reverse("catalog:detail", args=["appraisal"])).status_code == 404


def test_unknown_code_is_404(client):
    assert client.get("/services/no-such-service/").status_code == 404


def test_the_detail_page_shows_materials_time_limits_and_how_to_apply(client):
    legal_aid = ServiceType.objects.get(code="legal_aid")
    response = client.get(reverse("catalog:detail", args=["legal_aid"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>法律援助</h1>" in page
    checklist = page.split('data-testid="materials"')[1].split("</ul>")[0]
    for item in legal_aid.materials:
        assert item in checklist
    assert checklist.count('type="checkbox"') == len(legal_aid.materials)
    assert "收到申请后一般在 7 日内决定是否给予法律援助" in page
    assert "一般在 1 个工作日内受理" in page
    assert "《中华人民共和国法律援助法》第43条" in page
    assert "拨打 12348 公共法律服务热线" in page
    assert f'href="{reverse("portal:ask")}"' in page


def test_headings_are_in_order(client):
    page = client.get(reverse("catalog:detail", args=["mediation"])).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_the_portal_navigation_links_the_catalogue(client):
    page = client.get(reverse("catalog:list")).content.decode()
    assert f'<a href="{reverse("catalog:list")}" aria-current="page">服务目录</a>' in page
    home = client.get(reverse("portal:home")).content.decode()
    assert f'<a href="{reverse("catalog:list")}">服务目录</a>' in home


def test_the_list_page_has_bounded_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("catalog:list"))


def test_only_get_is_allowed(client):
    assert client.post(reverse("catalog:list")).status_code == 405


def test_arbitration_guidance_has_its_page_with_the_articles(client):
    page = client.get(reverse("catalog:detail", args=["arbitration"])).content.decode()
    assert "仲裁指引" in page and "劳动争议仲裁不收费" in page
    assert "《中华人民共和国劳动争议调解仲裁法》第27条" in page and "《中华人民共和国仲裁法》第4条" in page
