"""The directory in a real browser (Chromium through Playwright): a citizen on a phone finds the
notary office near their village with the htmx cascade; on a desktop the browser's position sorts
the list and the Leaflet map draws the places on tiles from the configured server (served here by
the test), under the site's CSP; axe-core finds nothing serious."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.files import small_png
from tests.browser.conftest import assert_accessible

# The browser fixtures come from tests/browser/conftest.py: one Playwright per process (a second
# one, as a module importing the fixture would make, fails inside the first one's event loop).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TILES = "https://tiles.example.org"


def _located(obj, lat: str, lng: str) -> None:
    obj.latitude, obj.longitude = Decimal(lat), Decimal(lng)
    obj.save(update_fields=["latitude", "longitude"])


@pytest.fixture
def places(network):
    village = network.villages[4]  # 示范2镇2村
    _located(village, "29.000000", "118.900000")
    _located(network.centre, "29.010000", "118.900000")
    notary = Agency.objects.create(
        name="示范市示范县公证处",
        kind=AgencyKind.NOTARY_OFFICE,
        region=network.county,
        point=network.centre,
        phone="0570-81234567",
        latitude=Decimal("29.030000"),
        longitude=Decimal("118.900000"),
    )
    return network, village, notary


def test_a_citizen_on_a_phone_finds_the_notary_office_near_their_village(live_server, phone_page, places):
    _, village, notary = places
    page = phone_page
    page.goto(live_server.url + "/directory/")
    # One county: it is chosen already; choosing the township fills the villages in place (htmx).
    page.get_by_label("乡镇(街道)").select_option(village.parent.code)
    page.get_by_label("您所在的村(社区)").select_option(village.code)
    page.get_by_label("类型").select_option(AgencyKind.NOTARY_OFFICE.value)
    page.get_by_role("button", name="搜索").click()
    card = page.locator(f'[data-testid="place-agency-{notary.pk}"]')
    card.wait_for()
    assert f"距{village.name}约 3.3 公里" in card.inner_text()
    assert card.locator('a[href="tel:057081234567"]').is_visible()
    assert page.locator("[data-testid=directory-map]").count() == 0  # no tile server: the list is the directory
    assert_accessible(page)
    card.get_by_role("link", name=notary.name).click()
    page.get_by_role("heading", name=notary.name).wait_for()
    assert page.locator('[data-testid="book-link"]').is_visible()
    assert_accessible(page)


@override_settings(MAP_TILE_URL=TILES + "/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© 示例地图", DEBUG=False)
def test_near_me_from_the_browser_position_with_the_map(live_server, browser, places):
    network, village, notary = places
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
        geolocation={"latitude": 29.0, "longitude": 118.9},
        permissions=["geolocation"],
    )
    tiles: list[str] = []
    blocked: list[str] = []
    png = small_png((256, 256))

    def serve_tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, body=png, content_type="image/png")

    context.route(TILES + "/**", serve_tile)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    try:
        page.goto(live_server.url + "/directory/")
        page.get_by_role("button", name="查找我附近的").click()
        page.locator('[data-testid="near-notice"]').wait_for()
        assert "按离您的距离由近到远排列" in page.locator('[data-testid="near-notice"]').inner_text()
        room = network.rooms[village.code]  # its village's centre is where the browser is
        assert "距您约 0.0 公里" in page.locator(".directory-card").nth(0).inner_text()
        assert room.name in page.locator(".directory-card").nth(0).inner_text()
        centre = page.locator(f'[data-testid="place-point-{network.centre.pk}"]')
        assert "距您约 1.1 公里" in centre.inner_text()  # 0.01° north
        assert notary.name in page.locator(".directory-list").inner_text()
        page.locator("#directory-map .leaflet-interactive").first.wait_for()
        assert page.locator("#directory-map .leaflet-interactive").count() >= 3  # centre, office, you
        page.wait_for_function("() => document.querySelectorAll('#directory-map img.leaflet-tile-loaded').length > 0")
        assert tiles and all(url.startswith(TILES) for url in tiles)
        assert not blocked, blocked
        assert_accessible(page)
    finally:
        context.close()
