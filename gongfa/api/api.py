"""The REST API (django-ninja): one router per domain app, OpenAPI docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from gongfa.core.errors import DomainError

api = NinjaAPI(
    title="公法通 API",
    version="1",
    description="公共法律服务平台接口。错误统一返回 {code, message, field}。",
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"error": exc.as_dict()}, status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": "invalid_request", "message": "请求参数不正确。", "field": None, "details": exc.errors}},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": "not_authenticated", "message": "请先登录。", "field": None}}, status=401
    )


@api.get("/v1/health", tags=["system"], auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


from gongfa.api import workorders as _workorders  # noqa: E402

api.add_router("/v1/workorders", _workorders.router)
