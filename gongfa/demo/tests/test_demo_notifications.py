"""The demo adviser starts with a notice of an order dispatched to them (issue 11 §4), made by
the real services: the order's dispatch event through the subscription table."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongfa.demo.tests.conftest import START
from gongfa.notifications.models import Notification
from gongfa.workorders.models import WorkOrder

pytestmark = pytest.mark.usefixtures("seeded", "db")


def test_the_demo_adviser_has_a_notification_of_an_assignment():
    notices = list(Notification.objects.filter(recipient__username="advisor", kind="assignment"))
    assert notices
    numbers = {n.title.removeprefix("新派工单：") for n in notices}
    owned = WorkOrder.objects.filter(first_owner_user__username="advisor").values_list("tracking_number", flat=True)
    assert numbers <= set(owned)


def test_seeding_again_adds_no_second_notice():
    before = Notification.objects.count()
    call_command("seed_demo", start_date=START, stdout=StringIO())
    assert Notification.objects.count() == before
