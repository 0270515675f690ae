"""Mediation PDFs (gongfa/mediation/pdf.py): the written agreement (调解协议书, 第29、31、33条) and
the whole case file (调解卷宗) as one PDF, made through the services and read back with pypdf, so
the assertions are on the text a person would read."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from gongfa.core.errors import DomainError
from gongfa.mediation.choices import (
    CourtDecision,
    DocumentKind,
    NonAcceptanceReason,
    Performance,
    Satisfaction,
    SessionMode,
)
from gongfa.mediation.models import Agreement, CaseDocument, CaseParty, MediationCase
from gongfa.mediation.pdf import (
    ImageFetcher,
    NetworkRefused,
    agreement_pdf,
    case_file_pdf,
    mask_personal,
    refuse_url,
    store_agreement_pdf,
)
from gongfa.mediation.services.acceptance import refuse_acceptance
from gongfa.mediation.services.agreement import finalise_agreement
from gongfa.mediation.services.closing import add_document, close_case
from gongfa.mediation.services.confirmation import file_confirmation, record_court_decision
from gongfa.mediation.services.followup import record_return_visit
from gongfa.mediation.services.handling import record_session, start_mediation
from gongfa.mediation.services.outcome import record_failure, record_oral_agreement
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.mediation.tests.test_agreement_draft import TODAY, draft, frozen, make_effective, mediator_of
from gongfa.testing import files

pytestmark = pytest.mark.django_db
__all__ = ["frozen"]
K = DocumentKind


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes) -> str:
    """All the text, spaces and line breaks removed (Chinese lines break anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in reader.pages)


def page_texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def text_pdf(marker: str, pages: int = 1) -> bytes:
    """An uploaded PDF whose pages carry `marker`-1, `marker`-2 … (ASCII, found again by pypdf)."""
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{marker}-{n + 1}</p>' for n in range(pages))
    data = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    assert data is not None
    return bytes(data)


def parties(case: MediationCase) -> list[CaseParty]:
    return list(case.parties.all())


