"""A database outage on a page: 503 with Retry-After and a plain Chinese page, never a 500."""

import pytest
from django.test import Client

from gongfa.core.tests.outage import database_down
from gongfa.testing.factories import CitizenFactory


def test_a_page_whose_query_fails_is_a_chinese_503(client, db):
    with database_down():
        response = client.get("/services/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "服务暂时不可用" in page and "请在 5 秒后重试" in page
    assert 'lang="zh-Hans"' in page
    assert "Server Error" not in page


def test_retry_after_is_a_setting(client, db, settings):
    settings.OUTAGE_RETRY_AFTER_SECONDS = 30
    with database_down():
        response = client.get("/services/")
    assert response["Retry-After"] == "30"
    assert "请在 30 秒后重试" in response.content.decode()


def test_an_outage_in_a_middleware_is_a_503_too(db):
    """A signed-in visitor's session is read by a middleware, outside the view: the 503 comes from
    handler500 (gongfa.core.views.server_error)."""
    browser = Client(raise_request_exception=False)
    browser.force_login(CitizenFactory())
    with database_down():
        response = browser.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "服务暂时不可用" in response.content.decode()


def test_an_outage_under_the_api_prefix_outside_ninja_is_json(db):
    browser = Client(raise_request_exception=False)
    browser.force_login(CitizenFactory())
    with database_down():
        response = browser.get("/api/v1/workorders")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "service_unavailable"


def test_any_other_error_is_a_plain_chinese_500(db, settings):
    settings.ROOT_URLCONF = "gongfa.core.tests.broken_urls"
    browser = Client(raise_request_exception=False)
    response = browser.get("/broken")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page and "12348" in page
    api = browser.get("/api/broken")
    assert api.status_code == 500
    assert api.json()["error"]["code"] == "server_error"


@pytest.mark.parametrize("path", ["/broken-db", "/api/broken-db"])
def test_an_outage_wrapped_in_another_error_is_still_a_503(db, settings, path):
    settings.ROOT_URLCONF = "gongfa.core.tests.broken_urls"
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
