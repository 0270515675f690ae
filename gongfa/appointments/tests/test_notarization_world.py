"""The notarization test world (a county notary office with two notaries and a clerk, the matters it
handles) and helpers to bring a case to any status through the services. Other test files import
the builders; the tests here check the world itself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.appointments.choices import NotarizationStatus
from gongfa.appointments.models import NotarialMatter, NotarizationCase, OfficeMatter
from gongfa.appointments.services import notarization as svc
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.factories import CitizenFactory, MiniNetwork, build_network, staff

S = NotarizationStatus
TUESDAY = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)  # an ordinary week, no holiday


@dataclass
class NotaryWorld:
    net: MiniNetwork
    office: Agency
    other_office: Agency
    notary: User
    notary2: User
    clerk: User
    outsider: User
    supervisor: User
    citizen: User
    kinship: NotarialMatter
    house: NotarialMatter
    will: NotarialMatter
    unhandled: NotarialMatter


def build_notary_world(net: MiniNetwork | None = None) -> NotaryWorld:
    net = net or build_network()
    office = Agency.objects.create(
        name="示范县公证处", kind=AgencyKind.NOTARY_OFFICE, region=net.county, point=net.centre
    )
    other_net_county = net.county  # the same county: another office elsewhere in the city
    other_office = Agency.objects.create(
        name="示范市第二公证处", kind=AgencyKind.NOTARY_OFFICE, region=other_net_county
    )
    kinship = NotarialMatter.objects.get(code="kinship")
    kinship.fee_yuan = Decimal("200")
    kinship.save(update_fields=["fee_yuan"])
    house = NotarialMatter.objects.get(code="house_entrustment")
    will = NotarialMatter.objects.get(code="will")
    unhandled = NotarialMatter.objects.get(code="education")
    for matter in (kinship, house, will):
        OfficeMatter.objects.create(office=office, matter=matter)
    return NotaryWorld(
        net=net,
        office=office,
        other_office=other_office,
        notary=staff(Role.NOTARY, at=office, real_name="张公证"),
        notary2=staff(Role.NOTARY, at=office, real_name="李公证"),
        clerk=staff(Role.NOTARY_CLERK, at=office, real_name="王受理"),
        outsider=staff(Role.NOTARY, at=other_office, real_name="赵外处"),
        supervisor=staff(Role.SUPERVISOR, at=net.centre, real_name="钱督导"),
        citizen=CitizenFactory(),
        kinship=kinship,
        house=house,
        will=will,
        unhandled=unhandled,
    )


def all_materials(matter: NotarialMatter) -> list[int]:
    return list(matter.materials.values_list("pk", flat=True))


def apply(world: NotaryWorld, matter: NotarialMatter | None = None, **overrides: Any) -> NotarizationCase:
    matter = matter or world.kinship
    fields: dict[str, Any] = {
        "actor": world.clerk,
        "office": world.office,
        "matter": matter,
        "applicant_name": "陈小明",
        "applicant_phone": "13800138000",
        "purpose": "出国留学",
        "destination": "加拿大",
        "materials_provided": all_materials(matter),
        "user": world.citizen,
    }
    fields.update(overrides)
    return svc.apply_for_notarization(**fields)


def accept(world: NotaryWorld, case: NotarizationCase, **overrides: Any) -> NotarizationCase:
    fields: dict[str, Any] = {
        "actor": world.clerk,
        "case": case,
        "notary": world.notary,
        "legal_meaning_notice_signed": True,
        "national_system_entered": True,
    }
    fields.update(overrides)
    return svc.accept_case(**fields)


def case_in(world: NotaryWorld, status: str, matter: NotarialMatter | None = None) -> NotarizationCase:
    """A case brought to `status` through the services (today's date)."""
    case = apply(world, matter)
    if status == S.APPLIED:
        return case
    if status == S.NOT_ACCEPTED:
        return svc.decline_case(actor=world.clerk, case=case, ground="disputed", reason="当事人之间有争议")
    case = accept(world, case)
    if status == S.ACCEPTED:
        return case
    if status == S.SUPPLEMENTING:
        return svc.request_supplement(actor=world.notary, case=case, request="请补充出生医学证明")
    if status == S.VERIFYING:
        return svc.start_verification(actor=world.notary, case=case, note="向派出所核实户籍")
    if status == S.REFUSED:
        return svc.refuse_case(
            actor=world.notary, case=case, ground="false_facts", decision_note="提供虚假材料", refund_note="全额退费"
        )
    if status == S.TERMINATED:
        return svc.terminate_case(actor=world.notary, case=case, ground="withdrawn", reason="申请人撤回")
    case = svc.issue_certificate(actor=world.notary, case=case, certificate_number="(2026)示证字第1号")
    if status == S.ISSUED:
        return case
    if status == S.ARCHIVED:
        return svc.archive_case(actor=world.clerk, case=case)
    case = svc.request_review(actor=world.clerk, case=case, requester="party", reason="公证书内容有误")
    if status == S.REVIEW_PENDING:
        return case
    raise ValueError(status)


@pytest.mark.django_db
def test_the_world_has_an_office_with_two_notaries() -> None:
    world = build_notary_world()
    from gongfa.appointments.selectors.notarization import notaries_of

    assert notaries_of(world.office) == [world.notary, world.notary2]
    assert notaries_of(world.other_office) == [world.outsider]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s.value for s in S])
def test_every_status_is_reachable_through_the_services(status: str) -> None:
    world = build_notary_world()
    case = case_in(world, status)
    assert NotarizationCase.objects.get(pk=case.pk).status == status
