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


class OutageMiddleware:
    """A database or broker outage raised by a view (or while rendering its template) becomes a
    503 with Retry-After: JSON in the API's error shape under /api/, else a plain Chinese page
    (core/503.html). Failures outside the view (a middleware saving the session) reach
    gongfa.core.views.server_error, which answers the same way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from gongfa.core.outage import is_outage
        from gongfa.core.views import outage_response

        if not is_outage(exception):
            return None
        return outage_response(request, exception)


class ErrorPageMiddleware:
    """A bare 405 (the empty HttpResponseNotAllowed of @require_http_methods / @require_POST)
    becomes the site's page (405.html: what happened and where to go), keeping its Allow header.
    Django has handler403/404/500 but no handler405. The API (its own JSON errors) and htmx
    fragments are left as they are."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        if request.path_info.startswith("/api/") or request.headers.get("HX-Request"):
            return response
        from gongfa.core.views import method_not_allowed

        return method_not_allowed(request, response)
