"""Login verbs: staff password login with lockout, citizen login by phone and one-time code.

Every function validates before it writes and raises DomainError / RateLimited (Chinese message)
when it refuses. Counters that must survive a refusal (failed logins, wrong code attempts) are
written in their own transaction first and the error is raised after it has committed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
import secrets
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import OneTimeCode, User
from gongfa.accounts.sms import SmsError, send_sms
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.crypto import blind_index
from gongfa.core.errors import DomainError, RateLimited
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_mobile

logger = logging.getLogger("gongfa.accounts")

# The one answer to every refused staff login (unknown username, wrong password, locked account),
# so the answer never tells which usernames exist or which accounts are locked.
WRONG_CREDENTIALS = "用户名或密码不正确。连续输错多次的账号会暂时锁定，请稍后再试或联系管理员。"
CITIZEN_BACKEND = "gongfa.accounts.backends.CitizenCodeBackend"
STAFF_BACKEND = "gongfa.accounts.backends.StaffPasswordBackend"

_OTP_HMAC_SALT = "gongfa.accounts.OneTimeCode"


# ---------------------------------------------------------------------------------------------
# helpers


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def _seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))


def ip_max_failures() -> int:
    """Failed staff logins one client IP may make (across all usernames) per window."""
    return settings.LOGIN_IP_MAX_FAILURES


def ip_window_seconds() -> int:
    return settings.LOGIN_IP_WINDOW_SECONDS


def clean_phone(phone: str) -> str:
    """The 11-digit mobile number in `phone` (full-width digits, spaces and +86 allowed);
    DomainError for anything else."""
    value = normalize_phone(unicodedata.normalize("NFKC", phone or ""))
    if not value:
        raise DomainError(gettext("请输入手机号。"), code="phone_required", field="phone")
    try:
        validate_mobile(value)
    except ValidationError:
        raise DomainError(
            gettext("手机号格式不对。请输入以1开头的11位手机号，例如 13812345678。"),
            code="invalid_phone",
            field="phone",
        ) from None
    return value


def clean_code(code: str) -> str:
    value = "".join(unicodedata.normalize("NFKC", code or "").split())
    length = settings.OTP_LENGTH
    if not value:
        raise DomainError(gettext("请输入验证码。"), code="code_required", field="code")
    if not (value.isascii() and value.isdigit() and len(value) == length):
        raise DomainError(
            gettext("验证码是短信里的{length}位数字，请核对后重新输入。").format(length=length),
            code="invalid_code",
            field="code",
        )
    return value


def hash_code(phone: str, code: str) -> str:
    """HMAC-SHA256 of the code, keyed with SECRET_KEY and bound to the phone number."""
    return salted_hmac(_OTP_HMAC_SALT, f"{phone}:{code}", algorithm="sha256").hexdigest()


def _lock_phone(phone: str) -> None:
    """Serialise code requests for one phone on PostgreSQL (advisory lock held to the end of the
    transaction), so two concurrent requests cannot both pass the count checks. SQLite already
    serialises writers."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"otp:{phone}".encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# ---------------------------------------------------------------------------------------------
# staff password login


def _ip_key(ip: str) -> str:
    return f"accounts:staff-login-failures:{ip}"


def _ip_failures(ip: str | None) -> int:
    if not ip:
        return 0
    return int(cache.get(_ip_key(ip), 0))


def _count_ip_failure(ip: str | None) -> None:
    if not ip:
        return
    key = _ip_key(ip)
    cache.add(key, 0, timeout=ip_window_seconds())
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=ip_window_seconds())


@dataclass
class _Outcome:
    user: User | None = None
    error: DomainError | None = None


