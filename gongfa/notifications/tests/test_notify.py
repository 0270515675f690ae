import pytest

from gongfa.accounts.sms import LocmemSmsBackend
from gongfa.notifications.models import Notification
from gongfa.notifications.services import mark_read, notify, unread_count
from gongfa.notifications.tasks import send_notification_sms
from gongfa.testing.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(phone="13700001111")


def test_in_app_only(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(person, "有新工单", body="请及时受理", link="/workbench/")
    assert callbacks == []
    assert unread_count(person) == 1
    assert LocmemSmsBackend.outbox == []


def test_sms_is_sent_after_commit_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(person, "督办提醒", body="工单已超时", sms=True, kind="supervision")
    assert notification is not None
    assert LocmemSmsBackend.outbox == [("13700001111", "督办提醒。工单已超时")]
    send_notification_sms.apply(args=(notification.pk,))  # a retry sends nothing more
    assert len(LocmemSmsBackend.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).sms_sent_at is not None


def test_dedupe_key_creates_once(person):
    assert notify(person, "A", dedupe_key="k1") is not None
    assert notify(person, "A", dedupe_key="k1") is None
    assert Notification.objects.count() == 1


def test_mark_read(person):
    first = notify(person, "一")
    notify(person, "二")
    assert first is not None
    assert mark_read(person, [first.pk]) == 1
    assert unread_count(person) == 1
    assert mark_read(person) == 1
    assert unread_count(person) == 0


def test_no_sms_without_a_phone(db, django_capture_on_commit_callbacks):
    user = UserFactory(phone="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "提醒", sms=True)
    assert LocmemSmsBackend.outbox == []
