"""The URL the call-centre software (CTI) opens in the agent's browser when a call rings:

    /workbench/hotline/ring/?caller=13912345678&call_id=CTI-20261204-0001&queue=county-12348

caller: the number as the switch shows it (empty or absent when withheld); call_id: the switch's
call id; queue: the hotline queue's code (required, as in the CTI API's ring). The ring is recorded
at once (gongfa.workorders.services.calls.record_ring, idempotent on call_id: a reopened tab
records nothing twice), then the browser is redirected to the desk with the number and the call
carried in the session, so the number does not stay in the address bar, the browser's history or
later access logs. The desk shows the caller's history with the number filled in, and the order
registered next is linked to the call.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongfa.core.errors import DomainError
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.hotline import calls_link
from gongfa.workbench.views.hotline.desk import HOTLINE_CALLER_SESSION
from gongfa.workorders.services import calls


@staff_required
@require_GET
@never_cache
def ring(request: HttpRequest) -> HttpResponse:
    try:
        rang = calls.record_ring(
            request.GET.get("call_id") or "",
            request.GET.get("caller") or "",
            request.GET.get("queue") or "",
            agent=staff(request),
        )
    except DomainError as exc:
        text = "；".join(problem.message for problem in exc.problems) or exc.message
        message = gettext("来电参数不正确：{problems}").format(problems=text)
        return HttpResponseBadRequest(message.encode(), content_type="text/plain; charset=utf-8")
    phone = rang.call.caller_phone
    calls_link.remember_call(request, rang.call.call_id)
    if phone:
        request.session[HOTLINE_CALLER_SESSION] = phone
    else:
        request.session.pop(HOTLINE_CALLER_SESSION, None)
    response = redirect("workbench:hotline")
    response["Referrer-Policy"] = "no-referrer"
    return response
