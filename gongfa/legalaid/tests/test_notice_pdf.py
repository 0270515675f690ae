"""PDF notices (法律援助文书): every kind is issued through the services, rendered with WeasyPrint and
read back with pypdf, so the assertions are on the text a person would read in the PDF."""

import datetime
import io
import re
import time

import pytest
from django.template.loader import get_template
from pypdf import PdfReader

from gongfa.legalaid import pdf as notice_pdfs
from gongfa.legalaid.choices import MaterialKind, NotifiedGround, TerminationGround
from gongfa.legalaid.models import LegalAidNotice
from gongfa.legalaid.pdf import chinese_date, chinese_numeral, notice_pdf, refuse_url, render_notice_pdf
from gongfa.legalaid.services import (
    assign_provider,
    decide_objection,
    grant,
    lapse_supplements,
    lodge_objection,
    refuse,
    request_supplement,
    save_draft,
    sign_engagement,
    start_advance_aid,
    submit_application,
    terminate,
)
from gongfa.legalaid.tests.conftest import WAGES, court_notice
from gongfa.testing.factories import CitizenFactory, make_id_number
from gongfa.workorders.tests.conftest import county_supervisor  # noqa: F401 - fixture

AGENCY = "示范县法律援助中心"
SUPPLEMENT_ITEMS = [
    {"kind": MaterialKind.EXEMPT_PROOF, "note": "务工证明（劳动合同、工牌或工友证言均可）"},
    {"kind": MaterialKind.CASE_MATERIALS, "note": "欠薪凭证"},
]


def pdf_text(data: bytes) -> str:
    """All the text of a PDF as pypdf extracts it, with every space and line break removed
    (a line may break anywhere in Chinese text)."""
    reader = PdfReader(io.BytesIO(data))
    pages = (re.sub(r"\s+", "", page.extract_text()) for page in reader.pages)
    return "".join(re.sub(r"—[0-9]+—$", "", page) for page in pages)  # less the page numbers


def rendered(notice: LegalAidNotice) -> str:
    started = time.perf_counter()
    data = render_notice_pdf(notice)
    elapsed = time.perf_counter() - started
    print(f"{notice.kind}: {len(data) / 1024:.0f} KiB in {elapsed:.2f} s")  # timing note, not an assertion
    assert data.startswith(b"%PDF-")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    return pdf_text(data)


def assert_official_frame(text: str, notice: LegalAidNotice, *, issuer: str = AGENCY) -> None:
    """Issuer, title, 文号, case number, issue date and the seal line are on every notice."""
    assert issuer + notice.get_kind_display() in text
    assert notice.number in text and f"案件编号：{notice.application.number}" in text
    assert "2026年11月23日" in text  # the frozen Monday, in Beijing time
    assert "印章）" in text


@pytest.fixture
def means_tested(network, worker, frozen, standard):
    """A wage claim decided on means (2,000 per head ≤ the 2,490 standard, 第34条)."""
    data = {**WAGES, "exempt_group": "", "household_size": 3, "household_monthly_income": "6000"}
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )


@pytest.fixture
def above_standard(network, worker, frozen, standard):
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "9000"}
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )


@pytest.fixture
def exempt_claim(network, worker, frozen, standard):
    """A migrant worker's wage claim (第42条) with the proof not yet on file."""
    return submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=WAGES), actor=worker
    )


def only(application, kind: str) -> LegalAidNotice:
    return application.notices.get(kind=kind)


@pytest.mark.django_db
def test_supplement_notice_lists_every_missing_item_once_with_the_deadline(exempt_claim, reviewer):
    request = request_supplement(application=exempt_claim, actor=reviewer, items=SUPPLEMENT_ITEMS, due_days=10)
    notice = only(exempt_claim, LegalAidNotice.Kind.SUPPLEMENT)

    text = rendered(notice)

    assert_official_frame(text, notice)
    assert "法援补〔2026〕1号" in text and "张务工：" in text
    assert "你提交的申请材料不齐全" in text
    assert "《中华人民共和国法律援助法》第四十三条第二款" in text
    assert f"请于{chinese_date(request.due)}前补充下列材料或者作出说明" in text
    for number, item in enumerate(notice.body["items"], start=1):
        assert f"{number}．{item['label']}：{item['note']}" in text
    assert "务工证明（劳动合同、工牌或工友证言均可）" in text and "欠薪凭证" in text
    assert "逾期未补充又未作说明的，视为撤回申请。" in text
    assert "（法律援助机构印章）" in text and exempt_claim.number in text


