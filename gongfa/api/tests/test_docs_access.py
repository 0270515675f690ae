"""/api/docs and /api/openapi.json: staff only, unless API_DOCS_PUBLIC opens them (接口文档)."""

import pytest

from gongfa.accounts.choices import Role
from gongfa.testing.factories import CitizenFactory, UserFactory

PAGES = ["/api/docs", "/api/openapi.json"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_staff_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/staff/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_citizens_are_refused(client, db, url):
    client.force_login(CitizenFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_staff_read_the_docs(client, db, url):
    client.force_login(UserFactory(role=Role.WINDOW_STAFF))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_the_setting_opens_them_to_everyone(client, db, settings, url):
    settings.API_DOCS_PUBLIC = True
    assert client.get(url).status_code == 200