def authenticate_staff(username: str, password: str, *, ip: str | None = None) -> User:
    """Check a staff member's username and password and return the user.

    Refuses citizens (they sign in by phone and code), inactive and locked accounts, and clients
    whose IP has failed too often. After settings.LOGIN_MAX_FAILURES consecutive failures the
    account is locked for LOGIN_LOCKOUT_SECONDS; a success resets the counter. Records
    accounts.login_succeeded / login_failed / locked_out events.
    """
    if _ip_failures(ip) >= ip_max_failures():
        raise RateLimited(
            gettext("登录尝试过于频繁，请 {minutes} 分钟后再试。").format(minutes=_minutes(ip_window_seconds())),
            code="ip_throttled",
        )
    username = (username or "").strip()
    user = User._default_manager.filter(username=username).first() if username else None
    if user is None or user.role == Role.CITIZEN or not user.is_active:
        # Same work as a real check, so timing does not tell whether the username exists.
        User().set_password(password)
        _count_ip_failure(ip)
        if user is not None:
            reason = "citizen" if user.role == Role.CITIZEN else "inactive"
            record_event(user, "accounts.login_failed", channel=Channel.WORKBENCH, data={"ip": ip, "reason": reason})
        raise DomainError(WRONG_CREDENTIALS, code="invalid_credentials")

    outcome = _check_staff_password(user.pk, password, ip)
    if outcome.error is not None:
        _count_ip_failure(ip)
        raise outcome.error
    assert outcome.user is not None
    return outcome.user


def _check_staff_password(user_pk: int, password: str, ip: str | None) -> _Outcome:
    data = {"ip": ip}
    with transaction.atomic():
        user = User._default_manager.select_for_update().get(pk=user_pk)
        now = timezone.now()
        if user.locked_until is not None and user.locked_until <= now:
            # The lock has run out: a fresh run of attempts.
            user.failed_login_count = 0
            user.locked_until = None
            User._default_manager.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        if user.is_locked(now):
            # Hash the password all the same: a locked account answers as slowly as any other.
            user.check_password(password)
            record_event(user, "accounts.login_failed", channel=Channel.WORKBENCH, data={**data, "reason": "locked"})
            return _Outcome(error=DomainError(WRONG_CREDENTIALS, code="invalid_credentials"))
        if user.check_password(password):
            if user.failed_login_count or user.locked_until:
                User._default_manager.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
                user.failed_login_count = 0
                user.locked_until = None
            record_event(user, "accounts.login_succeeded", actor=user, channel=Channel.WORKBENCH, data=data)
            return _Outcome(user=user)
        User._default_manager.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count"])
        record_event(
            user,
            "accounts.login_failed",
            channel=Channel.WORKBENCH,
            data={**data, "reason": "password", "failures": user.failed_login_count},
        )
        if user.failed_login_count >= settings.LOGIN_MAX_FAILURES:
            locked_until = now + datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
            User._default_manager.filter(pk=user.pk).update(locked_until=locked_until)
            record_event(
                user,
                "accounts.locked_out",
                channel=Channel.WORKBENCH,
                data={**data, "failures": user.failed_login_count, "until": locked_until.isoformat()},
            )
            logger.warning("Staff account %s locked after %s failed logins", user.pk, user.failed_login_count)
        return _Outcome(error=DomainError(WRONG_CREDENTIALS, code="invalid_credentials"))


def unlock_users(user_ids: Iterable[int], *, actor: User | None = None) -> int:
    """Clear the lockout of the given accounts (admin action 解除锁定); returns how many changed."""
    with transaction.atomic():
        locked = list(
            User._default_manager.select_for_update()
            .filter(pk__in=list(user_ids))
            .exclude(failed_login_count=0, locked_until=None)
        )
        User._default_manager.filter(pk__in=[u.pk for u in locked]).update(failed_login_count=0, locked_until=None)
        for user in locked:
            record_event(user, "accounts.unlocked", actor=actor, channel=Channel.WORKBENCH)
    return len(locked)


# ---------------------------------------------------------------------------------------------
# citizen login by one-time code


