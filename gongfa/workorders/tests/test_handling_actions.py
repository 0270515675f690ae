"""Accept, call back, pause/resume, transfer out, feedback, convert, close, reopen, merge, link,
reclassify: each good path and its refusals."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.network.models import RegionSetting
from gongfa.workorders.choices import CallbackOutcome, ResultCode, ReturnVisitKind, WorkOrderStatus
from gongfa.workorders.gateways import RecordingGateway
from gongfa.workorders.models import CaseLink, ReturnVisit, Topic, TopicLabel, WorkOrder
from gongfa.workorders.services import (
    accept_work_order,
    answer_work_order,
    close_work_order,
    convert_to_case,
    create_work_order,
    link_work_orders,
    log_callback,
    merge_work_order,
    pause_clock,
    reclassify_work_order,
    record_feedback,
    register_case_kind,
    reopen_work_order,
    resume_clock,
    transfer_out,
)
from gongfa.workorders.services.handling import CASE_KINDS

START = datetime.datetime(2026, 11, 24, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def order(citizen, staffed_village):
    village, clerk = staffed_village
    with time_machine.travel(START, tick=False):
        created = create_work_order(channel=Channel.PORTAL, region=village, text="邻居占路", requester=citizen).order
    return created, clerk


def test_accept_records_time_and_handler(order):
    wo, clerk = order
    accepted = accept_work_order(order=wo, actor=clerk)
    assert accepted.status == WorkOrderStatus.IN_PROGRESS and accepted.accepted_at is not None
    with pytest.raises(InvalidTransition):
        accept_work_order(order=wo, actor=clerk)


def test_callbacks_and_first_contact(order):
    wo, clerk = order
    log_callback(order=wo, actor=clerk, outcome=CallbackOutcome.NO_ANSWER)
    assert WorkOrder.objects.get(pk=wo.pk).first_contact_at is None
    record = log_callback(order=wo, actor=clerk, outcome=CallbackOutcome.REACHED, notes="约了明天见面")
    assert WorkOrder.objects.get(pk=wo.pk).first_contact_at == record.called_at
    assert Event.objects.filter(verb="workorders.workorder.callback").count() == 2
    with pytest.raises(DomainError, match="请选择回拨结果"):
        log_callback(order=wo, actor=clerk, outcome="maybe")


def test_pause_and_resume_shift_the_deadlines(order):
    wo, clerk = order
    accept_work_order(order=wo, actor=clerk)
    due = WorkOrder.objects.get(pk=wo.pk).resolve_due
    assert due is not None
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        paused = pause_clock(order=wo, actor=clerk, reason="等群众补充土地证复印件")
    assert paused.status == WorkOrderStatus.WAITING and paused.sla_state().value == "paused"
    with time_machine.travel(START + datetime.timedelta(hours=4), tick=False):
        resumed = resume_clock(order=wo, actor=clerk)
    assert resumed.status == WorkOrderStatus.IN_PROGRESS
    assert resumed.resolve_due == due + datetime.timedelta(hours=3)
    assert resumed.paused_seconds == 3 * 3600
    with pytest.raises(DomainError, match="暂停计时须填写原因"):
        pause_clock(order=wo, actor=clerk, reason="")


def test_transfer_out_to_12345_and_feedback(order):
    wo, clerk = order
    RecordingGateway.sent.clear()
    out = transfer_out(order=wo, actor=clerk, reason="属于住建部门职责")
    assert out.status == WorkOrderStatus.TRANSFERRED_OUT
    assert RecordingGateway.sent[-1][0] == wo.tracking_number
    back = record_feedback(order=wo, actor=clerk, feedback="住建局已派员处理")
    assert back.status == WorkOrderStatus.ANSWERED and back.answer == "住建局已派员处理"


@override_settings(WORKORDER_GATEWAY="gongfa.workorders.gateways.FailingGateway")
def test_a_failed_transfer_changes_nothing(order):
    from gongfa.workorders.gateways import GatewayError

    wo, clerk = order
    with pytest.raises(GatewayError):
        transfer_out(order=wo, actor=clerk, reason="属于住建部门职责")
    assert WorkOrder.objects.get(pk=wo.pk).status == WorkOrderStatus.ASSIGNED


def test_convert_through_a_registered_case_kind(order, network):
    wo, clerk = order
    with pytest.raises(DomainError, match="未知的案件类型"):
        convert_to_case(order=wo, actor=clerk, kind="no_such_kind")
    register_case_kind("test_case", "测试案件", lambda o, actor: network.county)  # any saved model stands in
    try:
        accept_work_order(order=wo, actor=clerk)
        link = convert_to_case(order=wo, actor=clerk, kind="test_case")
    finally:
        CASE_KINDS.pop("test_case")
    assert link.case == network.county
    assert WorkOrder.objects.get(pk=wo.pk).status == WorkOrderStatus.CONVERTED
    assert CaseLink.objects.filter(order=wo).count() == 1


def test_close_needs_a_result_code_and_reopen_a_reason(order):
    wo, clerk = order
    answer_work_order(order=wo, actor=clerk, answer="答复")
    with pytest.raises(DomainError, match="办结须选择办结结果"):
        close_work_order(order=wo, actor=clerk, result_code="")
    with pytest.raises(DomainError, match="办结须选择办结结果"):
        close_work_order(order=wo, actor=clerk, result_code="solved-ish")
    assert WorkOrder.objects.get(pk=wo.pk).status == WorkOrderStatus.ANSWERED
    closed = close_work_order(order=wo, actor=clerk, result_code=ResultCode.ANSWERED)
    assert closed.closed_at is not None
    with pytest.raises(DomainError, match="重新办理须填写原因"):
        reopen_work_order(order=wo, actor=clerk, reason="")
    reopened = reopen_work_order(order=wo, actor=clerk, reason="回访发现未解决")
    assert (reopened.status, reopened.result_code, reopened.closed_at) == (WorkOrderStatus.IN_PROGRESS, "", None)


@pytest.mark.parametrize(("percent", "sampled"), [(100, True), (0, False)])
def test_closing_samples_for_return_visits(order, network, percent, sampled, county_supervisor):
    wo, clerk = order
    RegionSetting.objects.create(region=network.county, key="workorder.return_visit_sample_percent", value=percent)
    answer_work_order(order=wo, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    visits = ReturnVisit.objects.filter(order=wo, kind=ReturnVisitKind.SAMPLE)
    assert visits.exists() is sampled
    if sampled:
        assert visits.get().assignee == county_supervisor


def test_merge_and_link(order, citizen, staffed_village):
    wo, clerk = order
    village, _ = staffed_village
    other = create_work_order(
        channel=Channel.PORTAL, region=village, text="邻居占路（再问一次）", requester=citizen
    ).order
    with pytest.raises(DomainError, match="不能把工单合并到它自己"):
        merge_work_order(order=other, into=other, actor=clerk, reason="重复")
    merged = merge_work_order(order=other, into=wo, actor=clerk, reason="同一事项重复提交")
    assert merged.status == WorkOrderStatus.MERGED and merged.merged_into == wo
    assert Event.objects.filter(verb="workorders.workorder.merged_in", subject_id=str(wo.pk)).exists()
    follow_up = create_work_order(channel=Channel.PORTAL, region=village, text="后续问题", requester=citizen).order
    linked = link_work_orders(child=follow_up, parent=wo, actor=clerk)
    assert linked.parent == wo
    with pytest.raises(DomainError, match="互相关联"):
        link_work_orders(child=wo, parent=follow_up, actor=clerk)


def test_merging_into_a_closed_order_is_refused(order, citizen, staffed_village):
    wo, clerk = order
    village, _ = staffed_village
    answer_work_order(order=wo, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    other = create_work_order(channel=Channel.PORTAL, region=village, text="再问", requester=citizen).order
    with pytest.raises(DomainError, match="已办结，不能合并"):
        merge_work_order(order=other, into=wo, actor=clerk, reason="重复")
    assert WorkOrder.objects.get(pk=other.pk).status == WorkOrderStatus.ASSIGNED


def test_reclassify_keeps_labelled_data(order):
    wo, clerk = order
    property_topic = Topic.objects.get(code="real_estate")
    reclassify_work_order(order=wo, actor=clerk, topic=property_topic)
    label = TopicLabel.objects.get(order=wo)
    assert (label.topic, label.text, label.labelled_by) == (property_topic, "邻居占路", clerk)
    assert WorkOrder.objects.get(pk=wo.pk).topic == property_topic
    with pytest.raises(DomainError, match="已是"):
        reclassify_work_order(order=wo, actor=clerk, topic=property_topic)
