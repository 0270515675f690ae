"""公证事项与所需材料 on the portal: every matter of the published list with its materials told all
at once, its time limit and how it may be done, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.appointments.models import MatterMaterial, NotarialMatter

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_matter_with_all_its_materials(client) -> None:
    page = client.get(reverse("portal:notarization_matters")).content.decode()
    kinship = page.split('data-testid="matter-kinship"')[1].split("</div>")[0]
    for material in NotarialMatter.objects.get(code="kinship").materials.all():
        assert material.name in kinship
    assert "15 个工作日" in kinship and "可在乡镇代办点办理" in kinship
    house = page.split('data-testid="matter-house_entrustment"')[1].split("</div>")[0]
    assert "5 个工作日" in house and "须本人办理" in house and "可视频办理" in house
    assert "法律援助受援人" in house  # the waiver every matter carries (《公证法》第34条)
    assert 'data-testid="matter-group-going_abroad"' in page


def test_the_queries_do_not_grow_with_the_list(client) -> None:
    url = reverse("portal:notarization_matters")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    parent = NotarialMatter.objects.get(code="going_abroad")
    for n in range(5):
        extra = NotarialMatter.objects.create(code=f"extra_{n}", name=f"新增{n}", parent=parent, category="fact")
        MatterMaterial.objects.create(matter=extra, name="身份证")
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "新增4" in page and len(after.captured_queries) == len(before.captured_queries)


def test_the_home_page_links_to_it(client) -> None:
    services = client.get("/").content.decode().split('data-testid="home-services"')[1].split("</ul>")[0]
    assert f'href="{reverse("portal:notarization_matters")}"' in services


def test_the_home_page_offers_booking_and_the_directory(client) -> None:
    services = client.get("/").content.decode().split('data-testid="home-services"')[1].split("</ul>")[0]
    assert f'href="{reverse("portal:notarization_book")}"' in services and "预约办理公证" in services
    assert f'href="{reverse("portal:directory")}"' in services
