"""我的公证: a citizen sees their own cases with status, due date, the supplement request and the
certificate number; someone else's case is 404; staff and anonymous visitors are kept out."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongfa.appointments.services.notarization import issue_certificate, request_supplement
from gongfa.appointments.tests.test_notarization_world import NotaryWorld, accept, apply, build_notary_world
from gongfa.testing.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> NotaryWorld:
    return build_notary_world()


def test_the_citizen_sees_the_supplement_request_and_then_the_certificate(client: Client, world: NotaryWorld) -> None:
    case = request_supplement(actor=world.notary, case=accept(world, apply(world)), request="请补充出生医学证明")
    apply(world, user=CitizenFactory())  # someone else's
    client.force_login(world.citizen)
    listing = client.get(reverse("portal:notarization_cases")).content.decode()
    assert case.number in listing and "请补充出生医学证明" in listing and listing.count("my-notarization-") == 1
    page = client.get(reverse("portal:notarization_case", args=[case.number])).content.decode()
    assert "请补充出生医学证明" in page and "补充材料或核实期间不计入" in page
    from gongfa.appointments.services.notarization import receive_supplement

    issue_certificate(
        actor=world.notary,
        case=receive_supplement(actor=world.notary, case=case),
        certificate_number="(2026)示证字第3号",
    )
    page = client.get(reverse("portal:notarization_case", args=[case.number])).content.decode()
    assert "(2026)示证字第3号" in page and "请补充出生医学证明" not in page


def test_another_citizens_case_is_not_found(client: Client, world: NotaryWorld) -> None:
    case = apply(world)
    client.force_login(CitizenFactory())
    assert client.get(reverse("portal:notarization_case", args=[case.number])).status_code == 404
    client.logout()
    assert client.get(reverse("portal:notarization_cases")).status_code == 302  # to the login page
