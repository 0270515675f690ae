import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.workorders.choices import Rating, ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order, rate_work_order, submit_question


@pytest.fixture
def closed(citizen, staffed_village):
    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    return answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)


def test_the_citizen_rates_a_closed_order(closed, citizen):
    rate_work_order(order=closed, actor=citizen, rating=5, comment="很及时")
    fresh = WorkOrder.objects.get(pk=closed.pk)
    assert fresh.status == WorkOrderStatus.CLOSED
    assert fresh.rating == Rating.VERY_SATISFIED and fresh.rating_comment == "很及时"
    assert Event.objects.get(verb="workorders.workorder.rate").data == {"rating": 5}


@pytest.mark.parametrize("rating", [0, 6, "abc", None, "-1"])
def test_ratings_outside_one_to_five_are_refused(closed, citizen, rating):
    with pytest.raises(DomainError, match="1–5"):
        rate_work_order(order=closed, actor=citizen, rating=rating)
    assert WorkOrder.objects.get(pk=closed.pk).rating is None


def test_rating_twice_is_refused(closed, citizen):
    rate_work_order(order=closed, actor=citizen, rating=4)
    with pytest.raises(DomainError, match="已评价"):
        rate_work_order(order=closed, actor=citizen, rating=1)
    assert WorkOrder.objects.get(pk=closed.pk).rating == 4


def test_staff_cannot_rate_on_the_citizens_behalf(closed, staffed_village):
    _, clerk = staffed_village
    with pytest.raises(NotPermitted):
        rate_work_order(order=closed, actor=clerk, rating=5)
    assert WorkOrder.objects.get(pk=closed.pk).rating is None


@pytest.mark.parametrize("answer_first", [False, True])
def test_an_open_order_cannot_be_rated(citizen, staffed_village, answer_first):
    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    if answer_first:
        answer_work_order(order=order, actor=clerk, answer="答复")  # answered, not yet closed
    with pytest.raises(DomainError, match="办结后才能评价"):
        rate_work_order(order=order, actor=citizen, rating=5)
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_an_overlong_comment_is_refused(closed, citizen):
    with pytest.raises(DomainError, match="不能超过 500 个字"):
        rate_work_order(order=closed, actor=citizen, rating=3, comment="长" * 501)
    assert WorkOrder.objects.get(pk=closed.pk).rating is None
