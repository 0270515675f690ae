"""The REST API (django-ninja): one router per domain app, OpenAPI docs at /api/docs.

Every refusal has one shape: ``{"error": {"code", "message", "field"}}`` (``details`` too for
schema validation; ``errors`` too, ``[{"field", "code", "message"}, …]``, when a service rejects
several fields at once), whatever raised it: a service's DomainError (its .status), the schema
validation (422), authentication (401), an unparsable body (400) or an unknown route (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongfa.api.auth import docs_access
from gongfa.core.access import Audience, api_door, enforce_api_door
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.core.i18n import Label
from gongfa.core.outage import OUTAGE_ERRORS, OUTAGE_MESSAGE, retry_after_seconds
from gongfa.workorders.gateways import GatewayError

api = NinjaAPI(
    title="公法通 API",
    version="1",
    description=(
        "公共法律服务平台接口。\n\n"
        "认证：`Authorization: Bearer gf_<前缀>_<密钥>`（接口令牌，按权限范围授权），"
        "或浏览器登录会话（须带 CSRF）。\n\n"
        '错误统一返回 `{"error": {"code", "message", "field"}}`。'
    ),
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=docs_access,
)
# Each operation declares who may call it (@api_door); this checks a session caller against it
# before the body is read.
api.add_decorator(enforce_api_door, mode="view")


def error_response(
    request: HttpRequest, status: int, code: str, message: Label, field: str | None = None, **extra: Any
) -> HttpResponse:
    response = api.create_response(
        request, {"error": {"code": code, "message": message, "field": field, **extra}}, status=status
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="gongfa"'
    return response


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if isinstance(exc, ValidationFailed):
        # Several rejected fields at once: every one in "errors"; code/message/field stay (the first).
        errors = [problem.as_dict() for problem in exc.problems]
        return error_response(request, exc.status, exc.code, exc.message, exc.field, errors=errors)
    return error_response(request, exc.status, exc.code, exc.message, exc.field)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(request, 422, "invalid_request", gettext("请求参数不正确。"), None, details=exc.errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "not_authenticated", gettext("请先登录，或提供有效的接口令牌。"))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return error_response(request, 400, "malformed_body", gettext("请求体不是有效的 JSON。"))
    return error_response(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", gettext("未找到。"))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(request, 413, "request_too_large", gettext("请求内容过大。"))


@api.exception_handler(GatewayError)
def gateway_error(request: HttpRequest, exc: GatewayError) -> HttpResponse:
    return error_response(request, 502, "gateway_unavailable", gettext("外部系统暂时无法连接，未能转出，请稍后重试。"))


def outage(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database or the broker is down (gongfa.core.outage): 503 with Retry-After, never a 500.
    Nothing of the request was stored, or (work-order intake) a retry with the same
    Idempotency-Key returns what was."""
    response = error_response(request, 503, "service_unavailable", OUTAGE_MESSAGE)
    response["Retry-After"] = str(retry_after_seconds())
    return response


for _outage_error in OUTAGE_ERRORS:
    api.add_exception_handler(_outage_error, outage)  # type: ignore[type-var,arg-type]


@api.get(
    "/v1/health",
    tags=["system"],
    auth=None,
    summary="健康检查（就绪）",
    openapi_extra={"responses": {503: {"description": "有组件不可用：failing 列出其名称"}}},
)
@api_door(Audience.PUBLIC)
def health(request: HttpRequest) -> HttpResponse:
    """Readiness, the same checks as /readyz (database, broker, statute index): 200 when all pass,
    503 naming the failing ones. Liveness alone is /healthz."""
    from gongfa.core.views import readiness_payload

    status, body = readiness_payload()
    response = api.create_response(request, body, status=status)
    if status == 503:
        response["Retry-After"] = str(retry_after_seconds())
    return response


from gongfa.api import appointments as _appointments  # noqa: E402
from gongfa.api import drafting as _drafting  # noqa: E402
from gongfa.api import hotline as _hotline  # noqa: E402
from gongfa.api import integrations as _integrations  # noqa: E402
from gongfa.api import knowledge as _knowledge  # noqa: E402
from gongfa.api import legalaid as _legalaid  # noqa: E402
from gongfa.api import mediation as _mediation  # noqa: E402
from gongfa.api import outreach as _outreach  # noqa: E402
from gongfa.api import qa as _qa  # noqa: E402
from gongfa.api import workorders as _workorders  # noqa: E402

api.add_router("/v1/workorders", _workorders.router)
api.add_router("/v1/integrations", _integrations.router)
api.add_router("/v1/knowledge", _knowledge.router)
api.add_router("/v1/qa", _qa.router)
api.add_router("/v1/legal-aid", _legalaid.router)
api.add_router("/v1/mediation", _mediation.router)
api.add_router("/v1/appointments", _appointments.router)
api.add_router("/v1/outreach", _outreach.router)
api.add_router("/v1/hotline", _hotline.router)
api.add_router("/v1/drafting", _drafting.router)
