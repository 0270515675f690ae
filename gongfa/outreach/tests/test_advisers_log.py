"""Recording an adviser's work-log entry (村(居)法律顾问工作日志): the kind's fields, every bad
input refused at once with nothing written, photos without metadata, a consultation as one closed
work order, the optional mediation case, and a double submit saved once."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, ValidationFailed
from gongfa.mediation.testing import build_world, make_case
from gongfa.network.models import AdvisorAssignment, Region, RegionSetting
from gongfa.outreach.models import AdvisorLog, Attachment, WorkLogKind
from gongfa.outreach.services.advisers import LogEntry, record_log
from gongfa.testing.factories import MiniNetwork, build_network, eligible_advisor
from gongfa.testing.files import GPS_IFD, jpeg_with_gps, small_png
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


@dataclass
class Advisers:
    net: MiniNetwork
    advisor: User
    village: Region  # served
    other: Region  # not served


def make_advisers(net: MiniNetwork | None = None) -> Advisers:
    net = net or build_network()
    advisor = eligible_advisor(net.county, real_name="李顾问", phone="13800001111")
    AdvisorAssignment.objects.create(advisor=advisor, village=net.villages[0])
    return Advisers(net, advisor, net.villages[0], net.villages[1])


@pytest.fixture
def advisers() -> Advisers:
    return make_advisers()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def kind(code: str) -> WorkLogKind:
    return WorkLogKind.objects.get(code=code)


def entry(a: Advisers, code: str = "visit", **values: Any) -> LogEntry:
    base: dict[str, Any] = {
        "village": a.village,
        "kind": kind(code),
        "occurred_on": timezone.localdate(),
        "summary": "到村值班，接待群众来访。",
        "days_in_village": Decimal(1),
    }
    base.update(values)
    return LogEntry(**base)


def codes(caught: pytest.ExceptionInfo[DomainError]) -> dict[str | None, str]:
    return {p.field: p.code for p in caught.value.problems}


def test_a_visit_is_saved_with_the_kind_s_default_hours_and_an_event(advisers: Advisers) -> None:
    log, created = record_log(advisers.advisor, entry(advisers, topic="ignored: visit asks no topic"))
    assert created
    assert (log.village, log.kind.code, log.days_in_village) == (advisers.village, "visit", Decimal(1))
    assert log.hours == Decimal(4)  # the seed's default for a visit
    assert log.topic == ""  # a field the kind does not ask for is not kept
    assert log.work_order is None
    event = Event.objects.get(verb="outreach.advisor_log.record")
    assert event.subject_id == str(log.pk)
    assert event.data["kind"] == "visit"


def test_a_village_the_adviser_does_not_serve_is_refused(advisers: Advisers) -> None:
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, entry(advisers, village=advisers.other))
    assert codes(caught) == {"village": "not_served"}
    assert "不是" in caught.value.message and advisers.other.name in caught.value.message
    assert not AdvisorLog.objects.exists()


def test_an_ended_appointment_no_longer_serves(advisers: Advisers) -> None:
    AdvisorAssignment.objects.filter(advisor=advisers.advisor).update(is_active=False)
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, entry(advisers))
    assert codes(caught) == {"village": "not_served"}


def test_a_date_in_the_future_is_refused(advisers: Advisers) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, entry(advisers, occurred_on=tomorrow))
    assert codes(caught) == {"occurred_on": "future_date"}
    assert caught.value.message == "日期不能晚于今天。"
    assert not AdvisorLog.objects.exists()


def test_a_negative_audience_is_refused(advisers: Advisers) -> None:
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, entry(advisers, "lecture", topic="民法典", audience=-3))
    assert codes(caught) == {"audience": "negative"}
    assert caught.value.message == "听众人数不能是负数。"


def test_an_absurd_audience_must_be_confirmed_then_is_accepted(advisers: Advisers) -> None:
    talk = entry(advisers, "lecture", topic="民法典", audience=250_000)
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, talk)
    assert codes(caught) == {"audience": "confirm_audience"}
    assert "100,000" in caught.value.message and "确认人数无误" in caught.value.message
    assert not AdvisorLog.objects.exists()
    talk.confirm_audience = True
    log, created = record_log(advisers.advisor, talk)
    assert created and log.audience == 250_000


def test_the_confirmation_threshold_is_the_region_s_setting(advisers: Advisers) -> None:
    RegionSetting.objects.create(region=advisers.net.county, key="outreach.audience_confirm_above", value=500)
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, entry(advisers, "lecture", topic="宪法", audience=600))
    assert codes(caught) == {"audience": "confirm_audience"}
    log, _ = record_log(advisers.advisor, entry(advisers, "lecture", topic="宪法", audience=400))
    assert log.audience == 400


def test_the_kind_s_required_fields_and_every_other_problem_are_reported_at_once(advisers: Advisers) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        record_log(
            advisers.advisor,
            entry(advisers, "lecture", village=advisers.other, occurred_on=tomorrow, summary="", audience=None),
        )
    assert codes(caught) == {
        "village": "not_served",
        "occurred_on": "future_date",
        "summary": "required",
        "topic": "required",
        "audience": "required",
    }
    messages = [p.message for p in caught.value.problems]
    assert "请填写主题。" in messages and "请填写听众人数。" in messages
    assert not AdvisorLog.objects.exists()


def test_a_photo_is_stored_re_encoded_without_its_gps_position(advisers: Advisers) -> None:
    photo = SimpleUploadedFile("现场.jpg", jpeg_with_gps(), content_type="image/jpeg")
    log, _ = record_log(advisers.advisor, entry(advisers, photos=[photo]))
    [attachment] = Attachment.objects.filter(log=log)
    assert attachment.content_type == "image/jpeg"
    assert attachment.uploaded_by == advisers.advisor
    stored = attachment.file.read()
    assert attachment.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)


def test_an_image_that_does_not_decode_is_refused(advisers: Advisers) -> None:
    broken = SimpleUploadedFile("坏图.png", small_png()[:40], content_type="image/png")
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, entry(advisers, photos=[broken]))
    assert codes(caught) == {"photos": "invalid_image"}
    assert caught.value.message.startswith("坏图.png：这张图片无法打开")
    assert not AdvisorLog.objects.exists()
    assert not Attachment.objects.exists()


def test_the_same_client_key_saves_once(advisers: Advisers) -> None:
    first, created = record_log(advisers.advisor, entry(advisers, client_key="k-1"))
    again, created_again = record_log(advisers.advisor, entry(advisers, client_key="k-1"))
    assert created and not created_again
    assert again.pk == first.pk
    assert AdvisorLog.objects.count() == 1


def test_another_adviser_s_key_is_refused(advisers: Advisers) -> None:
    record_log(advisers.advisor, entry(advisers, client_key="k-2"))
    other = eligible_advisor(advisers.net.county)
    AdvisorAssignment.objects.create(advisor=other, village=advisers.village)
    with pytest.raises(DomainError) as caught:
        record_log(other, entry(advisers, client_key="k-2"))
    assert caught.value.code == "stale_form"


def consultation(a: Advisers, **values: Any) -> LogEntry:
    base: dict[str, Any] = {
        "summary": "群众咨询土地承包经营权流转合同效力，已当场解答。",
        "topic": "土地承包",
        "requester_name": "王大明",
        "requester_phone": "13912345678",
    }
    return entry(a, "consultation", **{**base, **values})


def test_a_consultation_answered_on_the_spot_is_one_closed_work_order(advisers: Advisers) -> None:
    log, _ = record_log(advisers.advisor, consultation(advisers, client_key="c-1"))
    order = log.work_order
    assert order is not None
    order = WorkOrder.objects.get(pk=order.pk)
    assert order.status == WorkOrderStatus.CLOSED
    assert order.result_code == ResultCode.ANSWERED
    assert order.channel == Channel.VILLAGE_ROOM
    assert order.region == advisers.village
    assert order.owner_point == advisers.net.rooms[advisers.village.code]
    assert order.owner_user == advisers.advisor
    assert order.answered_by == advisers.advisor
    assert (order.contact_name, order.contact_phone) == ("王大明", "13912345678")
    # A double submit does not make a second order.
    record_log(advisers.advisor, consultation(advisers, client_key="c-1"))
    assert WorkOrder.objects.count() == 1


def test_a_consultation_needs_the_person_s_phone_and_a_valid_one(advisers: Advisers) -> None:
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, consultation(advisers, requester_phone=""))
    assert codes(caught) == {"requester_phone": "contact_required"}
    with pytest.raises(DomainError) as caught:
        record_log(advisers.advisor, consultation(advisers, requester_phone="12345"))
    assert codes(caught) == {"requester_phone": "invalid_phone"}
    assert not WorkOrder.objects.exists()
    assert not AdvisorLog.objects.exists()


def test_a_mediation_can_link_a_case_of_a_served_village_only() -> None:
    world = build_world()
    a = make_advisers(world.net)
    case = make_case(world)  # in villages[0], which the adviser serves
    log, _ = record_log(a.advisor, entry(a, "mediation", mediation_case_id=case.pk))
    assert log.mediation_case == case
    elsewhere = make_case(world)
    type(elsewhere).objects.filter(pk=elsewhere.pk).update(region=a.other)
    with pytest.raises(DomainError) as caught:
        record_log(a.advisor, entry(a, "mediation", mediation_case_id=elsewhere.pk))
    assert codes(caught) == {"mediation_case": "case_not_linkable"}


def test_a_wechat_group_needs_members_and_answers_that_are_not_negative(advisers: Advisers) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record_log(advisers.advisor, entry(advisers, "wechat_group", group_members=-1, questions_answered=None))
    assert codes(caught) == {"group_members": "negative", "questions_answered": "required"}


def test_a_lawyer_with_an_appointment_may_log_too(advisers: Advisers) -> None:
    lawyer = eligible_advisor(advisers.net.county, role=Role.LAWYER)
    AdvisorAssignment.objects.create(advisor=lawyer, village=advisers.village)
    log, _ = record_log(lawyer, entry(advisers))
    assert log.advisor == lawyer
