"""The default demo world in the database (seeded once for the module, see conftest)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count

from gongfa.accounts.choices import STAFF_ROLES, Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.crypto import blind_index
from gongfa.core.validators import validate_id_number, validate_mobile
from gongfa.demo.generator import (
    ADVISOR_MAX_VILLAGES,
    CITY_SUPERVISOR,
    DEMO_CITIZEN_PHONES,
    DEMO_PASSWORD,
    ROLE_SLUG,
)
from gongfa.demo.loader import print_demo_accounts
from gongfa.demo.tests.conftest import START
from gongfa.network.choices import AgencyKind, PointTier, RegionLevel
from gongfa.network.models import AdvisorAssignment, Agency, DutyShift, Region, ServicePoint, StaffPosting
from gongfa.network.selectors import point_has_active_staff
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services.dispatch import resolve_place

pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_one_county_with_its_centre_twelve_stations_and_150_rooms():
    county = Region.objects.get(level=RegionLevel.COUNTY)
    assert county.name == "青山县"
    assert Region.objects.subtree(county).filter(level=RegionLevel.TOWNSHIP).count() == 12
    assert Region.objects.subtree(county).villages().count() == 150
    assert ServicePoint.objects.get(tier=PointTier.CENTRE).region == county
    assert ServicePoint.objects.filter(tier=PointTier.STATION).count() == 12
    assert ServicePoint.objects.filter(tier=PointTier.ROOM).count() == 150
    for point in ServicePoint.objects.order_by("pk")[:20]:
        point.full_clean()
    for region in Region.objects.order_by("-code")[:20]:
        region.full_clean()


def test_the_agencies_of_a_county():
    kinds = dict(Agency.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds == {
        AgencyKind.JUSTICE_BUREAU: 2,  # the county's and the city's
        AgencyKind.LEGAL_AID_CENTRE: 1,
        AgencyKind.MEDIATION_COMMITTEE: 13,  # the county's and one per township
        AgencyKind.INDUSTRY_MEDIATION_COMMITTEE: 2,
        AgencyKind.NOTARY_OFFICE: 1,
        AgencyKind.APPRAISAL_INSTITUTION: 1,
        AgencyKind.LAW_FIRM: 2,
        AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE: 1,
        AgencyKind.ARBITRATION_COMMISSION: 1,
    }
    assert set(
        Agency.objects.filter(kind=AgencyKind.INDUSTRY_MEDIATION_COMMITTEE).values_list("industry", flat=True)
    ) == {"医疗纠纷", "交通事故"}
    for firm in Agency.objects.filter(kind=AgencyKind.LAW_FIRM):
        assert StaffPosting.objects.filter(agency=firm, role=Role.LAWYER, is_active=True).count() == 6
    for agency in Agency.objects.all():
        agency.full_clean()


def test_every_staff_role_has_an_active_user_with_an_active_posting():
    for role in STAFF_ROLES:
        assert StaffPosting.objects.filter(role=role, is_active=True, user__is_active=True, user__role=role).exists(), (
            role
        )
    assert StaffPosting.objects.filter(role=Role.HOTLINE_AGENT, point__tier=PointTier.CENTRE).count() == 6
    assert StaffPosting.objects.filter(role=Role.WINDOW_STAFF, point__tier=PointTier.STATION).exists()
    assert StaffPosting.objects.filter(role=Role.LEGAL_AID_REVIEWER, agency__kind=AgencyKind.LEGAL_AID_CENTRE).exists()
    assert StaffPosting.objects.filter(role=Role.NOTARY_CLERK, agency__kind=AgencyKind.APPRAISAL_INSTITUTION).exists()
    assert StaffPosting.objects.filter(role=Role.SUPERVISOR, agency__kind=AgencyKind.JUSTICE_BUREAU).exists()


def test_advisors_serve_at_most_five_villages_through_the_service():
    loads = AdvisorAssignment.objects.filter(is_active=True).values("advisor").annotate(n=Count("pk"))
    assert max(row["n"] for row in loads) <= ADVISOR_MAX_VILLAGES
    assert AdvisorAssignment.objects.filter(advisor__username="advisor", is_active=True).count() == 5
    assert set(AdvisorAssignment.objects.values_list("advisor__role", flat=True)) <= {
        Role.LAWYER,
        Role.VILLAGE_ADVISOR,
    }
    # Appointed one by one through assign_village_advisor, which writes an audit event each time.
    assert Event.objects.filter(verb="network.advisor_assigned").count() == AdvisorAssignment.objects.count() == 135


def test_about_ten_percent_of_rooms_are_unstaffed_and_questions_there_go_to_the_station():
    rooms = list(ServicePoint.objects.filter(tier=PointTier.ROOM).select_related("region"))
    unstaffed = [room for room in rooms if not point_has_active_staff(room)]
    assert len(unstaffed) == 15
    place, _reason = resolve_place(WorkOrder(region=unstaffed[0].region))
    assert isinstance(place, ServicePoint) and place.tier == PointTier.STATION
    staffed = next(room for room in rooms if room not in unstaffed)
    assert resolve_place(WorkOrder(region=staffed.region))[0] == staffed


def test_phones_and_id_numbers_are_valid_and_some_citizens_are_elderly():
    users = list(User.objects.exclude(username__in=[]).values_list("role", "phone", "id_number", "elder_mode"))
    assert sum(1 for u in users if u[0] == Role.CITIZEN) == 300
    for _, phone, id_number, _ in users:
        validate_mobile(phone)
        validate_id_number(id_number)
        assert id_number.startswith("339901")
    citizen_phones = [u[1] for u in users if u[0] == Role.CITIZEN]
    assert len(citizen_phones) == len(set(citizen_phones))
    cutoff = f"{START.year - 60}"
    elderly = [u for u in users if u[0] == Role.CITIZEN and u[2][6:10] <= cutoff]
    assert len(elderly) >= 30
    assert any(u[3] for u in elderly)


def test_demo_accounts_have_the_published_credentials():
    named = {**{username: role for role, username in ROLE_SLUG.items()}, CITY_SUPERVISOR: Role.SUPERVISOR}
    for username, role in named.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert user.check_password(DEMO_PASSWORD), username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    for phone in DEMO_CITIZEN_PHONES:
        citizen = User.objects.with_phone(phone).get(role=Role.CITIZEN)
        assert not citizen.has_usable_password()
    other = User.objects.filter(role=Role.HOTLINE_AGENT).exclude(username="hotline").first()
    assert other is not None
    assert other.check_password(DEMO_PASSWORD)
    assert (
        len(set(User.objects.exclude(username__in=named).exclude(role=Role.CITIZEN).values_list("password", flat=True)))
        == 1
    )  # one shared hash for the generated staff


def test_duty_rosters_for_fourteen_days():
    days = DutyShift.objects.values_list("date", flat=True).distinct()
    assert set(days) == {START + datetime.timedelta(days=n) for n in range(14)}
    assert DutyShift.objects.filter(point__tier=PointTier.CENTRE).values("date").distinct().count() == 14
    assert DutyShift.objects.filter(point__tier=PointTier.STATION).values("point").distinct().count() == 12


def test_demo_work_orders_show_the_room_and_the_station_fallback():
    questions = WorkOrder.objects.exclude(legal_aid_cases__isnull=False)
    assert questions.count() == 10
    statuses = dict(questions.values_list("status").annotate(n=Count("pk")))
    assert statuses == {"assigned": 5, "answered": 4, "closed": 1}  # new questions are dispatched at once
    assert WorkOrder.objects.get(status="closed").rating == 5
    first, second = DEMO_CITIZEN_PHONES
    to_room = questions.filter(requester__phone_hash=blind_index(first, "phone")).order_by("pk").first()
    assert to_room is not None
    assert to_room.answered_by is not None
    assert to_room.owner_point is not None and to_room.owner_point.tier == PointTier.ROOM
    assert to_room.status == "answered"
    assert to_room.answered_by == to_room.owner_user  # the person the dispatcher chose answered it
    fallback = questions.get(requester__phone_hash=blind_index(second, "phone"))
    assert fallback.owner_point is not None and fallback.owner_point.tier == PointTier.STATION
    assert "无在岗人员" in fallback.routing_reason
    assert StaffPosting.objects.filter(user__username="window", point=fallback.owner_point).exists()


def test_the_accounts_table_lists_every_demo_login(seeded):
    lines: list[str] = []
    print_demo_accounts(lines.append)
    table = "\n".join(lines)
    for username in [*ROLE_SLUG.values(), CITY_SUPERVISOR]:
        assert f" {username} " in table
    for phone in DEMO_CITIZEN_PHONES:
        assert phone in table
    assert DEMO_PASSWORD in table
    assert "短信验证码" in table
    assert "演示账号" in seeded  # the command printed it too


def test_demo_legal_aid_cases_and_providers():
    from gongfa.legalaid.models import HardshipStandard, LegalAidApplication, ProviderProfile

    assert HardshipStandard.objects.filter(verified=False).count() == 1  # an example, marked unverified
    assert ProviderProfile.objects.filter(user__username="lawyer").exists()
    statuses = sorted(LegalAidApplication.objects.values_list("status", flat=True))
    assert statuses == ["assigned", "supplement_requested"]
    assert all(a.work_order_id for a in LegalAidApplication.objects.all())
