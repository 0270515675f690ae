"""The file sent with the answer to a citizen's item (答复附件), for the citizen who asked."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gongfa.core.access import Audience, door
from gongfa.workorders import selectors
from gongfa.workorders.models import WorkOrder

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


@door(Audience.CITIZEN, hidden=True)
@require_GET
def answer_file(request: HttpRequest, tracking_number: str) -> FileResponse:
    try:
        order = selectors.get_visible(request.user, tracking_number, selectors.Action.VIEW)
    except WorkOrder.DoesNotExist:
        raise Http404(gettext("找不到该事项")) from None  # 404: nobody learns that another person's item exists
    if not order.answer or not order.answer_attachment:
        raise Http404(gettext("该答复没有附件"))
    extension = order.answer_attachment.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        order.answer_attachment.open("rb"),
        as_attachment=extension == "pdf",
        filename=f"答复附件-{order.tracking_number}.{extension}",
        content_type=CONTENT_TYPES.get(extension),
    )
