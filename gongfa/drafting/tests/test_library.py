"""The templates that ship with the platform load without a problem."""

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
