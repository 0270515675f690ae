"""纠纷激化风险 (《人民调解法》第25条): reported at once, the case flagged, the police liaison told by
setting; resolution counts 防止民转刑 / 防止群体性上访 with the people concerned."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.mediation.choices import CaseStatus, EscalationRisk
from gongfa.mediation.models import EscalationReport, MediationCase
from gongfa.mediation.services.handling import report_escalation, resolve_escalation
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.network.models import RegionSetting

pytestmark = pytest.mark.django_db

VERB = "mediation.mediationcase.report_escalation"


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def report(world: MediationWorld, case: MediationCase, **changes: object) -> EscalationReport:
    data: dict[str, object] = {
        "actor": world.mediators[0].user,
        "case": case,
        "risk": EscalationRisk.CRIMINAL,
        "description": "被申请人扬言持刀报复，已安排村干部稳控并联系派出所。",
        "people": 2,
    }
    data.update(changes)
    return report_escalation(**data)  # type: ignore[arg-type]


def test_a_report_in_mediation_flags_the_case_and_tells_the_police(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    made = report(world, case)
    assert made.police_notified_at is not None
    assert (made.risk, made.people, made.reported_by) == (EscalationRisk.CRIMINAL, 2, world.mediators[0].user)
    stored = fresh(case)
    assert stored.escalation_risk is True
    assert stored.status == CaseStatus.IN_MEDIATION
    event = Event.objects.get(verb=VERB)
    assert (event.from_status, event.to_status) == (CaseStatus.IN_MEDIATION, CaseStatus.IN_MEDIATION)
    assert event.data == {
        "report": made.pk,
        "risk": "criminal",
        "people": 2,
        "police_notified": True,
        "committee": case.committee_id,
        "region": case.region_id,
    }
    assert event.reason.startswith("可能激化为治安、刑事案件")


def test_before_the_first_session_the_status_stays(world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    report(world, case, risk=EscalationRisk.GROUP_PETITION, people=30)
    assert fresh(case).status == CaseStatus.MEDIATOR_ASSIGNED
    event = Event.objects.get(verb=VERB)
    assert (event.from_status, event.to_status) == ("", "")
    assert event.data["people"] == 30


def test_police_are_told_only_where_the_region_says_so(world: MediationWorld) -> None:
    RegionSetting.objects.create(region=world.net.county, key="mediation.escalation_notifies_police", value=False)
    made = report(world, make_case(world, "in_mediation"))
    assert made.police_notified_at is None
    assert Event.objects.get(verb=VERB).data["police_notified"] is False


def test_every_bad_input_at_once(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    with pytest.raises(ValidationFailed) as caught:
        report(world, case, risk="storm", description=" ", people="many")
    assert {p.field for p in caught.value.problems} == {"risk", "description", "people"}
    for bad in (0, -3, 1.5, True, 200_000):
        with pytest.raises(DomainError, match="涉及人数"):
            report(world, case, people=bad)
    assert not EscalationReport.objects.exists()
    assert fresh(case).escalation_risk is False


def test_only_while_the_case_is_in_hand(world: MediationWorld) -> None:
    for status in ("accepted", "failed"):
        with pytest.raises(InvalidTransition):
            report(world, make_case(world, status))
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        report(world, make_case(world, "in_mediation"), actor=world.outsider.user)
    assert not EscalationReport.objects.exists()


def test_resolution_counts_what_was_prevented(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    first = report(world, case)
    second = report(world, case, risk=EscalationRisk.GROUP_PETITION, people=25)
    resolve_escalation(
        actor=world.mediators[0].user,
        case=case,
        report=first,
        prevented_criminal=True,
        criminal_people=2,
    )
    stored = fresh(case)
    assert (stored.prevented_criminal, stored.prevented_criminal_people) == (True, 2)
    assert stored.escalation_risk is True  # the group-petition risk is still open
    resolve_escalation(
        actor=world.chair, case=case, report=second, prevented_group_petition=True, group_petition_people="25"
    )
    stored = fresh(case)
    assert (stored.prevented_group_petition, stored.prevented_group_petition_people) == (True, 25)
    assert stored.escalation_risk is False
    assert EscalationReport.objects.filter(resolved_at__isnull=True).count() == 0
    event = Event.objects.filter(verb="mediation.mediationcase.resolve_escalation").latest("pk")
    assert event.data["group_petition_people"] == 25


def test_resolution_inputs_are_checked(world: MediationWorld) -> None:
    case = make_case(world, "in_mediation")
    made = report(world, case)
    with pytest.raises(ValidationFailed) as caught:
        resolve_escalation(
            actor=world.chair,
            case=case,
            report=made,
            prevented_criminal=True,
            criminal_people=0,
            group_petition_people=5,
        )
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("criminal_people", "invalid_people"),
        ("group_petition_people", "people_without_flag"),
    }
    resolve_escalation(actor=world.chair, case=case, report=made)
    with pytest.raises(DomainError, match="已标记为化解"):
        resolve_escalation(actor=world.chair, case=case, report=made)
    other = make_case(world, "in_mediation")
    with pytest.raises(DomainError, match="该风险报告不属于本案"):
        resolve_escalation(actor=world.chair, case=other, report=made)
    assert fresh(case).prevented_criminal is False
