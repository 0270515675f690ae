"""转办 / 人工派单 with a bad target and no reason: both reported at once, nothing moves."""

import pytest

from gongfa.core.choices import Channel
from gongfa.core.errors import ValidationFailed
from gongfa.testing.factories import UserFactory
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.services import create_work_order, dispatch_work_order, transfer_work_order


@pytest.mark.parametrize("move", [transfer_work_order, dispatch_work_order])
def test_an_inactive_person_and_no_reason_are_both_reported(network, citizen, staffed_village, move):
    village, clerk = staffed_village
    order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    station = network.stations[network.townships[0].code]
    gone = UserFactory(real_name="已离职", is_active=False)
    with pytest.raises(ValidationFailed) as caught:
        move(order=order, actor=clerk, place=station, person=gone, reason="  ")
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("reason", "reason_required"),
        ("person", "inactive_person"),
    ]
    assert WorkOrder.objects.values_list("owner_user", flat=True).get(pk=order.pk) == order.owner_user_id