def request_login_code(phone: str, ip: str | None = None) -> OneTimeCode:
    """Text a fresh login code to `phone`; earlier unused codes for the phone stop working.

    Limits (settings): one code per OTP_RESEND_INTERVAL_SECONDS per phone, OTP_MAX_PER_PHONE_PER_HOUR
    per phone and OTP_MAX_PER_IP_PER_HOUR per client IP, counted in the database.
    """
    phone = clean_phone(phone)
    code = f"{secrets.randbelow(10**settings.OTP_LENGTH):0{settings.OTP_LENGTH}d}"
    with transaction.atomic():
        _lock_phone(phone)
        now = timezone.now()
        hour_ago = now - datetime.timedelta(hours=1)
        phone_hash = blind_index(phone, "phone")
        recent = OneTimeCode.objects.filter(phone_hash=phone_hash, created_at__gt=hour_ago)
        last = recent.order_by("-created_at", "-pk").first()
        interval = settings.OTP_RESEND_INTERVAL_SECONDS
        if last is not None and interval and (now - last.created_at).total_seconds() < interval:
            wait = _seconds(interval - (now - last.created_at).total_seconds())
            raise RateLimited(
                gettext("验证码已发送，请 {wait} 秒后再重新获取。").format(wait=wait), code="resend_too_soon"
            )
        if recent.count() >= settings.OTP_MAX_PER_PHONE_PER_HOUR:
            oldest = recent.order_by("created_at", "pk").first()
            assert oldest is not None
            wait = _minutes((oldest.created_at + datetime.timedelta(hours=1) - now).total_seconds())
            raise RateLimited(
                gettext("这个手机号获取验证码的次数太多了，请 {wait} 分钟后再试。").format(wait=wait),
                code="phone_hourly_limit",
            )
        if ip:
            from_ip = OneTimeCode.objects.filter(requested_ip=ip, created_at__gt=hour_ago)
            if from_ip.count() >= settings.OTP_MAX_PER_IP_PER_HOUR:
                oldest = from_ip.order_by("created_at", "pk").first()
                assert oldest is not None
                wait = _minutes((oldest.created_at + datetime.timedelta(hours=1) - now).total_seconds())
                raise RateLimited(
                    gettext("您所在的网络获取验证码的次数太多了，请 {wait} 分钟后再试。").format(wait=wait),
                    code="ip_hourly_limit",
                )
        # Earlier codes stop working: only the newest code a citizen received is valid.
        OneTimeCode.objects.filter(phone_hash=phone_hash, used_at__isnull=True).update(used_at=now)
        otp = OneTimeCode.objects.create(
            phone=phone,
            code_hash=hash_code(phone, code),
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.OTP_TTL_SECONDS),
            requested_ip=ip or None,
        )
    minutes = _minutes(settings.OTP_TTL_SECONDS)
    message = f"您的登录验证码是{code}，{minutes}分钟内有效。请勿告诉他人，工作人员不会向您索要验证码。"
    try:
        send_sms(phone, message, purpose="login_code", dedupe_key=f"login_code:{otp.pk}", secret=True)
    except SmsError:
        # Not sent, so it must neither work nor count against the citizen's limits.
        OneTimeCode.objects.filter(pk=otp.pk).delete()
        logger.exception("Login code SMS to %s failed", otp.masked_phone)
        raise DomainError(gettext("短信发送失败，请稍后再试。也可以拨打 12348 咨询。"), code="sms_failed") from None
    return otp


