# ruff: noqa: F811 (the fixtures come from hotline_fixtures)
"""The hotline's admin: queues and the checklist editable, calls and inspections read-only with
the number masked."""

import pytest
from django.test import Client
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.testing.factories import UserFactory
from gongfa.workorders.models import QualityChecklistItem
from gongfa.workorders.services.calls import record_ring
from gongfa.workorders.tests.hotline_fixtures import checklist, local, queue  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def test_calls_are_read_only_and_masked(admin_client_, queue):
    call = record_ring("AD-1", "13912345678", "12348", local(2026, 12, 1, 10)).call
    listing = admin_client_.get(reverse("admin:workorders_callrecord_changelist"))
    assert listing.status_code == 200
    assert "139****5678" in listing.content.decode() and "13912345678" not in listing.content.decode()
    detail = admin_client_.get(reverse("admin:workorders_callrecord_change", args=[call.pk]))
    assert detail.status_code == 200 and "13912345678" not in detail.content.decode()
    assert admin_client_.get(reverse("admin:workorders_callrecord_add")).status_code == 403
    assert admin_client_.get(reverse("admin:workorders_qualityinspection_changelist")).status_code == 200


def test_queues_and_the_checklist_are_edited_here(admin_client_, queue, checklist):
    assert admin_client_.get(reverse("admin:workorders_hotlinequeue_change", args=[queue.pk])).status_code == 200
    item = checklist[0]
    url = reverse("admin:workorders_qualitychecklistitem_change", args=[item.pk])
    data = {"code": item.code, "text": item.text, "guidance": "", "max_points": 0, "sort_order": 1, "is_active": "on"}
    refused = admin_client_.post(url, data)
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    data["max_points"] = 8
    assert admin_client_.post(url, data).status_code == 302
    assert QualityChecklistItem.objects.get(pk=item.pk).max_points == 8
