import datetime

import time_machine
from django.conf import settings

from gongfa.accounts.models import OneTimeCode
from gongfa.accounts.services import request_login_code
from gongfa.accounts.tasks import purge_old_login_codes


def test_old_codes_are_purged_and_recent_ones_kept(db):
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC), tick=False):
        request_login_code("13800000011", ip="10.0.0.1")
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        request_login_code("13800000012", ip="10.0.0.1")
        assert purge_old_login_codes.delay().get() == 1
        assert list(OneTimeCode.objects.values_list("phone", flat=True)) == ["13800000012"]
        assert purge_old_login_codes.delay().get() == 0


def test_the_purge_is_scheduled():
    jobs = {job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "gongfa.accounts.tasks.purge_old_login_codes" in jobs
