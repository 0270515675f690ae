"""Test fixtures for typical cases (典型案例): a county with a closed legal-aid case, a closed
mediation case and a closed consultation (each naming its parties, a village and personal data),
an open legal-aid case, the staff who nominate (a legal-aid clerk) and two editors (supervisors
over the county), and a supervisor of another county."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication
from gongfa.mediation.choices import CaseSource, IntakeChannel, Outcome, PartySide
from gongfa.mediation.choices import CaseStatus as MediationStatus
from gongfa.mediation.models import CaseParty, DisputeCategory, MediationCase
from gongfa.mediation.testing import make_committee
from gongfa.outreach.choices import TypicalCaseSource, TypicalCaseStatus
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.services.common import next_number
from gongfa.testing.factories import CitizenFactory, MiniNetwork, build_network, make_id_number, staff
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import Topic, WorkOrder
from gongfa.workorders.services import create_work_order

ID_NUMBER = make_id_number()
LEGAL_AID_FACTS = "申请人王小明在示范1镇1村的工地务工，被拖欠工资三万元。联系电话13812345678。"
CLEAN = {
    "title": "农民工追索劳动报酬法律援助案",
    "facts": "申请人王某在某村的工地务工，被拖欠工资三万元。",
    "handling": "法律援助中心指派律师代理，经仲裁调解，用人单位支付全部工资。",
    "significance": "农民工追索劳动报酬，可以申请法律援助，不受经济困难条件限制。",
    "topic": "labour",
    "citations": "法律援助法 第三十二条",
}


@dataclass
class CasesWorld:
    net: MiniNetwork
    clerk: User  # window staff at the county's legal aid centre: sees its cases, manages the county
    editor: User  # a supervisor over the county
    editor2: User  # another supervisor over the county
    outsider: User  # a supervisor of another county
    legal_aid: LegalAidApplication  # closed
    open_legal_aid: LegalAidApplication  # in service
    mediation: MediationCase  # closed
    order: WorkOrder  # closed consultation


def labour_topic() -> str:
    topic = Topic.objects.filter(name__contains="劳动").first() or Topic.objects.first()
    assert topic is not None
    return topic.code


def _legal_aid(net: MiniNetwork, number: str, status: str) -> LegalAidApplication:
    return LegalAidApplication.objects.create(
        number=number,
        status=status,
        region=net.villages[0],
        agency=net.legal_aid_centre,
        applicant_name="王小明",
        opponent_name="李大壮",
        facts=LEGAL_AID_FACTS,
        matter_code="labour_remuneration",
        matter_name="追索劳动报酬",
        matter_article="法律援助法第三十一条",
        closing_report=f"律师代理仲裁，李大壮支付工资。王小明身份证号{ID_NUMBER}。",
    )


def build_world() -> CasesWorld:
    net = build_network()
    other = build_network(prefix="330103", name="邻县")
    clerk = staff(Role.WINDOW_STAFF, at=net.legal_aid_centre, real_name="周干事")
    editor = staff(Role.SUPERVISOR, at=net.centre, real_name="钱督导")
    editor2 = staff(Role.SUPERVISOR, at=net.centre, real_name="孙督导")
    outsider = staff(Role.SUPERVISOR, at=other.centre, real_name="吴督导")
    legal_aid = _legal_aid(net, "援2026001", ApplicationStatus.CLOSED)
    open_case = _legal_aid(net, "援2026002", ApplicationStatus.IN_SERVICE)
    committee = make_committee(net.townships[0])
    mediation = MediationCase.objects.create(
        number="示调〔2026〕1号",
        status=MediationStatus.CLOSED,
        outcome=Outcome.WRITTEN_AGREEMENT,
        committee=committee,
        region=net.villages[1],
        category=DisputeCategory.objects.get(code="neighbour"),
        source=CaseSource.PARTY_APPLICATION,
        intake_channel=IntakeChannel.WINDOW,
        summary="赵一邻里排水纠纷",
        facts="赵一与钱二因排水沟相邻，发生纠纷。",
    )
    CaseParty.objects.create(
        case=mediation, side=PartySide.APPLICANT, name="赵一", id_number=make_id_number(), phone="13800138001"
    )
    CaseParty.objects.create(
        case=mediation, side=PartySide.RESPONDENT, name="钱二", id_number=make_id_number(), phone="13800138002"
    )
    order = create_work_order(
        channel=Channel.PORTAL,
        region=net.villages[2],
        text="我在示范1镇3村被拖欠工资，怎么办？",
        requester=CitizenFactory(real_name="孙大妈"),
    ).order
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrderStatus.CLOSED, answer="可以申请劳动仲裁。")
    order.refresh_from_db()
    return CasesWorld(net, clerk, editor, editor2, outsider, legal_aid, open_case, mediation, order)


def published_case(net: MiniNetwork, **fields: Any) -> TypicalCase:
    """A published case made the plain way (rows, no services)."""
    from django.utils import timezone

    values: dict[str, Any] = {
        "number": next_number("typical_case"),
        "source": TypicalCaseSource.CONSULTATION,
        "region": net.county,
        "topic": labour_topic(),
        "title": CLEAN["title"],
        "facts": CLEAN["facts"],
        "handling": CLEAN["handling"],
        "significance": CLEAN["significance"],
        "status": TypicalCaseStatus.PUBLISHED,
        "published_at": timezone.now(),
    }
    values.update(fields)
    return TypicalCase.objects.create(**values)


def clean_texts(**overrides: str) -> dict[str, str]:
    texts = {**CLEAN, "topic": labour_topic()}
    texts.update(overrides)
    return texts
