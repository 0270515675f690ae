"""The citizen's 志愿者报名 page (/outreach/volunteer/): signed-in citizens only, the form with
every problem at once (bad phone, duplicate in the region), the registration with the citizen's
account and the portal channel, and the person's own registrations listed with phones masked.

Until gongfa/portal/outreach/urls.py includes the page, this module serves as its own URL conf:
the project's URLs with the page added to the portal's namespace."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import include, path, reverse

from config import urls as root
from gongfa.audit.models import Event
from gongfa.core.choices import Channel
from gongfa.outreach.choices import VolunteerStatus
from gongfa.outreach.models import Volunteer
from gongfa.outreach.public_status import VOLUNTEER_STATUS
from gongfa.outreach.tests.test_volunteers_world import build_world, volunteer
from gongfa.portal import urls as portal_urls
from gongfa.portal.outreach import volunteer as page
from gongfa.testing.factories import CitizenFactory

_ROOT: list[Any] = list(root.urlpatterns)
assert str(_ROOT[-1].pattern) == ""  # the portal's include comes last
_PORTAL: list[Any] = [path("outreach/volunteer/", include(page.urlpatterns)), *portal_urls.urlpatterns]
urlpatterns: list[Any] = [*_ROOT[:-1], path("", include((_PORTAL, "portal")))]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
URL = "portal:outreach_volunteer"


@pytest.fixture
def world(db):
    return build_world()


def _values(world, **overrides):
    values = {
        "name": "钱同学",
        "phone": "13612345678",
        "kind": "student",
        "organisation": "示范大学法学院",
        "region": world.net.townships[0].code,
        "skills": ["labour"],
        "availability": "寒暑假",
    }
    values.update(overrides)
    return values


def test_a_visitor_is_sent_to_sign_in(client, world):
    response = client.get(reverse(URL))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_citizen_registers_and_sees_the_status(client, world):
    citizen = CitizenFactory(real_name="钱同学", phone="13612345678")
    client.force_login(citizen)
    page_text = client.get(reverse(URL)).content.decode()
    assert 'value="钱同学"' in page_text and "劳动纠纷" in page_text
    response = client.post(reverse(URL), _values(world))
    assert response.status_code == 302
    made = Volunteer.objects.get()
    assert made.user == citizen and made.status == VolunteerStatus.APPLIED and made.region == world.net.townships[0]
    event = Event.objects.get(verb="outreach.volunteer.register")
    assert event.channel == Channel.PORTAL and event.actor == citizen
    text = client.get(reverse(URL)).content.decode()
    assert "136****5678" in text and VOLUNTEER_STATUS.phrase(VolunteerStatus.APPLIED) in text


def test_bad_input_all_at_once_and_a_duplicate(client, world):
    client.force_login(CitizenFactory())
    response = client.post(reverse(URL), _values(world, name="", phone="1361234", kind="", region=""))
    text = response.content.decode()
    assert response.status_code == 400
    for message in ("请填写姓名", "手机号码格式不正确", "请选择志愿者类别", "请选择服务区划"):
        assert message in text
    volunteer(world, phone="13612345678", region=world.net.townships[0])
    response = client.post(reverse(URL), _values(world))
    assert response.status_code == 400 and "请勿重复登记" in response.content.decode()
    assert Volunteer.objects.count() == 1
