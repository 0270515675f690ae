"""Request-level preferences."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

ELDER_MODE_COOKIE = "gongfa_elder"


class ElderModeMiddleware:
    """Sets request.elder_mode (适老化模式) from the user's saved preference or the cookie, so the
    choice persists for signed-in users across devices and for anonymous visitors on this one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = request.COOKIES.get(ELDER_MODE_COOKIE)
        user = getattr(request, "user", None)
        if cookie in {"1", "0"}:
            elder = cookie == "1"
        else:
            elder = bool(user is not None and user.is_authenticated and getattr(user, "elder_mode", False))
        request.elder_mode = elder  # type: ignore[attr-defined]
        return self.get_response(request)
