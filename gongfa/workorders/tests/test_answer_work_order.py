import pytest

from gongfa.accounts.models import SmsMessage
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.testing.factories import UserFactory, post
from gongfa.workorders.choices import WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order, submit_question


@pytest.fixture
def order(citizen, staffed_village):
    village, _ = staffed_village
    return submit_question(requester=citizen, village=village, text="老板拖欠工资")


def test_staff_at_the_owning_point_answer(order, staffed_village, django_capture_on_commit_callbacks, sms_outbox):
    _, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answered = answer_work_order(order=order, actor=clerk, answer="可以向劳动监察大队投诉，或申请劳动仲裁。")
    assert len(callbacks) == 1
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.status == WorkOrderStatus.ANSWERED == answered.status
    assert fresh.answered_by == clerk
    assert fresh.owner_user == clerk
    assert fresh.answered_at is not None
    event = Event.objects.get(verb="workorders.workorder.answer")
    assert (event.from_status, event.to_status, event.actor) == ("assigned", "answered", clerk)
    assert sms_outbox == [("13912345678", sms_outbox[0][1])]
    assert order.tracking_number in sms_outbox[0][1]
    assert SmsMessage.objects.get(purpose="workorder_answered").phone_masked == "139****5678"


def test_the_notification_is_not_sent_twice_on_retry(
    order, staffed_village, django_capture_on_commit_callbacks, sms_outbox
):
    from gongfa.workorders.tasks import notify_requester_answered

    _, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=True):
        answer_work_order(order=order, actor=clerk, answer="答复")
    notify_requester_answered.apply(args=(order.pk,))
    assert len(sms_outbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    order, staffed_village, django_capture_on_commit_callbacks, sms_outbox
):
    _, clerk = staffed_village
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer_work_order(order=order, actor=clerk, answer="答复")
    assert len(callbacks) == 1
    assert sms_outbox == []


def test_answering_twice_is_an_invalid_transition(order, staffed_village):
    _, clerk = staffed_village
    answer_work_order(order=order, actor=clerk, answer="第一次")
    with pytest.raises(InvalidTransition, match="当前状态为“已答复”，不能执行“答复”"):
        answer_work_order(order=order, actor=clerk, answer="第二次")
    assert WorkOrder.objects.get(pk=order.pk).answer == "第一次"
    assert Event.objects.filter(verb="workorders.workorder.answer").count() == 1


def test_staff_elsewhere_cannot_answer(order, network):
    outsider = UserFactory()
    post(outsider, network.rooms[network.villages[-1].code])
    with pytest.raises(NotPermitted):
        answer_work_order(order=order, actor=outsider, answer="越权答复")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED


def test_the_citizen_cannot_answer_their_own_question(order, citizen):
    with pytest.raises(NotPermitted):
        answer_work_order(order=order, actor=citizen, answer="自问自答")


def test_an_empty_answer_is_refused(order, staffed_village):
    _, clerk = staffed_village
    with pytest.raises(DomainError, match="请填写答复内容"):
        answer_work_order(order=order, actor=clerk, answer="  ")
    assert WorkOrder.objects.get(pk=order.pk).status == WorkOrderStatus.ASSIGNED
