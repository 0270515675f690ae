"""Committees (《人民调解法》第7–10条、第34条): created by the bureau over the region, constituted
with a lawful make-up (第9条), members added and ended."""

from __future__ import annotations

import datetime

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.mediation.choices import CommitteeType, Gender, IndustryField, MemberRole
from gongfa.mediation.models import Committee, CommitteeMember
from gongfa.mediation.services.organisation import (
    MemberInput,
    add_member,
    composition_problems,
    constitute_committee,
    create_committee,
    end_membership,
    record_court_notified,
)
from gongfa.mediation.testing import build_world
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, RegionSetting
from gongfa.testing.factories import build_network, staff

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)
END = datetime.date(2027, 12, 31)


def bureau_staff(region):
    bureau = Agency.objects.create(name=f"{region.name}司法局", kind=AgencyKind.JUSTICE_BUREAU, region=region)
    return staff(Role.WINDOW_STAFF, at=bureau, real_name="司法局干部")


def lawful_members(extra: int = 0) -> list[MemberInput]:
    members = [
        MemberInput(name="主任甲", gender=Gender.MALE, role=MemberRole.CHAIR),
        MemberInput(name="委员乙", gender=Gender.FEMALE),
        MemberInput(name="委员丙", gender=Gender.MALE),
    ]
    return members + [MemberInput(name=f"委员{index}", gender=Gender.MALE) for index in range(extra)]


def fields_of(error: DomainError) -> set[str | None]:
    return {problem.field for problem in error.problems}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def officer(world):
    return bureau_staff(world.net.county)


def test_create_village_committee_makes_the_agency_and_the_profile(world, officer) -> None:
    village = world.net.villages[1]
    committee = create_committee(
        actor=officer,
        name="示范1镇2村人民调解委员会",
        region=village,
        committee_type=CommitteeType.VILLAGE,
        point=world.net.rooms[village.code],
        phone="0571-88886666",
    )
    assert committee.agency.kind == AgencyKind.MEDIATION_COMMITTEE
    assert committee.agency.region == village
    assert committee.agency.point == world.net.rooms[village.code]
    assert Event.objects.filter(verb="mediation.committee.created", subject_id=str(committee.pk)).count() == 1


def test_industry_committee_is_an_industry_agency(world, officer) -> None:
    committee = create_committee(
        actor=officer,
        name="示范县医疗纠纷人民调解委员会",
        region=world.net.county,
        committee_type=CommitteeType.INDUSTRY,
        industry_field=IndustryField.MEDICAL,
    )
    assert committee.agency.kind == AgencyKind.INDUSTRY_MEDIATION_COMMITTEE
    assert committee.agency.industry == "医疗纠纷"
    assert committee.industry_field == IndustryField.MEDICAL


def test_supervisor_over_the_county_may_create(world) -> None:
    supervisor = staff(Role.SUPERVISOR, at=world.net.centre)
    committee = create_committee(
        actor=supervisor, name="示范2镇3村调委会", region=world.net.villages[5], committee_type=CommitteeType.VILLAGE
    )
    assert committee.pk


def test_every_bad_input_at_once_and_nothing_created(world, officer) -> None:
    before = (Agency.objects.count(), Committee.objects.count())
    with pytest.raises(DomainError) as caught:
        create_committee(
            actor=officer,
            name="  ",
            region=world.net.townships[0],
            committee_type=CommitteeType.VILLAGE,
            industry_field=IndustryField.MEDICAL,
            phone="12",
            established_on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert fields_of(caught.value) == {"name", "region", "industry_field", "phone", "established_on"}
    messages = " ".join(p.message for p in caught.value.problems)
    assert "村民委员会人民调解委员会应设在村(社区)" in messages
    assert "只有行业性专业性调委会填写行业领域" in messages
    assert (Agency.objects.count(), Committee.objects.count()) == before


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"committee_type": "nonsense"}, "committee_type", "调委会类型不正确"),
        ({"committee_type": CommitteeType.INDUSTRY}, "industry_field", "须选择行业领域"),
        ({"committee_type": CommitteeType.INDUSTRY, "industry_field": "space"}, "industry_field", "行业领域不正确"),
        ({"committee_type": CommitteeType.POLICE}, "host_name", "须填写派驻单位"),
        ({"committee_type": CommitteeType.OTHER, "name": "x" * 129}, "name", "不能超过 128 个字"),
    ],
)
def test_one_bad_input(world, officer, kwargs, field, message) -> None:
    arguments = {"name": "示范县某调委会", "region": world.net.county, "committee_type": CommitteeType.OTHER}
    arguments.update(kwargs)
    with pytest.raises(DomainError) as caught:
        create_committee(actor=officer, **arguments)
    assert fields_of(caught.value) == {field}
    assert message in caught.value.message
    assert not Agency.objects.filter(name=arguments["name"]).exists()


