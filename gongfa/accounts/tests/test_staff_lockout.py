"""Lockout after repeated wrong passwords, and the per-IP throttle (账号锁定与IP限流)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.accounts.services import WRONG_CREDENTIALS, authenticate_staff, unlock_users
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, RateLimited
from gongfa.testing.concurrency import run_concurrently
from gongfa.testing.factories import TEST_PASSWORD, UserFactory

from .helpers import page_errors

URL = "/accounts/staff/login/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCKOUT_SECONDS = 15 * 60
    settings.LOGIN_IP_MAX_FAILURES = 20


def _fail(username="clerk", ip="10.0.0.1", times=1):
    for _ in range(times):
        with pytest.raises(DomainError):
            authenticate_staff(username, "wrong-password", ip=ip)


def test_account_is_locked_after_max_failures(client, clerk):
    for _ in range(2):
        response = client.post(URL, {"username": "clerk", "password": "wrong"})
        assert WRONG_CREDENTIALS in page_errors(response.content.decode())
    response = client.post(URL, {"username": "clerk", "password": "wrong"})
    errors = page_errors(response.content.decode())
    # The same words as any other refusal: the page does not confirm the account exists.
    assert WRONG_CREDENTIALS in errors and "已锁定" not in errors
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 3
    assert clerk.is_locked()
    assert clerk.locked_until - timezone.now() <= datetime.timedelta(minutes=15)
    assert Event.objects.filter(verb="accounts.login_failed").count() == 3
    assert Event.objects.filter(verb="accounts.locked_out", subject_id=str(clerk.pk)).count() == 1


def test_locked_account_is_refused_even_with_the_right_password(client, clerk):
    _fail(times=3)
    response = client.post(URL, {"username": "clerk", "password": TEST_PASSWORD})
    assert WRONG_CREDENTIALS in page_errors(response.content.decode())
    assert SESSION_KEY not in client.session
    assert Event.objects.filter(verb="accounts.login_failed", data__reason="locked").count() == 1
    assert not Event.objects.filter(verb="accounts.login_succeeded").exists()


def test_still_locked_before_the_window_ends_without_saying_so(clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(times=3)
    later = start + datetime.timedelta(minutes=10, seconds=5)
    with time_machine.travel(later, tick=False), pytest.raises(DomainError) as exc:
        authenticate_staff("clerk", TEST_PASSWORD, ip="10.0.0.1")
    # No minutes left in the answer (that would confirm the account); the audit has the reason.
    assert exc.value.message == WRONG_CREDENTIALS
    assert Event.objects.filter(verb="accounts.login_failed", data__reason="locked").count() == 1


def test_lock_runs_out_after_the_window(client, clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(times=3)
    with time_machine.travel(start + datetime.timedelta(minutes=15, seconds=1), tick=False):
        response = client.post(URL, {"username": "clerk", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(clerk.pk)
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 0 and clerk.locked_until is None


def test_after_the_lock_a_single_mistake_does_not_lock_again(clerk):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(times=3)
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        with pytest.raises(DomainError) as exc:
            authenticate_staff("clerk", "wrong", ip="10.0.0.1")
        assert exc.value.message == WRONG_CREDENTIALS
        clerk.refresh_from_db()
        assert clerk.failed_login_count == 1 and not clerk.is_locked()


def test_success_resets_the_counter(clerk):
    _fail(times=2)
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 2
    assert authenticate_staff("clerk", TEST_PASSWORD, ip="10.0.0.1") == clerk
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 0
    _fail(times=2)  # two more: still below the limit because the success reset it
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 2 and not clerk.is_locked()


def test_other_accounts_are_not_affected(clerk):
    other = UserFactory(username="other")
    _fail(times=3)
    assert authenticate_staff("other", TEST_PASSWORD, ip="10.0.0.9") == other


def test_unlock_clears_the_lock(clerk):
    _fail(times=3)
    assert unlock_users([clerk.pk]) == 1
    clerk.refresh_from_db()
    assert clerk.failed_login_count == 0 and clerk.locked_until is None
    assert Event.objects.filter(verb="accounts.unlocked", subject_id=str(clerk.pk)).count() == 1
    assert authenticate_staff("clerk", TEST_PASSWORD, ip="10.0.0.1") == clerk
    assert unlock_users([clerk.pk]) == 0  # nothing to unlock: no event


def test_one_ip_cannot_spray_many_accounts(client, settings, db):
    settings.LOGIN_IP_MAX_FAILURES = 4
    users = [UserFactory(username=f"staff{i}") for i in range(6)]
    for user in users[:4]:
        _fail(user.username, ip="10.9.9.9")
    # The fifth attempt from that address is refused before the password is even checked.
    with pytest.raises(RateLimited) as exc:
        authenticate_staff(users[4].username, TEST_PASSWORD, ip="10.9.9.9")
    assert "登录尝试过于频繁" in exc.value.message and "15 分钟" in exc.value.message
    response = client.post(URL, {"username": users[5].username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert "登录尝试过于频繁" in page_errors(response.content.decode())
    assert SESSION_KEY not in client.session
    # No single account reached its own limit; another address is not throttled.
    assert not User.objects.filter(locked_until__isnull=False).exists()
    assert authenticate_staff(users[4].username, TEST_PASSWORD, ip="10.1.1.1") == users[4]


def test_unknown_usernames_count_towards_the_ip_throttle(settings, db):
    settings.LOGIN_IP_MAX_FAILURES = 2
    UserFactory(username="real")
    _fail("ghost1", ip="10.5.5.5")
    _fail("ghost2", ip="10.5.5.5")
    with pytest.raises(RateLimited):
        authenticate_staff("real", TEST_PASSWORD, ip="10.5.5.5")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_all_count(pg_only):
    UserFactory(username="racer")
    _, errors = run_concurrently(6, lambda _i: authenticate_staff("racer", "wrong", ip="10.0.0.2"))
    results = [exc.code for exc in errors if isinstance(exc, DomainError)]
    assert len(results) == 6
    racer = User.objects.get(username="racer")
    assert racer.failed_login_count == 3  # three failures lock; the others find it locked
    assert racer.is_locked()
    # Locked or not, every refusal answers alike (the audit keeps the reason).
    assert set(results) == {"invalid_credentials"}
    assert Event.objects.filter(verb="accounts.login_failed", data__reason="locked").count() == 3
    assert Event.objects.filter(verb="accounts.locked_out").count() == 1


def test_unknown_and_locked_usernames_get_the_same_answer(client, clerk):
    """The lockout message does not tell which usernames exist (same words, same status, and the
    locked path hashes the password like the others)."""
    UserFactory(username="clerk2")
    _fail(times=3)
    clerk.refresh_from_db()
    assert clerk.is_locked()
    locked = client.post(URL, {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="10.7.0.1")
    unknown = client.post(URL, {"username": "nobody-here", "password": "wrong"}, REMOTE_ADDR="10.7.0.2")
    wrong = client.post(URL, {"username": "clerk2", "password": "wrong"}, REMOTE_ADDR="10.7.0.3")
    answers = [(r.status_code, page_errors(r.content.decode())) for r in (locked, unknown, wrong)]
    assert answers[0] == answers[1] == answers[2]
    assert WRONG_CREDENTIALS in answers[0][1]


def test_a_locked_account_still_checks_the_password(clerk, monkeypatch):
    _fail(times=3)
    checked = []
    original = User.check_password

    def spy(self, raw):
        checked.append(raw)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", spy)
    with pytest.raises(DomainError) as exc:
        authenticate_staff("clerk", "any-password", ip="10.8.0.1")
    assert exc.value.message == WRONG_CREDENTIALS and exc.value.code == "invalid_credentials"
    assert checked == ["any-password"]
