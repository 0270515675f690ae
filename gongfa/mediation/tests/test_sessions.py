"""调解记录 (《人民调解法》第27条): sessions with time, place or video link, attendees (第20条), record,
and attachments (evidence, investigation notes) checked by parsing."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted, ValidationFailed
from gongfa.mediation.choices import DocumentKind, SessionMode
from gongfa.mediation.models import CaseDocument, MediationCase, MediationSession
from gongfa.mediation.services.handling import record_session
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.testing import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


@pytest.fixture
def case(world: MediationWorld) -> MediationCase:
    case = make_case(world, "in_mediation")
    MediationCase.objects.filter(pk=case.pk).update(registered_at=timezone.now() - datetime.timedelta(days=2))
    return MediationCase.objects.get(pk=case.pk)


def pdf(name: str = "证据.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.one_page_pdf(), content_type="application/pdf")


def an_hour_ago() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=1)


def test_an_in_person_session_with_evidence_and_an_investigation_note(
    world: MediationWorld, case: MediationCase
) -> None:
    session = record_session(
        actor=world.mediators[0].user,
        case=case,
        held_at=an_hour_ago(),
        mode=SessionMode.IN_PERSON,
        place="示范1镇1村人民调解室",
        attendees="申请人赵申请、被申请人钱被申、调解员张调解、村民小组长孙某（经双方同意）",
        record="双方陈述了墙体开裂经过，被申请人同意先行查看现场。",
        is_public=False,
        attachments=[
            (DocumentKind.EVIDENCE, pdf()),
            (DocumentKind.INVESTIGATION, SimpleUploadedFile("现场.png", files.small_png(), content_type="image/png")),
        ],
    )
    assert session.recorded_by == world.mediators[0].user
    documents = {d.kind: d for d in CaseDocument.objects.filter(case=case, session=session)}
    assert set(documents) == {DocumentKind.SESSION_RECORD, DocumentKind.EVIDENCE, DocumentKind.INVESTIGATION}
    assert documents[DocumentKind.SESSION_RECORD].generated is True
    evidence = documents[DocumentKind.EVIDENCE]
    assert (evidence.content_type, evidence.generated) == ("application/pdf", False)
    assert evidence.file.name.endswith(".pdf")
    assert "证据" not in evidence.file.name  # no original name in the path
    assert documents[DocumentKind.INVESTIGATION].file.name.endswith(".png")
    event = Event.objects.get(verb="mediation.mediationcase.record_session")
    assert event.data["session"] == session.pk
    assert len(event.data["documents"]) == 3


def test_a_video_session_needs_a_link_and_a_phone_session_neither(world: MediationWorld, case: MediationCase) -> None:
    with pytest.raises(DomainError, match="视频调解须填写视频链接"):
        record_session(
            actor=world.chair, case=case, held_at=an_hour_ago(), mode=SessionMode.VIDEO, attendees="双方", record="记录"
        )
    with pytest.raises(DomainError, match="视频链接格式不正确"):
        record_session(
            actor=world.chair,
            case=case,
            held_at=an_hour_ago(),
            mode=SessionMode.VIDEO,
            video_link="javascript:alert(1)",
            attendees="双方",
            record="记录",
        )
    video = record_session(
        actor=world.chair,
        case=case,
        held_at=an_hour_ago(),
        mode=SessionMode.VIDEO,
        video_link="https://meeting.example.cn/j/123456",
        attendees="双方",
        record="视频调解，双方均同意继续协商。",
    )
    assert video.video_link == "https://meeting.example.cn/j/123456"
    phone = record_session(
        actor=world.chair, case=case, held_at=an_hour_ago(), mode=SessionMode.PHONE, attendees="双方", record="电话沟通"
    )
    assert phone.place == ""


def test_every_bad_input_at_once(world: MediationWorld, case: MediationCase) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record_session(
            actor=world.chair,
            case=case,
            held_at=timezone.now() + datetime.timedelta(days=1),
            mode=SessionMode.IN_PERSON,
            place="",
            attendees="",
            record="  ",
            attachments=[
                ("agreement", pdf()),
                (
                    DocumentKind.EVIDENCE,
                    SimpleUploadedFile("假.pdf", b"%PDF-1.4 not really", content_type="application/pdf"),
                ),
                (DocumentKind.EVIDENCE, None),
            ],
        )
    assert {(p.field, p.code) for p in caught.value.problems} == {
        ("held_at", "future_time"),
        ("place", "required"),
        ("attendees", "required"),
        ("record", "required"),
        ("attachments.0", "invalid_attachment_kind"),
        ("attachments.1", "invalid_pdf"),
        ("attachments.2", "required"),
    }
    assert not MediationSession.objects.exists()
    assert not CaseDocument.objects.filter(case=case).exists()


def test_mode_and_time_are_required(world: MediationWorld, case: MediationCase) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record_session(
            actor=world.chair, case=case, held_at=None, mode="carrier_pigeon", attendees="双方", record="记录"
        )
    assert {p.field for p in caught.value.problems} == {"held_at", "mode"}


def test_a_session_before_registration_is_refused(world: MediationWorld, case: MediationCase) -> None:
    with pytest.raises(DomainError, match="不能早于案件登记时间"):
        record_session(
            actor=world.chair,
            case=case,
            held_at=case.registered_at - datetime.timedelta(days=3),
            mode=SessionMode.PHONE,
            attendees="双方",
            record="记录",
        )


def test_sessions_only_in_mediation_and_by_those_handling_it(world: MediationWorld) -> None:
    for status in ("mediator_assigned", "agreement_effective"):
        with pytest.raises(InvalidTransition):
            record_session(
                actor=world.chair,
                case=make_case(world, status),
                held_at=an_hour_ago(),
                mode=SessionMode.PHONE,
                attendees="双方",
                record="记录",
            )
    assert world.outsider is not None
    with pytest.raises(NotPermitted):
        record_session(
            actor=world.outsider.user,
            case=make_case(world, "in_mediation"),
            held_at=an_hour_ago(),
            mode=SessionMode.PHONE,
            attendees="双方",
            record="记录",
        )
    assert not MediationSession.objects.exists()


def test_a_session_in_the_minute_of_registration_is_not_before_it(world: MediationWorld, case: MediationCase) -> None:
    """The form gives minutes (datetime-local): registered at 10:15:40, a session at 10:15 is kept,
    one at 10:14 is not."""
    registered = case.registered_at.replace(second=40, microsecond=0)
    MediationCase.objects.filter(pk=case.pk).update(registered_at=registered)
    case.refresh_from_db()
    with pytest.raises(DomainError, match="不能早于案件登记时间"):
        record_session(
            actor=world.chair,
            case=case,
            held_at=registered.replace(second=0) - datetime.timedelta(minutes=1),
            mode=SessionMode.PHONE,
            attendees="双方",
            record="记录",
        )
    session = record_session(
        actor=world.chair,
        case=case,
        held_at=registered.replace(second=0),
        mode=SessionMode.PHONE,
        attendees="双方",
        record="记录",
    )
    assert session.held_at == registered.replace(second=0)