def test_the_written_agreement_prints_article_29_its_number_and_masked_parties(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = make_effective(world, case)
    agreement.refresh_from_db()
    text = pdf_text(agreement_pdf(agreement))
    assert "人民调解协议书" in text and world.township_committee.agency.name in text
    assert agreement.number and agreement.number in text and f"案件编号：{case.number}" in text
    for party in parties(case):
        assert party.name in text
        assert party.id_number not in text  # never the full number …
        assert party.masked_id_number in text  # … the masked one, as the notices print it
        assert party.phone not in text
    assert "被申请人装修时拆除承重墙" in text and "被申请人赔偿申请人修缮费用八千元" in text
    assert "履行方式：银行转账" in text and "履行期限：2026年12月10日" in text and "8,000.00元" in text
    assert "第二十九条" in text and "具有法律约束力，当事人应当按照约定履行" in text and "第三十一条" in text
    assert "三十日内共同向人民法院申请司法确认" in text and "第三十三条" in text
    assert "即于2026年12月23日前提出" in text  # the case's window end (30 days from Monday 23 Nov)
    assert "本协议一式3份" in text
    assert text.count("已签署（纸质签名（捺印），2026年11月23日）") == 2
    assert "已签名（2026年11月23日）" in text and "（印章）已盖章" in text and "生效日期：2026年11月23日" in text


def test_an_id_number_typed_into_the_agreement_text_is_masked(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft(world, case, parties_text="申请人赵申请，身份证号110101199003071234，电话13912345678。")
    text = pdf_text(agreement_pdf(agreement))
    assert "110101199003071234" not in text and "1101**********1234" in text
    assert "13912345678" not in text and "139****5678" in text
    assert "（草稿，未定稿）" in text and "＿＿年＿＿月＿＿日" in text  # nothing signed or in force yet
    assert mask_personal("编号 123456 不是身份证号") == "编号 123456 不是身份证号"


def test_a_finalised_agreement_is_stored_and_a_draft_is_refused(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = draft(world, case)
    with pytest.raises(DomainError) as error:
        store_agreement_pdf(agreement)
    assert error.value.message == "协议草稿，定稿后才能生成协议书 PDF。" and error.value.code == "not_finalised"
    assert not Agreement.objects.get(pk=agreement.pk).pdf
    finalised = finalise_agreement(actor=mediator_of(world), agreement=agreement)
    data = store_agreement_pdf(finalised)
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.pdf.name.startswith("mediation/agreements/agreement-") and stored.pdf.name.endswith(".pdf")
    with stored.pdf.open("rb") as handle:
        assert handle.read() == data
    assert "调解" not in stored.pdf.name  # ASCII file name
    assert finalised.number and finalised.number in pdf_text(data)


def test_an_oral_agreement_prints_as_the_oral_record(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    agreement = record_oral_agreement(actor=mediator_of(world), case=case, content="被申请人当面赔礼道歉。")
    text = pdf_text(agreement_pdf(agreement))
    assert "口头协议登记表" in text and "被申请人当面赔礼道歉" in text
    assert "第二十八条、第三十条" in text and "人民调解协议书" not in text


def full_case(world: MediationWorld, clock: Any) -> MediationCase:
    """A written agreement from the rights notice to the closed file: two sessions, identity
    papers (an uploaded two-page PDF, encrypted at rest), a photo, a paper power of attorney,
    judicial confirmation, the return visit and closing."""
    case = make_case(world, "mediator_assigned")
    # make_case writes rows without register_case: the registration form it would generate.
    CaseDocument.objects.create(case=case, kind=K.APPLICATION, title="人民调解受理登记表", generated=True)
    mediator = mediator_of(world)
    start_mediation(actor=mediator, case=case)
    for record in ("双方陈述事实，分歧较大。", "经释法说理，双方同意赔偿八千元。"):
        clock.shift(datetime.timedelta(minutes=30))
        record_session(
            actor=mediator,
            case=case,
            held_at=timezone.now(),
            mode=SessionMode.IN_PERSON,
            place="青山镇调解室",
            attendees="赵申请、钱被申、张调解",
            record=record,
        )
    add_document(
        actor=world.chair,
        case=case,
        kind=K.IDENTITY,
        title="双方身份证复印件",
        file=SimpleUploadedFile("id.pdf", text_pdf("IDCOPY", pages=2), content_type="application/pdf"),
    )
    add_document(
        actor=world.chair,
        case=case,
        kind=K.EVIDENCE,
        title="墙体开裂照片",
        file=SimpleUploadedFile("photo.png", files.PNG, content_type="image/png"),
    )
    add_document(actor=world.chair, case=case, kind=K.POWER_OF_ATTORNEY, title="授权委托书")
    make_effective(world, case)
    case.refresh_from_db()
    file_confirmation(actor=world.chair, case=case, court="示范县人民法院", filed_on=TODAY)
    record_court_decision(
        actor=world.chair,
        case=case,
        decision=CourtDecision.CONFIRMED,
        decided_on=TODAY,
        court_reference="（2026）示民特12号",
    )
    add_document(actor=world.chair, case=case, kind=K.JUDICIAL_CONFIRMATION, title="民事裁定书")
    record_return_visit(
        actor=mediator,
        visit=case.return_visits.get(),
        performance=Performance.PERFORMED,
        satisfaction=Satisfaction.SATISFIED,
        note="已按期转账。",
    )
    return close_case(actor=world.chair, case=case)


def test_the_whole_case_file_is_one_pdf_in_file_order(frozen: Any) -> None:
    world = build_world()
    case = full_case(world, frozen)
    data = case_file_pdf(case)
    assert data.startswith(b"%PDF-")
    pages = page_texts(data)
    text = "".join(pages)
    # The cover.
    cover = pages[0]
    assert "调解卷宗" in cover and "卷宗封面" in cover and case.number in cover
    assert "赵申请" in cover and "钱被申" in cover and case.category.name in cover
    assert world.township_committee.agency.name in cover and "2026年11月23日" in cover
    assert "达成书面协议" in cover and "8,000.00元" in cover
    # The contents, every document on file by title, in FILE_ORDER.
    assert "卷内目录" in pages[1]
    titles = [
        "人民调解受理登记表",
        "人民调解权利义务告知书",
        "双方身份证复印件",
        "授权委托书",
        "墙体开裂照片",
        "调解记录",
        "调解协议书",
        "回访记录",
        "司法确认材料",
        "民事裁定书",
    ]
    positions = [pages[1].find(title) for title in titles[:4]]
    assert all(position >= 0 for position in positions) and positions == sorted(positions)
    for title in titles:
        assert title in text, title
    # Each generated document is rendered from the case's rows.
    assert "当事人享有下列权利（第二十三条）" in text and "当事人履行下列义务（第二十四条）" in text
    assert "双方陈述事实，分歧较大" in text and "经释法说理，双方同意赔偿八千元" in text
    assert "（2026）示民特12号" in text and "裁定协议有效" in text and "已按期转账" in text
    assert "人民调解协议书" in text and "第三十三条" in text
    assert "本材料为纸质材料，原件存于纸质卷宗" in text
    # The uploaded PDF's two pages are in the file, in place of their stand-ins.
    assert [index for index, page in enumerate(pages) if "IDCOPY" in page] == [
        next(i for i, page in enumerate(pages) if "IDCOPY-1" in page),
        next(i for i, page in enumerate(pages) if "IDCOPY-2" in page),
    ]
    first_id = next(i for i, page in enumerate(pages) if "IDCOPY-1" in page)
    assert "人民调解权利义务告知书" in pages[first_id - 1] and "IDCOPY-2" in pages[first_id + 1]
    # Personal data: masked ID numbers only.
    for party in parties(case):
        assert party.id_number not in text and party.phone not in text
        assert party.masked_id_number in text
    # The back page, last, with the page count of the whole PDF.
    back = pages[-1]
    assert "封底" in back and case.number in back
    assert f"共{len(pages)}页" in back and "本卷共" in back
    assert "调委会主任" in back  # who closed the file (立卷人)


def test_a_case_not_accepted_prints_its_notice(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "applied")
    refuse_acceptance(
        actor=world.chair,
        case=case,
        reason=NonAcceptanceReason.ALREADY_HANDLED,
        redirect_to="示范县人民法院",
    )
    text = pdf_text(case_file_pdf(case))
    assert "不予受理告知书" in text and "人民法院、公安机关或其他行政机关已经受理或者解决" in text
    assert "请你（单位）向示范县人民法院申请处理" in text and "不予受理" in text
    assert "封底" in text and "未归档" in text


def test_a_failed_case_prints_the_routes_notice(frozen: Any) -> None:
    world = build_world()
    case = make_case(world, "in_mediation")
    record_failure(actor=mediator_of(world), case=case, reason="双方分歧过大")
    text = pdf_text(case_file_pdf(case))
    assert "终止调解告知书" in text and "《人民调解法》第二十六条" in text
    assert "向人民法院提起诉讼" in text and "调解不成" in text


def test_rendering_never_reaches_the_network() -> None:
    with pytest.raises(NetworkRefused):
        refuse_url("https://example.com/font.woff")
    fetch = ImageFetcher({"gongfa-doc:1": files.PNG})
    response = fetch("gongfa-doc:1")
    assert response.content_type == "image/png" and response.read() == files.PNG
    with pytest.raises(NetworkRefused):
        fetch("gongfa-doc:2")
