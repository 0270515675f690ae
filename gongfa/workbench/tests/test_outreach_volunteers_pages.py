"""The volunteers and training pages (志愿者、业务培训): lists in a constant number of queries with
phones masked, the registration form (bad phone, duplicate, every problem at once), the
volunteer's page with approval steps and service dates, someone else's region (404), the
training form's bad inputs and the year's person-hours; the menu entry by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.core.navigation import visible_entries
from gongfa.outreach.choices import VolunteerStatus
from gongfa.outreach.models import TrainingCourse, Volunteer
from gongfa.outreach.tests.test_volunteers_world import build_world, days_ago, volunteer
from gongfa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST = "workbench:outreach_volunteers"


@pytest.fixture
def world(db):
    return build_world()


def _as(client, user):
    client.force_login(user)
    return client


def test_the_list_masks_phones_and_has_constant_queries(client, world, django_assert_max_num_queries):
    volunteer(world, phone="13912345678", name="王一")
    _as(client, world.township_staff)
    with django_assert_max_num_queries(40) as few:
        page = client.get(reverse(LIST))
    text = page.content.decode()
    assert page.status_code == 200 and "139****5678" in text and "13912345678" not in text
    for index in range(6):
        volunteer(world, name=f"志愿{index}", status=VolunteerStatus.APPROVED, last_active_on=days_ago(index))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse(LIST))
    assert page.content.decode().count('data-testid="volunteer-row"') == 7


def test_the_list_filters_active_and_keeps_other_regions_out(client, world):
    volunteer(world, name="在岗者", status=VolunteerStatus.APPROVED, last_active_on=days_ago(10))
    volunteer(world, name="久未服务", status=VolunteerStatus.APPROVED, last_active_on=days_ago(400))
    volunteer(world, name="外镇志愿", region=world.far_village)
    text = _as(client, world.township_staff).get(reverse(LIST), {"active": "1"}).content.decode()
    assert "在岗者" in text and "久未服务" not in text and "外镇志愿" not in text
    assert "在岗 1 人" in text


def test_registration_by_staff(client, world):
    _as(client, world.township_staff)
    response = client.post(
        reverse("workbench:outreach_volunteers_new"),
        {
            "name": "赵律师",
            "phone": "13812345678",
            "kind": "public_lawyer",
            "organisation": "示范县司法局",
            "region": world.village.code,
            "skills": ["labour"],
            "availability": "周末",
        },
    )
    made = Volunteer.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/volunteers/{made.pk}/")
    assert "13812345678" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "138****5678" in page and "劳动纠纷" in page and "审核通过" in page


def test_registration_names_every_problem_and_saves_nothing(client, world):
    _as(client, world.township_staff)
    response = client.post(reverse("workbench:outreach_volunteers_new"), {"phone": "1234", "skills": ["nope"]})
    text = response.content.decode()
    assert response.status_code == 400
    for message in ("请填写姓名", "手机号码格式不正确", "请选择志愿者类别", "请填写工作单位/学校", "请选择服务区划"):
        assert message in text
    assert not Volunteer.objects.exists()


def test_registration_refuses_a_duplicate_in_the_region(client, world):
    volunteer(world, phone="13812345678")
    _as(client, world.township_staff)
    response = client.post(
        reverse("workbench:outreach_volunteers_new"),
        {
            "name": "赵律师",
            "phone": "13812345678",
            "kind": "public_lawyer",
            "organisation": "示范县司法局",
            "region": world.village.code,
        },
    )
    assert response.status_code == 400 and "请勿重复登记" in response.content.decode()
    assert Volunteer.objects.count() == 1


def test_approve_then_suspend_needs_a_reason(client, world):
    made = volunteer(world)
    _as(client, world.township_staff)
    decide = reverse("workbench:outreach_volunteers_decide", kwargs={"pk": made.pk})
    assert client.post(decide, {"action": "approve"}).status_code == 302
    response = client.post(decide, {"action": "suspend", "reason": ""})
    assert response.status_code == 400 and "“暂停服务”须填写原因" in response.content.decode()
    assert Volunteer.objects.get().status == VolunteerStatus.APPROVED
    assert client.post(decide, {"action": "suspend", "reason": "外出学习"}).status_code == 302
    assert Volunteer.objects.get().status == VolunteerStatus.SUSPENDED


def test_record_a_service_date_and_refuse_a_future_one(client, world):
    made = volunteer(world, status=VolunteerStatus.APPROVED)
    _as(client, world.township_staff)
    url = reverse("workbench:outreach_volunteers_service", kwargs={"pk": made.pk})
    response = client.post(url, {"served_on": days_ago(-3).isoformat()})
    assert response.status_code == 400 and "服务日期不能晚于今天" in response.content.decode()
    response = client.post(url, {"served_on": "not-a-date"})
    assert response.status_code == 400 and "服务日期的格式不正确" in response.content.decode()
    assert client.post(url, {"served_on": days_ago(2).isoformat(), "note": "值班"}).status_code == 302
    assert Volunteer.objects.get().last_active_on == days_ago(2)


def test_someone_of_another_region_gets_404(client, world):
    made = volunteer(world)
    _as(client, world.other_staff)
    assert client.get(reverse("workbench:outreach_volunteers_detail", kwargs={"pk": made.pk})).status_code == 404
    decide = reverse("workbench:outreach_volunteers_decide", kwargs={"pk": made.pk})
    assert client.post(decide, {"action": "approve"}).status_code == 404
    assert Volunteer.objects.get().status == VolunteerStatus.APPLIED


def test_other_roles_are_refused(client, world):
    _as(client, world.lawyer)
    assert client.get(reverse(LIST)).status_code == 403


def test_the_menu_entry_is_for_managers(world):
    def shown(user):
        return "workbench.outreach_home" in {e.key for e in visible_entries(user)}  # links volunteers

    assert shown(world.supervisor) and shown(world.admin) and shown(world.township_staff)
    assert not shown(world.lawyer)
    assert not shown(UserFactory(role=Role.HOTLINE_AGENT)) and not shown(world.mediation.mediators[0].user)


# --- training -----------------------------------------------------------------------------------


def _training(world, **overrides):
    values = {
        "title": "人民调解员业务培训",
        "organiser": "示范县司法局",
        "region": world.net.townships[0].code,
        "held_on": days_ago(1).isoformat(),
        "hours": "2",
        "attendees": [str(world.township_staff.pk)],
        "other_attendees": "9",
    }
    values.update(overrides)
    return values


def test_a_training_is_recorded_and_counted_in_person_hours(client, world):
    _as(client, world.county_staff)
    response = client.post(reverse("workbench:outreach_volunteers_training_new"), _training(world))
    assert response.status_code == 302
    course = TrainingCourse.objects.get()
    assert list(course.attendees.all()) == [world.township_staff]
    text = client.get(response["Location"]).content.decode()
    assert "共 1 期培训，10 人次，合计 20 人次学时" in text


def test_training_bad_inputs_all_at_once(client, world):
    _as(client, world.county_staff)
    response = client.post(
        reverse("workbench:outreach_volunteers_training_new"),
        _training(world, title="", hours="0", held_on=days_ago(-1).isoformat(), other_attendees="-2"),
    )
    text = response.content.decode()
    assert response.status_code == 400
    for message in ("请填写培训名称", "学时须大于 0", "培训日期不能晚于今天", "其他参训人数不能小于 0"):
        assert message in text
    assert not TrainingCourse.objects.exists()


def test_the_training_list_has_constant_queries(client, world, django_assert_max_num_queries):
    from gongfa.outreach.services.volunteers import record_training

    def one():
        record_training(
            actor=world.county_staff,
            title="培训",
            organiser="司法局",
            region=world.net.townships[0],
            held_on=days_ago(0),
            hours="1",
            attendees=[world.township_staff],
            other_attendees=1,
        )

    one()
    _as(client, world.county_staff)
    url = reverse("workbench:outreach_volunteers_trainings")
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        one()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('data-testid="training-row"') == 6