def test_duplicate_name_and_point_elsewhere(world, officer) -> None:
    other_village = world.net.villages[4]
    with pytest.raises(DomainError) as caught:
        create_committee(
            actor=officer,
            name=world.village_committee.agency.name,
            region=world.net.villages[0],
            committee_type=CommitteeType.VILLAGE,
            point=world.net.rooms[other_village.code],
        )
    assert fields_of(caught.value) == {"name", "point"}


def test_only_the_bureau_over_the_region_may_create(world) -> None:
    outsider_net = build_network(prefix="330103", name="邻县")
    strangers = [
        world.mediators[0].user,  # a mediator of a committee
        world.chair,  # the committee's own staff
        bureau_staff(outsider_net.county),  # another county's bureau
        staff(Role.SUPERVISOR, at=outsider_net.centre),  # another county's supervisor
        bureau_staff(world.net.townships[0]),  # the township's justice office (司法所)
        staff(Role.SUPERVISOR, at=world.net.stations[world.net.townships[0].code]),  # a township supervisor
    ]
    for stranger in strangers:
        with pytest.raises(NotPermitted):
            create_committee(
                actor=stranger, name="某村调委会", region=world.net.villages[2], committee_type=CommitteeType.VILLAGE
            )
    assert not Agency.objects.filter(name="某村调委会").exists()


def test_constitute_replaces_the_members_and_sets_the_term(world, officer) -> None:
    committee = world.village_committee
    old = list(committee.members.filter(is_active=True))
    created = constitute_committee(
        actor=officer, committee=committee, term_starts_on=START, term_ends_on=END, members=lawful_members()
    )
    committee.refresh_from_db()
    assert (committee.term_starts_on, committee.term_ends_on) == (START, END)
    assert {m.pk for m in committee.members.filter(is_active=True)} == {m.pk for m in created}
    assert all(not m.is_active for m in CommitteeMember.objects.filter(pk__in=[o.pk for o in old]))
    assert composition_problems(committee, on=datetime.date(2026, 6, 1)) == []
    assert Event.objects.filter(verb="mediation.committee.constituted").count() == 1


def test_constitute_refuses_an_unlawful_make_up_with_every_problem(world, officer) -> None:
    committee = world.village_committee
    before = list(committee.members.filter(is_active=True).values_list("pk", flat=True))
    members = [MemberInput(name="甲", gender=Gender.MALE), MemberInput(name="", gender="X", role="boss")]
    with pytest.raises(DomainError) as caught:
        constitute_committee(
            actor=officer,
            committee=committee,
            term_starts_on=START,
            term_ends_on=datetime.date(2028, 6, 1),
            members=members,
        )
    messages = [p.message for p in caught.value.problems]
    assert "请填写第2位委员的姓名。" in messages
    assert "第2位委员的性别不正确。" in messages
    assert "第2位委员的职务不正确。" in messages
    assert any("委员应为3至9人，现有2人" in m for m in messages)
    assert any("应设主任一人，现有0人" in m for m in messages)
    assert any("应有妇女成员" in m for m in messages)
    assert any("超过三年" in m for m in messages)
    assert list(committee.members.filter(is_active=True).values_list("pk", flat=True)) == before
    committee.refresh_from_db()
    assert committee.term_starts_on is None


def test_too_many_members_and_two_chairs(world, officer) -> None:
    members = [*lawful_members(extra=6), MemberInput(name="主任乙", gender=Gender.MALE, role=MemberRole.CHAIR)]
    with pytest.raises(DomainError) as caught:
        constitute_committee(
            actor=officer, committee=world.village_committee, term_starts_on=START, term_ends_on=END, members=members
        )
    messages = " ".join(p.message for p in caught.value.problems)
    assert "现有10人" in messages
    assert "现有2人" in messages


def test_multi_ethnic_area_needs_a_member_of_a_smaller_group(world, officer) -> None:
    RegionSetting.objects.create(region=world.net.county, key="mediation.multi_ethnic_area", value=True)
    with pytest.raises(DomainError) as caught:
        constitute_committee(
            actor=officer,
            committee=world.village_committee,
            term_starts_on=START,
            term_ends_on=END,
            members=lawful_members(),
        )
    assert "人数较少民族" in caught.value.message
    members = [*lawful_members(), MemberInput(name="委员丁", gender=Gender.MALE, ethnicity="彝族")]
    constitute_committee(
        actor=officer, committee=world.village_committee, term_starts_on=START, term_ends_on=END, members=members
    )
    assert composition_problems(world.village_committee, on=datetime.date(2026, 1, 1)) == []


