"""Probes and error pages.

The probes, the 500 and the 503 must answer whatever state the database is in: they touch neither
the session, the user nor a context processor that queries, and render their templates without a
request, so they work while PostgreSQL or Redis is down. The 403, 404 and 405 pages render in the
site's frame with the request (the visitor's language, the next step for their kind of account); an
outage while rendering them still ends as the 503 (handler500 → server_error).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongfa.accounts.choices import STAFF_ROLES
from gongfa.core.access import ATTRIBUTE, Audience, Door, door
from gongfa.core.health import run_checks
from gongfa.core.outage import OUTAGE_MESSAGE, is_outage, retry_after_seconds

logger = logging.getLogger("gongfa.core.outage")

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


@door(Audience.PUBLIC)  # probes come from the load balancer, without a session
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness (存活检查): the process answers. No database, so a database outage does not get
    every web process restarted by the orchestrator."""
    return JsonResponse({"status": "ok", "check": "liveness"})


def readiness_payload() -> tuple[int, dict[str, object]]:
    """(HTTP status, body) of the readiness answer; /readyz and /api/v1/health share it."""
    results = run_checks()
    failing = [result.name for result in results if not result.ok]
    body: dict[str, object] = {
        "status": "unavailable" if failing else "ok",
        "checks": {result.name: result.as_dict() for result in results},
        "failing": failing,
    }
    return (503 if failing else 200), body


@door(Audience.PUBLIC)
@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness (就绪检查): every registered check (database, broker, statute index); 503 names
    the parts that fail."""
    status, body = readiness_payload()
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 503:
        response["Retry-After"] = str(retry_after_seconds())
    return response


def outage_response(request: HttpRequest, exc: BaseException | None) -> HttpResponse:
    """503 + Retry-After for a database or broker outage: the API's error body, or core/503.html."""
    seconds = retry_after_seconds()
    logger.warning(
        "service unavailable (%s) on %s %s", type(exc).__name__ if exc else "?", request.method, request.path_info
    )
    if _is_api(request):
        from gongfa.api.api import error_response  # the API's one error shape

        response = error_response(request, 503, "service_unavailable", OUTAGE_MESSAGE)
    else:
        html = loader.get_template("core/503.html").render({"retry_after": seconds})
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage that escaped the view (a middleware writing the session, a signal) is
    still a 503; anything else is a plain Chinese page, or the API's error body under /api/."""
    exc = sys.exc_info()[1]  # Django calls this inside its except block
    if is_outage(exc):
        return outage_response(request, exc)
    if _is_api(request):
        from gongfa.api.api import error_response

        return error_response(request, 500, "server_error", gettext("服务器内部错误，已记录，请稍后重试。"))
    return HttpResponse(loader.get_template("500.html").render(), status=500, content_type="text/html; charset=utf-8")


# ---------------------------------------------------------------------------------------------
# Error pages (403, 404, 405): the site's frame, the visitor's language and a next step.
# ---------------------------------------------------------------------------------------------
STAFF_AUDIENCES = frozenset({Audience.STAFF, Audience.SUPERVISOR, Audience.ADMINISTRATOR})
WORKBENCH_PREFIX = "/workbench/"


def _door_of(request: HttpRequest) -> Door | None:
    """The declared door of the page asked for (None when the path does not resolve)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return getattr(match.func, ATTRIBUTE, None)


def _is_staff(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "role", "") in STAFF_ROLES)


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from, when it is on this site and is not the page itself."""
    referer = request.headers.get("referer", "")
    if not referer or referer == request.build_absolute_uri():
        return ""
    allowed = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=False)
    return referer if allowed else ""


def _error_page(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    user = getattr(request, "user", None)
    context.setdefault("signed_in", bool(user is not None and user.is_authenticated))
    context.setdefault("for_staff", _is_staff(user) or request.path_info.startswith(WORKBENCH_PREFIX))
    context["back_url"] = _back_url(request)
    context["status"] = status
    return render(request, template, context, status=status)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """handler403. A citizen who opens the workbench (a staff door) is told it is for staff and
    offered the portal; anyone else learns they lack the permission and where to go instead."""
    if _is_api(request):
        from gongfa.api.api import error_response

        return error_response(request, 403, "forbidden", gettext("无权访问。"))
    user = getattr(request, "user", None)
    door_ = _door_of(request)
    citizen = bool(user is not None and user.is_authenticated and not _is_staff(user))
    staff_door = door_ is not None and door_.audience in STAFF_AUDIENCES
    staff_only = citizen and (staff_door or request.path_info.startswith(WORKBENCH_PREFIX))
    refusal = door_.refusal if door_ is not None and not staff_only and _is_staff(user) else ""
    return _error_page(
        request, "403.html", 403, staff_only=staff_only, refusal=refusal, for_staff=_is_staff(user) or staff_door
    )


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """handler404: what happened and where to go; the API's error body under /api/."""
    if _is_api(request):
        from gongfa.api.api import error_response

        return error_response(request, 404, "not_found", gettext("找不到该资源。"))
    return _error_page(request, "404.html", 404)


def method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The 405 of @require_http_methods (an empty HttpResponseNotAllowed) as a page, keeping its
    Allow header; gongfa.core.middleware.ErrorPageMiddleware calls it (Django has no handler405)."""
    page = _error_page(request, "405.html", 405)
    if response.has_header("Allow"):
        page["Allow"] = response["Allow"]
    return page


@door(Audience.PUBLIC)  # browsers ask every site for /favicon.ico, signed in or not
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: the icon lives with the static files (<link rel="icon"> in core/base.html)."""
    response = HttpResponsePermanentRedirect(static("gongfa/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
