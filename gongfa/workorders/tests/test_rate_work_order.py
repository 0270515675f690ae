import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, InvalidTransition, NotPermitted
from gongfa.workorders.choices import Rating, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order, rate_work_order, submit_question


@pytest.fixture
def answered(citizen, staffed_village):
    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    return answer_work_order(order=order, actor=clerk, answer="答复")


def test_the_citizen_rates_and_the_order_closes(answered, citizen):
    rate_work_order(order=answered, actor=citizen, rating=5, comment="很及时")
    fresh = WorkOrder.objects.get(pk=answered.pk)
    assert fresh.status == WorkOrderStatus.CLOSED
    assert fresh.rating == Rating.VERY_SATISFIED
    assert fresh.rating_comment == "很及时"
    assert Event.objects.get(verb="workorders.workorder.rate").data == {"rating": 5}


@pytest.mark.parametrize("rating", [0, 6, "abc", None, "-1"])
def test_ratings_outside_one_to_five_are_refused(answered, citizen, rating):
    with pytest.raises(DomainError, match="1–5"):
        rate_work_order(order=answered, actor=citizen, rating=rating)
    assert WorkOrder.objects.get(pk=answered.pk).rating is None


def test_rating_twice_is_refused(answered, citizen):
    rate_work_order(order=answered, actor=citizen, rating=4)
    with pytest.raises(DomainError, match="已评价"):
        rate_work_order(order=answered, actor=citizen, rating=1)
    assert WorkOrder.objects.get(pk=answered.pk).rating == 4


def test_staff_cannot_rate_on_the_citizens_behalf(answered, staffed_village):
    _, clerk = staffed_village
    with pytest.raises(NotPermitted):
        rate_work_order(order=answered, actor=clerk, rating=5)
    assert WorkOrder.objects.get(pk=answered.pk).rating is None


def test_an_unanswered_order_cannot_be_rated(citizen, staffed_village):
    village, _ = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    with pytest.raises(InvalidTransition):
        rate_work_order(order=order, actor=citizen, rating=5)
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_an_overlong_comment_is_refused(answered, citizen):
    with pytest.raises(DomainError, match="不能超过 500 个字"):
        rate_work_order(order=answered, actor=citizen, rating=3, comment="长" * 501)
