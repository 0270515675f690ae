"""The public directory pages (法律服务名录): list, search errors, near me, map, place pages."""

from __future__ import annotations

import datetime
import sys
import types
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.appointments.models import NotarialMatter, OfficeMatter
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Agency, Region, ServicePoint
from gongfa.portal import directory as views
from gongfa.testing.factories import post, staff

URL = "/directory/"


def position(obj, lat: float, lng: float) -> None:
    obj.latitude, obj.longitude = Decimal(str(lat)), Decimal(str(lng))
    obj.save(update_fields=["latitude", "longitude"])


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def notary(network):
    office = Agency.objects.create(
        name="示范市示范县公证处",
        kind=AgencyKind.NOTARY_OFFICE,
        region=network.county,
        point=network.centre,
        address="府前路8号",
        phone="0570-81234567",
        opening_hours="周一至周五 8:30-17:00",
        languages=["普通话", "畲语"],
        accessibility="无障碍通道、老年人优先窗口",
        website="https://notary.example.org/",
        description="提供亲属关系、继承等公证。",
    )
    return office


# -- the list ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_directory_is_public_and_lists_places_as_phone_first_cards(client, network, notary):
    response = client.get(URL)
    assert response.status_code == 200
    html = page(response)
    assert f'data-testid="place-agency-{notary.pk}"' in html
    assert 'href="tel:057081234567"' in html and "0570-81234567" in html
    assert "周一至周五 8:30-17:00" in html and "府前路8号" in html
    assert reverse("portal:directory_agency", args=[notary.pk]) in html
    # The menu has it, for visitors too.
    assert f'href="{URL}"' in html


