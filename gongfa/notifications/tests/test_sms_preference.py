"""通知设置: in-app always; SMS only while the person keeps it on (default on)."""

from django.urls import reverse

from gongfa.core.choices import Channel
from gongfa.notifications.models import Notification, NotificationPreference
from gongfa.notifications.services import set_sms_preference, wants_sms
from gongfa.workorders.services import create_work_order

URL = reverse("workbench:notifications")


def _advisor_with_phone(advisor_village):
    village, advisor = advisor_village
    advisor.phone = "13700006666"
    advisor.save(update_fields=["phone"])
    return village, advisor


def test_sms_on_by_default_sends_exactly_one(network, citizen, advisor_village, on_commit, sms_outbox):
    village, advisor = _advisor_with_phone(advisor_village)
    assert wants_sms(advisor)
    with on_commit():
        order = create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen).order
    assert len(sms_outbox) == 1
    to, text = sms_outbox[0]
    assert to == "13700006666" and order.tracking_number in text
    assert Notification.objects.get(recipient=advisor).sms_sent_at is not None


def test_sms_off_sends_none_but_the_notice_still_arrives(network, citizen, advisor_village, on_commit, sms_outbox):
    village, advisor = _advisor_with_phone(advisor_village)
    set_sms_preference(advisor, sms_enabled=False)
    with on_commit():
        create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen)
    assert sms_outbox == []
    notice = Notification.objects.get(recipient=advisor)
    assert not notice.sms_requested and notice.sms_sent_at is None


def test_the_workbench_page_changes_the_setting(client, network, advisor_village):
    _, advisor = _advisor_with_phone(advisor_village)
    client.force_login(advisor)
    page = client.get(URL).content.decode()
    assert 'data-testid="notification-preferences"' in page and 'name="sms_enabled"' in page and "checked" in page
    response = client.post(URL, {"action": "preferences"}, follow=True)  # an unticked box sends nothing
    assert "已关闭短信提醒" in response.content.decode()
    assert NotificationPreference.objects.get(user=advisor).sms_enabled is False
    assert not wants_sms(advisor)
    client.post(URL, {"action": "preferences", "sms_enabled": "on"})
    assert wants_sms(advisor)


def test_the_page_says_when_no_phone_is_on_file(client, network, advisor_village):
    _, advisor = advisor_village
    advisor.phone = ""
    advisor.save(update_fields=["phone"])
    client.force_login(advisor)
    assert "未登记手机号" in client.get(URL).content.decode()
