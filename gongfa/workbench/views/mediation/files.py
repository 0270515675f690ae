"""The PDFs of a mediation case: the agreement as printed for signing (调解协议书, 第29条) and the
whole case file (卷宗, 第27条) with its cover, contents and back page. Whoever may see the case may
download them (mediation.downloads checks it and records each download)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongfa.mediation import downloads
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.mediation.common import case_for


def send(download: downloads.Download) -> HttpResponse:
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=download.filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_GET
def agreement_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        return send(downloads.agreement_download(actor=staff(request), pk=pk))
    except downloads.NotFound as exc:
        raise Http404(exc.message) from None


@staff_required
@require_GET
def case_file_download(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for(request, number)
    try:
        return send(downloads.case_file_download(actor=staff(request), case=case))
    except downloads.NotFound as exc:
        raise Http404(exc.message) from None


urlpatterns = [
    path("agreements/<int:pk>/pdf/", agreement_download, name="mediation_agreement_pdf"),
    path("cases/<str:number>/file.pdf", case_file_download, name="mediation_case_file_pdf"),
]
