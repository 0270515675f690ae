"""The bare write the intake is measured against (#17 item 7), served only by the benchmark's
gunicorn (benchmarks/bare_write_site.py): `POST /bench/bare-write/` is a plain Django view that
inserts the same work-order row and one audit row in one transaction, and nothing else (no token,
no idempotency key, no validation beyond the JSON, no deadline, no dispatch, no queue)."""

from __future__ import annotations

import json
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.network.models import Region
from gongfa.workorders.models import WorkOrder


@csrf_exempt
def bare_write(request: HttpRequest) -> HttpResponse:
    body = json.loads(request.body)
    region = Region.objects.get(code=body["region_code"])
    with transaction.atomic():
        order = WorkOrder.objects.create(
            tracking_number=f"BW{uuid.uuid4().hex[:18]}",
            channel=Channel.API,
            region=region,
            text=body["text"],
            contact_name=body.get("contact_name", ""),
            contact_phone=body.get("contact_phone", ""),
        )
        Event.objects.create(
            subject_type=ContentType.objects.get_for_model(WorkOrder),  # cached by Django after the first
            subject_id=str(order.pk),
            verb="bench.bare_write",
            channel=Channel.API,
            to_status=order.status,
            region=region,
        )
    return JsonResponse({"tracking_number": order.tracking_number}, status=201)


urlpatterns = [path("bench/bare-write/", bare_write), path("", include("config.urls"))]
