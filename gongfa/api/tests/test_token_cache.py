"""API tokens looked up per process (gongfa.api.tokens, settings.API_TOKEN_CACHE_SECONDS): a known
token is checked without a query, yet a revocation, an account's deactivation and another
process's change are seen; a wrong secret is refused all the same; each request gets its own copy."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from gongfa.api.tokens import TOKENS, InvalidToken, authenticate_token, issue_token, revoke_token
from gongfa.testing.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("token_cache_on")]


@pytest.fixture
def token_cache_on():
    with override_settings(API_TOKEN_CACHE_SECONDS=60):
        yield


@pytest.fixture
def issued():
    user = UserFactory(username="kiosk")
    token, plain = issue_token(user=user, scopes=["workorders:create"])
    authenticate_token(plain)  # the first use reads it (and stamps last_used_at)
    return token, plain


def test_a_known_token_is_checked_without_a_query(issued, django_assert_num_queries):
    token, plain = issued
    with django_assert_num_queries(0):
        found = authenticate_token(plain)
    assert found.pk == token.pk and found.user.username == "kiosk"


def test_a_wrong_secret_is_refused_though_the_prefix_is_cached(issued):
    _, plain = issued
    forged = plain[:-1] + ("A" if plain[-1] != "A" else "B")
    with pytest.raises(InvalidToken):
        authenticate_token(forged)


def test_a_revocation_is_seen_at_once(issued):
    token, plain = issued
    revoke_token(token.prefix)
    with pytest.raises(InvalidToken) as refused:
        authenticate_token(plain)
    assert refused.value.code == "token_revoked"


def test_the_accounts_deactivation_is_seen_at_once(issued):
    token, plain = issued
    user = token.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(InvalidToken) as refused:
        authenticate_token(plain)
    assert refused.value.code == "token_user_inactive"


@override_settings(REFERENCE_CACHE_CHECK_SECONDS=0)
def test_another_processs_revocation_is_seen_through_the_shared_generation(issued, django_assert_num_queries):
    token, plain = issued
    # Another process revoked it: the row changed, and only the shared generation tells this one.
    type(token).objects.filter(pk=token.pk).update(revoked_at=token.created_at)
    with django_assert_num_queries(0):
        authenticate_token(plain)  # this process has not heard yet
    cache.set(TOKENS.generation_key, cache.get(TOKENS.generation_key, 0) + 1, timeout=None)
    with pytest.raises(InvalidToken):
        authenticate_token(plain)


def test_a_login_or_a_new_account_does_not_drop_the_tokens(issued, django_assert_num_queries):
    token, plain = issued
    user = token.user
    user_logged_in.send(sender=type(user), request=RequestFactory().get("/"), user=user)  # stamps last_login
    UserFactory(username="someone_new")
    with django_assert_num_queries(0):
        authenticate_token(plain)


def test_each_request_gets_its_own_copy(issued):
    _, plain = issued
    first = authenticate_token(plain)
    first.user.real_name = "被某个请求改过"
    first.name = "同上"
    second = authenticate_token(plain)
    assert second.user.real_name != "被某个请求改过" and second.name != "同上"
    assert second is not first and second.user is not first.user


def test_unknown_prefixes_are_not_kept(issued, django_assert_num_queries):
    unknown = "gf_00000000_" + "a" * 40
    for _ in range(2):
        with django_assert_num_queries(1), pytest.raises(InvalidToken):
            authenticate_token(unknown)


def test_nothing_is_kept_when_the_setting_is_zero(issued, django_assert_num_queries):
    _, plain = issued
    with override_settings(API_TOKEN_CACHE_SECONDS=0), django_assert_num_queries(1):
        authenticate_token(plain)
