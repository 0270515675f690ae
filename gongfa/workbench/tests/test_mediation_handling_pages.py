"""Handling through the case page: start, session records (phone-first, with an attachment), the
time limit's extension, escalation reports, expert consultation, termination by a party, failure;
each bad input refused with every problem at once (400), nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongfa.mediation.models import CaseDocument, EscalationReport, ExpertConsultation, MediationCase, MediationSession
from gongfa.mediation.testing import MediationWorld, build_world, make_case
from gongfa.workbench.tests.mediation_support import act, errors_of, post_ok

pytestmark = pytest.mark.django_db


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def world() -> MediationWorld:
    return build_world()


def fresh(case: MediationCase) -> MediationCase:
    return MediationCase.objects.get(pk=case.pk)


def started(world: MediationWorld) -> MediationCase:
    case = make_case(world, "mediator_assigned")
    MediationCase.objects.filter(pk=case.pk).update(registered_at=timezone.now() - datetime.timedelta(days=2))
    from gongfa.mediation.services.handling import start_mediation

    case.refresh_from_db()
    return start_mediation(actor=world.mediators[0].user, case=case)


def test_starting_mediation_starts_the_clock(client, world: MediationWorld) -> None:
    case = make_case(world, "mediator_assigned")
    client.force_login(world.mediators[0].user)
    page = post_ok(client, case, "start_mediation")
    case = fresh(case)
    assert case.status == "in_mediation" and case.due_on is not None
    assert 'data-testid="case-clock"' in page and "剩" in page.split('data-testid="case-clock"')[1][:200]


def test_recording_a_session_with_an_attachment(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    held = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "held_at": held.strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "place": "村委会调解室",
        "attendees": "赵申请、钱被申、张调解",
        "record": "双方陈述了事实，同意就修缮费用继续协商。",
        "attachment_kind": "evidence",
        "attachment": SimpleUploadedFile("photo.png", png(), content_type="image/png"),
    }
    response = client.post(f"/workbench/mediation/cases/{case.number}/record_session/", data)
    assert response.status_code == 302, errors_of(response)
    session = MediationSession.objects.get(case=case)
    assert session.place == "村委会调解室"
    assert CaseDocument.objects.filter(case=case, kind="evidence").exists()


def test_a_session_with_everything_wrong_names_every_problem(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(
        client, case, "record_session", {"held_at": "昨天下午", "mode": "video", "attendees": "", "record": ""}
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert "调解时间的格式不正确，应为 年-月-日 时:分。" in errors  # the form's
    assert "视频调解须填写视频链接。" in errors  # the service's, in the same round
    assert "请填写参加人员。" in errors and "请填写调解记录。" in errors
    assert not MediationSession.objects.filter(case=case).exists()
    assert not CaseDocument.objects.filter(case=case, kind="session_record").exists()


def test_the_session_form_returns_to_its_own_page_from_the_phone_page(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(client, case, "record_session", {"_page": "action", "mode": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>记录调解过程</h1>" in page and "请选择调解方式。" in page


def test_extending_needs_a_date_a_reason_and_both_parties(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(client, case, "extend", {"until": "", "reason": ""})
    assert response.status_code == 400
    assert len(errors_of(response)) >= 2, errors_of(response)
    assert fresh(case).extended_until is None
    assert case.due_on is not None
    until = case.due_on + datetime.timedelta(days=10)
    post_ok(client, case, "extend", {"until": until.isoformat(), "reason": "需补充鉴定", "consent_of_all": "on"})
    assert fresh(case).extended_until == until


def test_reporting_and_resolving_an_escalation(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(client, case, "report_escalation", {"risk": "", "description": "", "people": "很多"})
    assert response.status_code == 400
    assert len(errors_of(response)) >= 3, errors_of(response)
    assert not EscalationReport.objects.exists()
    post_ok(
        client,
        case,
        "report_escalation",
        {"risk": "criminal", "description": "双方扬言动手，已分开劝解。", "people": "2"},
    )
    report = EscalationReport.objects.get(case=case)
    assert fresh(case).escalation_risk is True
    post_ok(
        client,
        case,
        "resolve_escalation",
        {"report": report.pk, "prevented_criminal": "on", "criminal_people": "2"},
    )
    assert EscalationReport.objects.get(pk=report.pk).resolved_at is not None
    assert fresh(case).prevented_criminal is True


def test_expert_consultation(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(client, case, "request_consultation", {"question": ""})
    assert response.status_code == 400 and errors_of(response)
    post_ok(client, case, "request_consultation", {"question": "承重墙拆除的责任如何划分？"})
    consultation = ExpertConsultation.objects.get(case=case)
    client.force_login(world.chair)
    post_ok(
        client,
        case,
        "answer_consultation",
        {"consultation": consultation.pk, "experts": "刘律师", "opinion": "装修方承担主要责任。"},
    )
    assert ExpertConsultation.objects.get(pk=consultation.pk).status == "answered"


def test_termination_at_a_partys_request(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(client, case, "terminate_by_party", {"party": "", "reason": ""})
    assert response.status_code == 400 and len(errors_of(response)) >= 1
    assert fresh(case).status == "in_mediation"
    respondent = case.parties.get(side="respondent")
    post_ok(client, case, "terminate_by_party", {"party": respondent.pk, "reason": "被申请人要求终止调解"})
    assert fresh(case).status == "terminated_by_party"


def test_failure_needs_a_reason(client, world: MediationWorld) -> None:
    case = started(world)
    client.force_login(world.mediators[0].user)
    response = act(client, case, "fail", {"reason": ""})
    assert response.status_code == 400 and errors_of(response)
    assert fresh(case).status == "in_mediation"
    post_ok(client, case, "fail", {"reason": "双方对赔偿数额分歧过大"})
    assert fresh(case).status == "failed"
