"""The family and everyday templates (离婚起诉状、两份答辩状、离婚协议书、人民调解申请书、借条): each
loads with its kind, says whether it follows an official form, names the answers behind every
element its kind requires by law, and prints what was answered: the children and the property of a
divorce complaint row by row, with ☑ on the chosen boxes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gongfa.drafting.answers import clean_answers
from gongfa.drafting.checks import ELEMENTS_BY_KIND, check_before_output
from gongfa.drafting.compute import FUNCTIONS, compute_values
from gongfa.drafting.definitions import Definition, load_definitions
from gongfa.drafting.document import Document, build_document
from gongfa.drafting.library import FOLDER
from gongfa.testing.factories import make_id_number

DEFINITIONS = {definition.code: definition for definition in load_definitions(FOLDER, FUNCTIONS)}
EXPECTED = {  # code -> (kind, official)
    "divorce_complaint": ("complaint", True),
    "divorce_defence": ("defence", True),
    "private_loan_defence": ("defence", True),
    "divorce_agreement": ("divorce_agreement", False),
    "mediation_application": ("mediation_application", False),
}
WIFE_ID = make_id_number("330102", datetime.date(1990, 4, 12))
HUSBAND_ID = make_id_number("330102", datetime.date(1988, 7, 3))
MADE_ON = datetime.date(2025, 6, 1)

DIVORCE_COMPLAINT: dict[str, Any] = {
    "plaintiff_name": "李秀英", "plaintiff_sex": "female", "plaintiff_birth_date": "1990-04-12",
    "plaintiff_id_number": WIFE_ID, "plaintiff_address": "示范县城关镇东街1号", "plaintiff_phone": "13800138000",
    "defendant_name": "王大军", "defendant_sex": "male", "defendant_address": "示范县城关镇西街9号",
    "has_agent": "false", "service_address": "示范县城关镇东街1号", "service_recipient": "李秀英",
    "accepts_e_service": "false",
    "dissolve_marriage": "true",
    "has_property": "true",
    "property": [
        {"property_kind": "house", "property_description": "示范县城关镇某小区3栋201室", "property_value": "380000",
         "property_to": "plaintiff", "property_note": "原告补偿被告十万元"},
        {"property_kind": "deposit", "property_description": "农业银行存款（被告名下）", "property_value": "52000.50",
         "property_to": "split"},
    ],
    "has_debts": "false",
    "has_children": "true",
    "children": [
        {"child_name": "王小明", "child_sex": "male", "child_birth_date": "2016-09-01", "child_custody": "plaintiff",
         "support_payer": "defendant", "support_monthly": "1500", "support_payment": "monthly",
         "support_until": "孩子年满十八周岁"},
        {"child_name": "王小红", "child_sex": "female", "child_birth_date": "2020-02-10", "child_custody": "defendant",
         "support_payer": "plaintiff", "support_monthly": "800", "support_payment": "yearly",
         "support_until": "孩子年满十八周岁"},
    ],
    "claims_visitation": "true", "visitation_by": "defendant", "visitation_method": "每月探望两次，每次不超过两天。",
    "claims_damages": "true", "damages_amount": "20000", "claims_housework": "false", "claims_hardship_help": "false",
    "litigation_costs": "defendant",
    "pre_preserved": "false", "wants_preservation": "false",
    "married_on": "2014-10-01", "children_summary": "婚后生育一子一女",
    "living_situation": "2022年起被告外出务工，双方分居至今。", "divorce_grounds": ["violence", "separated"],
    "divorce_reason": "被告多次酒后殴打原告，夫妻感情确已破裂。", "prior_divorce_suit": "false",
    "evidence": [{"evidence_name": "结婚证", "evidence_source": "原告保存", "evidence_proves": "双方婚姻关系"}],
    "court": "示范县人民法院",
}  # fmt: skip


def _document(definition: Definition, raw: dict[str, Any]) -> tuple[Document, dict[str, Any], Any]:
    answers = clean_answers(definition, raw, complete=True)
    computation = compute_values(definition, answers)
    return build_document(definition, answers, computation, made_on=MADE_ON), answers, computation


def _rows(document: Document) -> dict[str, list[str]]:
    """Each labelled row's lines by its label; a label printed again (异议内容) keeps its first row."""
    rows: dict[str, list[str]] = {}
    for section in document.sections:
        for row in section.rows:
            if row.label:
                rows.setdefault(row.label, list(row.lines))
    return rows


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_template_loads_with_its_kind_and_official_flag(code):
    definition = DEFINITIONS[code]
    kind, official = EXPECTED[code]
    assert (definition.kind, definition.official) == (kind, official)
    assert definition.sections and definition.addressee and definition.signer
    # Every element the kind requires is mapped, and to answers or computed values that exist.
    _, elements = ELEMENTS_BY_KIND[kind]
    mapping = definition.layout["elements"]
    assert set(mapping) == {element for element, _ in elements}
    computed = {value.name for value in definition.computed}
    for names in mapping.values():
        for name in names:
            group, _, inner = name.partition(".")
            if inner:
                spec = definition.field(group)
                assert spec is not None and spec.is_group and inner in {item.name for item in spec.fields}, name
            else:
                assert definition.field(name) is not None or name in computed, name


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_empty_answers_name_every_missing_element_with_its_article(code):
    definition = DEFINITIONS[code]
    basis, elements = ELEMENTS_BY_KIND[definition.kind]
    problems = list(check_before_output(definition, {}, compute_values(definition, {})))
    assert {problem.field: problem.code for problem in problems} == {
        element: "element_missing" for element, _ in elements
    }
    assert all(basis in problem.message for problem in problems)


