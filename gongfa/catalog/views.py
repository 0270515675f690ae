"""The public service catalogue (服务目录): open to everyone, no login. Views only read selectors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gongfa.catalog import selectors
from gongfa.core.access import Audience, door
from gongfa.core.errors import DomainError


@door(Audience.PUBLIC)
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/service_list.html", {"entries": selectors.catalogue_with_time_limits()})


@door(Audience.PUBLIC)
@require_GET
def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        service_type = selectors.service_type_by_code(code)
    except DomainError:
        raise Http404(gettext("未知的服务类型。")) from None
    rules = selectors.national_rules_in_force([service_type])[service_type.pk]
    return render(request, "catalog/service_detail.html", {"service": service_type, "rules": rules})
