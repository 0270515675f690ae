"""Token issue, format, hashing, expiry, revocation and scopes (the service layer)."""

import datetime
import hashlib

import pytest
import time_machine
from django.utils import timezone

from gongfa.api.models import ApiToken, TokenScope
from gongfa.api.tokens import (
    InvalidToken,
    authenticate_token,
    issue_token,
    parse_token,
    revoke_token,
)
from gongfa.core.errors import DomainError
from gongfa.testing.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="kiosk")


def test_issue_returns_the_secret_once_and_stores_only_its_hash(user):
    token, plain = issue_token(user=user, scopes=[TokenScope.WORKORDERS_CREATE], name="大厅终端")
    assert plain.startswith(f"gf_{token.prefix}_")
    parsed = parse_token(plain)
    assert parsed is not None
    prefix, secret = parsed
    assert prefix == token.prefix and len(prefix) == 8 and len(secret) == 40
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in repr(stored.__dict__)
    assert stored.scopes == ["workorders:create"] and stored.name == "大厅终端"
    assert stored.expires_at is None and stored.revoked_at is None


def test_two_tokens_differ(user):
    _, first = issue_token(user=user, scopes=["workorders:read"])
    _, second = issue_token(user=user, scopes=["workorders:read"])
    assert first != second


def test_authenticate_accepts_the_token_and_records_its_use(user):
    token, plain = issue_token(user=user, scopes=["workorders:read"])
    found = authenticate_token(plain)
    assert found.pk == token.pk and found.user == user
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(user, django_assert_num_queries):
    _, plain = issue_token(user=user, scopes=["workorders:read"])
    authenticate_token(plain)
    with django_assert_num_queries(1):  # the lookup only, no write
        authenticate_token(plain)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "gf_",
        "nonsense",
        "gf_short_secret",
        "gf_12345678-" + "a" * 40,
        "gf_1234567_" + "a" * 41,
        "xx_12345678_" + "a" * 40,
    ],
)
def test_malformed_tokens_are_refused(user, raw):
    with pytest.raises(InvalidToken) as caught:
        authenticate_token(raw)
    assert caught.value.status == 401


def test_a_wrong_secret_is_refused(user):
    _, plain = issue_token(user=user, scopes=["workorders:read"])
    wrong = plain[:-1] + ("A" if plain[-1] != "A" else "B")
    with pytest.raises(InvalidToken):
        authenticate_token(wrong)
    with pytest.raises(InvalidToken):
        authenticate_token(f"gf_{'0' * 8}_{plain[-40:]}")  # unknown prefix


def test_expired_tokens_are_refused(user):
    _, plain = issue_token(user=user, scopes=["workorders:read"], days=2)
    authenticate_token(plain)
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=2, seconds=1)),
        pytest.raises(InvalidToken) as caught,
    ):
        authenticate_token(plain)
    assert caught.value.code == "token_expired"


def test_revoked_tokens_are_refused(user):
    token, plain = issue_token(user=user, scopes=["workorders:read"])
    revoke_token(token.prefix)
    with pytest.raises(InvalidToken) as caught:
        authenticate_token(plain)
    assert caught.value.code == "token_revoked"
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    revoke_token(f"gf_{token.prefix}_")  # idempotent, also with the gf_ form
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_revoking_an_unknown_prefix_is_an_error(db):
    with pytest.raises(DomainError) as caught:
        revoke_token("deadbeef")
    assert caught.value.code == "unknown_token"


def test_a_deactivated_account_disables_its_tokens(user):
    _, plain = issue_token(user=user, scopes=["workorders:read"])
    user.is_active = False
    user.save()
    with pytest.raises(InvalidToken) as caught:
        authenticate_token(plain)
    assert caught.value.code == "token_user_inactive"


@pytest.mark.parametrize("scopes", [[], ["workorders:delete"], ["workorders:read", "admin"]])
def test_scopes_come_from_the_fixed_set(user, scopes):
    with pytest.raises(DomainError) as caught:
        issue_token(user=user, scopes=scopes)
    assert caught.value.field == "scopes"
    assert not ApiToken.objects.exists()


def test_no_token_for_an_inactive_account_or_a_silly_lifetime(user):
    with pytest.raises(DomainError):
        issue_token(user=user, scopes=["workorders:read"], days=0)
    user.is_active = False
    user.save()
    with pytest.raises(DomainError):
        issue_token(user=user, scopes=["workorders:read"])


def test_model_state_and_scope_helpers(user):
    token, _ = issue_token(user=user, scopes=["workorders:read", "workorders:read"], days=1)
    assert token.scopes == ["workorders:read"]  # duplicates dropped
    assert token.has_scope("workorders:read") and not token.has_scope("workorders:act")
    assert token.state_label == "有效" and token.is_usable()
    assert "gf_" in str(token) and token.key_hash not in str(token)
