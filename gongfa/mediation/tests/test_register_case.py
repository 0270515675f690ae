"""登记 (register_case): 《人民调解法》第17–18条; Mediation Provisions ◐ (written or oral, registered);
referred cases' feedback duty; 《劳动争议调解仲裁法》第14条 for labour disputes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted, ValidationFailed
from gongfa.mediation.choices import CaseSource, CaseStatus, DocumentKind, IntakeChannel, PartySide
from gongfa.mediation.models import CaseParty, DisputeCategory, MediationCase
from gongfa.mediation.services.intake import register_case
from gongfa.mediation.testing import MediationWorld, build_world
from gongfa.network.models import RegionSetting
from gongfa.testing.factories import CitizenFactory, make_id_number, staff

pytestmark = pytest.mark.django_db

# Monday 2026-11-23, 10:00 in Beijing.
MONDAY = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def form(world: MediationWorld, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "actor": world.chair,
        "committee": world.township_committee,
        "region": world.net.villages[0],
        "category": DisputeCategory.objects.get(code="neighbour"),
        "source": CaseSource.PARTY_APPLICATION,
        "application_form": "oral",
        "intake_channel": IntakeChannel.WINDOW,
        "summary": "邻居装修致墙体开裂",
        "facts": "申请人称被申请人装修时拆除承重墙，致其房屋墙体开裂。",
        "claims": "赔偿修缮费用五千元。",
        "applicants": [{"name": "赵申请", "id_number": make_id_number(seq=11), "phone": "13800138001"}],
        "respondents": [{"name": "钱被申", "phone": "13800138002", "address": "示范1镇1村3组"}],
    }
    data.update(changes)
    return data


def codes(error: DomainError) -> set[str]:
    return {p.code for p in error.problems}


def test_registers_with_number_parties_document_and_event(world: MediationWorld) -> None:
    case = register_case(**form(world))
    assert case.status == CaseStatus.APPLIED
    assert case.number.endswith("号")
    assert case.created_by == world.chair
    parties = list(CaseParty.objects.filter(case=case).order_by("side"))
    assert [(p.side, p.name) for p in parties] == [("applicant", "赵申请"), ("respondent", "钱被申")]
    assert parties[0].phone == "13800138001"  # decrypted on read
    document = case.documents.get()
    assert (document.kind, document.generated, document.title) == (
        DocumentKind.APPLICATION,
        True,
        "人民调解受理登记表",
    )
    event = Event.objects.get(verb="mediation.mediationcase.register", subject_id=str(case.pk))
    assert event.data["respondent_missing"] is False
    assert event.actor == world.chair
    assert case.feedback_due_on is None
    assert case.labour_arbitration_from is None


def test_numbers_are_consecutive_per_committee(world: MediationWorld) -> None:
    first = register_case(**form(world))
    second = register_case(**form(world, applicants=[{"name": "孙申请", "phone": "13800138009"}]))
    assert first.number != second.number
    assert first.number.rsplit("-", 1)[1] == "1号"
    assert second.number.rsplit("-", 1)[1] == "2号"


def test_a_case_without_a_respondent_is_refused(world: MediationWorld) -> None:
    with pytest.raises(DomainError, match="没有对方当事人的纠纷无法调解") as caught:
        register_case(**form(world, respondents=[]))
    assert caught.value.field == "respondents"
    assert not MediationCase.objects.exists()


def test_every_bad_input_is_reported_at_once(world: MediationWorld) -> None:
    with pytest.raises(ValidationFailed) as caught:
        register_case(
            **form(
                world,
                region=None,
                category=None,
                source="rumour",
                application_form="sung",
                intake_channel="pigeon",
                summary="",
                facts="  ",
                claims="求" * 2001,
                applicants=[{"name": "", "id_number": "110101199001011234", "phone": "12345"}],
                respondents=[{"name": "钱被申"}],
                amount_in_dispute="-5",
            )
        )
    fields = {p.field for p in caught.value.problems}
    assert {
        "region",
        "category",
        "source",
        "application_form",
        "intake_channel",
        "summary",
        "facts",
        "claims",
        "applicants.0.name",
        "applicants.0.id_number",
        "applicants.0.phone",
        "respondents.0.phone",
        "amount_in_dispute",
    } <= fields
    assert not MediationCase.objects.exists()
    assert not CaseParty.objects.exists()


@pytest.mark.parametrize(
    ("party", "field", "code"),
    [
        (
            {"name": "赵申请", "phone": "13800138001", "id_number": "33010219700101123"},
            "id_number",
            "invalid_id_number",
        ),
        ({"name": "赵申请", "phone": "1380013"}, "phone", "invalid_phone"),
        ({"name": "赵申请"}, "phone", "required"),
        ({"name": "赵申请", "phone": "13800138001", "kind": "alien"}, "kind", "invalid_kind"),
        ({"name": "某公司", "phone": "13800138001", "kind": "organisation"}, "representative_name", "required"),
        ({"name": "赵申请", "phone": "13800138001", "nickname": "小赵"}, None, "unknown_field"),
    ],
)
def test_bad_applicant_details(world: MediationWorld, party: dict[str, Any], field: str | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        register_case(**form(world, applicants=[party]))
    expected = "applicants.0" + (f".{field}" if field else "")
    assert (expected, code) in {(p.field, p.code) for p in caught.value.problems}
    assert not MediationCase.objects.exists()


def test_the_same_person_cannot_be_on_both_sides(world: MediationWorld) -> None:
    number = make_id_number(seq=77)
    with pytest.raises(DomainError, match="既是申请人又是被申请人"):
        register_case(
            **form(
                world,
                applicants=[{"name": "赵申请", "id_number": number, "phone": "13800138001"}],
                respondents=[{"name": "赵申请", "id_number": number, "phone": "13800138001"}],
            )
        )
    assert not MediationCase.objects.exists()


def test_several_parties_on_each_side(world: MediationWorld) -> None:
    case = register_case(
        **form(
            world,
            applicants=[{"name": "赵甲", "phone": "13800138001"}, {"name": "赵乙", "phone": "13800138003"}],
            respondents=[
                {
                    "name": "某物业公司",
                    "kind": "organisation",
                    "representative_name": "周经理",
                    "phone": "0571-88886666",
                },
                {"name": "钱丙", "address": "3组"},
            ],
        )
    )
    assert case.parties.filter(side=PartySide.APPLICANT).count() == 2
    assert case.parties.filter(side=PartySide.RESPONDENT).count() == 2


@pytest.mark.parametrize(
    "source", [CaseSource.POLICE_HANDOVER, CaseSource.COURT_ENTRUSTMENT, CaseSource.GOVERNMENT_ASSIGNMENT]
)
def test_referred_cases_need_the_sender_and_get_a_feedback_date(world: MediationWorld, source: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        register_case(**form(world, source=source, intake_channel=IntakeChannel.REFERRAL))
    assert {p.field for p in caught.value.problems} == {"sender_name", "sender_reference"}
    with time_machine.travel(MONDAY, tick=False):
        case = register_case(
            **form(
                world,
                source=source,
                intake_channel=IntakeChannel.REFERRAL,
                sender_name="示范县公安局示范1镇派出所",
                sender_reference="示公（2026）88号",
            )
        )
    # 30 days from Monday 2026-11-23 is Wednesday 2026-12-23 (a working day).
    assert case.feedback_due_on == datetime.date(2026, 12, 23)
    assert case.sender_reference == "示公（2026）88号"


def test_referral_feedback_days_is_a_region_setting(world: MediationWorld) -> None:
    RegionSetting.objects.create(region=world.net.province, key="mediation.referral_feedback_days", value=10)
    with time_machine.travel(MONDAY, tick=False):
        case = register_case(
            **form(
                world,
                source=CaseSource.COURT_ENTRUSTMENT,
                sender_name="示范县人民法院",
                sender_reference="（2026）示民诉前调1号",
            )
        )
    assert case.feedback_due_on == datetime.date(2026, 12, 3)


def test_a_party_application_keeps_no_sender(world: MediationWorld) -> None:
    case = register_case(**form(world, sender_name="某单位", sender_reference="1号"))
    assert (case.sender_name, case.sender_reference, case.feedback_due_on) == ("", "", None)


def test_labour_disputes_get_the_arbitration_date(world: MediationWorld) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = register_case(**form(world, category=DisputeCategory.objects.get(code="labour")))
    # 《劳动争议调解仲裁法》第14条: 15 days from the application.
    assert case.labour_arbitration_from == datetime.date(2026, 12, 8)


def test_own_initiative_is_registered_by_the_committee(world: MediationWorld) -> None:
    case = register_case(**form(world, source=CaseSource.OWN_INITIATIVE, intake_channel=IntakeChannel.COMMITTEE))
    assert case.source == CaseSource.OWN_INITIATIVE
    assert case.status == CaseStatus.APPLIED


def test_a_written_application_is_filed_as_such(world: MediationWorld) -> None:
    case = register_case(**form(world, application_form="written"))
    assert case.documents.get().title == "人民调解申请书"


def test_amount_in_dispute_must_be_a_non_negative_number(world: MediationWorld) -> None:
    for bad in ("abc", "-1", "NaN"):
        with pytest.raises(DomainError, match="争议金额须为不小于0的数字"):
            register_case(**form(world, amount_in_dispute=bad))
    assert register_case(**form(world, amount_in_dispute="5000")).amount_in_dispute == 5000


def test_only_the_committee_its_supervisors_or_the_citizen_may_register(world: MediationWorld) -> None:
    other_staff = staff(at=world.other_committee.agency)
    with pytest.raises(NotPermitted):
        register_case(**form(world, actor=other_staff))
    unposted = staff()
    with pytest.raises(NotPermitted):
        register_case(**form(world, actor=unposted))
    supervisor = staff("supervisor", at=world.net.centre)
    assert register_case(**form(world, actor=supervisor)).created_by == supervisor
    assert MediationCase.objects.count() == 1


def test_staff_cannot_register_as_a_portal_application(world: MediationWorld) -> None:
    with pytest.raises(DomainError, match="网上申请须由当事人本人提交"):
        register_case(**form(world, intake_channel=IntakeChannel.PORTAL))


def test_a_citizen_applies_for_themselves_on_the_portal(world: MediationWorld) -> None:
    citizen = CitizenFactory(real_name="孙大姐")
    case = register_case(
        **form(
            world,
            actor=citizen,
            intake_channel=IntakeChannel.PORTAL,
            application_form="written",
            applicants=[{"user": citizen}],
        )
    )
    applicant = case.parties.get(side=PartySide.APPLICANT)
    assert (applicant.user, applicant.name, applicant.id_number, applicant.phone) == (
        citizen,
        "孙大姐",
        citizen.id_number,
        citizen.phone,
    )
    assert Event.objects.get(verb="mediation.mediationcase.register").channel == "portal"


def test_a_citizen_cannot_apply_for_someone_else_or_as_the_committee(world: MediationWorld) -> None:
    citizen = CitizenFactory()
    with pytest.raises(ValidationFailed) as caught:
        register_case(
            **form(world, actor=citizen, source=CaseSource.OWN_INITIATIVE, intake_channel=IntakeChannel.WINDOW)
        )
    assert {"citizen_source", "citizen_channel", "not_own_application"} <= codes(caught.value)
    assert not MediationCase.objects.exists()


def test_a_party_account_must_be_a_citizen_account(world: MediationWorld) -> None:
    with pytest.raises(DomainError, match="账号须为群众账号"):
        register_case(**form(world, applicants=[{"name": "赵申请", "phone": "13800138001", "user": world.chair}]))


def test_an_inactive_committee_takes_no_cases(world: MediationWorld) -> None:
    agency = world.township_committee.agency
    agency.is_active = False
    agency.save()
    with pytest.raises(DomainError, match="该调委会已停用"):
        register_case(**form(world))
