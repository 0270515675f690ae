"""Rating through the signed SMS link: no login, one rating, expires, cannot be forged."""

import datetime

import pytest
import time_machine
from django.core import signing

from gongfa.core.errors import DomainError
from gongfa.workorders.choices import ResultCode
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import answer_work_order, rate_by_token, submit_question
from gongfa.workorders.services.feedback import order_for_token, rating_link, rating_token

T0 = datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def closed(citizen, staffed_village):
    village, clerk = staffed_village
    with time_machine.travel(T0, tick=False):
        order = submit_question(requester=citizen, village=village, text="问题")
        answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
        token = rating_token(order)
    return order, token


def test_a_valid_link_rates_once(closed):
    order, token = closed
    assert rating_link(order).startswith("/r/")
    with time_machine.travel(T0 + datetime.timedelta(days=3), tick=False):
        rate_by_token(token=token, rating=4, comment="好")
        with pytest.raises(DomainError, match="已评价"):
            rate_by_token(token=token, rating=1)  # a replayed link
    assert WorkOrder.objects.get(pk=order.pk).rating == 4


def test_an_expired_link_is_refused(closed):
    order, token = closed
    with time_machine.travel(T0 + datetime.timedelta(days=16), tick=False), pytest.raises(DomainError, match="已过期"):
        rate_by_token(token=token, rating=5)
    assert WorkOrder.objects.get(pk=order.pk).rating is None


@pytest.mark.parametrize("mutate", ["tamper", "other_salt", "garbage"])
def test_forged_links_are_refused(closed, mutate):
    order, token = closed
    forged = {
        "tamper": token.replace(order.tracking_number, "GF20261102-99999"),
        "other_salt": signing.TimestampSigner(salt="elsewhere").sign(order.tracking_number),
        "garbage": "not-a-token",
    }[mutate]
    with pytest.raises(DomainError, match="评价链接无效"):
        order_for_token(forged)
    assert WorkOrder.objects.get(pk=order.pk).rating is None


def test_an_open_order_cannot_be_rated_through_a_link(citizen, staffed_village):
    village, _ = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    with pytest.raises(DomainError, match="办结后才能评价"):
        rate_by_token(token=rating_token(order), rating=5)


def test_closing_texts_the_rating_link_even_when_closed_later(
    citizen, staffed_village, django_capture_on_commit_callbacks, sms_outbox
):
    from gongfa.workorders.services import close_work_order

    village, clerk = staffed_village
    order = submit_question(requester=citizen, village=village, text="问题")
    with django_capture_on_commit_callbacks(execute=True):
        answer_work_order(order=order, actor=clerk, answer="答复")
    with django_capture_on_commit_callbacks(execute=True):
        close_work_order(order=order, actor=clerk, result_code=ResultCode.ANSWERED)
    texts = [text for phone, text in sms_outbox if phone == citizen.phone]
    assert len(texts) == 2
    assert "已有答复" in texts[0]
    assert "已办结" in texts[1] and "/r/" in texts[1]
    token = texts[1].split("/r/")[1].rstrip("/")
    assert order_for_token(token).pk == order.pk


def test_anonymous_callers_get_the_link_on_their_contact_phone(
    network, hotline_agent, django_capture_on_commit_callbacks, sms_outbox
):
    from gongfa.core.choices import Channel
    from gongfa.workorders.services import create_work_order

    order = create_work_order(
        channel=Channel.HOTLINE,
        region=network.villages[0],
        text="问题",
        contact_phone="13511112222",
        received_by=hotline_agent,
        handle_myself=True,
    ).order
    with django_capture_on_commit_callbacks(execute=True):
        answer_work_order(order=order, actor=hotline_agent, answer="答复", close_with=ResultCode.ANSWERED)
    [(phone, text)] = sms_outbox
    assert phone == "13511112222" and "/r/" in text
    rate_by_token(token=text.split("/r/")[1].rstrip("/"), rating=5)
    assert WorkOrder.objects.get(pk=order.pk).rating == 5
