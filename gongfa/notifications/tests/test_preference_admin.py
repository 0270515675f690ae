"""An administrator sets which kinds of notice someone gets by SMS with tick boxes, not raw JSON."""

from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.notifications.choices import NoticeKind
from gongfa.notifications.models import NotificationPreference
from gongfa.testing.factories import UserFactory


def test_the_muted_kinds_are_tick_boxes_and_are_saved(client, db):
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    person = UserFactory(role=Role.VILLAGE_ADVISOR)
    preference = NotificationPreference.objects.create(user=person)
    client.force_login(admin_user)
    url = reverse("admin:notifications_notificationpreference_change", args=[preference.pk])
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="sms_muted_kinds"' in page
    muted = NoticeKind.values[:2]
    response = client.post(url, {"user": person.pk, "sms_enabled": "on", "sms_muted_kinds": muted})
    assert response.status_code == 302, response.content.decode()[:2000]
    preference.refresh_from_db()
    assert preference.sms_muted_kinds == muted


def test_an_unknown_kind_is_refused_and_nothing_changes(client, db):
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    person = UserFactory(role=Role.VILLAGE_ADVISOR)
    preference = NotificationPreference.objects.create(user=person)
    client.force_login(admin_user)
    url = reverse("admin:notifications_notificationpreference_change", args=[preference.pk])
    response = client.post(url, {"user": person.pk, "sms_enabled": "on", "sms_muted_kinds": ["no_such_kind"]})
    assert response.status_code == 200
    assert "不发短信的通知类型的选项不在列表中" in response.content.decode()
    preference.refresh_from_db()
    assert preference.sms_muted_kinds == []