def test_term_end_before_start(world, officer) -> None:
    with pytest.raises(DomainError) as caught:
        constitute_committee(
            actor=officer,
            committee=world.village_committee,
            term_starts_on=END,
            term_ends_on=START,
            members=lawful_members(),
        )
    assert fields_of(caught.value) == {"term_ends_on"}
    assert "任期止应晚于任期起" in caught.value.message


def test_add_member_keeps_one_chair_and_at_most_nine(world, officer) -> None:
    committee = world.village_committee
    constitute_committee(
        actor=officer, committee=committee, term_starts_on=START, term_ends_on=END, members=lawful_members(extra=5)
    )
    with pytest.raises(DomainError) as caught:
        add_member(actor=officer, committee=committee, member=MemberInput("新主任", Gender.FEMALE, MemberRole.CHAIR))
    assert "调委会已有主任" in caught.value.message
    member = add_member(actor=officer, committee=committee, member=MemberInput("新委员", Gender.FEMALE))
    assert member.term_ends_on == END
    with pytest.raises(DomainError) as caught:
        add_member(actor=officer, committee=committee, member=MemberInput("第十人", Gender.FEMALE))
    assert "已有9名委员" in caught.value.message
    assert committee.members.filter(is_active=True).count() == 9


def test_add_member_term_at_most_three_years(world, officer) -> None:
    with pytest.raises(DomainError) as caught:
        add_member(
            actor=officer,
            committee=world.village_committee,
            member=MemberInput("甲", Gender.FEMALE),
            term_starts_on=START,
            term_ends_on=datetime.date(2028, 1, 2),
        )
    assert caught.value.field == "term_ends_on"


def test_end_membership_needs_a_reason_then_shows_in_the_make_up(world, officer) -> None:
    committee = world.village_committee
    constitute_committee(
        actor=officer, committee=committee, term_starts_on=START, term_ends_on=END, members=lawful_members()
    )
    woman = committee.members.get(is_active=True, gender=Gender.FEMALE)
    with pytest.raises(DomainError) as caught:
        end_membership(actor=officer, member=woman, reason=" ")
    assert caught.value.field == "reason"
    woman.refresh_from_db()
    assert woman.is_active
    end_membership(actor=officer, member=woman, reason="调离本村")
    woman.refresh_from_db()
    assert not woman.is_active
    problems = composition_problems(committee, on=datetime.date(2026, 1, 1))
    assert any("妇女" in p for p in problems)
    assert any("现有2人" in p for p in problems)
    with pytest.raises(DomainError):
        end_membership(actor=officer, member=woman, reason="再次")


def test_composition_problems_show_an_expired_or_missing_term(world) -> None:
    committee = world.village_committee  # made without a term
    assert any("未登记本届任期" in p for p in composition_problems(committee))
    committee.term_starts_on, committee.term_ends_on = START, END
    committee.save()
    assert composition_problems(committee, on=datetime.date(2027, 12, 31)) == []
    assert any("届满" in p for p in composition_problems(committee, on=datetime.date(2028, 1, 1)))


def test_court_notified(world, officer) -> None:
    committee = world.village_committee
    committee.established_on = datetime.date(2026, 1, 10)
    committee.save()
    with pytest.raises(DomainError) as caught:
        record_court_notified(actor=officer, committee=committee, notified_on=datetime.date(2026, 1, 9))
    assert "不能早于调委会成立日期" in caught.value.message
    with pytest.raises(DomainError) as caught:
        record_court_notified(
            actor=officer, committee=committee, notified_on=datetime.date.today() + datetime.timedelta(days=1)
        )
    assert caught.value.field == "notified_on"
    committee.refresh_from_db()
    assert committee.court_notified_on is None
    record_court_notified(actor=officer, committee=committee, notified_on=datetime.date(2026, 1, 12))
    committee.refresh_from_db()
    assert committee.court_notified_on == datetime.date(2026, 1, 12)
    assert Event.objects.filter(verb="mediation.committee.court_notified").count() == 1
    with pytest.raises(NotPermitted):
        record_court_notified(actor=world.chair, committee=committee, notified_on=datetime.date(2026, 1, 12))