@pytest.mark.django_db
def test_grant_decision_gives_the_reasons_and_each_article(means_tested, reviewer):
    granted = grant(application=means_tested, actor=reviewer)
    notice = only(granted, LegalAidNotice.Kind.GRANT)
    assert notice.body["proposal"]

    text = rendered(notice)

    assert_official_frame(text, notice)
    assert "张务工：" in text and "经审查认为：符合法律援助条件。" in text
    assert f"申请事项：{granted.matter_name}" in text
    printed = [reason for reason in notice.body["proposal"] if reason["code"] != "standard_unverified"]
    assert printed and "请在作出决定前核实" not in text
    for number, reason in enumerate(printed, start=1):
        article = reason["article"].replace("《法律援助法》", "《中华人民共和国法律援助法》")
        assert f"（{chinese_numeral(number)}）" in text and article in text
        assert reason["text"].rstrip("。") in text
    # the whole basis: the matter's article (欠薪: 第31条第5项), the means test (第34条), the decision (第43条)
    whole = "根据《中华人民共和国法律援助法》第三十一条第五项、第三十四条、第四十三条的规定"
    assert whole in text and "决定给予你法律援助" in text


@pytest.mark.django_db
def test_refusal_decision_states_reasons_and_every_remedy(above_standard, reviewer):
    assert above_standard.proposal_outcome == "not_eligible"
    refused = refuse(application=above_standard, actor=reviewer, reasons="家庭人均月收入9000元，高于本地标准2490元")
    notice = only(refused, LegalAidNotice.Kind.REFUSAL)

    text = rendered(notice)

    assert_official_frame(text, notice)
    assert "法援不予〔2026〕1号" in text and "张务工：" in text
    assert "不予法律援助的理由：家庭人均月收入9000元，高于本地标准2490元。" in text
    for reason in notice.body["proposal"]:
        assert reason["article"].replace("《法律援助法》", "《中华人民共和国法律援助法》") in text
    assert "高于本地区标准" in text and "第三十四条" in text  # the engine's finding, with its article
    assert "请在作出决定前核实" not in text  # the engine's note to the reviewer is not printed
    assert "第三十一条第五项、第三十四条、第四十三条的规定" in text and "决定不予法律援助" in text
    assert notice.body["articles"][-1] == "《法律援助法》第四十三条"  # the article the refusal is made under
    # The remedies (第49条; 《行政复议法》第20条; 《行政诉讼法》第46条).
    assert "向设立本机构的司法行政部门提出" in text and "五日内审查" in text and "第四十九条" in text
    assert "60日内向示范县人民政府申请行政复议" in text
    assert "6个月内向人民法院提起行政诉讼" in text
    assert "《中华人民共和国行政复议法》第二十条" in text and "《中华人民共和国行政诉讼法》第四十六条" in text


@pytest.mark.django_db
def test_refusal_against_the_proposal_prints_only_the_reviewers_reasons(means_tested, reviewer):
    assert means_tested.proposal_outcome == "eligible"
    refused = refuse(application=means_tested, actor=reviewer, reasons="申请人隐瞒了房屋租金收入")
    text = rendered(only(refused, LegalAidNotice.Kind.REFUSAL))
    assert "不予法律援助的理由：申请人隐瞒了房屋租金收入。" in text
    assert "审查情况" not in text and "不高于" not in text


@pytest.mark.django_db
def test_assignment_notice_goes_to_the_firm_and_is_copied_to_the_recipient(means_tested, reviewer, lawyers):
    assigned = assign_provider(application=grant(application=means_tested, actor=reviewer), actor=reviewer)
    notice = only(assigned, LegalAidNotice.Kind.ASSIGNMENT)
    assert assigned.engagement_due is not None and assigned.provider is not None

    text = rendered(notice)

    assert_official_frame(text, notice)
    assert "示范律师事务所：" in text
    assert f"决定指派你所{assigned.provider.display_name}承办该法律援助案件" in text
    assert "决定给予张务工法律援助" in text
    assert f"请你所于{chinese_date(assigned.engagement_due)}前与受援人签订委托协议和授权委托书" in text
    assert "第四十三条的规定" in text and "抄送：张务工" in text


