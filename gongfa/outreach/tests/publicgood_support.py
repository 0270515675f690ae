"""Builders for the public-good tests (outreach tests and the workbench/portal page tests): a
lawyer at a law firm, a manager of the county, and one source item of each kind."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import DutyHelpLog, LegalAidApplication
from gongfa.network.models import Agency, DutyShift, Region, ServicePoint
from gongfa.outreach.choices import EventStatus, EventType, PublicGoodSource, RecordStatus
from gongfa.outreach.models import AdvisorLog, PublicGoodRecord, PublicityEvent, WorkLogKind
from gongfa.testing.factories import UserFactory, law_firm, make_id_number, post
from gongfa.testing.files import PDF, PNG

_seq = iter(range(1, 1_000_000))


def lawyer(region: Region, name: str = "律师甲", firm: Agency | None = None, **kw: Any) -> User:
    kw.setdefault("role", Role.LAWYER)
    user = UserFactory(real_name=name, **kw)
    post(user, firm or law_firm(region))
    return user


def manager(point: ServicePoint | Agency, role: str = Role.SUPERVISOR, name: str = "管理员") -> User:
    user = UserFactory(role=role, real_name=name)
    post(user, point)
    return user


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def legal_aid_case(
    region: Region, agency: Agency, provider: User, *, status: str = ApplicationStatus.CLOSED, on: datetime.date
) -> LegalAidApplication:
    n = next(_seq)
    return LegalAidApplication.objects.create(
        number=f"FY{n:08d}",
        status=status,
        region=region,
        agency=agency,
        applicant_name="赵某",
        id_number=make_id_number(),
        matter_code="labour",
        matter_name="请求支付劳动报酬",
        matter_article="第三十一条",
        provider=provider,
        closed_at=moment(on) if status == ApplicationStatus.CLOSED else None,
    )


def shift(
    point: ServicePoint, user: User, on: datetime.date, start: int = 9, end: int = 12, minutes: int = 30
) -> DutyShift:
    return DutyShift.objects.create(
        point=point, user=user, date=on, starts_at=datetime.time(start, 0), ends_at=datetime.time(end, minutes)
    )


def duty_help(agency: Agency, user: User, *, helped: datetime.date | None) -> DutyHelpLog:
    return DutyHelpLog.objects.create(
        agency=agency,
        station="示范县看守所",
        duty_lawyer=user,
        person_name="孙某",
        requested_at=moment(helped or days_ago(1), 9),
        helped_at=moment(helped) if helped else None,
        status=DutyHelpLog.Status.HELP_GIVEN if helped else DutyHelpLog.Status.REQUESTED,
    )


def advisor_log(village: Region, user: User, on: datetime.date, hours: str = "0", kind: str = "visit") -> AdvisorLog:
    found, _ = WorkLogKind.objects.get_or_create(code=kind, defaults={"name": "驻村服务", "default_hours": 4})
    return AdvisorLog.objects.create(
        advisor=user, village=village, kind=found, occurred_on=on, summary="驻村值班", hours=Decimal(hours)
    )


def talk(region: Region, speakers: list[User], on: datetime.date, status: str = EventStatus.HELD) -> PublicityEvent:
    event = PublicityEvent.objects.create(
        number=f"PF{next(_seq):010d}",
        event_type=EventType.LECTURE,
        theme="民法典进乡村",
        region=region,
        held_on=on,
        organiser="示范县司法局",
        hours=Decimal("1.5"),
        status=status,
    )
    event.speakers.set(speakers)
    return event


def manual(person: User, on: datetime.date, hours: str = "3", status: str = RecordStatus.PENDING) -> PublicGoodRecord:
    return PublicGoodRecord.objects.create(
        person=person,
        source=PublicGoodSource.MANUAL,
        occurred_on=on,
        hours=Decimal(hours),
        description="义务法律咨询",
        status=status,
        submitted_by=person,
        evidence=SimpleUploadedFile("e.pdf", PDF, content_type="application/pdf"),
        evidence_content_type="application/pdf",
    )


def record(
    person: User, source: str, on: datetime.date, *, hours: str = "0", cases: int = 0, key: str = ""
) -> PublicGoodRecord:
    return PublicGoodRecord.objects.create(
        person=person,
        source=source,
        source_key=key or f"test:{next(_seq)}",
        occurred_on=on,
        hours=Decimal(hours),
        cases=cases,
        description="测试记录",
        status=RecordStatus.APPROVED,
    )


def pdf_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("证明.pdf", PDF, content_type="application/pdf")


def png_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.png", PNG, content_type="image/png")