@pytest.mark.django_db
def test_unlisted_places_are_hidden_from_the_list_and_their_pages(client, network, notary):
    notary.is_listed = False
    notary.save(update_fields=["is_listed"])
    room = network.rooms[network.villages[0].code]
    room.is_listed = False
    room.save(update_fields=["is_listed"])
    html = page(client.get(URL))
    assert notary.name not in html and room.name not in html
    assert client.get(reverse("portal:directory_agency", args=[notary.pk])).status_code == 404
    assert client.get(reverse("portal:directory_point", args=[room.pk])).status_code == 404
    assert client.get(reverse("portal:directory_agency", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_search_by_kind_service_text_and_region(client, network, notary):
    by_kind = page(client.get(URL, {"kind": AgencyKind.NOTARY_OFFICE}))
    assert notary.name in by_kind and network.legal_aid_centre.name not in by_kind
    by_service = page(client.get(URL, {"service": "legal_aid"}))
    assert network.legal_aid_centre.name in by_service and notary.name not in by_service
    by_text = page(client.get(URL, {"q": "府前路"}))
    assert notary.name in by_text and network.centre.name not in by_text
    township = network.townships[1]
    by_region = page(client.get(URL, {"county": network.county.code, "township": township.code}))
    assert network.stations[township.code].name in by_region
    assert network.stations[network.townships[0].code].name not in by_region


@pytest.mark.django_db
def test_the_region_cascade_works_without_javascript(client, network):
    county = network.county
    # A second county, so nothing is chosen by default.
    other = Region.objects.create(code="330103000000", name="别县", level=RegionLevel.COUNTY, parent=network.city)
    first = page(client.get(URL))
    assert 'name="township"' not in first
    with_county = page(client.get(URL, {"county": county.code}))
    assert 'name="township"' in with_county and f'value="{network.townships[0].code}"' in with_county
    assert 'name="village"' not in with_county
    with_township = page(client.get(URL, {"county": county.code, "township": network.townships[0].code}))
    assert f'value="{network.villages[0].code}"' in with_township
    # The county changed: the old township is dropped quietly, not an error.
    moved = client.get(URL, {"county": other.code, "township": network.townships[0].code})
    assert moved.status_code == 200 and 'name="township"' not in page(moved)
    # The htmx partial gives the same selects.
    partial = client.get(reverse("portal:directory_regions"), {"county": county.code})
    assert partial.status_code == 200 and f'value="{network.townships[1].code}"' in page(partial)
    assert "<html" not in page(partial)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lat": "91", "lng": "118.9"}, "纬度应在 -90 到 90 之间"),
        ({"lat": "29", "lng": "-181"}, "经度应在 -180 到 180 之间"),
        ({"lat": "abc", "lng": "118.9"}, "纬度不是数字"),
        ({"lat": "nan", "lng": "118.9"}, "纬度应在 -90 到 90 之间"),
        ({"lat": "29"}, "位置信息不完整"),
        ({"county": "339999000000"}, "找不到该县(区)"),
        ({"county": "330102000000", "township": "330102999000"}, "找不到该乡镇(街道)"),
        ({"village": "330102001999"}, "找不到该村(社区)"),
        ({"service": "astrology"}, "找不到该服务"),
        ({"kind": "bank"}, "找不到该机构类型"),
        ({"q": "字" * 51}, "名称或地址不能超过 50 个字"),
    ],
)
def test_bad_searches_get_a_clear_chinese_error(client, network, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = page(response)
    assert "data-error-summary" in html and message in html
    assert 'data-testid="result-count"' not in html


@pytest.mark.django_db
def test_all_problems_are_reported_at_once(client, network):
    html = page(client.get(URL, {"lat": "x", "lng": "y", "service": "x", "kind": "y"}))
    for message in ("纬度不是数字", "经度不是数字", "找不到该服务", "找不到该机构类型"):
        assert message in html


# -- near me -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_chosen_village_sorts_by_distance_from_its_centre(client, network, notary):
    village = network.villages[0]
    position(village, 29.0, 118.9)
    position(notary, 29.03, 118.9)  # 3.3 km north
    position(network.centre, 29.01, 118.9)  # 1.1 km
    position(network.legal_aid_centre, 29.5, 118.9)  # 55.6 km: outside the 50 km radius
    response = client.get(
        URL, {"county": network.county.code, "township": village.parent.code, "village": village.code}
    )
    html = page(response)
    assert response.status_code == 200
    assert f"按离{village.name}的距离由近到远排列" in html
    assert html.index(network.centre.name) < html.index(notary.name)
    assert f"距{village.name}约 1.1 公里" in html and f"距{village.name}约 3.3 公里" in html
    assert network.legal_aid_centre.name not in html.split('data-testid="result-count"')[1]


@pytest.mark.django_db
def test_the_browser_position_wins_and_says_距您(client, network, notary):
    position(notary, 29.0, 119.0)
    position(network.centre, 29.0, 118.95)
    response = client.get(URL, {"lat": "29.0", "lng": "118.9", "village": network.villages[0].code})
    html = page(response)
    assert response.status_code == 200
    # 0.05° of longitude at 29°N: 111.195 × cos 29° × 0.05 ≈ 4.86 km; 0.1° ≈ 9.73 km.
    assert "距您约 4.9 公里" in html and "距您约 9.7 公里" in html
    assert html.index(network.centre.name) < html.index(notary.name)
    assert "不用我的位置" in html


@pytest.mark.django_db
def test_the_page_may_ask_for_the_position_but_no_other_page_may(client, network):
    with override_settings(DEBUG=False):
        assert "geolocation=(self)" in client.get(URL)["Permissions-Policy"]
        assert "camera=()" in client.get(URL)["Permissions-Policy"]
        assert "geolocation=()" in client.get("/")["Permissions-Policy"]


# -- the map -------------------------------------------------------------------------------------
@pytest.fixture
def leaflet(monkeypatch):
    monkeypatch.setattr(views, "leaflet_assets", lambda: ("/static/vendor/leaflet.js", "/static/vendor/leaflet.css"))


@pytest.mark.django_db
@override_settings(MAP_TILE_URL="")
def test_no_tile_server_no_map(client, network, leaflet):
    position(network.centre, 29.0, 118.9)
    html = page(client.get(URL))
    assert "directory-map" not in html and "leaflet" not in html
    assert network.centre.name in html


@pytest.mark.django_db
@override_settings(
    MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© 示例地图", DEBUG=False
)
def test_with_a_tile_server_the_map_draws_the_places_and_allows_only_its_tiles(client, network, leaflet):
    position(network.centre, 29.0, 118.9)
    response = client.get(URL)
    html = page(response)
    assert 'data-testid="directory-map"' in html
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "/static/vendor/leaflet.js" in html and "/static/vendor/leaflet.css" in html
    assert f"&quot;name&quot;: &quot;{network.centre.name}&quot;" in html
    assert "&quot;lat&quot;: 29.0" in html
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["img-src"] == "'self' data: https://tiles.example.org"
    assert policy["script-src"] == "'self'"
    # Only this page lets the tiles in.
    assert "tiles.example.org" not in client.get("/")["Content-Security-Policy"]


@pytest.mark.django_db
@override_settings(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
def test_without_leaflet_installed_there_is_no_map(client, network, monkeypatch):
    monkeypatch.setattr(views, "leaflet_assets", lambda: None)
    assert "directory-map" not in page(client.get(URL))


def test_leaflet_is_served_from_node_modules():
    from django.conf import settings

    if not (settings.BASE_DIR / "node_modules" / "leaflet").exists():
        pytest.skip("node_modules/leaflet is not installed (npm ci)")
    views._leaflet_found.cache_clear()
    assets = views.leaflet_assets()
    assert assets is not None and assets[0].endswith("vendor/leaflet/dist/leaflet.js")


def test_tile_origin():
    assert views.tile_origin("https://t.example.org:8443/{z}/{x}/{y}.png") == "https://t.example.org:8443"
    assert views.tile_origin("/tiles/{z}/{x}/{y}.png") == "'self'"


# -- constant queries ----------------------------------------------------------------------------
def _add_agencies(network, count: int) -> None:
    Agency.objects.bulk_create(
        [
            Agency(
                name=f"示范律师事务所{n:03d}",
                kind=AgencyKind.LAW_FIRM,
                region=network.county,
                latitude=Decimal("29.0") + Decimal(n) / 1000,
                longitude=Decimal("118.9"),
            )
            for n in range(count)
        ]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_the_list_takes_the_same_queries_for_5_or_50_places(client, network, count, django_assert_max_num_queries):
    _add_agencies(network, count)
    position(network.villages[0], 29.0, 118.9)
    with django_assert_max_num_queries(9):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get(
            URL,
            {
                "county": network.county.code,
                "township": network.townships[0].code,
                "village": network.villages[0].code,
                "page": "2",
            },
        )
    assert response.status_code == 200


# -- a place's page ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_agency_page_shows_its_profile_and_only_listed_staff(client, network, notary):
    listed = staff(Role.NOTARY, real_name="陈公证", phone="13911112222")
    post(listed, notary, listed_publicly=True, topics=["inheritance"])
    hidden = staff(Role.NOTARY_CLERK, real_name="王不公开")
    post(hidden, notary)
    html = page(client.get(reverse("portal:directory_agency", args=[notary.pk])))
    assert "府前路8号" in html and "周一至周五 8:30-17:00" in html and 'href="tel:057081234567"' in html
    assert "https://notary.example.org/" in html
    assert "普通话、畲语" in html and "无障碍通道、老年人优先窗口" in html and "提供亲属关系、继承等公证。" in html
    assert "陈公证" in html and str(Role.NOTARY.label) in html
    assert "王不公开" not in html
    assert "13911112222" not in html and "1391111" not in html


@pytest.mark.django_db
def test_a_notary_office_shows_its_matters_and_the_booking_link(client, network, notary, monkeypatch):
    matter, retired = NotarialMatter.objects.filter(children__isnull=True, is_active=True)[:2]
    OfficeMatter.objects.create(office=notary, matter=matter)
    OfficeMatter.objects.create(office=notary, matter=retired, is_active=False)
    html = page(client.get(reverse("portal:directory_agency", args=[notary.pk])))
    assert f"{reverse('portal:notarization_matters')}#matter-{matter.code}" in html
    assert f"#matter-{retired.code}" not in html
    assert "暂无可预约的时间" in html or "最近可预约时间" in html
    assert 'data-testid="book-link"' in html


@pytest.mark.django_db
def test_a_notary_office_shows_its_next_free_slots(client, network, notary, monkeypatch):
    from gongfa.network import directory

    slot = types.SimpleNamespace(
        date=datetime.date(2026, 12, 7),
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(9, 30),
        resource_name="第一接待室",
    )
    calls = []

    def fake(office, *, limit):
        calls.append((office.pk, limit))
        return [slot]

    monkeypatch.setattr(directory, "next_free_slots", fake)
    html = page(client.get(reverse("portal:directory_agency", args=[notary.pk])))
    assert calls == [(notary.pk, 3)]
    assert "12月7日" in html and "09:00–09:30" in html and "第一接待室" in html


@pytest.mark.django_db
def test_the_booking_part_missing_shows_no_slots(client, network, notary, monkeypatch):
    monkeypatch.setitem(sys.modules, "gongfa.appointments.selectors.booking", None)
    response = client.get(reverse("portal:directory_agency", args=[notary.pk]))
    assert response.status_code == 200 and "暂无可预约的时间" in page(response)


@pytest.mark.django_db
def test_the_arbitration_commission_page_carries_the_guidance(client, network):
    commission = Agency.objects.create(
        name="示范县劳动人事争议仲裁委员会", kind=AgencyKind.ARBITRATION_COMMISSION, region=network.county
    )
    html = page(client.get(reverse("portal:directory_agency", args=[commission.pk])))
    assert 'data-testid="arbitration-guidance"' in html and "劳动争议仲裁不收费" in html
    assert reverse("catalog:detail", args=["arbitration"]) in html
    assert "仲裁指引" in html  # its service, from the kind


@pytest.mark.django_db
def test_a_law_firm_shows_only_its_public_profile(client, network):
    firm = Agency.objects.create(name="示范正源律师事务所", kind=AgencyKind.LAW_FIRM, region=network.county)
    html = page(client.get(reverse("portal:directory_agency", args=[firm.pk])))
    assert 'data-testid="public-good"' in html and "律师服务" in html


@pytest.mark.django_db
def test_a_point_page_lists_the_agencies_housed_there(client, network, django_assert_max_num_queries):
    centre: ServicePoint = network.centre
    with django_assert_max_num_queries(8):
        html = page(client.get(reverse("portal:directory_point", args=[centre.pk])))
    assert network.legal_aid_centre.name in html
    assert reverse("portal:directory_agency", args=[network.legal_aid_centre.pk]) in html
    assert "工作人员未在名录中公开" in html


@pytest.mark.django_db
def test_the_notary_page_shows_the_booking_parts_real_next_free_slots(client, network, notary):
    pytest.importorskip("gongfa.appointments.selectors.booking")
    from gongfa.appointments.models import BookableResource, SlotTemplate

    room = BookableResource.objects.create(office=notary, name="第一接待室")
    for weekday in range(7):
        SlotTemplate.objects.create(
            resource=room, weekday=weekday, starts_at=datetime.time(9, 0), ends_at=datetime.time(9, 30)
        )
    html = page(client.get(reverse("portal:directory_agency", args=[notary.pk])))
    slots = html.split('data-testid="office-slots"')[1].split("</section>")[0]
    assert slots.count("第一接待室") == 3 and slots.count("09:00–09:30") == 3
    book = html.split('data-testid="book-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert book in (f"/notarization/book/?office={notary.pk}", reverse("portal:notarization_matters"))
