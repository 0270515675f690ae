"""The templates that ship with the platform load without a problem."""

from decimal import Decimal

from gongfa.drafting.compute import FUNCTIONS
from gongfa.drafting.definitions import load_definitions
from gongfa.drafting.library import FOLDER


def test_every_shipped_definition_loads():
    definitions = {definition.code: definition for definition in load_definitions(FOLDER, FUNCTIONS)}
    loan = definitions["private_loan_complaint"]
    assert loan.kind == "complaint" and loan.official
    assert [step.key for step in loan.steps][:2] == ["plaintiff", "defendants"]
    guarantors = loan.field("guarantors")
    assert guarantors is not None and guarantors.when is not None and guarantors.when.field == "has_guarantor"
    assert [value.name for value in loan.computed] == ["owed", "interest", "claim_total"]


def test_the_labour_arbitration_application_asks_what_the_law_requires_and_adds_up_the_claims():
    from decimal import Decimal

    from gongfa.drafting.answers import clean_answers
    from gongfa.drafting.compute import compute_values

    definitions = {definition.code: definition for definition in load_definitions(FOLDER, FUNCTIONS)}
    arbitration = definitions["labour_arbitration_application"]
    assert arbitration.kind == "arbitration" and not arbitration.official  # no official form: said in the footer
    assert arbitration.basis == ("《中华人民共和国劳动争议调解仲裁法》第二十八条",)
    names = {spec.name for spec in arbitration.all_fields()}
    # 第二十八条: the parties, the claims with facts and reasons, the evidence and its sources, the witnesses.
    for required in ("applicant_name", "employer_name", "employer_representative", "claims", "facts", "evidence",
                     "evidence_source", "witness_name", "witness_address"):  # fmt: skip
        assert required in names, required
    answers = clean_answers(
        arbitration,
        {
            "claims": [
                {"claim_kind": "unpaid_wages", "claim_text": "支付工资", "claim_amount": "15000"},
                {"claim_kind": "social_insurance", "claim_text": "补缴社保"},
                {"claim_kind": "severance", "claim_text": "经济补偿", "claim_amount": "7500.50"},
            ]
        },
    )
    assert compute_values(arbitration, answers).value("claims_total") == Decimal("22500.50")


def test_the_iou_writes_the_amount_in_words_and_warns_of_a_rate_above_the_cap():
    from gongfa.drafting.answers import clean_answers
    from gongfa.drafting.compute import compute_values

    iou = next(d for d in load_definitions(FOLDER, FUNCTIONS) if d.code == "iou")
    assert iou.kind == "iou" and not iou.official
    raw = {"principal": "15000", "lent_on": "2025-06-01", "due_date": "2026-06-01", "has_interest": "true",
           "agreed_rate": "18"}  # fmt: skip
    result = compute_values(iou, clean_answers(iou, raw))
    assert result.value("principal_in_words") == "壹万伍仟元整"
    interest = result.value("interest_to_due")
    assert interest.cap_percent == Decimal("12.00") and interest.applied_percent == Decimal("12.00")
    assert len(result.warnings) == 1 and "超过部分人民法院不予支持" in result.warnings[0]
    no_rate = compute_values(iou, clean_answers(iou, {**raw, "has_interest": "false"}))
    assert no_rate.value("interest_to_due").amount == Decimal("0.00")  # the hidden rate is not used
