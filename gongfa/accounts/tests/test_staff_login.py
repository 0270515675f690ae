"""Staff sign in with username and password (工作人员登录)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, authenticate
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.accounts.services import WRONG_CREDENTIALS, authenticate_staff
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.testing.factories import TEST_PASSWORD, CitizenFactory, UserFactory

from .helpers import page_errors

URL = "/accounts/staff/login/"


def _post(client, username, password=TEST_PASSWORD, next_url=None, **extra):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(URL, data, **extra)


def test_url_name():
    assert reverse("accounts:staff_login") == URL


def test_form_page_has_labelled_fields(client, db):
    page = client.get(URL).content.decode()
    assert '<label class="label" for="id_username">用户名' in page
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert page_errors(page) == ""


def test_right_password_signs_in_and_goes_to_the_queue(client, clerk):
    response = _post(client, "clerk")
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")
    assert client.session[SESSION_KEY] == str(clerk.pk)
    assert client.session.get_expire_at_browser_close()
    event = Event.objects.get(verb="accounts.login_succeeded")
    assert event.subject_id == str(clerk.pk) and event.actor == clerk and event.channel == "workbench"
    assert event.data == {"ip": "127.0.0.1"}


def test_wrong_password_is_refused_with_a_generic_message(client, clerk):
    response = _post(client, "clerk", "wrong-password")
    assert response.status_code == 400  # refused: the form again with its errors
    assert SESSION_KEY not in client.session
    assert WRONG_CREDENTIALS in page_errors(response.content.decode())
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 1 and clerk.locked_until is None
    event = Event.objects.get(verb="accounts.login_failed")
    assert event.subject_id == str(clerk.pk) and event.actor is None and event.data["ip"] == "127.0.0.1"


def test_unknown_username_gets_the_same_message(client, db):
    response = _post(client, "nobody", "whatever-password")
    errors = page_errors(response.content.decode())
    assert WRONG_CREDENTIALS in errors and "不存在" not in errors
    assert SESSION_KEY not in client.session
    assert not Event.objects.exists()


def test_password_field_is_not_echoed_back(client, clerk):
    page = _post(client, "clerk", "wrong-password-123").content.decode()
    assert "wrong-password-123" not in page
    assert 'value="clerk"' in page


def test_citizen_cannot_sign_in_by_password(client, db):
    citizen = CitizenFactory()  # the factory gives citizens a password too
    response = _post(client, citizen.username)
    assert WRONG_CREDENTIALS in page_errors(response.content.decode())
    assert SESSION_KEY not in client.session
    citizen.refresh_from_db()
    assert citizen.failed_login_count == 0  # citizens are never locked by password attempts
    assert Event.objects.get(verb="accounts.login_failed").data["reason"] == "citizen"
    assert authenticate(username=citizen.username, password=TEST_PASSWORD) is None


def test_inactive_staff_cannot_sign_in(client, db):
    UserFactory(username="gone", is_active=False)
    response = _post(client, "gone")
    assert WRONG_CREDENTIALS in page_errors(response.content.decode())
    assert SESSION_KEY not in client.session


def test_empty_form_explains_what_is_missing_and_changes_nothing(client, clerk):
    response = client.post(URL, {"username": "", "password": ""})
    errors = page_errors(response.content.decode())
    assert "请输入用户名" in errors and "请输入密码" in errors
    assert 'href="#id_username"' in errors
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 0
    assert not Event.objects.exists()


def test_html_in_the_username_is_shown_escaped(client, db):
    page = _post(client, '<script>alert("x")</script>', "pw").content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


def test_safe_next_is_followed(client, clerk):
    target = reverse("workbench:order_detail", args=["GF-1"])
    assert _post(client, "clerk", next_url=target)["Location"] == target


@pytest.mark.parametrize("evil", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"])
def test_external_next_is_ignored(client, clerk, evil):
    page = client.get(URL, {"next": evil}).content.decode()
    assert 'name="next"' not in page.split('action="/accounts/staff/login/"')[1]  # not carried on
    response = _post(client, "clerk", next_url=evil)
    assert response["Location"] == reverse("workbench:home")


def test_next_is_carried_through_the_form(client, db):
    target = reverse("workbench:order_detail", args=["GF-2"])
    page = client.get(URL, {"next": target}).content.decode()
    assert f'name="next" value="{target}"' in page


def test_signed_in_staff_are_sent_on(client, clerk):
    client.force_login(clerk)
    assert client.get(URL)["Location"] == reverse("workbench:home")


def test_service_returns_the_user_and_refuses_citizens(db, clerk):
    assert authenticate_staff("clerk", TEST_PASSWORD, ip="10.1.1.1") == clerk
    citizen = CitizenFactory()
    with pytest.raises(DomainError) as exc:
        authenticate_staff(citizen.username, TEST_PASSWORD, ip="10.1.1.1")
    assert exc.value.message == WRONG_CREDENTIALS


def test_django_authenticate_uses_the_staff_backend(rf, clerk):
    request = rf.post("/admin/login/")
    assert authenticate(request, username="clerk", password=TEST_PASSWORD) == clerk
    assert authenticate(request, username="clerk", password="nope") is None
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 1  # the admin site's login counts towards the lockout too


def test_staff_login_page_for_every_staff_role(client, db):
    for role in Role.values:
        if role == Role.CITIZEN:
            continue
        user = UserFactory(role=role)
        client.logout()
        assert _post(client, user.username).status_code == 302, role
        assert client.session[SESSION_KEY] == str(user.pk)
