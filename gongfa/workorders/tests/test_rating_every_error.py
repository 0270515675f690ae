"""A rating with several faults is refused once, naming every one (issue 11 §2), and changes nothing."""

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.workorders.choices import ResultCode
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import (
    answer_work_order,
    rate_by_token,
    rate_work_order,
    submit_question,
)
from gongfa.workorders.services.feedback import RATING_COMMENT_MAX, rating_token


@pytest.fixture
def closed(citizen, staffed_village):
    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    return answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)


def _problems(exc: DomainError) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in exc.problems]


def test_a_bad_grade_and_a_too_long_comment_are_refused_together(closed, citizen):
    events = Event.objects.count()
    with pytest.raises(DomainError) as refused:
        rate_work_order(order=closed, actor=citizen, rating="9", comment="很" * (RATING_COMMENT_MAX + 1))
    assert _problems(refused.value) == [("rating", "invalid_rating"), ("comment", "too_long")]
    assert WorkOrder.objects.get(pk=closed.pk).rating is None and Event.objects.count() == events


def test_rating_twice_with_a_bad_grade_names_both(closed, citizen):
    rate_work_order(order=closed, actor=citizen, rating=4)
    with pytest.raises(DomainError) as refused:
        rate_by_token(token=rating_token(closed), rating=None)
    assert _problems(refused.value) == [(None, "already_rated"), ("rating", "invalid_rating")]
    assert WorkOrder.objects.get(pk=closed.pk).rating == 4