@pytest.mark.django_db
def test_notified_case_assignment_names_the_organ(network, reviewer, lawyers, frozen):
    case = court_notice(reviewer, network.county, NotifiedGround.LIFE_OR_DEATH, "刘某", "涉嫌故意杀人罪")
    assigned = assign_provider(application=case, actor=reviewer)
    notice = only(assigned, LegalAidNotice.Kind.ASSIGNMENT)

    text = rendered(notice)

    assert_official_frame(text, notice)
    assert "示范县人民法院通知本中心为犯罪嫌疑人、被告人刘某提供法律援助" in text
    assert "《中华人民共和国法律援助法》第三十六条" in text
    assert "抄送：刘某、示范县人民法院" in text


@pytest.mark.django_db
def test_termination_decision_names_the_ground_and_the_remedies(means_tested, reviewer, lawyers):
    assigned = assign_provider(application=grant(application=means_tested, actor=reviewer), actor=reviewer)
    assert assigned.provider is not None
    in_service = sign_engagement(application=assigned, actor=assigned.provider)
    terminated = terminate(
        application=in_service, actor=reviewer, ground=TerminationGround.OWN_COUNSEL, reasons="受援人已自行委托律师"
    )
    notice = only(terminated, LegalAidNotice.Kind.TERMINATION)

    text = rendered(notice)

    assert_official_frame(text, notice)
    assert "经审查：受援人已自行委托律师。" in text
    assert "上述情形属于：受援人自行委托律师或者其他代理人（第四十八条第六项）。" in text
    assert "《中华人民共和国法律援助法》第四十八条的规定" in text and "决定终止法律援助" in text
    assert "60日内" in text and "6个月内" in text and "第四十九条" in text


@pytest.mark.django_db
def test_objection_decision_is_issued_by_the_bureau(above_standard, reviewer, worker, county_supervisor):  # noqa: F811
    refused = refuse(application=above_standard, actor=reviewer, reasons="收入高于标准")
    objection = lodge_objection(application=refused, actor=worker, reason="收入中包含一次性补偿。")
    decide_objection(objection=objection, actor=county_supervisor, uphold=True, decision="原决定认定事实清楚")
    notice = only(refused, LegalAidNotice.Kind.OBJECTION)

    text = rendered(notice)

    assert_official_frame(text, notice, issuer="示范县司法局")
    assert "（司法行政部门印章）" in text
    assert f"你不服{AGENCY}" in text and "向本机关提出异议" in text and "第四十九条" in text
    assert "审查意见：原决定认定事实清楚。" in text and f"决定：维持{AGENCY}作出的原决定" in text
    assert "本决定之日起60日内向示范县人民政府申请行政复议" in text and "6个月内向人民法院提起行政诉讼" in text


@pytest.mark.django_db
def test_corrected_objection_orders_the_agency_to_correct(above_standard, reviewer, worker, county_supervisor):  # noqa: F811
    refused = refuse(application=above_standard, actor=reviewer, reasons="收入高于标准")
    objection = lodge_objection(application=refused, actor=worker, reason="收入中包含一次性补偿。")
    decide_objection(objection=objection, actor=county_supervisor, uphold=False, decision="应扣除一次性补偿后重新计算")
    text = rendered(only(refused, LegalAidNotice.Kind.OBJECTION))
    assert f"决定：责令{AGENCY}改正，依法重新作出处理。" in text
    assert "行政复议" not in text  # nothing to challenge: the applicant got what they asked for


@pytest.mark.django_db
def test_deemed_withdrawal_notice_after_the_supplement_deadline(exempt_claim, reviewer, frozen):
    request = request_supplement(application=exempt_claim, actor=reviewer, items=SUPPLEMENT_ITEMS[:1], due_days=5)
    frozen.move_to(
        datetime.datetime.combine(request.due + datetime.timedelta(days=1), datetime.time(2, tzinfo=datetime.UTC))
    )
    assert lapse_supplements() == 1
    withdrawn = only(exempt_claim, LegalAidNotice.Kind.DEEMED_WITHDRAWAL)
    text = rendered(withdrawn)
    assert withdrawn.number in text and "张务工：" in text
    assert f"你未在{chinese_date(request.due)}前补充材料，也未作出说明" in text
    assert "第四十三条第二款的规定，你的法律援助申请视为撤回" in text


