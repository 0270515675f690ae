"""Public-good, volunteer and typical-case facts (outreach/measures/people.py): approved records
only, hours in tenths by person and practice, volunteers on the roll and active, cases published
and not withdrawn."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.network.models import Agency
from gongfa.outreach.choices import (
    PublicGoodSource,
    RecordStatus,
    TypicalCaseSource,
    TypicalCaseStatus,
    VolunteerKind,
    VolunteerStatus,
)
from gongfa.outreach.measures.people import (
    _records,
    case_contributions,
    record_contributions,
    records_of_event,
    tenths,
    volunteer_contributions,
)
from gongfa.outreach.models import PublicGoodRecord, TypicalCase, Volunteer
from gongfa.outreach.tests.test_coverage_formulas import NOV, NOV_END, value_of
from gongfa.performance.choices import SubjectKind
from gongfa.performance.compute_subjects import subject_values
from gongfa.performance.models import Indicator
from gongfa.testing.factories import MiniNetwork, UserFactory, build_network, law_firm

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def net() -> MiniNetwork:
    return build_network()


NINTH = D(2026, 11, 9)


def record(
    person: User,
    agency: Agency | None = None,
    status: str = RecordStatus.APPROVED,
    hours: str = "2.5",
    cases: int = 0,
    day: datetime.date = NINTH,
) -> PublicGoodRecord:
    return PublicGoodRecord.objects.create(
        person=person,
        agency=agency,
        source=PublicGoodSource.MANUAL,
        occurred_on=day,
        hours=Decimal(hours),
        cases=cases,
        description="普法宣讲",
        status=status,
    )


def test_tenths_round_half_up() -> None:
    assert [tenths(Decimal(x)) for x in ("0", "2.5", "0.05", "12.3")] == [0, 25, 1, 123]
    assert tenths(None) == 0


def test_only_approved_records_count(net: MiniNetwork) -> None:
    person = UserFactory()
    firm = law_firm(net.county)
    approved = record(person, firm, cases=2)
    pending = record(person, firm, status=RecordStatus.PENDING)
    rejected = record(person, firm, status=RecordStatus.REJECTED)
    facts = {(c.measure, c.value, c.person_id, c.agency_id, c.region_code) for c in record_contributions(approved)}
    assert facts == {
        ("out.pg_records", 1, person.pk, firm.pk, net.county.code),
        ("out.pg_hours_tenths", 25, person.pk, firm.pk, net.county.code),
        ("out.pg_legal_aid_cases", 2, person.pk, firm.pk, net.county.code),
    }
    assert list(record_contributions(pending)) == list(record_contributions(rejected)) == []
    no_practice = record(UserFactory(), hours="0")
    assert [
        (c.measure, c.agency_id, c.region_code) for c in record_contributions(_records().get(pk=no_practice.pk))
    ] == [("out.pg_records", 0, "")]


def test_hours_and_cases_by_person(net: MiniNetwork) -> None:
    lawyer, other = UserFactory(), UserFactory()
    firm = law_firm(net.county)
    record(lawyer, firm, hours="2.5")
    record(lawyer, firm, hours="1.5", cases=1)
    record(other, firm, hours="4.0", status=RecordStatus.PENDING)
    record(other, firm, hours="3.0", day=D(2026, 10, 31))  # October
    assert value_of("out_pg_hours", net.county).value == Decimal("4.0")
    assert value_of("out_pg_legal_aid_cases", net.county).value == Decimal(1)
    indicator = Indicator.objects.get(code="out_pg_hours")
    values = subject_values(
        [indicator], SubjectKind.PERSON, region=None, start=NOV, end=NOV_END, subject_ids=[lawyer.pk, other.pk]
    )
    assert values[lawyer.pk]["out_pg_hours"].value == Decimal("4.0")
    assert values[other.pk]["out_pg_hours"].value == Decimal("0.0")


def test_a_persons_sync_event_names_their_records(net: MiniNetwork) -> None:
    person = UserFactory()
    mine = [record(person).pk, record(person).pk]
    record(UserFactory())
    assert sorted(records_of_event(record_event(person, "outreach.public_good.refresh"))) == sorted(mine)
    assert list(records_of_event(record_event(person, "accounts.login"))) == []
    own = PublicGoodRecord.objects.get(pk=mine[0])
    assert list(records_of_event(record_event(own, "outreach.public_good.approve"))) == [own.pk]


def volunteer(net: MiniNetwork, status: str, decided: datetime.date | None, last: datetime.date | None) -> Volunteer:
    at = timezone.make_aware(datetime.datetime.combine(decided, datetime.time(10))) if decided else None
    return Volunteer.objects.create(
        name="志愿者",
        phone="13912345678",
        kind=VolunteerKind.STUDENT,
        organisation="政法学院",
        region=net.villages[0],
        status=status,
        decided_at=at,
        last_active_on=last,
        created_at=at or timezone.now(),
    )


def test_volunteers_on_the_roll_and_active(net: MiniNetwork) -> None:
    served = volunteer(net, VolunteerStatus.APPROVED, D(2026, 3, 1), D(2026, 10, 20))
    assert sorted((c.measure, c.day, c.value) for c in volunteer_contributions(served)) == [
        ("out.volunteers", D(2026, 3, 1), 1),
        ("out.volunteers_active", D(2026, 10, 20), 1),
        ("out.volunteers_active", D(2027, 10, 20), -1),  # 365 days later
    ]
    idle = volunteer(net, VolunteerStatus.APPROVED, D(2024, 3, 1), D(2025, 1, 10))  # not active since 2026-01-10
    volunteer(net, VolunteerStatus.SUSPENDED, D(2024, 3, 1), D(2026, 11, 1))
    volunteer(net, VolunteerStatus.APPLIED, None, None)
    assert [c.measure for c in volunteer_contributions(idle)].count("out.volunteers_active") == 2
    assert value_of("out_volunteers", net.county).value == Decimal(2)
    assert value_of("out_volunteers_active", net.county).value == Decimal(1)


def test_typical_cases_published_and_not_withdrawn(net: MiniNetwork) -> None:
    published_at = timezone.make_aware(datetime.datetime(2026, 11, 18, 23, 30))

    def case(number: str, status: str) -> TypicalCase:
        return TypicalCase.objects.create(
            number=number,
            source=TypicalCaseSource.MEDIATION,
            region=net.villages[0],
            topic="labour",
            title="欠薪调解",
            facts="……",
            handling="……",
            status=status,
            nominated_at=published_at - datetime.timedelta(days=20),
            published_at=published_at,
        )

    shown = case("DX1", TypicalCaseStatus.PUBLISHED)
    case("DX2", TypicalCaseStatus.WITHDRAWN)
    assert [(c.measure, c.day, c.topic) for c in case_contributions(shown)] == [
        ("out.typical_cases", timezone.localdate(published_at), "labour")
    ]
    assert value_of("out_typical_cases", net.county).value == Decimal(1)


def test_the_sync_keeps_the_facts_in_step_without_a_rebuild(db):
    """The archive's sync writes in bulk (no event per record) and marks what it changed: the
    hours fact follows a created, a changed and a deleted record."""
    import datetime

    from gongfa.network.models import DutyShift
    from gongfa.outreach.services.publicgood import sync_public_good
    from gongfa.performance.models import DailyFact
    from gongfa.performance.rollup import refresh_pending
    from gongfa.testing.factories import build_network, eligible_advisor

    network = build_network(prefix="330188")
    lawyer = eligible_advisor(network.county, role="lawyer")
    day = datetime.date.today() - datetime.timedelta(days=3)
    shift = DutyShift.objects.create(
        point=network.centre, user=lawyer, date=day, starts_at=datetime.time(9), ends_at=datetime.time(12)
    )

    def tenths() -> int:
        return sum(
            DailyFact.objects.filter(measure="out.pg_hours_tenths", person_id=lawyer.pk).values_list("value", flat=True)
        )

    def sync() -> None:
        sync_public_good()
        refresh_pending()  # what the queued refresh task runs after commit

    sync()
    assert tenths() == 30
    shift.ends_at = datetime.time(13)
    shift.save()
    sync()
    assert tenths() == 40
    shift.delete()
    sync()
    assert tenths() == 0
