"""The appointments app in the admin: every model listed and opened, personal data masked, and
bookings, cases and referrals read-only (they change only through appointments.services)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.appointments.models import (
    AppraisalCategory,
    AppraisalReferral,
    BookableResource,
    Booking,
    NotarialMatter,
    NotarizationCase,
)
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.factories import UserFactory, build_network

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows():
    net = build_network()
    office = Agency.objects.create(name="示范公证处", kind=AgencyKind.NOTARY_OFFICE, region=net.county)
    institution = Agency.objects.create(name="示范司法鉴定所", kind=AgencyKind.APPRAISAL_INSTITUTION, region=net.county)
    matter = NotarialMatter.objects.filter(parent__isnull=False).first()
    assert matter is not None
    resource = BookableResource.objects.create(office=office, name="第一业务室")
    booking = Booking.objects.create(
        number="YY2026000001",
        office=office,
        resource=resource,
        matter=matter,
        date=datetime.date(2026, 12, 10),
        starts_at=datetime.time(9),
        ends_at=datetime.time(9, 30),
        name="王建国",
        phone=PHONE,
        address="青山镇桃源村18号",
    )
    case = NotarizationCase.objects.create(
        number="GZ2026000001",
        office=office,
        matter=matter,
        applicant_name="王建国",
        applicant_phone=PHONE,
        applicant_id_number=ID_NUMBER,
    )
    referral = AppraisalReferral.objects.create(
        number="JD2026000001",
        region=net.county,
        category=AppraisalCategory.objects.get(code="forensic_clinical"),
        matter="伤残等级鉴定",
        applicant_name="王建国",
        applicant_phone=PHONE,
        applicant_id_number=ID_NUMBER,
        institution=institution,
    )
    return booking, case, referral


def test_every_appointments_model_is_listed_and_opens(admin_client, rows):
    models = [m for m in admin.site._registry if m._meta.app_label == "appointments"]
    assert len(models) == 9  # materials and slot templates are inlines
    for model in models:
        opts = model._meta
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    for row in rows:
        opts = row._meta
        page = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert PHONE not in text and ID_NUMBER not in text and "王建国" not in text and "桃源村18号" not in text
        assert "王*国" in text


def test_bookings_cases_and_referrals_cannot_be_added_changed_or_deleted_here(admin_client, rows):
    for row in rows:
        opts = row._meta
        assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
        delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        assert type(row).objects.filter(pk=row.pk).exists()
