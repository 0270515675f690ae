"""受理回执: the receipt of a window or hotline registration, to print (HTML with print CSS) or to
download as a PDF (WeasyPrint with the CJK fonts, as the legal-aid notices and the monthly reports).

It gives the citizen what they need to follow the order: the tracking number, the time limit,
what happens next and how to follow it (the portal's page for the order, the 12348 hotline).
Personal data is masked, except the name as the citizen gave it in part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gongfa.core.context_processors import site
from gongfa.core.i18n import in_site_language
from gongfa.core.masking import mask_id_number, mask_name, mask_phone
from gongfa.legalaid.pdf import chinese_date, refuse_url
from gongfa.workbench.views.common import order_for, staff_required
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "workbench" / "hotline"

NEXT_STEP = {
    WorkOrderStatus.NEW: _("工单正在分派，将尽快交由承办单位办理。"),
    WorkOrderStatus.ASSIGNED: _("工单已派至{place}，工作人员将在受理时限内与您联系。"),
    WorkOrderStatus.IN_PROGRESS: _("{place}正在办理，工作人员将与您联系。"),
    WorkOrderStatus.ANSWERED: _("已答复，请留意短信通知；如有疑问可致电{hotline}。"),
    WorkOrderStatus.CLOSED: _("已办结，欢迎对办理情况作出评价。"),
}


def _when(value: Any) -> str:
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def receipt_context(request: HttpRequest, order: WorkOrder) -> dict[str, Any]:
    place = order.owner_place_name
    step = NEXT_STEP.get(WorkOrderStatus(order.status), "工作人员将按时限办理并与您联系。")
    follow_url = request.build_absolute_uri(reverse("portal:item_detail", args=[order.tracking_number]))
    return {
        "order": order,
        "contact_name": mask_name(order.contact_name) or "—",
        "contact_phone": mask_phone(order.contact_phone) or (gettext("号码未显示") if order.phone_withheld else "—"),
        "contact_id_number": mask_id_number(order.contact_id_number) if order.contact_id_number else "",
        "received": _when(order.created_at),
        "resolve_due": _when(order.resolve_due),
        "contact_due": _when(order.contact_due),
        "next_step": step.format(place=place, hotline=site(request)["HOTLINE"]),
        "follow_url": follow_url,
        "hotline": site(request)["HOTLINE"],
        "issuer": order.first_owner_point.name if order.first_owner_point else place,
        "printed": chinese_date(timezone.localdate()),
        "site_name": site(request)["SITE_NAME"],
    }


@staff_required
@require_GET
def receipt(request: HttpRequest, tracking_number: str) -> HttpResponse:
    order = order_for(request, tracking_number)
    return render(request, "workbench/hotline/receipt.html", receipt_context(request, order))


@in_site_language
def receipt_pdf_bytes(request: HttpRequest, order: WorkOrder) -> bytes:
    from weasyprint import HTML  # imported here: importing WeasyPrint takes about a second

    html = render_to_string("workbench/hotline/receipt_pdf.html", receipt_context(request, order))
    pdf = HTML(string=html, base_url=str(TEMPLATE_DIR), url_fetcher=refuse_url).write_pdf()
    assert pdf is not None
    return bytes(pdf)


@staff_required
@require_GET
def receipt_pdf(request: HttpRequest, tracking_number: str) -> HttpResponse:
    order = order_for(request, tracking_number)
    response = HttpResponse(receipt_pdf_bytes(request, order), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{order.tracking_number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