@pytest.mark.django_db
def test_advance_aid_decision_states_the_urgency(means_tested, reviewer):
    start_advance_aid(application=means_tested, actor=reviewer, urgent_reason="距劳动仲裁时效届满不足七日")
    advance = only(means_tested, LegalAidNotice.Kind.ADVANCE_AID)
    text = rendered(advance)
    assert advance.number in text and "先行提供法律援助决定书" in text
    assert "因距劳动仲裁时效届满不足七日，属于需要立即提供法律援助的紧急情形" in text
    assert "《中华人民共和国法律援助法》第四十四条的规定" in text and "决定先行提供法律援助" in text


@pytest.mark.django_db
def test_user_text_is_printed_literally_never_as_markup(network, frozen, standard, reviewer):
    citizen = CitizenFactory(real_name="<b>王</b>五", id_number=make_id_number(birth=datetime.date(1980, 1, 2), seq=11))
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "9000"}
    application = submit_application(
        application=save_draft(applicant=citizen, region=network.villages[0], data=data), actor=citizen
    )
    reasons = '收入<script>alert("x")</script>高于标准<img src="http://example.invalid/x.png">'
    refused = refuse(application=application, actor=reviewer, reasons=reasons)

    notice = only(refused, LegalAidNotice.Kind.REFUSAL)
    html = notice_pdfs.render_notice_html(notice)
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    text = rendered(notice)
    assert "<b>王</b>五：" in text  # the addressee, tags and all
    assert '收入<script>alert("x")</script>高于标准<imgsrc="http://example.invalid/x.png">' in text


@pytest.mark.django_db
def test_pdf_is_rendered_once_then_served_from_storage(means_tested, reviewer, monkeypatch):
    notice = only(grant(application=means_tested, actor=reviewer), LegalAidNotice.Kind.GRANT)
    calls = []
    real_render = notice_pdfs.render_notice_pdf

    def counting(n: LegalAidNotice) -> bytes:
        calls.append(n.pk)
        return real_render(n)

    monkeypatch.setattr(notice_pdfs, "render_notice_pdf", counting)

    first = notice_pdf(notice)
    stored = LegalAidNotice.objects.get(pk=notice.pk)
    assert stored.pdf.name == f"legalaid/notices/notice-{notice.pk}-grant-2026-1.pdf"
    assert stored.pdf.name.isascii()

    again = notice_pdf(LegalAidNotice.objects.get(pk=notice.pk))
    assert again == first and calls == [notice.pk]  # the second call read the stored file
    assert LegalAidNotice.objects.get(pk=notice.pk).pdf.name == stored.pdf.name
    assert "给予法律援助决定书" in pdf_text(again)


@pytest.mark.django_db
def test_a_node_that_cannot_find_the_stored_file_renders_the_same_bytes(means_tested, reviewer):
    """#17: several web nodes share the storage; one that finds the file missing (a storage
    outage, a node on its own folder) must not hand out a different document."""
    notice = only(grant(application=means_tested, actor=reviewer), LegalAidNotice.Kind.GRANT)
    first = notice_pdf(notice)
    stored = LegalAidNotice.objects.get(pk=notice.pk)
    stored.pdf.storage.delete(stored.pdf.name)
    assert notice_pdf(LegalAidNotice.objects.get(pk=notice.pk)) == first


@pytest.mark.django_db
def test_rendering_is_deterministic_and_refuses_the_network(means_tested, reviewer):
    notice = only(grant(application=means_tested, actor=reviewer), LegalAidNotice.Kind.GRANT)
    assert render_notice_pdf(notice) == render_notice_pdf(notice)
    for url in ("http://example.invalid/a.css", "https://example.invalid/font.woff", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="不加载外部资源"):
            refuse_url(url)


def test_every_kind_of_notice_has_its_template():
    for kind in LegalAidNotice.Kind:  # a new kind needs its own wording, reviewed, before it can print
        assert (notice_pdfs.TEMPLATE_DIR / f"{kind.value}.html").is_file()
        assert get_template(f"legalaid/pdf/{kind.value}.html")  # and it compiles


def test_chinese_numbers_and_dates():
    assert [chinese_numeral(n) for n in (1, 10, 12, 20, 48, 99)] == ["一", "十", "十二", "二十", "四十八", "九十九"]
    assert chinese_date(datetime.date(2026, 11, 24)) == "2026年11月24日"
