"""差评: the return-visit assignee (回访) and the person named responsible for rectification (整改)
are both told; a good rating tells nobody."""

import pytest

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import Rating, ResultCode
from gongfa.workorders.models import Rectification
from gongfa.workorders.services import answer_work_order, create_work_order, rate_work_order


@pytest.fixture
def closed_order(network, citizen, advisor_village, township_supervisor, on_commit):
    village, advisor = advisor_village
    order = create_work_order(channel=Channel.PORTAL, region=village, text="土地承包", requester=citizen).order
    answer_work_order(order=order, actor=advisor, answer="答复", close_with=ResultCode.ANSWERED)
    Notification.objects.all().delete()
    return order, advisor


def test_a_bad_rating_notifies_the_adviser_responsible_for_rectification(
    closed_order, citizen, township_supervisor, on_commit, sms_outbox
):
    order, advisor = closed_order
    advisor.phone = "13700003333"
    advisor.save(update_fields=["phone"])
    with on_commit():
        rate_work_order(order=order, actor=citizen, rating=Rating.DISSATISFIED)
    rectification = Rectification.objects.get(order=order)
    assert rectification.responsible_user == advisor
    notice = Notification.objects.get(recipient=advisor)
    assert (notice.kind, notice.title) == ("rectification", f"整改：工单 {order.tracking_number}")
    assert notice.body == f"群众评价“不满意”，您是整改责任人，请在 {rectification.due_on.isoformat()} 前完成整改。"
    visit_notice = Notification.objects.get(recipient=township_supervisor)
    assert visit_notice.kind == "return_visit" and "24 小时内回访" in visit_notice.body
    assert sorted(to for to, _ in sms_outbox) == ["13600000008", "13700003333"]


def test_a_good_rating_notifies_nobody(closed_order, citizen, on_commit):
    order, _ = closed_order
    with on_commit():
        rate_work_order(order=order, actor=citizen, rating=Rating.SATISFIED)
    assert not Notification.objects.exists()
