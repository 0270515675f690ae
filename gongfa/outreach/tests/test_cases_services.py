"""Typical cases through the services: only closed cases one can see are nominated (the text comes
in as a draft); de-identification and publication refuse while an ID-like or phone-like string or a
party's name is left, listing each; the nominator never publishes; return and withdraw need a
reason; every refusal changes nothing and names every problem."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.outreach.choices import TypicalCaseSource as Src
from gongfa.outreach.choices import TypicalCaseStatus as S
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.services import cases as svc
from gongfa.outreach.tests.cases_testing import ID_NUMBER, build_world, clean_texts, labour_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def nominate(world, actor=None, source=Src.LEGAL_AID, number="援2026001"):
    return svc.nominate_case(actor=actor or world.clerk, source=source, number=number, topic=labour_topic())


def problems(exc: DomainError) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in exc.problems]


def in_review(world):
    case = nominate(world)
    case = svc.deidentify_case(actor=world.clerk, case=case, **clean_texts())
    return svc.submit_case(actor=world.clerk, case=case)


# --- nominating ---------------------------------------------------------------------------------


def test_a_closed_legal_aid_case_is_nominated_as_a_draft(world):
    case = nominate(world)
    assert case.status == S.NOMINATED and case.number.startswith("AL")
    assert case.legal_aid_case == world.legal_aid and case.region == world.net.villages[0]
    assert case.topic == labour_topic() and case.nominated_by == world.clerk
    assert case.title == "追索劳动报酬法律援助案"
    assert "王小明" in case.facts and ID_NUMBER in case.handling  # copied as is: to be de-identified
    assert Event.objects.filter(verb="outreach.typicalcase.nominate", subject_id=str(case.pk)).exists()


def test_mediation_and_consultation_cases_are_nominated_with_their_text(world):
    mediation = nominate(world, world.editor, Src.MEDIATION, world.mediation.number)
    assert mediation.mediation_case == world.mediation and mediation.title == "赵一邻里排水纠纷"
    assert "达成书面协议" in mediation.handling
    assert set(svc.known_names(mediation)) == {"赵一", "钱二"}
    consultation = nominate(world, world.editor, Src.CONSULTATION, world.order.tracking_number)
    assert consultation.work_order == world.order and consultation.handling == "可以申请劳动仲裁。"
    assert "孙大妈" in svc.known_names(consultation)


def test_an_open_case_is_not_nominated(world):
    with pytest.raises(DomainError) as caught:
        nominate(world, number="援2026002")
    assert problems(caught.value) == [("number", "not_closed")]
    assert "尚未结案" in caught.value.message
    assert not TypicalCase.objects.exists()


def test_a_case_one_cannot_see_is_not_nominated(world):
    with pytest.raises(DomainError) as caught:
        nominate(world, world.outsider)
    assert problems(caught.value) == [("number", "not_found")]
    with pytest.raises(DomainError):
        nominate(world, number="援2099999")
    assert not TypicalCase.objects.exists()


def test_nominating_names_every_problem_at_once(world):
    with pytest.raises(DomainError) as caught:
        svc.nominate_case(actor=world.clerk, source="", number="", topic="nope")
    assert problems(caught.value) == [("source", "required"), ("topic", "invalid_topic")]
    with pytest.raises(DomainError) as caught:
        svc.nominate_case(actor=world.clerk, source=Src.LEGAL_AID, number="", topic="")
    assert problems(caught.value) == [("number", "required"), ("topic", "required")]


# --- de-identification --------------------------------------------------------------------------


def test_the_proposals_replace_names_and_places(world):
    case = nominate(world)
    table = {r.original: r.replacement for r in svc.proposals_for(case)}
    assert table["王小明"] == "王某" and table["李大壮"] == "李某"
    assert table["示范1镇1村"] == "某村" and table["示范1镇"] == "某镇"
    case = svc.apply_proposals(actor=world.clerk, case=case)
    assert "王小明" not in case.facts and "某村" in case.facts and "王某" in case.handling
    # the numbers are left for a person to remove: the check still finds them
    assert {f.kind for f in svc.findings_for(case)} == {"phone", "id_number"}


def test_deidentifying_is_refused_while_personal_data_is_left_listing_each(world):
    case = nominate(world)
    texts = clean_texts(
        title="王小明讨薪案",
        facts="电话13812345678，又称0571-87654321。",
        handling=f"身份证号{ID_NUMBER}。",
    )
    with pytest.raises(DomainError) as caught:
        svc.deidentify_case(actor=world.clerk, case=case, **texts)
    assert problems(caught.value) == [
        ("title", "personal_data_name"),
        ("facts", "personal_data_phone"),
        ("facts", "personal_data_phone"),
        ("handling", "personal_data_id_number"),
    ]
    messages = [p.message for p in caught.value.problems]
    assert messages[0] == "标题第 1 个字起仍有当事人姓名“王小明”，请删除或替换后再完成脱敏。"
    assert "138****5678" in messages[1] and "13812345678" not in messages[1]
    case.refresh_from_db()
    assert case.status == S.NOMINATED and case.title == "追索劳动报酬法律援助案"  # nothing saved


def test_deidentifying_saves_the_text_and_empty_fields_are_refused(world):
    case = nominate(world)
    with pytest.raises(DomainError) as caught:
        svc.deidentify_case(actor=world.clerk, case=case, **clean_texts(title=" ", facts="", handling=""))
    assert problems(caught.value) == [("title", "required"), ("facts", "required"), ("handling", "required")]
    case = svc.deidentify_case(actor=world.clerk, case=case, **clean_texts())
    assert case.status == S.DEIDENTIFIED and case.deidentified_by == world.clerk
    assert case.citations == ["法律援助法 第三十二条"]


def test_editing_saves_a_draft_even_with_personal_data(world):
    case = nominate(world)
    case = svc.edit_case(actor=world.clerk, case=case, **clean_texts(facts="王小明仍在"))
    assert case.status == S.NOMINATED and case.facts == "王小明仍在"
    with pytest.raises(DomainError) as caught:
        svc.edit_case(actor=world.clerk, case=case, **clean_texts(title=""))
    assert problems(caught.value) == [("title", "required")]


# --- review -------------------------------------------------------------------------------------


def test_an_editor_publishes_a_clean_case(world):
    case = in_review(world)
    case = svc.publish_case(actor=world.editor, case=case, note="同意")
    assert case.status == S.PUBLISHED and case.published_at is not None and case.reviewed_by == world.editor


def test_the_nominator_may_not_publish_their_own_case(world):
    case = nominate(world, world.editor)
    case = svc.deidentify_case(actor=world.editor, case=case, **clean_texts())
    case = svc.submit_case(actor=world.editor, case=case)
    with pytest.raises(DomainError) as caught:
        svc.publish_case(actor=world.editor, case=case)
    assert problems(caught.value) == [(None, "own_nomination")]
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW
    assert svc.publish_case(actor=world.editor2, case=case).status == S.PUBLISHED


def test_publishing_checks_again_and_changes_nothing_when_an_id_or_phone_is_left(world):
    case = in_review(world)
    TypicalCase.objects.filter(pk=case.pk).update(  # slipped in after de-identification
        facts=f"身份证号{ID_NUMBER}", significance="咨询电话 13812345678"
    )
    case.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        svc.publish_case(actor=world.editor, case=case)
    assert problems(caught.value) == [("facts", "personal_data_id_number"), ("significance", "personal_data_phone")]
    assert "请删除或替换后再发布" in caught.value.problems[0].message
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW and case.published_at is None and case.reviewed_by is None
    assert not Event.objects.filter(verb="outreach.typicalcase.publish").exists()


def test_only_editors_of_the_region_publish(world):
    case = in_review(world)
    with pytest.raises(NotPermitted):
        svc.publish_case(actor=world.clerk, case=case)  # window staff: not an editor
    with pytest.raises(NotPermitted):
        svc.publish_case(actor=world.outsider, case=case)  # another county


def test_return_and_withdraw_need_a_reason(world):
    case = in_review(world)
    with pytest.raises(DomainError) as caught:
        svc.return_case(actor=world.editor, case=case, reason="  ")
    assert problems(caught.value) == [("reason", "reason_required")]
    case = svc.return_case(actor=world.editor, case=case, reason="案情过简")
    assert case.status == S.RETURNED and case.review_note == "案情过简"
    case = svc.deidentify_case(actor=world.clerk, case=case, **clean_texts())  # edited again
    with pytest.raises(DomainError) as caught:
        svc.withdraw_case(actor=world.editor, case=case, reason="")
    assert problems(caught.value) == [("reason", "reason_required")]
    case = svc.withdraw_case(actor=world.editor, case=case, reason="当事人不同意公开")
    assert case.status == S.WITHDRAWN


def test_a_published_case_is_withdrawn_by_an_editor_only(world):
    case = svc.publish_case(actor=world.editor, case=in_review(world))
    with pytest.raises(NotPermitted):
        svc.withdraw_case(actor=world.clerk, case=case, reason="不再需要")
    assert svc.withdraw_case(actor=world.editor2, case=case, reason="法律已修改").status == S.WITHDRAWN


def test_steps_out_of_order_are_refused(world):
    case = nominate(world)
    with pytest.raises(InvalidTransition):
        svc.submit_case(actor=world.clerk, case=case)
    with pytest.raises(InvalidTransition):
        svc.publish_case(actor=world.editor, case=case)


def test_publishing_is_refused_while_a_party_name_is_left(world):
    case = in_review(world)
    TypicalCase.objects.filter(pk=case.pk).update(handling="李大壮最终支付了工资。")
    case.refresh_from_db()
    with pytest.raises(DomainError) as caught:
        svc.publish_case(actor=world.editor, case=case)
    assert problems(caught.value) == [("handling", "personal_data_name")]
    assert "当事人姓名“李大壮”" in caught.value.message
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW
