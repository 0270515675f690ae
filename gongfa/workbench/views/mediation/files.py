"""The PDFs of a mediation case: the agreement as printed for signing (调解协议书, 第29条) and the
whole case file (卷宗, 第27条) with its cover, contents and back page. Whoever may see the case may
download them; each download is an audit event, since the file holds the parties' details."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.mediation.models import Agreement
from gongfa.mediation.pdf import agreement_file_name, agreement_pdf_as_stored, case_file_pdf
from gongfa.mediation.selectors import visible_to
from gongfa.workbench.views.common import staff, staff_required
from gongfa.workbench.views.mediation.common import case_for


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_GET
def agreement_download(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    agreement = (
        Agreement.objects.filter(pk=pk, case__in=visible_to(user)).select_related("case__committee__agency").first()
    )
    if agreement is None:
        raise Http404("找不到该调解协议")
    content = agreement_pdf_as_stored(agreement)
    record_event(
        agreement.case,
        "mediation.mediationcase.agreement_downloaded",
        actor=user,
        channel=Channel.WORKBENCH,
        data={"agreement": agreement.pk},
        region=agreement.case.region,
    )
    return _download(content, agreement_file_name(agreement))


@staff_required
@require_GET
def case_file_download(request: HttpRequest, number: str) -> HttpResponse:
    user = staff(request)
    case = case_for(request, number)
    content = case_file_pdf(case)
    record_event(
        case, "mediation.mediationcase.file_downloaded", actor=user, channel=Channel.WORKBENCH, region=case.region
    )
    return _download(content, f"case-file-{case.pk}.pdf")


urlpatterns = [
    path("agreements/<int:pk>/pdf/", agreement_download, name="mediation_agreement_pdf"),
    path("cases/<str:number>/file.pdf", case_file_download, name="mediation_case_file_pdf"),
]
