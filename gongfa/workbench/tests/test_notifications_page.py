"""Notifications: the unread count in the header, the list that marks them read."""

from django.urls import reverse

from gongfa.notifications.models import Notification
from gongfa.notifications.services import notify, unread_count

URL = reverse("workbench:notifications")


def test_the_header_shows_the_unread_count(client, network, room_clerk):
    notify(room_clerk, "督办：工单已超时", link="/workbench/")
    notify(room_clerk, "第二条")
    client.force_login(room_clerk)
    page = client.get(reverse("workbench:queue")).content.decode()
    link = page.split('data-testid="notifications-link"')[1].split("</a>")[0]
    assert '<span class="badge">2</span>' in link and "条未读" in link


def test_the_list_shows_them_once_as_new_then_read(client, network, room_clerk, station_clerk):
    notify(room_clerk, "差评回访：工单 GF1", body="请在 24 小时内回访", link="/workbench/orders/GF1/")
    notify(station_clerk, "别人的通知")
    client.force_login(room_clerk)
    page = client.get(URL).content.decode()
    assert "差评回访：工单 GF1" in page and "请在 24 小时内回访" in page and "别人的通知" not in page
    assert '<span class="tag tag--new">新</span>' in page
    assert unread_count(room_clerk) == 0 and unread_count(station_clerk) == 1
    assert '<span class="tag tag--new">新</span>' not in client.get(URL).content.decode()


def test_mark_all_read(client, network, room_clerk):
    for i in range(3):
        notify(room_clerk, f"通知{i}")
    client.force_login(room_clerk)
    response = client.post(URL, follow=True)
    assert "已将 3 条通知标为已读。" in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_empty_list(client, network, room_clerk):
    client.force_login(room_clerk)
    assert "暂无通知。" in client.get(URL).content.decode()
