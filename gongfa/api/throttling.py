"""Rate limits of the API keyed on the real client address (gongfa.core.http.client_ip), not on
ninja's own reading of X-Forwarded-For, which believes any header a client sends."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

from gongfa.core.http import client_ip


class ClientAnonRateThrottle(AnonRateThrottle):
    """Anonymous requests per client address (匿名请求按客户端地址限流)."""

    def get_ident(self, request: HttpRequest) -> str | None:
        return client_ip(request)
