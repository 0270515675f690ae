"""Intake from every channel: validation, staff channels, handle-myself, priority, idempotency, 12345."""

import pytest

from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.workorders.choices import SpecialGroup, Urgency, WorkOrderStatus
from gongfa.workorders.models import IntakeKey, WorkOrder
from gongfa.workorders.services import (
    Idempotency,
    IdempotencyConflict,
    create_idempotent,
    create_work_order,
    receive_12345_transfer,
)


def test_an_anonymous_caller_needs_a_phone(network, hotline_agent):
    with pytest.raises(DomainError, match="请填写联系电话") as excinfo:
        create_work_order(channel=Channel.HOTLINE, region=network.villages[0], text="问题", received_by=hotline_agent)
    assert excinfo.value.field == "contact_phone"
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="问题",
        contact_name="王先生",
        contact_phone="0571-88886666",
        received_by=hotline_agent,
    ).order
    assert order.requester is None and order.contact_phone == "0571-88886666"
    assert order.requester_display == "王*生 057******6666"


@pytest.mark.parametrize("phone", ["12345", "1381234", "abc", "138-0013-8000x"])
def test_malformed_contact_phones_are_refused(network, hotline_agent, phone):
    with pytest.raises(DomainError, match="联系电话格式不正确"):
        create_work_order(
            channel=Channel.HOTLINE,
            region=network.villages[0],
            text="问题",
            contact_phone=phone,
            received_by=hotline_agent,
        )
    assert not WorkOrder.objects.exists()


def test_staff_channels_need_staff(network, citizen):
    with pytest.raises(NotPermitted, match="须由工作人员登记"):
        create_work_order(channel=Channel.HOTLINE, region=network.villages[0], text="问题", requester=citizen)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"channel": "pigeon"}, "未知的受理渠道"),
        ({"region": None}, "请选择所在区划"),
        ({"urgency": "whenever"}, "紧急程度不正确"),
        ({"special_groups": 1024}, "特殊群体标记不正确"),
        ({"text": ""}, "请填写诉求内容"),
    ],
)
def test_bad_input_changes_nothing(network, citizen, kwargs, message):
    arguments = {"channel": Channel.PORTAL, "region": network.villages[0], "text": "问题", "requester": citizen}
    arguments.update(kwargs)
    with pytest.raises(DomainError, match=message):
        create_work_order(**arguments)
    assert not WorkOrder.objects.exists()


def test_the_agent_can_keep_the_call(network, hotline_agent, citizen):
    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="问题",
        requester=citizen,
        received_by=hotline_agent,
        handle_myself=True,
    ).order
    assert order.status == WorkOrderStatus.ASSIGNED
    assert (order.owner_point, order.owner_user) == (network.centre, hotline_agent)
    assert (order.first_owner_point, order.first_owner_user) == (network.centre, hotline_agent)


def test_urgency_and_special_groups_raise_priority(network, citizen):
    order = create_work_order(
        channel=Channel.PORTAL,
        region=network.villages[0],
        text="问题",
        requester=citizen,
        urgency=Urgency.URGENT,
        special_groups=SpecialGroup.ELDERLY | SpecialGroup.MIGRANT_WORKER,
    ).order
    assert order.priority == 50 + 2 * 10
    assert order.special_group_list == ["老年人", "农民工"]


def test_the_same_key_returns_the_same_order(network, citizen):
    key = Idempotency(client="user:1", key="abc", request_hash=Idempotency.hash_of({"text": "问题"}))
    first = create_idempotent(key, channel=Channel.PORTAL, region=network.villages[0], text="问题", requester=citizen)
    again = create_idempotent(key, channel=Channel.PORTAL, region=network.villages[0], text="问题", requester=citizen)
    assert first.created and not again.created
    assert first.order.pk == again.order.pk
    assert WorkOrder.objects.count() == 1 and IntakeKey.objects.count() == 1


def test_the_same_key_with_another_body_is_a_conflict(network, citizen):
    create_idempotent(
        Idempotency("user:1", "abc", "h1"),
        channel=Channel.PORTAL,
        region=network.villages[0],
        text="问题",
        requester=citizen,
    )
    with pytest.raises(IdempotencyConflict) as excinfo:
        create_idempotent(
            Idempotency("user:1", "abc", "h2"),
            channel=Channel.PORTAL,
            region=network.villages[0],
            text="别的",
            requester=citizen,
        )
    assert excinfo.value.status == 409
    assert WorkOrder.objects.count() == 1


def test_12345_transfers_keep_their_reference_once(network):
    first = receive_12345_transfer(
        reference="12345-2026-0001", region=network.villages[0], text="劳动纠纷", contact_phone="13800000000"
    )
    again = receive_12345_transfer(
        reference="12345-2026-0001", region=network.villages[0], text="劳动纠纷", contact_phone="13800000000"
    )
    assert first.created and not again.created and first.order.pk == again.order.pk
    assert first.order.channel == Channel.TRANSFER_12345 and first.order.external_ref == "12345-2026-0001"
    with pytest.raises(DomainError, match="缺少12345工单编号"):
        receive_12345_transfer(reference=" ", region=network.villages[0], text="x", contact_phone="13800000000")


def test_deadlines_come_from_the_catalogue(network, citizen):
    order = create_work_order(channel=Channel.PORTAL, region=network.villages[0], text="问题", requester=citizen).order
    assert order.service_type is not None and order.service_type.code == "consultation"
    assert order.accept_due is not None and order.resolve_due is not None
    assert order.created_at < order.accept_due <= order.resolve_due
