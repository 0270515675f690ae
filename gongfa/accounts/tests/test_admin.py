"""The admin site for users (administrators only), SMS log and login codes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import OneTimeCode, SmsMessage, User
from gongfa.accounts.services import request_login_code
from gongfa.audit.models import Event, PersonalDataAccess
from gongfa.testing.factories import CitizenFactory, UserFactory, make_id_number

ID_NUMBER = make_id_number("330102", datetime.date(1956, 3, 4), 123)
USERS = "/admin/accounts/user/"


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root-admin", role=Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def citizen(db):
    return CitizenFactory(phone="13812345678", id_number=ID_NUMBER, real_name="王小明")


def test_list_shows_masked_phone_and_id_number(admin_client, citizen):
    page = admin_client.get(USERS).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert f"{ID_NUMBER[:4]}**********{ID_NUMBER[-4:]}" in page and ID_NUMBER not in page
    assert "王*明" in page and "王小明" not in page


def test_search_by_phone_and_filter_by_role(admin_client, citizen, admin_user):
    page = admin_client.get(USERS, {"q": "13812345678"}).content.decode()
    assert citizen.username in page and admin_user.username not in page
    page = admin_client.get(USERS, {"role__exact": Role.ADMINISTRATOR}).content.decode()
    assert admin_user.username in page and citizen.username not in page
    page = admin_client.get(USERS, {"is_active__exact": "0"}).content.decode()
    assert citizen.username not in page


def test_unlock_action(admin_client, admin_user):
    locked = UserFactory(
        username="locked", failed_login_count=5, locked_until=timezone.now() + datetime.timedelta(minutes=10)
    )
    fine = UserFactory(username="fine")
    response = admin_client.post(USERS, {"action": "unlock", "_selected_action": [locked.pk, fine.pk]}, follow=True)
    assert "已解除 1 个账号的登录锁定" in response.content.decode()
    locked.refresh_from_db()
    assert locked.failed_login_count == 0 and locked.locked_until is None
    event = Event.objects.get(verb="accounts.unlocked")
    assert event.subject_id == str(locked.pk) and event.actor == admin_user


def test_opening_a_user_in_full_is_recorded(admin_client, admin_user, citizen):
    page = admin_client.get(f"{USERS}{citizen.pk}/change/").content.decode()
    assert ID_NUMBER in page  # the edit form shows it in full ...
    fields = set(PersonalDataAccess.objects.filter(actor=admin_user, person=citizen).values_list("field", flat=True))
    assert fields == {"phone", "id_number"}  # ... and that is logged


def test_change_form_has_the_custom_fields_and_no_first_name(admin_client, citizen):
    page = admin_client.get(f"{USERS}{citizen.pk}/change/").content.decode()
    for name in ("role", "real_name", "phone", "id_number", "elder_mode", "failed_login_count", "locked_until_0"):
        assert f'name="{name}"' in page, name
    assert 'name="first_name"' not in page
    assert 'name="is_superuser"' not in page  # only superusers may grant superuser


def test_edit_validates_the_id_number(admin_client, citizen):
    data = {
        "username": citizen.username,
        "role": Role.CITIZEN,
        "real_name": "王小明",
        "phone": "13812345678",
        "id_number": ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"),
        "email": "",
        "failed_login_count": 0,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin_client.post(f"{USERS}{citizen.pk}/change/", data)
    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.id_number == ID_NUMBER


def test_add_staff_user(admin_client):
    response = admin_client.post(
        f"{USERS}add/",
        {
            "username": "new-clerk",
            "role": Role.WINDOW_STAFF,
            "real_name": "李四",
            "phone": "13700000000",
            "usable_password": "true",
            "password1": "a-long-Passphrase-2026",
            "password2": "a-long-Passphrase-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new-clerk")
    assert user.role == Role.WINDOW_STAFF and user.check_password("a-long-Passphrase-2026")


def test_users_are_never_deleted(admin_client, citizen):
    assert admin_client.get(f"{USERS}{citizen.pk}/delete/").status_code == 403


def test_administrator_cannot_edit_a_superuser(admin_client, db):
    root = UserFactory(username="root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    page = admin_client.get(f"{USERS}{root.pk}/change/").content.decode()
    assert 'name="username"' not in page  # view only
    assert admin_client.get(f"{USERS}{root.pk}/password/").status_code == 403


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.WINDOW_STAFF])
def test_other_roles_cannot_manage_users(client, db, role):
    client.force_login(UserFactory(role=role, is_staff=True))
    assert client.get(USERS).status_code == 403
    assert client.get("/admin/accounts/onetimecode/").status_code == 403
    assert client.get("/admin/accounts/smsmessage/").status_code == 403


def test_login_codes_are_read_only_and_hide_the_hash(admin_client, db):
    request_login_code("13812345678", "10.0.0.1")
    otp = OneTimeCode.objects.get()
    page = admin_client.get("/admin/accounts/onetimecode/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert otp.code_hash not in page
    detail = admin_client.get(f"/admin/accounts/onetimecode/{otp.pk}/change/").content.decode()
    assert otp.code_hash not in detail and "验证码摘要" not in detail
    assert admin_client.get("/admin/accounts/onetimecode/add/").status_code == 403
    assert admin_client.post(f"/admin/accounts/onetimecode/{otp.pk}/delete/").status_code == 403


def test_sms_log_is_read_only(admin_client, db):
    request_login_code("13812345678", "10.0.0.1")
    log = SmsMessage.objects.get()
    page = admin_client.get("/admin/accounts/smsmessage/").content.decode()
    assert "138****5678" in page
    assert admin_client.get("/admin/accounts/smsmessage/add/").status_code == 403
    detail = admin_client.get(f"/admin/accounts/smsmessage/{log.pk}/change/").content.decode()
    assert "（含验证码，不记录）" in detail and 'name="body"' not in detail


def test_adding_a_second_citizen_with_the_same_phone_is_a_form_error(admin_client, db):
    CitizenFactory(phone="13700000001")
    response = admin_client.post(
        f"{USERS}add/",
        {
            "username": "ctwo",
            "role": Role.CITIZEN,
            "real_name": "",
            "phone": "13700000001",
            "usable_password": "false",
        },
    )
    # The phone column is encrypted: the unique check runs on its blind index, before saving.
    assert response.status_code == 200 and "该手机号已有群众账号。" in response.content.decode()
    assert User.objects.with_phone("13700000001").count() == 1
