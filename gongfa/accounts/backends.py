"""Authentication backends named in settings.AUTHENTICATION_BACKENDS.

Both delegate to gongfa.accounts.services, so the admin site's login (which calls
django.contrib.auth.authenticate) gets the same lockout and throttling as the staff login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from gongfa.accounts import services
from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.http import client_ip


class StaffPasswordBackend(ModelBackend):
    """Username and password, for staff roles only, with account lockout and per-IP throttling."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            return services.authenticate_staff(username, password, ip=client_ip(request))
        except DomainError:
            return None


class CitizenCodeBackend(ModelBackend):
    """Phone number and one-time code, for citizens."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        code: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if phone is None or code is None:  # username/password are the staff backend's business
            return None
        try:
            return services.verify_login_code(phone, code, ip=client_ip(request))
        except DomainError:
            return None
