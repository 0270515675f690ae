"""Security headers the browser enforces (安全响应头): Content-Security-Policy and Permissions-Policy.

HSTS and Referrer-Policy come from Django's SecurityMiddleware (SECURE_HSTS_SECONDS,
SECURE_REFERRER_POLICY). The policy is built from settings on each response; with DEBUG on it is
not sent, so the debug error page (inline script and styles) still works.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy() -> str:
    """settings.CONTENT_SECURITY_POLICY ({directive: [sources]}) as one header value."""
    return "; ".join(
        f"{directive} {' '.join(sources)}".strip() for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
    )


def permissions_policy() -> str:
    """Every feature in settings.PERMISSIONS_POLICY switched off for every origin, e.g. camera=()."""
    return ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG:
            return response
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", permissions_policy())
        return response