def verify_login_code(phone: str, code: str, ip: str | None = None) -> User:
    """Check the code for `phone` and return the citizen account, creating it on first login.

    Only the newest code of the phone counts; it works once, until it expires, and is burned after
    OTP_MAX_ATTEMPTS wrong tries. Staff accounts with the same phone are never used: the phone
    gets (or has) its own citizen account.
    """
    phone = clean_phone(phone)
    code = clean_code(code)
    error: DomainError | None = None
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(phone_hash=blind_index(phone, "phone"))
            .order_by("-created_at", "-pk")
            .first()
        )
        now = timezone.now()
        max_attempts = settings.OTP_MAX_ATTEMPTS
        if otp is None:
            error = DomainError(gettext("请先获取验证码。"), code="no_code")
        elif otp.used_at is not None:
            if otp.attempts >= max_attempts:
                error = DomainError(gettext("验证码错误次数过多，请重新获取。"), code="code_burned", field="code")
            else:
                error = DomainError(gettext("这个验证码已经用过了，请重新获取。"), code="code_used", field="code")
        elif otp.is_expired(now):
            error = DomainError(gettext("验证码已过期，请重新获取。"), code="code_expired", field="code")
        elif not constant_time_compare(otp.code_hash, hash_code(phone, code)):
            OneTimeCode.objects.filter(pk=otp.pk).update(attempts=F("attempts") + 1)
            otp.refresh_from_db(fields=["attempts"])
            left = max_attempts - otp.attempts
            if left <= 0:
                OneTimeCode.objects.filter(pk=otp.pk, used_at__isnull=True).update(used_at=now)
                error = DomainError(gettext("验证码错误次数过多，请重新获取。"), code="code_burned", field="code")
            else:
                error = DomainError(
                    gettext("验证码不正确，还可以再试 {left} 次。").format(left=left), code="wrong_code", field="code"
                )
        elif OneTimeCode.objects.filter(pk=otp.pk, used_at__isnull=True).update(used_at=now) != 1:
            # Another request used the same code a moment ago: single use.
            error = DomainError(gettext("这个验证码已经用过了，请重新获取。"), code="code_used", field="code")
    if error is not None:
        raise error
    with transaction.atomic():
        user = _citizen_for_phone(phone)
        if not user.is_active:
            raise DomainError(gettext("该账号已停用。如有疑问，请拨打 12348 咨询。"), code="inactive")
        record_event(user, "accounts.login_succeeded", actor=user, channel=Channel.PORTAL, data={"ip": ip})
    return user


def opaque_citizen_username() -> str:
    """A citizen's username: random letters, so no list, log or URL that shows it shows the phone."""
    while True:
        username = "c" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
        if not User._default_manager.filter(username=username).exists():
            return username


def _citizen_for_phone(phone: str) -> User:
    citizens = User.objects.with_phone(phone).filter(role=Role.CITIZEN)
    existing = citizens.first()
    if existing is not None:
        return existing
    user = User(username=opaque_citizen_username(), role=Role.CITIZEN, phone=phone)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # A concurrent first login created the account; use that one.
        return citizens.get()
    return user


def purge_login_codes(*, older_than_days: int = 30) -> int:
    """Delete one-time code rows older than the rate-limit window needs (scheduled clean-up)."""
    cutoff = timezone.now() - datetime.timedelta(days=max(1, older_than_days))
    deleted, _ = OneTimeCode.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def update_real_name(*, user: User, real_name: str, id_number: str = "") -> User:
    """A citizen records their real name and, optionally, resident ID number (实名信息).

    The ID number must pass the GB 11643 check; an empty ID number keeps the current one. The
    change is an event whose data never holds the number itself.
    """
    name = (real_name or "").strip()
    if not name:
        raise DomainError(gettext("请填写姓名。"), code="required", field="real_name")
    if len(name) > 64 or any(ch in name for ch in "<>\"'&;{}"):
        raise DomainError(
            gettext("姓名应为真实姓名，不超过64个字，不能包含特殊符号。"), code="invalid_name", field="real_name"
        )
    number = normalize_id_number(id_number or "")
    if number:
        try:
            validate_id_number(number)
        except ValidationError as exc:
            raise DomainError(exc.messages[0], code="invalid_id_number", field="id_number") from None
    fields = ["real_name"]
    user.real_name = name
    if number:
        user.id_number = number
        fields += ["id_number", "id_number_hash"]
    with transaction.atomic():
        user.save(update_fields=fields)
        record_event(
            user,
            "accounts.real_name_updated",
            actor=user,
            channel=Channel.PORTAL,
            data={"id_number_changed": bool(number)},
        )
    return user
