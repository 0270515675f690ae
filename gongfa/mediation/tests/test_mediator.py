"""Mediators (《人民调解法》第13–14条): registered adults with dispute categories as specialities,
posted at their committee; their training (第14条第2款); leaving."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.mediation.choices import Employment
from gongfa.mediation.models import Mediator, MediatorTraining
from gongfa.mediation.services.organisation import deactivate_mediator, record_training, register_mediator
from gongfa.mediation.testing import build_world
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, StaffPosting
from gongfa.network.scope import scope_for
from gongfa.testing.factories import CitizenFactory, UserFactory, make_id_number, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def officer(world):
    bureau = Agency.objects.create(name="示范县司法局", kind=AgencyKind.JUSTICE_BUREAU, region=world.net.county)
    return staff(Role.WINDOW_STAFF, at=bureau)


def adult(**kwargs):
    return UserFactory(role=Role.MEDIATOR, id_number=make_id_number(birth=datetime.date(1980, 3, 1), seq=11), **kwargs)


def fields_of(error: DomainError) -> set[str | None]:
    return {problem.field for problem in error.problems}


def test_register_an_adult_mediator_posts_them_at_the_committee(world, officer) -> None:
    user = adult(real_name="孙调解")
    mediator = register_mediator(
        actor=officer,
        user=user,
        committee=world.village_committee,
        employment=Employment.FULL_TIME,
        specialities=["neighbour", "marriage_family", "neighbour"],
        languages=["普通话", "吴语"],
        started_on=datetime.date(2020, 5, 1),
    )
    assert mediator.specialities == sorted({"neighbour", "marriage_family"})
    assert mediator.languages == ["普通话", "吴语"]
    assert StaffPosting.objects.filter(user=user, agency=world.village_committee.agency, is_active=True).exists()
    assert world.village_committee.agency_id in scope_for(user).agency_ids
    assert Event.objects.filter(verb="mediation.mediator.registered", subject_id=str(mediator.pk)).exists()


def test_without_an_id_number_the_age_is_not_checked(world, officer) -> None:
    mediator = register_mediator(actor=officer, user=UserFactory(role=Role.MEDIATOR), committee=world.village_committee)
    assert mediator.employment == Employment.PART_TIME


def test_a_minor_may_not_be_a_mediator(world, officer) -> None:
    young = UserFactory(role=Role.MEDIATOR, id_number=make_id_number(birth=datetime.date(2015, 1, 1)))
    with pytest.raises(DomainError) as caught:
        register_mediator(actor=officer, user=young, committee=world.village_committee)
    assert "成年公民" in caught.value.message
    assert "第14条" in caught.value.message
    assert not Mediator.objects.filter(user=young).exists()


def test_every_bad_input_at_once(world, officer) -> None:
    citizen = CitizenFactory()
    with pytest.raises(DomainError) as caught:
        register_mediator(
            actor=officer,
            user=citizen,
            committee=world.village_committee,
            employment="sometimes",
            specialities=["neighbour", "dragons"],
            languages=["普通话", ""],
            started_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert fields_of(caught.value) == {"user", "employment", "specialities", "languages", "started_on"}
    messages = " ".join(p.message for p in caught.value.problems)
    assert "群众账号不能登记为调解员" in messages
    assert "dragons" in messages
    assert not Mediator.objects.filter(user=citizen).exists()
    assert not StaffPosting.objects.filter(user=citizen).exists()


def test_specialities_must_be_a_list(world, officer) -> None:
    with pytest.raises(DomainError) as caught:
        register_mediator(actor=officer, user=adult(), committee=world.village_committee, specialities=42)  # type: ignore[arg-type]
    assert caught.value.field == "specialities"


def test_registered_once(world, officer) -> None:
    with pytest.raises(DomainError) as caught:
        register_mediator(actor=officer, user=world.mediators[0].user, committee=world.village_committee)
    assert "已登记为调解员" in caught.value.message


def test_only_the_bureau_registers(world) -> None:
    with pytest.raises(NotPermitted):
        register_mediator(actor=world.chair, user=adult(), committee=world.township_committee)


def test_record_training(world, officer) -> None:
    mediator = world.mediators[0]
    training = record_training(
        actor=officer, mediator=mediator, title="人民调解业务培训", held_on=datetime.date(2026, 3, 1), hours="8.5"
    )
    assert training.hours == Decimal("8.5")
    assert Event.objects.filter(verb="mediation.mediator.training_recorded").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"title": "", "hours": 0}, {"title", "hours"}),
        ({"hours": "八"}, {"hours"}),
        ({"hours": "-2"}, {"hours"}),
        ({"hours": "1.25"}, {"hours"}),
        ({"held_on": datetime.date.today() + datetime.timedelta(days=2)}, {"held_on"}),
        ({"title": "培" * 129, "organiser": "单" * 129}, {"title", "organiser"}),
    ],
)
def test_training_bad_inputs(world, officer, kwargs, fields) -> None:
    arguments: dict[str, Any] = {"title": "培训", "held_on": datetime.date(2026, 1, 5), "hours": 4}
    arguments.update(kwargs)
    with pytest.raises(DomainError) as caught:
        record_training(actor=officer, mediator=world.mediators[0], **arguments)
    assert fields_of(caught.value) == fields
    assert not MediatorTraining.objects.exists()


def test_deactivate_ends_the_posting(world, officer) -> None:
    mediator = world.mediators[1]
    user = mediator.user
    with pytest.raises(DomainError) as caught:
        deactivate_mediator(actor=officer, mediator=mediator, reason="")
    assert caught.value.field == "reason"
    mediator.refresh_from_db()
    assert mediator.is_active
    deactivate_mediator(actor=officer, mediator=mediator, reason="辞职")
    mediator.refresh_from_db()
    assert not mediator.is_active
    assert not StaffPosting.objects.filter(user=user, is_active=True).exists()
    assert not Mediator.objects.active().filter(pk=mediator.pk).exists()
    with pytest.raises(DomainError) as caught:
        deactivate_mediator(actor=officer, mediator=mediator, reason="再次")
    assert "已不在岗" in caught.value.message