def test_the_kinds_cite_the_articles_that_require_their_contents():
    assert ELEMENTS_BY_KIND["defence"][0] == "《中华人民共和国民事诉讼法》第一百二十八条"
    assert ELEMENTS_BY_KIND["divorce_agreement"][0] == "《中华人民共和国民法典》第一千零七十六条"
    assert ELEMENTS_BY_KIND["mediation_application"][0] == "《中华人民共和国人民调解法》第十七条"


def test_a_filled_divorce_complaint_prints_the_children_and_the_property_with_ticked_boxes():
    definition = DEFINITIONS["divorce_complaint"]
    document, answers, computation = _document(definition, DIVORCE_COMPLAINT)
    assert list(check_before_output(definition, answers, computation)) == []
    rows = _rows(document)
    assert rows["1. 解除婚姻关系（判决原告与被告离婚）"] == ["☑是　☐否"]
    assert rows["财产明细1"] == [
        "☑房屋　☐汽车　☐存款　☐其他",
        "示范县城关镇某小区3栋201室",
        "价值：约380000.00元",
        "归属：归原告所有　原告补偿被告十万元",
    ]
    assert rows["财产明细2"][0] == "☐房屋　☐汽车　☑存款　☐其他"
    assert rows["财产明细2"][-1] == "归属：双方分割"  # no note: nothing dangling after it
    assert rows["共同财产价值合计"] == ["约432000.50元（肆拾叁万贰仟元伍角）"]
    assert rows["4. 子女1直接抚养"] == [
        "☑由原告直接抚养　☐由被告直接抚养",
        "姓名：王小明",
        "性别：男",
        "出生日期：2016年9月1日",
    ]
    assert rows["4. 子女2直接抚养"][0] == "☐由原告直接抚养　☑由被告直接抚养"
    assert rows["5. 子女1抚养费"] == [
        "☑由被告支付　☐由原告支付",
        "金额：每月1500.00元（壹仟伍佰元整）",
        "支付方式：按月支付",
        "支付期限：至孩子年满十八周岁",
    ]
    assert rows["5. 子女2抚养费"][:3] == [
        "☐由被告支付　☑由原告支付",
        "金额：每月800.00元（捌佰元整）",
        "支付方式：按年支付",
    ]
    assert rows["每月抚养费合计"] == ["2300.00元（贰仟叁佰元整）"]
    assert rows["6. 子女探望权"] == ["☐原告探望　☑被告探望", "探望方式和时间：每月探望两次，每次不超过两天。"]
    assert rows["损害赔偿金额"][0].startswith("20000.00元（贰万元整）")
    assert rows["法律规定的离婚情形"][0].startswith("☐重婚或者与他人同居　☑实施家庭暴力")
    assert "债务明细" in rows and rows["债务明细"] == ["无"]  # no debts claimed
    text = document.all_text()
    assert "{" not in text and "}" not in text
    assert document.addressee == "此致\n示范县人民法院" and document.official


