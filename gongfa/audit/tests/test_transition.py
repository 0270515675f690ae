import pytest
from django.db import models

from gongfa.audit.models import Event
from gongfa.audit.services import transition
from gongfa.core.errors import DomainError, InvalidTransition
from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.testing.factories import CitizenFactory, UserFactory
from gongfa.workorders.choices import WORK_ORDER_TRANSITIONS, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import submit_question


class Colour(models.TextChoices):
    RED = "red", "红"
    GREEN = "green", "绿"


def test_tables_reject_unknown_states_and_duplicate_actions():
    with pytest.raises(ValueError, match="unknown statuses"):
        TransitionTable("t", Colour, [Transition("go", ("red",), "blue", "走")])
    with pytest.raises(ValueError, match="defined twice"):
        TransitionTable(
            "t", Colour, [Transition("go", ("red",), "green", "走"), Transition("go", ("green",), "red", "回")]
        )


def test_allowed_actions_follow_the_table():
    assert [t.action for t in WORK_ORDER_TRANSITIONS.allowed_actions(WorkOrderStatus.NEW)] == [
        "dispatch",
        "transfer_out",
        "merge",
        "redirect",
    ]
    assert WORK_ORDER_TRANSITIONS.can(WorkOrderStatus.ANSWERED, "close")
    assert not WORK_ORDER_TRANSITIONS.can(WorkOrderStatus.CLOSED, "answer")
    assert [t.action for t in WORK_ORDER_TRANSITIONS.allowed_actions(WorkOrderStatus.CLOSED)] == [
        "reopen",
        "return_12345",
    ]
    assert WORK_ORDER_TRANSITIONS.allowed_actions(WorkOrderStatus.MERGED) == []


@pytest.fixture
def order(network):
    return submit_question(requester=CitizenFactory(), village=network.villages[0], text="问题")


def test_a_transition_saves_the_status_and_writes_one_event(order):
    actor = UserFactory()
    transition(
        order, WORK_ORDER_TRANSITIONS, "answer", actor=actor, channel="workbench", reason="测试", region=order.region
    )
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ANSWERED
    event = Event.objects.get(verb="workorders.workorder.answer")
    assert (event.actor, event.actor_role, event.channel, event.reason) == (actor, actor.role, "workbench", "测试")
    assert event.subject == order


def test_a_refused_transition_changes_nothing(order):
    before = Event.objects.count()
    with pytest.raises(InvalidTransition, match="当前状态为“待受理”，不能执行“办结”"):
        transition(order, WORK_ORDER_TRANSITIONS, "close", actor=None, channel="system")
    with pytest.raises(InvalidTransition, match="未知的操作"):
        transition(order, WORK_ORDER_TRANSITIONS, "explode", actor=None, channel="system")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
    assert Event.objects.count() == before


def test_reason_required_transitions_refuse_an_empty_reason(order):
    table = TransitionTable(
        "t", WorkOrderStatus, [Transition("close", ("assigned",), "closed", "办结", reason_required=True)]
    )
    with pytest.raises(DomainError, match="须填写原因"):
        transition(order, table, "close", actor=None, channel="system", reason=" ")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
