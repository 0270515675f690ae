"""Probes and error pages that must answer whatever state the database is in.

None of these touch the session, the user or a context processor that queries: they render their
templates without a request, so they work while PostgreSQL or Redis is down.
"""

from __future__ import annotations

import logging
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongfa.core.access import Audience, door
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

        return error_response(request, 500, "server_error", "服务器内部错误，已记录，请稍后重试。")
    return HttpResponse(loader.get_template("500.html").render(), status=500, content_type="text/html; charset=utf-8")
