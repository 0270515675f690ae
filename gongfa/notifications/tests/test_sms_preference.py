"""通知设置: in-app always; SMS only while the person keeps it on (default on), and only for the
kinds of notice they keep (every kind by default)."""

import re

import pytest
from django.urls import reverse

from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.notifications.choices import NoticeKind
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
    client.post(URL, {"action": "preferences", "sms_enabled": "on", "sms_kinds": NoticeKind.values})
    assert wants_sms(advisor)


def test_the_page_says_when_no_phone_is_on_file(client, network, advisor_village):
    _, advisor = advisor_village
    advisor.phone = ""
    advisor.save(update_fields=["phone"])
    client.force_login(advisor)
    assert "未登记手机号" in client.get(URL).content.decode()


def test_sms_dropped_for_one_kind_still_comes_for_the_others(network, citizen, advisor_village, on_commit, sms_outbox):
    village, advisor = _advisor_with_phone(advisor_village)
    kept = [kind for kind in NoticeKind.values if kind != NoticeKind.ASSIGNMENT]
    set_sms_preference(advisor, sms_enabled=True, sms_kinds=kept)
    assert not wants_sms(advisor, NoticeKind.ASSIGNMENT) and wants_sms(advisor, NoticeKind.SUPERVISION)
    with on_commit():
        create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen)
    assert sms_outbox == []
    assert not Notification.objects.get(recipient=advisor, kind=NoticeKind.ASSIGNMENT).sms_requested
    set_sms_preference(advisor, sms_enabled=True, sms_kinds=[NoticeKind.ASSIGNMENT, NoticeKind.SUPERVISION])
    assert not wants_sms(advisor, NoticeKind.DUE_SOON)
    with on_commit():
        create_work_order(channel=Channel.PORTAL, region=village, text="另一个问题", requester=citizen)
    assert [to for to, _ in sms_outbox] == ["13700006666"]


def test_the_service_refuses_an_unknown_kind_and_changes_nothing(network, advisor_village):
    _, advisor = advisor_village
    with pytest.raises(DomainError) as error:
        set_sms_preference(advisor, sms_enabled=True, sms_kinds=[NoticeKind.SUPERVISION, "lottery"])
    assert error.value.code == "unknown_notice_kind" and "lottery" in str(error.value)
    assert not NotificationPreference.objects.filter(user=advisor).exists()


def test_the_page_keeps_supervision_by_sms_and_drops_due_soon(client, network, advisor_village):
    _, advisor = _advisor_with_phone(advisor_village)
    client.force_login(advisor)
    page = client.get(URL).content.decode()
    assert page.count('name="sms_kinds"') == len(NoticeKind.values) and page.count("checked") >= len(NoticeKind.values)
    response = client.post(
        URL, {"action": "preferences", "sms_enabled": "on", "sms_kinds": [NoticeKind.SUPERVISION]}, follow=True
    )
    assert "已开启短信提醒" in response.content.decode()
    assert wants_sms(advisor, NoticeKind.SUPERVISION) and not wants_sms(advisor, NoticeKind.DUE_SOON)
    page = client.get(URL).content.decode()
    ticked = re.findall(r'name="sms_kinds" value="([a-z_]+)"[^>]*\schecked', page)
    assert ticked == [NoticeKind.SUPERVISION]


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"sms_enabled": "on"}, "请至少勾选一类用短信提醒的通知"),
        ({"sms_enabled": "on", "sms_kinds": ["lottery"]}, "用短信提醒的通知类型的选项不在列表中"),
    ],
)
def test_bad_settings_are_shown_with_the_form_and_change_nothing(client, network, advisor_village, posted, message):
    _, advisor = _advisor_with_phone(advisor_village)
    set_sms_preference(advisor, sms_enabled=False)
    client.force_login(advisor)
    response = client.post(URL, {"action": "preferences", **posted})
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "error-summary" in page
    assert not wants_sms(advisor)
    assert NotificationPreference.objects.get(user=advisor).sms_muted_kinds == []
