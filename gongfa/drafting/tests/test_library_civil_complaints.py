"""The element-style civil complaints and defences (要素式起诉状、答辩状) of four case types — 劳动争议,
买卖合同, 物业服务合同, 机动车交通事故责任 — and the labour arbitration application's printed layout:
each loads as its kind, asks the organisation's particulars only of an organisation, adds up what it
claims (shown in capital numerals), and prints a document with nothing left unfilled."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gongfa.core.errors import DomainError
from gongfa.drafting.answers import clean_answers
from gongfa.drafting.checks import check_before_output
from gongfa.drafting.compute import FUNCTIONS, compute_values
from gongfa.drafting.definitions import load_definitions
from gongfa.drafting.document import Document, build_document
from gongfa.drafting.library import FOLDER

COMPLAINTS = {
    "labour_dispute_complaint": "劳动争议纠纷",
    "sales_contract_complaint": "买卖合同纠纷",
    "property_service_complaint": "物业服务合同纠纷",
    "traffic_accident_complaint": "机动车交通事故责任纠纷",
}
DEFENCES = {code.replace("_complaint", "_defence"): case_type for code, case_type in COMPLAINTS.items()}
MADE_ON = datetime.date(2025, 6, 15)

PERSON = {
    "plaintiff_type": "person", "plaintiff_name": "张建国", "plaintiff_sex": "male",
    "plaintiff_birth_date": "1980-05-12", "plaintiff_id_number": "11010519491231002X",
    "plaintiff_address": "某县某镇某村3号", "plaintiff_phone": "13800138000",
}  # fmt: skip
COMPANY_PLAINTIFF = {
    "plaintiff_type": "organisation", "plaintiff_name": "某某物业服务有限公司",
    "plaintiff_credit_code": "91130123MA0ZZZZZ3Z", "plaintiff_representative": "孙某",
    "plaintiff_address": "某县幸福路1号", "plaintiff_phone": "0311-87001234",
}  # fmt: skip
COMPANY_DEFENDANT = {
    "defendant_type": "organisation", "defendant_name": "某某建材有限公司", "defendant_representative": "王五",
    "defendant_address": "某市某区工业路8号",
}  # fmt: skip
SERVICE = {
    "has_agent": "false", "service_address": "某县某镇某村3号", "service_recipient": "张建国",
    "service_phone": "13800138000", "accepts_e_service": "false",
}  # fmt: skip
CLOSING = {"evidence": [{"evidence_name": "证据原件", "evidence_source": "原告保存"}], "court": "某县人民法院"}

ANSWERS: dict[str, dict[str, Any]] = {
    "labour_dispute_complaint": {
        **PERSON, **SERVICE, **CLOSING, "plaintiff_role": "worker", "defendants": [COMPANY_DEFENDANT],
        "arbitration_outcome": "award", "commission": "某市劳动人事争议仲裁委员会", "award_received_on": "2025-05-25",
        "award_result": "被申请人支付申请人工资5000元。", "started_on": "2023-03-01", "job": "电焊工",
        "monthly_wage": "5000", "has_written_contract": "false", "still_employed": "false", "ended_on": "2025-01-10",
        "leave_reason": "dismissed",
        "claims": [
            {"claim_item": "wages", "claim_amount": "15000", "claim_basis": "3个月×5000元"},
            {"claim_item": "double_wages", "claim_amount": "55000", "claim_basis": "11个月×5000元"},
            {"claim_item": "damages", "claim_amount": "20000.50", "claim_basis": "经济补偿的二倍"},
        ],
        "facts": "原告入职后未签书面劳动合同，被告拖欠工资后辞退原告。",
    },
    "sales_contract_complaint": {
        **PERSON, **SERVICE, **CLOSING, "plaintiff_role": "seller", "defendants": [COMPANY_DEFENDANT],
        "contract_form": "written", "goods": "螺纹钢20吨", "price_terms": "每吨4200元",
        "payment_terms": "货到30日内付清",
        "has_penalty_clause": "true", "penalty_clause": "逾期付款每日按万分之五支付违约金",
        "deliveries": [
            {"delivered_on": "2024-10-01", "delivery_goods": "螺纹钢10吨", "delivery_amount": "42000",
             "delivery_paid": "40000"},
            {"delivered_on": "2024-11-01", "delivery_goods": "螺纹钢10吨", "delivery_amount": "42000",
             "delivery_paid": "0"},
        ],
        "claims": [
            {"claim_item": "price", "claim_amount": "44000", "claim_basis": "尚欠货款"},
            {"claim_item": "penalty", "claim_amount": "3960", "claim_basis": "44000×0.05%×180天"},
        ],
        "contract_request": "not_requested", "facts": "原告交货后被告未付清货款。",
    },
    "property_service_complaint": {
        **COMPANY_PLAINTIFF, **SERVICE, **CLOSING,
        "defendants": [
            {"defendant_type": "person", "defendant_name": "周小红", "defendant_address": "某县幸福小区3栋501室"},
        ],
        "property_address": "某县幸福小区3栋501室", "property_area": "89.56", "contract_kind": "preliminary",
        "fee_rate": "1.50", "has_penalty_clause": "true", "penalty_clause": "每日按欠交金额的万分之五支付违约金",
        "fee_periods": [
            {"start_date": "2023-01-01", "end_date": "2023-12-31", "period_amount": "1612.08", "period_paid": "0"},
            {"start_date": "2024-01-01", "end_date": "2024-12-31", "period_amount": "1612.08", "period_paid": "400"},
        ],
        "extra_claims": [{"extra_item": "penalty", "extra_amount": "300.50", "extra_basis": "每日万分之五"}],
        "facts": "原告按约提供物业服务，被告未足额交纳物业费。",
    },
    "traffic_accident_complaint": {
        **PERSON, **SERVICE, **CLOSING,
        "defendants": [
            {"defendant_type": "person", "defendant_role": "driver", "defendant_name": "赵六",
             "defendant_address": "某村8号"},
            {"defendant_type": "organisation", "defendant_role": "both_insurer",
             "defendant_name": "某财产保险股份有限公司某县支公司", "defendant_address": "某县人民路5号"},
        ],
        "accident_date": "2025-03-02", "accident_place": "G107与乡道交叉口",
        "accident_course": "左转时与直行电动车相撞。",
        "has_report": "true", "defendant_liability": "main", "plaintiff_liability": "minor",
        "victim_status": "disabled", "disability_grade": "十级伤残",
        "vehicles": [{"vehicle_plate": "冀A12345", "compulsory_insurer": "某财产保险股份有限公司某县支公司"}],
        "losses": [
            {"loss_item": "medical", "loss_amount": "35000", "loss_basis": "按发票"},
            {"loss_item": "lost_income", "loss_amount": "24000", "loss_basis": "120天×200元"},
            {"loss_item": "disability", "loss_amount": "82300.40", "loss_basis": "按统计标准"},
            {"loss_item": "mental", "loss_amount": "7000", "loss_basis": "十级伤残"},
        ],
        "insurer_direct": "true", "facts": "原告受伤住院，被告垫付部分医疗费后不再支付。",
    },
}  # fmt: skip

RESPONDENT = {
    "court": "某县人民法院", "case_number": "（2025）冀0123民初456号", "case_plaintiff": "张建国",
    "respondent_type": "person", "respondent_name": "周小红", "respondent_sex": "female",
    "respondent_birth_date": "1985-03-03", "respondent_id_number": "11010519491231002X",
    "respondent_address": "某县幸福小区3栋501室", "respondent_phone": "13600136000",
    **{key: value for key, value in SERVICE.items() if key != "service_recipient"}, "service_recipient": "周小红",
    "venue_stance": "no_objection", "preservation_stance": "not_applied",
    "responses": [
        {"response_claim": "第1项", "response_stance": "no_objection"},
        {"response_claim": "第2项", "response_stance": "objection", "response_reason": "金额计算有误。"},
    ],
}  # fmt: skip
DEFENCE_ANSWERS: dict[str, dict[str, Any]] = {
    "labour_dispute_defence": {
        **RESPONDENT, "respondent_role": "worker", "employment_stance": "no_objection", "wage_stance": "no_objection",
        "contract_stance": "no_objection", "leave_stance": "no_objection", "late_filing": "true",
        "late_filing_details": "原告2025年5月1日收到裁决书，6月1日起诉。",
    },
    "sales_contract_defence": {
        **RESPONDENT, "respondent_role": "buyer", "contract_stance": "no_objection", "delivery_stance": "no_objection",
        "payment_stance": "no_objection", "quality_objection": "true", "quality_notice": "in_time",
        "quality_details": "收货当天发现锈蚀并通知原告。", "penalty_too_high": "true",
    },
    "property_service_defence": {
        **RESPONDENT, "contract_stance": "no_objection", "area_rate_stance": "no_objection",
        "arrears_stance": "no_objection", "service_poor": "true", "service_poor_details": "电梯停运半年。",
    },
    "traffic_accident_defence": {
        **RESPONDENT, "respondent_role": "driver", "accident_stance": "no_objection",
        "liability_stance": "no_objection", "insurance_stance": "no_objection",
        "advance_paid": "true", "paid_amount": "10000", "paid_details": "2025年3月10日向医院垫付",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def library():
    return {definition.code: definition for definition in load_definitions(FOLDER, FUNCTIONS)}


def _make(definition, raw: dict[str, Any]) -> tuple[dict[str, Any], Any, Document]:
    answers = clean_answers(definition, raw, complete=True)
    computation = compute_values(definition, answers)
    return answers, computation, build_document(definition, answers, computation, made_on=MADE_ON)


def _rows(document: Document) -> dict[str, str]:
    return {row.label: row.text for section in document.sections for row in section.rows}


@pytest.mark.parametrize(("code", "case_type"), [*COMPLAINTS.items(), *DEFENCES.items()])
def test_each_template_loads_as_the_official_form_of_its_kind(library, code, case_type):
    definition = library[code]
    kind = "complaint" if code.endswith("_complaint") else "defence"
    assert definition.kind == kind and definition.official and definition.case_type == case_type
    title = "民事起诉状" if kind == "complaint" else "民事答辩状"
    assert definition.title == f"{title}（{case_type}）"
    elements = definition.layout["elements"]
    if kind == "complaint":
        assert set(elements) == {"plaintiff", "defendant", "claims", "facts", "evidence", "court"}
        assert definition.basis[0] == "《中华人民共和国民事诉讼法》第一百二十四条"
        assert definition.field("court").prefill == "court.by_defendant"
        assert definition.signer.startswith("具状人")
    else:
        assert {"respondent", "court"} <= set(elements) and {"response", "responses"} & set(elements)
        assert definition.basis == ("《中华人民共和国民事诉讼法》第一百二十八条",)
        assert definition.signer.startswith("答辩人")
    assert definition.addressee == "此致\n{court}"
    assert [section.title for section in definition.sections][1:3] in (
        ["诉讼请求和依据", "约定管辖和诉讼保全"],
        ["诉讼请求和依据", "诉讼保全和先予执行"],
        ["答辩事项和依据（对原告诉讼请求的确认或者异议）", "约定管辖和诉讼保全"],
    )
    for spec in definition.all_fields():
        if spec.type == "money":
            assert spec.minimum is not None and spec.minimum >= 0, spec.name
        if spec.is_group:
            assert 1 <= spec.max_items <= 50, spec.name


@pytest.mark.parametrize("code", [*COMPLAINTS, *DEFENCES])
def test_the_document_reads_like_the_court_form_with_nothing_unfilled(library, code):
    raw = ANSWERS.get(code) or DEFENCE_ANSWERS[code]
    _, _, document = _make(library[code], raw)
    text = document.all_text()
    assert "{" not in text and "}" not in text
    assert document.addressee == "此致\n某县人民法院"
    assert document.footer.startswith("本文书依照最高人民法院")
    assert document.sections[0].title == "当事人信息"


def test_the_traffic_complaint_adds_the_loss_items_up_to_its_claim_total_in_capital_numerals(library):
    traffic = library["traffic_accident_complaint"]
    _, computation, document = _make(traffic, ANSWERS["traffic_accident_complaint"])
    assert computation.value("claim_total") == Decimal("148300.40")
    rows = _rows(document)
    assert rows["损失合计（标的总额）"] == "请求判令被告赔偿各项损失共计148300.40元（壹拾肆万捌仟叁佰元肆角）"
    assert rows["1. 医疗费"].startswith("35000.00元（叁万伍仟元整）")
    # The insurers are defendants, named by their part; 精神损害抚慰金 brings its own article.
    assert "被告2（交强险和商业三者险保险公司）" in rows
    assert rows["请求依据（精神损害抚慰金）"] == "《中华人民共和国民法典》第一千一百八十三条"
    assert "第一千二百一十三条" in rows["请求依据"]
    assert rows["对方（被告驾驶人）的责任"].startswith("☐全部责任　☑主要责任")


def test_without_a_claim_for_mental_harm_its_article_is_not_printed(library):
    traffic = library["traffic_accident_complaint"]
    raw = dict(ANSWERS["traffic_accident_complaint"])
    raw["losses"] = [item for item in raw["losses"] if item["loss_item"] != "mental"]
    _, computation, document = _make(traffic, raw)
    assert computation.value("claim_total") == Decimal("141300.40")
    assert "第一千一百八十三条" not in document.all_text()


def test_the_labour_complaint_adds_up_its_claims_and_cites_each_claims_article(library):
    labour = library["labour_dispute_complaint"]
    _, computation, document = _make(labour, ANSWERS["labour_dispute_complaint"])
    assert computation.value("claim_total") == Decimal("90000.50")
    rows = _rows(document)
    assert rows["标的总额"] == "90000.50元（玖万元伍角）"
    assert rows["2. 二倍工资"].startswith("金额：55000.00元（伍万伍仟元整）")
    assert rows["请求2的依据"] == "《中华人民共和国劳动合同法》第十条、第八十二条"
    assert rows["请求3的依据"] == "《中华人民共和国劳动合同法》第四十八条、第八十七条"
    assert not any(label.startswith("请求") and "社会保险法" in text for label, text in rows.items())
    assert "收到裁决书日期：2025年5月25日" in rows["仲裁裁决"]


def test_the_date_the_award_was_received_is_asked_only_when_there_is_an_award(library):
    labour = library["labour_dispute_complaint"]
    raw = {**ANSWERS["labour_dispute_complaint"], "arbitration_outcome": "award"}
    del raw["award_received_on"]
    with pytest.raises(DomainError) as raised:
        clean_answers(labour, raw, complete=True)
    assert {problem.field for problem in raised.value.problems} == {"award_received_on"}
    refused = {**raw, "arbitration_outcome": "not_accepted", "award_result": "ignored"}
    answers, _, document = _make(labour, refused)
    assert "award_result" not in answers and "仲裁裁决" not in _rows(document)


def test_the_sales_complaint_computes_what_each_delivery_leaves_unpaid(library):
    sales = library["sales_contract_complaint"]
    _, computation, document = _make(sales, ANSWERS["sales_contract_complaint"])
    assert [item["owed"] for item in computation.groups["deliveries"]] == [Decimal("2000.00"), Decimal("42000.00")]
    assert computation.value("price_total") == Decimal("84000.00")
    assert computation.value("unpaid_total") == Decimal("44000.00")
    assert computation.value("claim_total") == Decimal("47960.00")
    rows = _rows(document)
    assert rows["货款合计"] == "货款共计84000.00元，已付40000.00元，尚欠44000.00元（肆万肆仟元整）"
    assert rows["标的总额"] == "47960.00元（肆万柒仟玖佰陆拾元整）"
    # A seller's claim rests on the buyer's duty to pay; the agreed penalty on 第五百八十五条.
    assert "第六百二十六条" in rows["请求依据"]
    assert rows["请求依据（违约金）"] == "《中华人民共和国民法典》第五百八十五条"
    assert "请求依据（解除合同）" not in rows


def test_the_property_complaint_adds_the_unpaid_fees_and_the_other_claims(library):
    estate = library["property_service_complaint"]
    _, computation, document = _make(estate, ANSWERS["property_service_complaint"])
    assert computation.value("fees_owed") == Decimal("2824.16")
    assert computation.value("claim_total") == Decimal("3124.66")
    rows = _rows(document)
    assert rows["物业费"] == "请求判令被告支付物业费2824.16元（贰仟捌佰贰拾肆元壹角陆分）"
    assert rows["标的总额"] == "3124.66元（叁仟壹佰贰拾肆元陆角陆分）"
    assert rows["2. 物业情况"] == "房屋坐落：某县幸福小区3栋501室\n建筑面积：89.56平方米"
    assert "第五百八十五条" in rows["请求依据"]


def test_an_unpaid_period_may_not_end_before_it_starts(library):
    estate = library["property_service_complaint"]
    raw = dict(ANSWERS["property_service_complaint"])
    backwards = {"start_date": "2024-12-31", "end_date": "2024-01-01", "period_amount": "1", "period_paid": "0"}
    raw["fee_periods"] = [backwards]
    with pytest.raises(DomainError) as raised:
        clean_answers(estate, raw, complete=True)
    assert {problem.field for problem in raised.value.problems} == {"fee_periods.1.end_date"}


def test_the_organisation_fields_are_asked_and_printed_only_for_an_organisation(library):
    estate = library["property_service_complaint"]
    # A company: its credit code and representative are required; a person's ID number is not asked.
    company = dict(ANSWERS["property_service_complaint"])
    del company["plaintiff_credit_code"]
    with pytest.raises(DomainError) as raised:
        clean_answers(estate, {**company, "plaintiff_id_number": "not an id"}, complete=True)
    assert {problem.field for problem in raised.value.problems} == {"plaintiff_credit_code"}
    answers, _, document = _make(estate, ANSWERS["property_service_complaint"])
    rows = _rows(document)
    assert "原告（法人、非法人组织）" in rows and "原告（自然人）" not in rows
    assert "统一社会信用代码：91130123MA0ZZZZZ3Z" in rows["原告（法人、非法人组织）"]
    # A person: the organisation's particulars are dropped even if sent, and not printed.
    person = {**ANSWERS["property_service_complaint"], **PERSON}
    answers, _, document = _make(estate, person)
    assert "plaintiff_credit_code" not in answers and "plaintiff_representative" not in answers
    rows = _rows(document)
    assert "原告（自然人）" in rows and "原告（法人、非法人组织）" not in rows
    assert "91130123MA0ZZZZZ3Z" not in document.all_text()
    # The defendants too, item by item.
    assert "被告1（自然人）" in rows and not any(label.startswith("被告1（法人") for label in rows)


def test_a_defence_answers_each_claim_with_boxes_and_gives_reasons_for_an_objection(library):
    defence = library["property_service_defence"]
    raw = DEFENCE_ANSWERS["property_service_defence"]
    _, _, document = _make(defence, raw)
    rows = _rows(document)
    assert rows["1. 对“第1项”有无异议"] == "☑无异议　☐有异议\n事实和理由："
    assert rows["2. 对“第2项”有无异议"] == "☐无异议　☑有异议\n事实和理由：金额计算有误。"
    assert rows["案号"] == "（2025）冀0123民初456号"
    assert "《中华人民共和国民法典》第九百四十二条" in rows["服务不符合约定的情况"]
    assert "减少违约金的理由" not in rows
    # An objection without its reasons is refused.
    missing = {**raw, "responses": [{"response_claim": "第1项", "response_stance": "objection"}]}
    with pytest.raises(DomainError) as raised:
        clean_answers(defence, missing, complete=True)
    assert {problem.field for problem in raised.value.problems} == {"responses.1.response_reason"}


def test_the_sales_and_traffic_defences_print_the_articles_their_defences_rest_on(library):
    _, _, sales = _make(library["sales_contract_defence"], DEFENCE_ANSWERS["sales_contract_defence"])
    rows = _rows(sales)
    assert rows["提出质量异议的时间"].startswith("☑在约定的检验期限内")
    assert "第五百八十五条" in rows["减少违约金的理由"]
    _, _, traffic = _make(library["traffic_accident_defence"], DEFENCE_ANSWERS["traffic_accident_defence"])
    paid = _rows(traffic)["已经垫付或者赔偿的费用"]
    assert paid.startswith("已垫付或者赔偿10000.00元（壹万元整），应当从赔偿总额中扣除")
    _, _, labour = _make(library["labour_dispute_defence"], DEFENCE_ANSWERS["labour_dispute_defence"])
    assert "第四十八条、第五十条" in _rows(labour)["超过起诉期限的事实"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", [*COMPLAINTS, *DEFENCES])
def test_a_complete_document_passes_the_check_before_output(library, statute_corpus, code):
    definition = library[code]
    raw = ANSWERS.get(code) or DEFENCE_ANSWERS[code]
    answers, computation, _ = _make(definition, raw)
    assert list(check_before_output(definition, answers, computation)) == []


@pytest.mark.django_db
def test_a_complaint_without_claims_or_evidence_is_stopped_before_output(library, statute_corpus):
    traffic = library["traffic_accident_complaint"]
    answers = clean_answers(traffic, {**ANSWERS["traffic_accident_complaint"], "losses": [], "evidence": []})
    problems = check_before_output(traffic, answers, compute_values(traffic, answers))
    assert {problem.field: problem.code for problem in problems} == {
        "claims": "element_missing",
        "evidence": "element_missing",
    }


def test_the_labour_arbitration_application_is_addressed_to_the_commission_and_lists_the_witnesses(library):
    arbitration = library["labour_arbitration_application"]
    assert arbitration.version == 2 and arbitration.signer == "申请人（签名）："
    raw = {
        "applicant_name": "张建国", "applicant_sex": "male", "applicant_birth_date": "1980-05-12",
        "applicant_id_number": "11010519491231002X", "applicant_occupation": "电焊工", "applicant_address": "某村3号",
        "applicant_phone": "13800138000", "employer_name": "某某建材有限公司", "employer_address": "某区工业路8号",
        "employer_representative": "王五", "started_on": "2023-03-01", "still_employed": "false",
        "ended_on": "2025-01-10", "has_written_contract": "false", "monthly_wage": "5000", "work_place": "某县工业园",
        "claims": [
            {"claim_kind": "unpaid_wages", "claim_text": "请求裁决被申请人支付工资15000元", "claim_amount": "15000"},
            {"claim_kind": "other", "claim_text": "请求裁决被申请人出具解除劳动合同的证明"},
        ],
        "facts": "被申请人拖欠工资后辞退申请人。", "dispute_arose_on": "2025-01-10",
        "evidence": [{"evidence_name": "工资条", "evidence_source": "申请人保存"}],
        "has_witnesses": "true", "witnesses": [{"witness_name": "李四", "witness_address": "某村5号"}],
        "commission": "某市劳动人事争议仲裁委员会",
    }  # fmt: skip
    _, _, document = _make(arbitration, raw)
    assert document.addressee == "此致\n某市劳动人事争议仲裁委员会"
    text = document.all_text()
    assert "此致" in text and "某市劳动人事争议仲裁委员会" in text and "{" not in text
    assert [section.title for section in document.sections] == [
        "当事人", "仲裁请求", "事实和理由", "证据和证据来源、证人姓名和住所",
    ]  # fmt: skip
    rows = _rows(document)
    assert "工作单位：某某建材有限公司" in rows["申请人"]  # 第二十八条: the worker's 工作单位
    assert rows["第2项"] == "请求裁决被申请人出具解除劳动合同的证明"
    assert rows["请求金额合计"] == "15000.00元（壹万伍仟元整）"
    assert rows["证人1"] == "姓名：李四\n住所：某村5号"
    assert rows["离职（被辞退）日期"] == "2025年1月10日"
    assert document.footer.startswith("本文书由公共法律服务平台")  # not an official form
