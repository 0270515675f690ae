import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from gongfa.network.choices import AgencyKind, PointTier
from gongfa.network.models import Agency, ServicePoint, StaffPosting
from gongfa.testing.factories import UserFactory


def test_a_room_cannot_sit_at_a_township(network):
    point = ServicePoint(name="错层工作室", tier=PointTier.ROOM, region=network.townships[0])
    with pytest.raises(ValidationError, match="不能设在乡镇"):
        point.full_clean()


def test_unknown_services_are_refused(network):
    point = ServicePoint(name="x", tier=PointTier.CENTRE, region=network.province, services=["fortune_telling"])
    with pytest.raises(ValidationError, match="未知的服务类型"):
        point.full_clean()


def test_service_point_phone_is_validated(network):
    point = ServicePoint(name="x", tier=PointTier.CENTRE, region=network.city, phone="12-34")
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        point.full_clean()
    point.phone = "0571-88886666"
    point.full_clean()


def test_industry_committee_needs_its_industry(network):
    committee = Agency(name="调委会", kind=AgencyKind.INDUSTRY_MEDIATION_COMMITTEE, region=network.county)
    with pytest.raises(ValidationError, match="行业领域"):
        committee.full_clean()


def test_a_posting_is_at_a_point_or_an_agency_not_both(network):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        StaffPosting.objects.create(user=user, point=network.centre, agency=network.legal_aid_centre, role=user.role)


def test_one_point_per_region_and_tier(network):
    with pytest.raises(IntegrityError):
        ServicePoint.objects.create(name="第二个中心", tier=PointTier.CENTRE, region=network.county)