def test_a_divorce_complaint_without_children_or_property_says_so():
    definition = DEFINITIONS["divorce_complaint"]
    raw = {**DIVORCE_COMPLAINT, "has_property": "false", "has_children": "false"}
    document, _, _ = _document(definition, raw)
    rows = _rows(document)
    assert rows["2. 夫妻共同财产"] == ["☐是　☑否"]
    assert rows["财产明细"] == ["无"] and rows["4. 子女直接抚养"] == ["无"] and rows["5. 子女抚养费"] == ["无"]
    assert rows["6. 子女探望权"] == ["无"]
    assert "共同财产价值合计" not in rows and "每月抚养费合计" not in rows


def test_the_divorce_agreement_needs_both_to_consent_and_prints_clauses():
    definition = DEFINITIONS["divorce_agreement"]
    raw = {
        "husband_name": "王大军", "husband_birth_date": "1988-07-03", "husband_ethnicity": "汉族",
        "husband_id_number": HUSBAND_ID, "husband_address": "示范县城关镇西街9号", "husband_phone": "13800138001",
        "wife_name": "李秀英", "wife_birth_date": "1990-04-12", "wife_ethnicity": "汉族", "wife_id_number": WIFE_ID,
        "wife_address": "示范县城关镇东街1号", "wife_phone": "13800138000",
        "married_on": "2014-10-01", "registry": "示范县民政局婚姻登记处", "divorce_consent": "true",
        "divorce_reason": "感情不和",
        "has_children": "true",
        "children": [{"child_name": "王小明", "child_sex": "male", "child_birth_date": "2016-09-01",
                      "child_custody": "wife", "support_monthly": "1500", "support_payment": "monthly",
                      "support_due": "每月5日前", "support_until": "孩子年满十八周岁"}],
        "visitation_arrangement": "每月探望两次。",
        "has_property": "true",
        "property": [{"property_kind": "car", "property_description": "大众轿车一辆", "property_value": "60000",
                      "property_to": "husband"}],
        "has_debts": "false", "has_compensation": "false",
    }  # fmt: skip
    document, answers, computation = _document(definition, raw)
    assert list(check_before_output(definition, answers, computation)) == []
    paragraphs = [line for section in document.sections for row in section.rows for line in row.lines]
    assert any(line.startswith("1. 子女王小明（男，2016年9月1日出生）由女方直接抚养") for line in paragraphs)
    assert "1. 汽车：大众轿车一辆，双方估价约60000.00元，归男方所有。" in paragraphs
    assert "双方互不要求经济补偿和经济帮助。" in paragraphs
    assert all(not row.label for section in document.sections for row in section.rows)  # clauses, not a table
    assert document.signer.startswith("男方") and "{" not in document.all_text()
    # One spouse unwilling: the reason is not asked, and the consent element is missing.
    refused = clean_answers(definition, {**raw, "divorce_consent": "false"})
    problems = check_before_output(definition, refused, compute_values(definition, refused))
    assert {problem.field for problem in problems} == {"consent"}


