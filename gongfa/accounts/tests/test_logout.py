"""Signing out (退出登录): POST only; GET shows a button."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from gongfa.testing.factories import CitizenFactory

URL = "/accounts/logout/"


def test_url_name():
    assert reverse("accounts:logout") == URL


def test_get_only_asks_and_keeps_the_citizen_signed_in(client, db):
    citizen = CitizenFactory()
    client.force_login(citizen)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "确定要退出吗" in page and f'action="{URL}" method="post"' in page
    assert client.session[SESSION_KEY] == str(citizen.pk)


def test_post_signs_the_citizen_out_and_goes_home(client, db):
    client.force_login(CitizenFactory())
    response = client.post(URL)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    assert SESSION_KEY not in client.session
    assert client.get(reverse("portal:my_items")).status_code == 302  # needs login again


def test_staff_go_back_to_the_staff_login(client, clerk):
    client.force_login(clerk)
    page = client.get(URL).content.decode()
    assert "工作台" in page  # the staff layout
    response = client.post(URL, follow=True)
    assert response.redirect_chain[0][0] == reverse("accounts:staff_login")
    assert "您已安全退出" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_signed_out_visitor_sees_a_login_link(client, db):
    page = client.get(URL).content.decode()
    assert "您现在没有登录" in page
    assert client.post(URL)["Location"] == reverse("portal:home")


def test_logout_needs_the_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(CitizenFactory())
    assert client.post(URL).status_code == 403
    assert SESSION_KEY in client.session


def test_other_methods_are_refused(client, db):
    assert client.put(URL).status_code == 405
