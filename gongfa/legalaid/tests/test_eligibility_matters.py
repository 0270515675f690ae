"""The matter catalogue (法律援助事项目录) and assess() case by case, one row per matter, per
exempt group (第42条) and per 第32条 item; each row names the article it stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from gongfa.core.choices import ALL_SPECIAL_GROUPS, SpecialGroup
from gongfa.core.errors import DomainError
from gongfa.knowledge.numerals import chinese_to_int
from gongfa.legalaid.choices import ExemptGroup, HardshipBasis, IncomeUnit, MatterCondition
from gongfa.legalaid.eligibility import (
    ApplicationFacts,
    HardshipRule,
    MatterRule,
    assess,
    national_matter,
    national_matters,
    validate_income_inputs,
)

MATTERS = {matter.code: matter for matter in national_matters()}
MEANS_TESTED_CODES = {
    "criminal_defence": "《法律援助法》第二十四条",
    "criminal_victim": "《法律援助法》第二十九条",
    "state_compensation": "《法律援助法》第三十一条第一项",
    "social_insurance_assistance": "《法律援助法》第三十一条第二项",
    "pension": "《法律援助法》第三十一条第三项",
    "support_payment": "《法律援助法》第三十一条第四项",
    "labour_relation": "《法律援助法》第三十一条第五项",
    "labour_pay": "《法律援助法》第三十一条第五项",
    "civil_capacity": "《法律援助法》第三十一条第六项",
    "work_injury": "《法律援助法》第三十一条第七项",
    "traffic_injury": "《法律援助法》第三十一条第七项",
    "food_drug_injury": "《法律援助法》第三十一条第七项",
    "medical_injury": "《法律援助法》第三十一条第七项",
    "environmental_damage": "《法律援助法》第三十一条第八项",
    "retrial": "《法律援助法》第三十三条",
}
NO_MEANS_TEST_CODES = {
    "hero_martyr_relative": "《法律援助法》第三十二条第一项",
    "bravery": "《法律援助法》第三十二条第二项",
    "retrial_acquittal_compensation": "《法律援助法》第三十二条第三项",
    "abuse_violence_victim": "《法律援助法》第三十二条第四项",
}
EXPECTED_ARTICLES = MEANS_TESTED_CODES | NO_MEANS_TEST_CODES

ART_34 = "《法律援助法》第三十四条"
MIN_WAGE = HardshipRule("测试县", HardshipBasis.MIN_WAGE, Decimal("2490.00"), source="测试数据")
UNVERIFIED = HardshipRule("温州市", HardshipBasis.DIBAO_MULTIPLE, Decimal("1500.00"), verified=False, source="种子数据")
LOW_INCOME = HardshipRule("某市", HardshipBasis.LOW_INCOME_HOUSEHOLD, None)
NO_COMMITMENT = HardshipRule("某县", HardshipBasis.FIXED_AMOUNT, Decimal("2000"), credit_commitment_allowed=False)
INDIVIDUAL = HardshipRule("某区", HardshipBasis.FIXED_AMOUNT, Decimal("2000"), income_unit=IncomeUnit.INDIVIDUAL)
POOR: dict[str, Any] = {"household_size": 3, "household_monthly_income": Decimal("3600")}  # 1,200.00 per person
RICH: dict[str, Any] = {"household_size": 2, "household_monthly_income": Decimal("20000")}  # 10,000.00 per person


@dataclass(frozen=True)
class Case:
    matter: str
    facts: dict[str, Any]
    rule: HardshipRule | None
    outcome: str
    codes: tuple[str, ...]
    article: str  # the decisive (first) reason's article
    missing: tuple[str, ...] = ()
    exempt: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def row(case_id: str, *args: Any, **kwargs: Any) -> Any:
    return pytest.param(Case(*args, **kwargs), id=case_id)


CASES = [
    # --- every catalogue entry, each on the path where its own article decides -------------------
    row("第二十四条-criminal_defence-其他原因", "criminal_defence", {**RICH, "other_reasons": "家属联系不上"}, MIN_WAGE,
        "needs_review", ("other_reasons", "income_above"), "《法律援助法》第二十四条"),
    row("第二十九条-criminal_victim-已委托", "criminal_victim", {**POOR, "has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第二十九条"),
    row("第三十一条第一项-state_compensation-已委托", "state_compensation", {**POOR, "has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第一项"),
    row("第三十一条第二项-social_insurance_assistance-已委托", "social_insurance_assistance",
        {**POOR, "has_agent": True}, MIN_WAGE, "not_eligible", ("has_agent",), "《法律援助法》第三十一条第二项"),
    row("第三十一条第三项-pension-已委托", "pension", {"has_agent": True}, None,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第三项"),
    row("第三十一条第四项-support_payment-已委托", "support_payment", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第四项"),
    row("第三十一条第五项-labour_pay-已委托", "labour_pay", {"has_agent": True, "exempt_group": "migrant_worker",
        "exempt_proof": True}, MIN_WAGE, "not_eligible", ("has_agent",), "《法律援助法》第三十一条第五项"),
    row("第三十一条第六项-civil_capacity-已委托", "civil_capacity", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第六项"),
    row("第三十一条第七项-work_injury-已委托", "work_injury", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第七项"),
    row("第三十一条第七项-traffic_injury-已委托", "traffic_injury", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第七项"),
    row("第三十一条第七项-food_drug_injury-已委托", "food_drug_injury", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第七项"),
    row("第三十一条第七项-medical_injury-已委托", "medical_injury", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第七项"),
    row("第三十一条第八项-environmental_damage-已委托", "environmental_damage", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十一条第八项"),
    row("第三十三条-retrial-未启动再审", "retrial", POOR, MIN_WAGE,
        "not_eligible", ("retrial_not_started",), "《法律援助法》第三十三条"),
    row("第三十二条第一项-hero_martyr_relative", "hero_martyr_relative", RICH, MIN_WAGE,
        "eligible", ("no_means_test",), "《法律援助法》第三十二条第一项"),
    row("第三十二条第二项-bravery", "bravery", RICH, None,
        "eligible", ("no_means_test",), "《法律援助法》第三十二条第二项"),
    row("第三十二条第三项-retrial_acquittal_compensation", "retrial_acquittal_compensation", RICH, LOW_INCOME,
        "eligible", ("no_means_test",), "《法律援助法》第三十二条第三项"),
    row("第三十二条第四项-abuse_violence_victim-对方同住", "abuse_violence_victim",
        {**RICH, "opponent_co_resident": True, "applicant_monthly_income": Decimal("9000")}, MIN_WAGE,
        "eligible", ("no_means_test",), "《法律援助法》第三十二条第四项"),
    row("第三十二条第四项-已委托代理人", "abuse_violence_victim", {"has_agent": True}, MIN_WAGE,
        "not_eligible", ("has_agent",), "《法律援助法》第三十二条第四项"),
    # --- the income test (第34条) ---------------------------------------------------------------------
    row("第三十四条-retrial-已决定再审-不高于标准", "retrial", {**POOR, "retrial_started": True}, MIN_WAGE,
        "eligible", ("income_within",), ART_34),
    row("第三十四条-traffic_injury-高于标准", "traffic_injury", RICH, MIN_WAGE,
        "not_eligible", ("income_above",), ART_34),
    row("第三十四条-等于标准仍符合", "pension", {"household_size": 2, "household_monthly_income": Decimal("4980")},
        MIN_WAGE, "eligible", ("income_within",), ART_34),
    row("第三十四条-criminal_defence-高于标准无其他原因", "criminal_defence", RICH, MIN_WAGE,
        "not_eligible", ("income_above",), ART_34),
    row("第三十四条-support_payment-对方同住只计本人", "support_payment",
        {**RICH, "opponent_co_resident": True, "applicant_monthly_income": Decimal("800")}, MIN_WAGE,
        "eligible", ("income_within",), ART_34),
    row("第三十四条-labour_pay-对方同住不切换", "labour_pay",
        {**RICH, "opponent_co_resident": True, "applicant_monthly_income": Decimal("800")}, MIN_WAGE,
        "not_eligible", ("income_above",), ART_34),
    row("第三十四条-个人收入口径", "civil_capacity",
        {**RICH, "applicant_monthly_income": Decimal("1999.99")}, INDIVIDUAL, "eligible", ("income_within",), ART_34),
    row("第三十四条-本地区未设标准", "state_compensation", POOR, None,
        "needs_review", ("no_standard",), ART_34),
    row("第三十四条-标准未核实", "pension", POOR, UNVERIFIED,
        "eligible", ("income_within", "standard_unverified"), ART_34),
    row("第三十四条-低收入家庭认定-有证明", "social_insurance_assistance", {"low_income_certificate": True}, LOW_INCOME,
        "eligible", ("low_income_household",), ART_34),
    row("第三十四条-低收入家庭认定-无证明", "social_insurance_assistance", RICH, LOW_INCOME,
        "needs_review", ("missing_low_income_certificate",), ART_34, missing=("hardship_statement",)),
    row("第四十一条第一款-未说明收入", "medical_injury", {"household_size": 3}, MIN_WAGE,
        "needs_review", ("missing_income",), "《法律援助法》第四十一条第一款", missing=("hardship_statement",)),
    row("第四十一条第一款-对方同住缺本人收入", "support_payment", {**POOR, "opponent_co_resident": True}, MIN_WAGE,
        "needs_review", ("missing_income",), "《法律援助法》第四十一条第一款", missing=("hardship_statement",)),
    # --- the credit commitment (第41条第二款) -------------------------------------------------------
    row("第四十一条第二款-诚信承诺-接受", "food_drug_injury", {**POOR, "verification": "credit_commitment"}, MIN_WAGE,
        "eligible", ("income_within", "credit_commitment"), ART_34),
    row("第四十一条第二款-诚信承诺-失信人员", "food_drug_injury",
        {**POOR, "verification": "credit_commitment", "credit_commitment_barred": True}, MIN_WAGE,
        "needs_review", ("credit_commitment_barred", "income_within"), "《法律援助法》第四十一条第二款"),
    row("第四十一条第二款-诚信承诺-本地区不接受", "environmental_damage",
        {"household_size": 1, "household_monthly_income": Decimal("1000"), "verification": "credit_commitment"},
        NO_COMMITMENT, "needs_review", ("credit_commitment_barred", "income_within"), "《法律援助法》第四十一条第二款"),
    row("第四十一条第二款-信息共享查询不受限制", "environmental_damage",
        {"household_size": 1, "household_monthly_income": Decimal("1000"), "verification": "data_sharing",
         "credit_commitment_barred": True}, NO_COMMITMENT, "eligible", ("income_within",), ART_34),
    # --- every exempt group (第42条) ----------------------------------------------------------------
    row("第四十二条第一项-no_fixed_income-pension", "pension",
        {**RICH, "exempt_group": "no_fixed_income", "exempt_proof": True}, MIN_WAGE,
        "eligible", ("exempt_group",), "《法律援助法》第四十二条第一项", exempt=True),
    row("第四十二条第二项-social_assistance-criminal_victim", "criminal_victim",
        {"exempt_group": "social_assistance", "exempt_proof": True}, None,
        "eligible", ("exempt_group",), "《法律援助法》第四十二条第二项", exempt=True),
    row("第四十二条第三项-migrant_worker-labour_pay", "labour_pay",
        {**RICH, "exempt_group": "migrant_worker", "exempt_proof": True}, MIN_WAGE,
        "eligible", ("exempt_group",), "《法律援助法》第四十二条第三项", exempt=True),
    row("第四十二条第三项-migrant_worker-work_injury", "work_injury",
        {"exempt_group": "migrant_worker", "exempt_proof": True}, LOW_INCOME,
        "eligible", ("exempt_group",), "《法律援助法》第四十二条第三项", exempt=True),
    row("第四十二条第三项-migrant_worker-缺证明", "labour_pay", {"exempt_group": "migrant_worker"}, MIN_WAGE,
        "needs_review", ("missing_exempt_proof",), "《法律援助法》第四十二条第三项", missing=("exempt_proof",)),
    row("第四十二条第三项-migrant_worker-仅确认劳动关系不适用", "labour_relation",
        {**RICH, "exempt_group": "migrant_worker", "exempt_proof": True}, MIN_WAGE,
        "not_eligible", ("income_above", "exempt_group_not_applicable"), ART_34),
    row("第四十二条第三项-migrant_worker-交通事故不适用", "traffic_injury",
        {**RICH, "exempt_group": "migrant_worker", "exempt_proof": True}, MIN_WAGE,
        "not_eligible", ("income_above", "exempt_group_not_applicable"), ART_34),
    row("第四十二条第三项-migrant_worker-医疗事故不适用-收入符合", "medical_injury",
        {**POOR, "exempt_group": "migrant_worker", "exempt_proof": True}, MIN_WAGE,
        "eligible", ("income_within", "exempt_group_not_applicable"), ART_34),
    row("第四十二条第四项-地方增设群体不适用", "pension",
        {**POOR, "exempt_group": "lost_only_child", "exempt_proof": True}, None,
        "needs_review", ("no_standard", "exempt_group_not_applicable"), ART_34),
    row("第三十二条-免审事项不看群体", "bravery", {"exempt_group": "migrant_worker"}, MIN_WAGE,
        "eligible", ("no_means_test",), "《法律援助法》第三十二条第二项"),
    # --- foreigners (第69条) and priority groups (§1.4(d)) ---------------------------------------------
    row("第六十九条-外国人", "labour_pay", {**POOR, "is_foreign": True}, MIN_WAGE,
        "needs_review", ("foreign",), "《法律援助法》第六十九条"),
    row("优先群体-军人地位和权益保障法第六十一条", "pension",
        {**RICH, "special_groups": SpecialGroup.MILITARY_FAMILY | SpecialGroup.ELDERLY}, MIN_WAGE,
        "not_eligible", ("income_above", "priority", "priority"), ART_34),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_assess_case(case: Case) -> None:
    facts = ApplicationFacts(matter=MATTERS[case.matter], **case.facts)
    proposal = assess(facts, case.rule)
    assert proposal.outcome == case.outcome
    assert tuple(reason.code for reason in proposal.reasons) == case.codes
    assert proposal.reasons[0].article == case.article
    assert proposal.decisive is proposal.reasons[0]
    assert proposal.missing == case.missing
    assert proposal.verification_exempt is case.exempt
    assert proposal.means_test_applies is (case.matter not in NO_MEANS_TEST_CODES)
    assert all(reason.text.endswith("。") for reason in proposal.reasons)


def test_table_covers_every_matter_group_and_item() -> None:
    cases = [param.values[0] for param in CASES]
    assert {case.matter for case in cases} == set(MATTERS)
    groups = {case.facts.get("exempt_group") for case in cases if case.codes[0] == "exempt_group"}
    assert groups == set(ExemptGroup.values)
    decisive_32 = {case.article for case in cases if case.codes == ("no_means_test",)}
    assert decisive_32 == set(NO_MEANS_TEST_CODES.values())


def test_catalogue_has_exactly_the_national_matters() -> None:
    assert [matter.code for matter in national_matters()] == list(MATTERS)
    assert set(MATTERS) == set(EXPECTED_ARTICLES)
    for code, article in EXPECTED_ARTICLES.items():
        assert MATTERS[code].article == article, code
        assert MATTERS[code].region_code == ""
    assert {c for c, m in MATTERS.items() if m.condition == MatterCondition.NO_MEANS_TEST} == set(NO_MEANS_TEST_CODES)


def test_catalogue_flags() -> None:
    migrant = {code for code, matter in MATTERS.items() if ExemptGroup.MIGRANT_WORKER in matter.exempt_groups}
    assert migrant == {"labour_pay", "work_injury"}
    for code in MEANS_TESTED_CODES:
        assert {ExemptGroup.NO_FIXED_INCOME, ExemptGroup.SOCIAL_ASSISTANCE} <= MATTERS[code].exempt_groups, code
    for code in NO_MEANS_TEST_CODES:
        assert MATTERS[code].exempt_groups == frozenset(), code
    switch = {code for code, matter in MATTERS.items() if matter.individual_income_when_opponent_co_resident}
    assert switch == {"support_payment", "abuse_violence_victim"}
    assert {code for code, matter in MATTERS.items() if matter.requires_retrial_started} == {"retrial"}
    assert {code for code, matter in MATTERS.items() if matter.other_reasons_review} == {"criminal_defence"}
    assert {code for code, matter in MATTERS.items() if matter.criminal} == {"criminal_defence", "criminal_victim"}


NUMERAL = "[一二三四五六七八九十百零]+"
ARTICLE = re.compile(rf"^《法律援助法》第({NUMERAL})条(?:第({NUMERAL})款)?(?:第({NUMERAL})项)?$")


@pytest.mark.parametrize("matter", national_matters(), ids=lambda matter: matter.code)
def test_catalogue_articles_are_well_formed(matter: MatterRule) -> None:
    match = ARTICLE.match(matter.article)
    assert match, matter.article
    assert chinese_to_int(match.group(1)) in {24, 29, 31, 32, 33}
    if chinese_to_int(match.group(1)) in {31, 32}:
        item = chinese_to_int(match.group(3))
        assert 1 <= item <= (8 if chinese_to_int(match.group(1)) == 31 else 4)
    assert re.search(r"[0-9]", matter.article) is None
    assert matter.name and re.match(r"^[a-z_]+$", matter.code)


def test_national_matters_is_a_fresh_list_of_one_catalogue() -> None:
    first = national_matters()
    first.clear()
    assert len(national_matters()) == len(EXPECTED_ARTICLES)
    assert national_matter("labour_pay") is MATTERS["labour_pay"]
    with pytest.raises(DomainError) as raised:
        national_matter("no_such_matter")
    assert raised.value.field == "matter"


BAD_INPUTS = [
    pytest.param({"household_size": 0}, "household_size", id="人口数为0"),
    pytest.param({"household_size": -2}, "household_size", id="人口数为负"),
    pytest.param({"household_size": 2.5}, "household_size", id="人口数非整数"),
    pytest.param({"household_size": "三"}, "household_size", id="人口数非数字"),
    pytest.param({"household_size": True}, "household_size", id="人口数为布尔值"),
    pytest.param({"household_monthly_income": Decimal("-1")}, "household_monthly_income", id="家庭收入为负"),
    pytest.param({"household_monthly_income": "-1"}, "household_monthly_income", id="家庭收入字符串为负"),
    pytest.param({"household_monthly_income": "abc"}, "household_monthly_income", id="家庭收入abc"),
    pytest.param({"household_monthly_income": float("nan")}, "household_monthly_income", id="家庭收入NaN"),
    pytest.param({"household_monthly_income": float("inf")}, "household_monthly_income", id="家庭收入inf"),
    pytest.param({"household_monthly_income": Decimal("NaN")}, "household_monthly_income", id="家庭收入DecimalNaN"),
    pytest.param({"applicant_monthly_income": "abc"}, "applicant_monthly_income", id="本人收入abc"),
    pytest.param({"applicant_monthly_income": -5}, "applicant_monthly_income", id="本人收入为负"),
    pytest.param(
        {"household_monthly_income": Decimal("1000"), "applicant_monthly_income": Decimal("1000.01")},
        "applicant_monthly_income",
        id="本人收入高于家庭收入",
    ),
]


def _inputs(values: dict[str, Any]) -> dict[str, Any]:
    return {"household_size": None, "household_monthly_income": None, "applicant_monthly_income": None} | values


@pytest.mark.parametrize(("values", "field_name"), BAD_INPUTS)
def test_bad_income_inputs_raise(values: dict[str, Any], field_name: str) -> None:
    with pytest.raises(DomainError) as raised:
        validate_income_inputs(**_inputs(values))
    assert raised.value.field == field_name
    assert raised.value.message.endswith("。")
    if field_name == "household_size":
        assert raised.value.message == "家庭人口数应为不小于1的整数。"
    # assess() runs the same check before anything else.
    with pytest.raises(DomainError) as again:
        assess(ApplicationFacts(matter=MATTERS["labour_pay"], **values), MIN_WAGE)
    assert again.value.field == field_name
    assert again.value.code == raised.value.code


@pytest.mark.parametrize(
    "values",
    [
        {"household_size": 1, "household_monthly_income": 0, "applicant_monthly_income": 0},
        {"household_size": "3", "household_monthly_income": "1,200.50", "applicant_monthly_income": "800"},
        {"household_size": Decimal("2"), "household_monthly_income": Decimal("5000"), "applicant_monthly_income": 5000},
        {"household_size": 4, "household_monthly_income": 1200.5, "applicant_monthly_income": None},
    ],
    ids=["zero", "strings", "decimals", "finite-float"],
)
def test_good_income_inputs_pass(values: dict[str, Any]) -> None:
    validate_income_inputs(**values)  # raises on a bad value


def test_string_inputs_are_compared_as_decimals() -> None:
    facts = ApplicationFacts(
        matter=MATTERS["pension"],
        household_size="2",  # type: ignore[arg-type]  # forms hand over strings
        household_monthly_income="4,980.00",  # type: ignore[arg-type]
    )
    proposal = assess(facts, MIN_WAGE)
    assert proposal.per_capita_income == Decimal("2490.00")
    assert proposal.outcome == "eligible"
    assert (
        proposal.reasons[0].text
        == "家庭人均月收入2,490.00元，不高于本地区标准2,490.00元（最低工资标准），符合经济困难条件。"
    )


def test_reason_texts_for_the_notice() -> None:
    labour = assess(
        ApplicationFacts(matter=MATTERS["labour_pay"], exempt_group="migrant_worker", exempt_proof=True), None
    )
    assert labour.reasons[0].text == (
        "申请事项属于请求支付劳动报酬，申请人为进城务工人员并已提供证明，免予核查经济困难状况。"
    )
    assert labour.hardship_checked is False
    above = assess(ApplicationFacts(matter=MATTERS["pension"], **RICH), MIN_WAGE)
    assert above.reasons[0].text == (
        "家庭人均月收入10,000.00元，高于本地区标准2,490.00元（最低工资标准），不符合经济困难条件。"
    )
    assert (above.per_capita_income, above.threshold, above.hardship_checked) == (
        Decimal("10000.00"),
        Decimal("2490.00"),
        True,
    )
    victim = assess(ApplicationFacts(matter=MATTERS["criminal_victim"], has_agent=True), MIN_WAGE)
    assert "诉讼代理人" in victim.reasons[0].text
    unverified = assess(ApplicationFacts(matter=MATTERS["pension"], **POOR), UNVERIFIED)
    assert unverified.reasons[-1].article == ""
    assert "温州市" in unverified.reasons[-1].text and "种子数据" in unverified.reasons[-1].text


def test_priority_reasons_cite_their_laws_in_a_stable_order() -> None:
    groups = ALL_SPECIAL_GROUPS  # the one list: the groups without a priority law give no reason
    proposal = assess(ApplicationFacts(matter=MATTERS["bravery"], special_groups=groups), None)
    assert proposal.outcome == "eligible"
    assert [reason.article for reason in proposal.reasons[1:]] == [
        "《老年人权益保障法》第五十六条",
        "《残疾人保障法》第六十条",
        "《未成年人保护法》第一百零四条",
        "《军人地位和权益保障法》第六十一条",
        "《妇女权益保障法》第七十二条",
        "《退役军人保障法》第七十条",
    ]
    assert "退役军人" in proposal.reasons[-1].text
    for bad in (512, -1, 1024):
        with pytest.raises(DomainError) as raised:
            assess(ApplicationFacts(matter=MATTERS["bravery"], special_groups=bad), None)
        assert raised.value.field == "special_groups"
    quiet = SpecialGroup.MIGRANT_WORKER | SpecialGroup.POVERTY | SpecialGroup.LAID_OFF
    assert assess(ApplicationFacts(matter=MATTERS["bravery"], special_groups=quiet), None).reasons[1:] == ()


def test_unknown_verification_method_is_refused() -> None:
    with pytest.raises(DomainError) as raised:
        assess(ApplicationFacts(matter=MATTERS["pension"], verification="phone_call"), MIN_WAGE)
    assert raised.value.field == "verification"


def test_assess_is_deterministic() -> None:
    facts = ApplicationFacts(
        matter=MATTERS["traffic_injury"], **POOR, special_groups=SpecialGroup.WOMEN | SpecialGroup.MINOR
    )
    assert assess(facts, UNVERIFIED) == assess(facts, UNVERIFIED)
