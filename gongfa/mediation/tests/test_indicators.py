"""The mediation indicators (data/indicators.json), loaded by the migration with performance's own
loader: every one checks against the registry, and each gives its hand-computed figure over seven
cases of November 2026 (a table test); a broken file is refused whole, naming the item."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from gongfa.core.errors import DomainError
from gongfa.mediation import reports
from gongfa.mediation.choices import (
    CaseSource,
    CourtDecision,
    Employment,
    EscalationRisk,
    IntakeChannel,
    Outcome,
    Performance,
    ReturnVisitStatus,
    Satisfaction,
)
from gongfa.mediation.models import (
    DisputeCategory,
    EscalationReport,
    JudicialConfirmation,
    MediationCase,
    Mediator,
    ReturnVisit,
)
from gongfa.mediation.testing import MediationWorld, build_world
from gongfa.mediation.tests.test_measures import at, shaped
from gongfa.performance.compute import indicator_values
from gongfa.performance.definitions import check_indicator_fields
from gongfa.performance.models import Indicator
from gongfa.performance.registry import EPOCH
from gongfa.performance.rollup import rebuild

pytestmark = pytest.mark.django_db
NOV, NOV_END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
OCT, OCT_END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
ENTRIES = json.loads(reports.INDICATORS.read_text(encoding="utf-8"))


@dataclass
class November:
    world: MediationWorld
    cases: dict[str, MediationCase]


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


def visit(case: MediationCase, done_at: datetime.datetime, performance: str, satisfaction: str = "") -> None:
    ReturnVisit.objects.create(
        case=case,
        status=ReturnVisitStatus.DONE,
        due_on=done_at.date(),
        done_at=done_at,
        performance=performance,
        satisfaction=satisfaction,
    )


def november_cases() -> November:
    """Seven cases (A–G) around November 2026; the figures in FIGURES are counted from them by hand.

    A  申请 邻里 村1: registered 2, accepted 3, written agreement ended 20 (limit 30), 12,345.50 元;
       民转刑 prevented (3 people, resolved 10); JC filed 22, confirmed 28; visit 25: performed, 满意.
    B  主动 婚姻家庭 镇: registered and accepted 5, oral agreement ended 12 (limit 10: late);
       群体性上访 prevented (20 people, no report: counts on the end).
    C  公安移交 劳动争议 村1: registered and accepted 6, failed 25 (limit 12-06).
    D  申请 邻里 村1: registered 8, not accepted 9.
    E  法院委托 合同 村1: registered 10-20, accepted 10-21, written agreement ended 15 (limit 5,
       extended to 20), 1,000 元; JC filed 16 (pending); visits 18 (not due, 不满意) and 29 (not
       performed, 基本满意).
    F  申请 损害赔偿: registered 1 December 01:00 Beijing (30 November in UTC): not November.
    G  政府指定 道路交通 村2: registered 15, accepted 16, in mediation; 民转刑 flagged, unresolved.
    """
    world = build_world()
    village, village2, township = world.net.villages[0], world.net.villages[1], world.net.townships[0]
    cases: dict[str, MediationCase] = {}
    cases["A"] = shaped(
        world,
        "performed",
        source=CaseSource.PARTY_APPLICATION,
        registered_at=at(11, 2),
        accepted_at=at(11, 3),
        due_on=day(11, 30),
        outcome=Outcome.WRITTEN_AGREEMENT,
        ended_at=at(11, 20),
        agreement_effective_on=day(11, 20),
        agreement_amount=Decimal("12345.50"),
        prevented_criminal=True,
        prevented_criminal_people=3,
    )
    EscalationReport.objects.create(
        case=cases["A"], risk=EscalationRisk.CRIMINAL, description="扬言报复", people=3, resolved_at=at(11, 10)
    )
    JudicialConfirmation.objects.create(
        case=cases["A"],
        court="示范县人民法院",
        filed_on=day(11, 22),
        decision=CourtDecision.CONFIRMED,
        decided_on=day(11, 28),
    )
    visit(cases["A"], at(11, 25), Performance.PERFORMED, Satisfaction.SATISFIED)
    cases["B"] = shaped(
        world,
        "nonperformance",
        category="marriage_family",
        source=CaseSource.OWN_INITIATIVE,
        intake_channel=IntakeChannel.COMMITTEE,
        region=township,
        registered_at=at(11, 5),
        accepted_at=at(11, 5, 11),
        due_on=day(11, 10),
        outcome=Outcome.ORAL_AGREEMENT,
        ended_at=at(11, 12),
        prevented_group_petition=True,
        prevented_group_petition_people=20,
    )
    cases["C"] = shaped(
        world,
        "failed",
        category="labour",
        source=CaseSource.POLICE_HANDOVER,
        intake_channel=IntakeChannel.REFERRAL,
        registered_at=at(11, 6),
        accepted_at=at(11, 6, 15),
        due_on=day(12, 6),
        outcome=Outcome.FAILED,
        ended_at=at(11, 25),
    )
    cases["D"] = shaped(
        world, "not_accepted", registered_at=at(11, 8), outcome=Outcome.NOT_ACCEPTED, ended_at=at(11, 9)
    )
    cases["E"] = shaped(
        world,
        "jc_filed",
        category="contract",
        source=CaseSource.COURT_ENTRUSTMENT,
        intake_channel=IntakeChannel.REFERRAL,
        registered_at=at(10, 20),
        accepted_at=at(10, 21),
        due_on=day(11, 5),
        extended_until=day(11, 20),
        outcome=Outcome.WRITTEN_AGREEMENT,
        ended_at=at(11, 15),
        agreement_effective_on=day(11, 15),
        agreement_amount=Decimal("1000.00"),
    )
    JudicialConfirmation.objects.create(case=cases["E"], court="示范县人民法院", filed_on=day(11, 16))
    visit(cases["E"], at(11, 18), Performance.NOT_DUE, Satisfaction.DISSATISFIED)
    visit(cases["E"], at(11, 29), Performance.NOT_PERFORMED, Satisfaction.FAIRLY)
    cases["F"] = shaped(
        world, "applied", category="damages", registered_at=datetime.datetime(2026, 11, 30, 17, tzinfo=datetime.UTC)
    )
    cases["G"] = shaped(
        world,
        "in_mediation",
        category="road_traffic",
        source=CaseSource.GOVERNMENT_ASSIGNMENT,
        region=village2,
        registered_at=at(11, 15),
        accepted_at=at(11, 16),
        due_on=day(12, 16),
        prevented_criminal=True,
        prevented_criminal_people=5,
    )
    assert village != village2
    assert world.outsider is not None
    Mediator.objects.filter(pk=world.outsider.pk).update(employment=Employment.PART_TIME)
    rebuild(EPOCH, day(12, 31))
    return November(world, cases)


# Hand-computed from november_cases() (county, November 2026).
FIGURES = {
    "med_received": Decimal(5),  # A B C D G (E is October's, F December's)
    "med_accepted": Decimal(4),  # A B C G
    "med_succeeded": Decimal(3),  # A B E
    "med_success_rate": Decimal("75.0"),  # 3 of the 4 concluded (A B C E); D was never mediated
    "med_agreement_amount": Decimal("1.33"),  # 12,346 + 1,000 元 = 1.3346 万元
    "med_village_share": Decimal("80.0"),  # A C D G of 5 (B is a township's)
    "med_on_time_rate": Decimal("75.0"),  # A C E of A B C E
    "med_written_agreements": Decimal(2),  # A E
    "med_oral_share": Decimal("33.3"),  # B of A B E
    "med_jc_rate": Decimal("50.0"),  # A confirmed of the written A E
    "med_jc_filed": Decimal(2),  # A E
    "med_performance_rate": Decimal("50.0"),  # A performed; E's last word is not performed
    "med_satisfaction_rate": Decimal("66.7"),  # A 满意, E 基本满意 of 3 visits
    "med_prevented_criminal": Decimal(1),  # A (G unresolved and open)
    "med_prevented_criminal_people": Decimal(3),
    "med_prevented_group_petition": Decimal(1),  # B, on its end
    "med_prevented_group_petition_people": Decimal(20),
    "med_source_own_initiative": Decimal(1),  # B
    "med_source_own_initiative_share": Decimal("25.0"),
    "med_source_application": Decimal(1),  # A
    "med_source_application_share": Decimal("25.0"),
    "med_source_referred": Decimal(2),  # C (police) and G (government)
    "med_source_referred_share": Decimal("50.0"),
    "med_category_neighbour": Decimal(1),  # A (D was not accepted)
    "med_category_marriage_family": Decimal(1),
    "med_category_labour": Decimal(1),
    "med_category_road_traffic": Decimal(1),
    "med_category_contract": Decimal(0),  # E was accepted in October
    "med_category_damages": Decimal(0),
    "med_committees": Decimal(3),
    "med_committees_village": Decimal(1),
    "med_mediators": Decimal(3),
    "med_full_time_mediators": Decimal(2),
    "med_full_time_share": Decimal("66.7"),
}


def values(region, start=NOV, end=NOV_END) -> dict[str, Decimal | None]:
    indicators = list(Indicator.objects.filter(code__startswith="med_"))
    return {code: value.value for code, value in indicator_values(indicators, region, start, end).items()}


@pytest.fixture
def november() -> November:
    return november_cases()


def test_every_indicator_of_the_file_is_loaded_and_valid():
    assert len(ENTRIES) == 43
    codes = [entry["code"] for entry in ENTRIES]
    assert len(set(codes)) == len(codes)
    for entry in ENTRIES:
        assert list(check_indicator_fields(entry)) == [], entry["code"]
        for key in ("name", "unit", "direction", "source_kind", "source_document", "description"):
            assert entry[key], (entry["code"], key)
    stored = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    assert set(stored) == set(codes)  # loaded by migration 0003
    assert stored["med_success_rate"].benchmark == Decimal(98)
    assert stored["med_village_share"].benchmark == Decimal(40)
    assert stored["med_village_share"].levels == [1, 2, 3, 4]
    assert stored["med_oral_share"].direction == "lower"
    categories = set(DisputeCategory.objects.values_list("code", flat=True))
    assert {code.removeprefix("med_category_") for code in codes if code.startswith("med_category_")} == categories


@pytest.mark.parametrize(("code", "expected"), sorted(FIGURES.items()))
def test_hand_computed_figure(november, code, expected):
    assert values(november.world.net.county)[code] == expected


def test_every_indicator_has_a_hand_computed_figure():
    with_figures = {code for code in FIGURES if not code.startswith("med_category_")}
    categories = {entry["code"] for entry in ENTRIES if entry["code"].startswith("med_category_")}
    assert {entry["code"] for entry in ENTRIES} - categories == with_figures
    assert len(categories) == 15


def test_rates_without_a_denominator_are_empty_and_other_places_count_nothing(november):
    other_township = november.world.net.townships[1]
    found = values(other_township)
    assert found["med_received"] == Decimal(0)
    assert found["med_success_rate"] is None and found["med_jc_rate"] is None
    assert found["med_committees"] == Decimal(1)  # the other township's committee
    # the township of the cases: B is its own, the others are its villages'
    township = values(november.world.net.townships[0])
    assert township["med_received"] == Decimal(5)
    assert township["med_village_share"] == Decimal("80.0")


def test_october_counts_only_what_happened_in_it(november):
    october = values(november.world.net.county, OCT, OCT_END)
    assert october["med_received"] == Decimal(1) and october["med_accepted"] == Decimal(1)  # E
    assert october["med_source_referred"] == Decimal(1) and october["med_category_contract"] == Decimal(1)
    assert october["med_succeeded"] == Decimal(0) and october["med_success_rate"] is None


def test_a_file_with_a_bad_indicator_is_refused_whole(tmp_path: Path, monkeypatch):
    broken = [dict(entry) for entry in ENTRIES]
    broken[0] = {**broken[0], "name": "改过的名称"}
    broken[1] = {**broken[1], "numerator": {"measures": ["med.nosuch"]}}
    broken[2] = {**broken[2], "numerator": {"measures": ["med.accepted"], "filters": {"source": ["x"]}}}
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(reports, "INDICATORS", path)
    with pytest.raises(DomainError) as caught:
        reports.load_definitions()
    text = " ".join(problem.message for problem in caught.value.problems)
    assert "indicators.json 第2项（med_accepted）" in text and "计量“med.nosuch”未登记" in text
    assert "indicators.json 第3项（med_succeeded）" in text and "筛选维度“source”不存在" in text
    assert Indicator.objects.get(code=ENTRIES[0]["code"]).name == ENTRIES[0]["name"]  # nothing written


def test_loading_again_changes_nothing():
    before = sorted(Indicator.objects.filter(code__startswith="med_").values_list("code", "name", "sort_order"))
    count, templates = reports.load_definitions()
    assert count == 43 and [t.code for t in templates] == [reports.REPORT_CODE]
    after = sorted(Indicator.objects.filter(code__startswith="med_").values_list("code", "name", "sort_order"))
    assert after == before