def test_the_loan_defence_works_out_the_disputed_principal_and_the_repayments():
    definition = DEFINITIONS["private_loan_defence"]
    raw = {
        "court": "示范县人民法院", "plaintiff_name": "张三", "respondent_role": "borrower",
        "respondent_name": "王建国", "respondent_sex": "male", "respondent_birth_date": "1988-07-03",
        "respondent_id_number": HUSBAND_ID, "respondent_address": "示范县城关镇西街9号",
        "respondent_phone": "13800138001", "service_address": "示范县城关镇西街9号", "service_recipient": "王建国",
        "answer_principal": "objection", "claimed_principal": "50000", "admitted_principal": "30000",
        "principal_objection": "实际只收到4万元，已还1万元。",
        "disputes_delivery": "true", "actually_received": "40000", "delivery_objection": "另1万元被说成手续费。",
        "has_repaid": "true",
        "repayments": [
            {"repaid_on": "2024-06-01", "repaid_amount": "6000", "repaid_how": "bank_transfer"},
            {"repaid_on": "2024-09-01", "repaid_amount": "4000", "repaid_how": "cash", "repaid_note": "有收条"},
        ],
        "defence_reasons": "只欠本金3万元。",
    }  # fmt: skip
    document, answers, computation = _document(definition, raw)
    assert list(check_before_output(definition, answers, computation)) == []
    rows = _rows(document)
    assert rows["1. 对本金的确认和异议"] == ["☐无异议　☑有异议"]
    assert rows["异议内容"][:3] == [  # the first 异议内容: the principal's
        "原告主张本金：50000.00元",
        "答辩人认可尚欠本金：30000.00元（叁万元整）",
        "有异议的本金：20000.00元（贰万元整）",
    ]
    assert rows["2. 对借款金额和交付情况是否有异议"] == ["☑是　☐否"]
    assert rows["还款2"] == ["☑现金　☐银行转账　☐网络支付　☐其他", "2024年9月1日还款4000.00元　有收条"]
    assert rows["已还款合计"] == ["10000.00元（壹万元整）"]
    assert "保证人是否主张不承担保证责任" not in rows  # asked of a guarantor only
    assert document.signer == "答辩人（签字、盖章）：" and "{" not in document.all_text()


def test_the_mediation_application_is_addressed_to_the_committee():
    definition = DEFINITIONS["mediation_application"]
    raw = {
        "applicant_name": "赵大山", "applicant_sex": "male", "applicant_address": "示范县某村2组5号",
        "applicant_phone": "13800138002",
        "respondents": [{"party_name": "钱二河", "party_address": "示范县某村2组6号", "party_relation": "邻居"}],
        "dispute_type": "homestead", "amount_involved": "2000", "dispute_facts": "对方砌墙占用我家宅基地约1米。",
        "requests": "拆除围墙，赔偿损失2000元。", "other_proceedings": "false", "other_party_willing": "unknown",
        "committee": "某村人民调解委员会",
    }  # fmt: skip
    document, answers, computation = _document(definition, raw)
    assert list(check_before_output(definition, answers, computation)) == []
    rows = _rows(document)
    assert rows["纠纷类型"][0].startswith("☐婚姻家庭纠纷　☐邻里纠纷　☑房屋宅基地纠纷")
    assert rows["涉及金额"] == ["2000.00元（贰仟元整）"]
    assert "处理情况" not in rows
    assert document.addressee == "此致\n某村人民调解委员会" and not document.official


def test_the_iou_prints_as_paragraphs_closed_by_ci_ju():
    iou = DEFINITIONS["iou"]
    assert iou.version == 2 and iou.addressee == "此据"
    raw = {
        "borrower_name": "李四", "borrower_id_number": HUSBAND_ID, "borrower_address": "示范县城关镇西街9号",
        "borrower_phone": "13800138001", "lender_name": "张三", "lender_id_number": WIFE_ID, "principal": "15000",
        "lent_on": "2025-06-01", "delivery": "bank_transfer", "due_date": "2026-06-01", "has_interest": "false",
        "has_guarantor": "false",
    }  # fmt: skip
    document, _, _ = _document(iou, raw)
    paragraphs = [line for section in document.sections for row in section.rows for line in row.lines]
    assert paragraphs[0] == (
        f"今借到出借人张三（公民身份号码：{WIFE_ID}）人民币15000.00元（大写：壹万伍仟元整），"
        "借款人已于2025年6月1日以银行转账方式全额收到。"
    )
    assert "本借款不计利息。" in paragraphs and "本借款无保证人。" in paragraphs
    assert not any("年利率" in line for line in paragraphs)
    assert document.signer == f"借款人（签名并按手印）：李四\n公民身份号码：{HUSBAND_ID}"
