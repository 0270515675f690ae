"""Error pages (#16 item 12): 403, 404, 405 and 500 in the site's frame and the visitor's language,
each with a next step; a citizen who opens the workbench is offered the portal; a favicon exists."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation

from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, build_network, staff

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"}


def framed(page: str, language: str) -> None:
    """The site's frame: the language, a skip link to the main content, the stylesheet and the icon."""
    assert f'<html lang="{language}"' in page
    assert 'href="#main-content" class="skip-link"' in page and 'id="main-content"' in page
    assert "gongfa/css/site.css" in page
    assert 'rel="icon"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(("headers", "language"), [(CHINESE, "zh-Hans"), (ENGLISH, "en")])
def test_a_missing_page_is_a_404_with_the_way_home(client, headers, language):
    response = client.get("/no-such-page/", **headers)
    assert response.status_code == 404
    page = response.content.decode()
    framed(page, language)
    assert "<h1>找不到该页面</h1>" in page or "<h1>Page not found</h1>" in page
    steps = page[page.index('data-testid="next-steps"') :]
    assert 'href="/"' in steps and 'href="/services/"' in steps
    assert "Not Found</h1>" not in page  # not Django's bare page


@pytest.mark.django_db
def test_a_missing_page_offers_the_page_the_visitor_came_from(client):
    response = client.get("/no-such-page/", HTTP_REFERER="http://testserver/services/")
    assert 'href="http://testserver/services/"' in response.content.decode()
    elsewhere = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/phish")
    assert "evil.example" not in elsewhere.content.decode()  # only this site's pages


@pytest.mark.django_db
def test_a_missing_workbench_page_leads_staff_back_to_the_workbench(client):
    client.force_login(staff(Role.WINDOW_STAFF, at=build_network().centre))
    page = client.get("/workbench/no-such-page/").content.decode()
    assert 'href="/workbench/"' in page


@pytest.mark.django_db
def test_a_missing_api_resource_is_the_apis_json_error(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(("headers", "language"), [(CHINESE, "zh-Hans"), (ENGLISH, "en")])
def test_a_citizen_in_the_workbench_is_told_it_is_for_staff_and_offered_the_portal(client, headers, language):
    client.force_login(CitizenFactory())
    response = client.get("/workbench/", **headers)
    assert response.status_code == 403
    page = response.content.decode()
    framed(page, language)
    assert "工作台仅供工作人员使用" in page or "for staff" in page
    assert 'data-testid="to-portal"' in page
    steps = page[page.index('data-testid="next-steps"') :]
    assert 'href="/"' in steps and 'href="/my/"' in steps
    assert "403 Forbidden" not in page


@pytest.mark.django_db
def test_a_citizen_on_a_deeper_workbench_page_is_offered_the_portal_too(client):
    client.force_login(CitizenFactory())
    response = client.get("/workbench/legal-aid/stats/")
    assert response.status_code == 403
    assert 'data-testid="to-portal"' in response.content.decode()


@pytest.mark.django_db
def test_staff_without_the_role_are_told_so_and_sent_back_to_the_workbench(client):
    client.force_login(staff(Role.WINDOW_STAFF, at=build_network().centre))
    response = client.get("/workbench/legal-aid/stats/", **ENGLISH)
    assert response.status_code == 403
    page = response.content.decode()
    framed(page, "en")
    assert 'data-testid="to-portal"' not in page  # staff are not sent to the citizens' portal
    assert "仅限督办主管使用" in page  # what the door says
    assert 'href="/workbench/"' in page[page.index('data-testid="next-steps"') :]


@pytest.mark.django_db
@pytest.mark.parametrize(("headers", "language"), [(CHINESE, "zh-Hans"), (ENGLISH, "en")])
def test_a_get_on_a_post_only_address_is_a_friendly_405(client, headers, language):
    response = client.get("/preferences/elder-mode/", **headers)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    framed(page, language)
    with translation.override("en" if language == "en" else "zh-hans"):
        heading = translation.gettext("不能这样打开该页面")
    assert heading in page
    if language == "en":
        assert "不能这样打开该页面" not in page
    assert 'href="/"' in page[page.index('data-testid="next-steps"') :]


@pytest.mark.django_db
def test_an_htmx_or_api_405_is_left_alone(client):
    assert client.get("/preferences/elder-mode/", HTTP_HX_REQUEST="true").content == b""
    api = client.delete("/api/v1/health")
    assert api.status_code == 405
    assert b"<html" not in api.content


@pytest.mark.django_db
@pytest.mark.parametrize(("headers", "language"), [(CHINESE, "zh-Hans"), (ENGLISH, "en")])
def test_the_500_page_is_in_the_visitors_language_with_the_way_home(settings, headers, language):
    settings.ROOT_URLCONF = "gongfa.core.tests.broken_urls"
    response = Client(raise_request_exception=False).get("/broken", **headers)
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert '<a href="/">' in page and 'rel="icon"' in page


@pytest.mark.django_db
def test_favicon_answers_without_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/gongfa/favicon.ico"
    icon_path = finders.find("gongfa/favicon.ico")
    assert isinstance(icon_path, str) and finders.find("gongfa/favicon.svg")
    with open(icon_path, "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/gongfa/favicon.ico"' in page
    assert '<link rel="icon" href="/static/gongfa/favicon.svg" type="image/svg+xml">' in page
