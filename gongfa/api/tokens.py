"""Issuing, revoking and checking API tokens.

Format: ``gf_<prefix>_<secret>``: the 8-character prefix (hex) finds the row and is shown in
lists; the 40-character secret (letters and digits) is only ever stored as its SHA-256 hash and
compared in constant time.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import hmac
import secrets
import string
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.api.models import ApiToken, TokenScope, validate_scopes
from gongfa.core import refcache
from gongfa.core.errors import DomainError

TOKEN_PREFIX = "gf_"  # noqa: S105 (the token format, not a secret)
PREFIX_LENGTH = 8
SECRET_LENGTH = 40
_ALPHABET = string.ascii_letters + string.digits
# How often last_used_at is written (a write per request would make every read a write).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# Compared against when the prefix is unknown, so both paths cost one hash comparison.
_DUMMY_HASH = hashlib.sha256(b"gongfa-no-such-token").hexdigest()


class InvalidToken(DomainError):
    """Unknown, malformed, expired or revoked token: the request is not authenticated (401)."""

    code = "invalid_token"
    status = 401


class InsufficientScope(DomainError):
    """A valid token without the scope this endpoint needs (403)."""

    code = "insufficient_scope"
    status = 403


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))


def format_token(prefix: str, secret: str) -> str:
    return f"{TOKEN_PREFIX}{prefix}_{secret}"


def parse_token(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, else None."""
    raw = (raw or "").strip()
    if not raw.startswith(TOKEN_PREFIX):
        return None
    body = raw[len(TOKEN_PREFIX) :]
    prefix, sep, secret = body.partition("_")
    if not sep or len(prefix) != PREFIX_LENGTH or len(secret) != SECRET_LENGTH:
        return None
    if not (prefix.isascii() and prefix.isalnum() and secret.isascii() and secret.isalnum()):
        return None
    return prefix, secret


def issue_token(*, user: User, scopes: Iterable[str], name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the plain token (shown once, never stored)."""
    scope_list = list(dict.fromkeys(scopes))
    try:
        validate_scopes(scope_list)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="invalid_scope", field="scopes") from None
    if not user.is_active:
        raise DomainError(
            gettext("账号 {username} 已停用，不能签发令牌。").format(username=user.username),
            code="inactive_user",
            field="user",
        )
    if days is not None and days < 1:
        raise DomainError(gettext("有效天数至少为 1 天。"), code="invalid_days", field="days")
    name = (name or "").strip()[:64] or f"{user.username} 接口令牌"
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=days) if days is not None else None
    for _ in range(5):
        prefix, secret = secrets.token_hex(PREFIX_LENGTH // 2), _new_secret()
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    name=name,
                    user=user,
                    prefix=prefix,
                    key_hash=hash_secret(secret),
                    scopes=scope_list,
                    created_at=now,
                    expires_at=expires_at,
                )
        except IntegrityError:  # prefix collision (1 in 4 billion): draw again
            continue
        return token, format_token(prefix, secret)
    raise DomainError(gettext("生成令牌失败，请重试。"), code="token_generation_failed")  # pragma: no cover


def revoke_token(prefix: str) -> ApiToken:
    """Revoke the token with this prefix (idempotent: a revoked token stays revoked)."""
    prefix = (prefix or "").strip()
    if prefix.startswith(TOKEN_PREFIX):
        prefix = prefix[len(TOKEN_PREFIX) :][:PREFIX_LENGTH]
    token = ApiToken.objects.filter(prefix=prefix).first()
    if token is None:
        raise DomainError(
            gettext("找不到前缀为 {prefix} 的令牌。").format(prefix=prefix), code="unknown_token", field="prefix"
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _irrelevant_save(instance: object, created: bool, update_fields: frozenset[str] | None) -> bool:
    """A login only stamps last_login, and an account without tokens (a new one, most citizens)
    is in no cached token: neither save drops the cache."""
    if not isinstance(instance, User):
        return False
    if created or (update_fields is not None and update_fields <= {"last_login"}):
        return True
    return not ApiToken.objects.filter(user_id=instance.pk).exists()


# Tokens by prefix, per process (every API request reads one). A token's or an account's change
# drops them here at once and in every other process within REFERENCE_CACHE_CHECK_SECONDS;
# settings.API_TOKEN_CACHE_SECONDS bounds their age (0: no cache).
TOKENS = refcache.Store(
    "api_tokens",
    generation_key="gongfa:api:tokens:generation",
    max_age_setting="API_TOKEN_CACHE_SECONDS",
    default_max_age=0,
    ignore_save=_irrelevant_save,
)


@refcache.reference_lookup(
    "api.tokens_by_prefix",
    models=("api.ApiToken", "accounts.User"),
    maxsize=2_000,
    store=TOKENS,
    keep=lambda token: token is not None,  # unknown prefixes are not kept (nor can they crowd out)
)
def _token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()


def _own_copy(token: ApiToken) -> ApiToken:
    """A copy of a cached token and its user for one request: what a request caches on its
    instances (permissions, postings) stays with that request."""
    mine = copy.copy(token)
    mine.user = copy.copy(token.user)
    return mine


def authenticate_token(raw: str, *, now: datetime.datetime | None = None) -> ApiToken:
    """The usable token for `raw` (with its user loaded); InvalidToken otherwise."""
    now = now or timezone.now()
    parsed = parse_token(raw)
    if parsed is None:
        raise InvalidToken(gettext("令牌格式不正确，应为 gf_<前缀>_<密钥>。"))
    prefix, secret = parsed
    shared = _token_by_prefix(prefix)
    token = _own_copy(shared) if shared is not None else None
    matches = hmac.compare_digest(token.key_hash if token else _DUMMY_HASH, hash_secret(secret))
    if token is None or not matches:
        raise InvalidToken(gettext("令牌无效。"))
    if token.is_revoked:
        raise InvalidToken(gettext("令牌已吊销。"), code="token_revoked")
    if token.is_expired(now):
        raise InvalidToken(gettext("令牌已过期。"), code="token_expired")
    if not token.user.is_active:
        raise InvalidToken(gettext("令牌所代表的账号已停用。"), code="token_user_inactive")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A bulk update sends no signal: the stamp does not drop the cached tokens.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = shared.last_used_at = now  # type: ignore[union-attr]
    return token


__all__ = [
    "InsufficientScope",
    "InvalidToken",
    "TokenScope",
    "authenticate_token",
    "format_token",
    "hash_secret",
    "issue_token",
    "parse_token",
    "revoke_token",
]
