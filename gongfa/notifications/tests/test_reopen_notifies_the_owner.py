"""重新办理: the owner of a closed order sent back for handling is told, with who and why."""

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification
from gongfa.workorders.choices import ResultCode
from gongfa.workorders.services import answer_work_order, create_work_order, reopen_work_order


def test_reopening_tells_the_owner(network, citizen, staffed_village, township_supervisor, on_commit):
    village, clerk = staffed_village
    order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    answer_work_order(order=order, actor=clerk, answer="答复", close_with=ResultCode.ANSWERED)
    with on_commit():
        reopen_work_order(order=order, actor=township_supervisor, reason="回访发现问题未解决")
    notice = Notification.objects.get(recipient=clerk)
    assert notice.title == f"重新办理：工单 {order.tracking_number}"
    assert notice.body == "钱站长要求重新办理：回访发现问题未解决"
