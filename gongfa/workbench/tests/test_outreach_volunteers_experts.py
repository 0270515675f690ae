"""The expert-pool pages (专家库、专家会诊、专家咨询记录、工单请专家): the list in constant queries, the
expert form (no field, every problem at once), 出库, the pending consultations of the region
with suggested experts and the call, a work order's call (an inactive expert, an order the
person cannot see), and the opinion on a call."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongfa.outreach.models import Expert, ExpertCall
from gongfa.outreach.tests.test_volunteers_world import build_world, consultation, days_ago, expert
from gongfa.workbench.tests.conftest import make_order
from gongfa.workorders.selectors import visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _as(client, user):
    client.force_login(user)
    return client


def test_the_expert_list_has_constant_queries(client, world, django_assert_max_num_queries):
    expert(world, name="专家甲", fields=["labour", "neighbour"])
    _as(client, world.county_staff)
    url = reverse("workbench:outreach_volunteers_experts")
    with django_assert_max_num_queries(40) as few:
        page = client.get(url)
    assert "劳动纠纷、邻里纠纷" in page.content.decode()
    for index in range(5):
        expert(world, name=f"专家{index}", region=world.village)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('data-testid="expert-row"') == 6
    filtered = client.get(url, {"field": "neighbour"}).content.decode()
    assert filtered.count('data-testid="expert-row"') == 1


def test_add_an_expert_and_refuse_one_with_no_field(client, world):
    _as(client, world.county_staff)
    url = reverse("workbench:outreach_volunteers_expert_new")
    response = client.post(url, {"name": "", "organisation": "", "region": ""})
    text = response.content.decode()
    assert response.status_code == 400
    for message in ("请至少选择一个专业领域", "请填写姓名", "请填写工作单位", "请选择所属区划"):
        assert message in text
    assert not Expert.objects.exists()
    response = client.post(
        url,
        {
            "name": "孙教授",
            "organisation": "示范大学",
            "region": world.net.county.code,
            "fields": ["labour", "medical"],
        },
    )
    assert response.status_code == 302 and Expert.objects.get().fields == ["labour", "medical"]


def test_edit_and_deactivate_an_expert(client, world):
    made = expert(world)
    _as(client, world.county_staff)
    edit = reverse("workbench:outreach_volunteers_expert_edit", kwargs={"pk": made.pk})
    page = client.get(edit).content.decode()
    assert 'value="周专家"' in page
    active = reverse("workbench:outreach_volunteers_expert_active", kwargs={"pk": made.pk})
    response = client.post(active, {"reason": ""})
    assert response.status_code == 400 and "请填写出库原因" in response.content.decode()
    assert client.post(active, {"reason": "退休"}).status_code == 302
    assert not Expert.objects.get().is_active
    assert client.post(active, {"active": "1"}).status_code == 302 and Expert.objects.get().is_active


def test_an_expert_of_another_region_is_404(client, world):
    made = expert(world, region=world.far_village)
    _as(client, world.township_staff)
    assert client.get(reverse("workbench:outreach_volunteers_expert_edit", kwargs={"pk": made.pk})).status_code == 404


def test_pending_consultations_suggest_experts_and_record_a_call(client, world, django_assert_max_num_queries):
    pending = consultation(world, category_code="neighbour")
    matching = expert(world, name="邻里专家", fields=["neighbour"], region=world.net.townships[0])
    expert(world, name="劳动专家", fields=["labour"], region=world.village)
    _as(client, world.township_staff)
    url = reverse("workbench:outreach_volunteers_consultations")
    with django_assert_max_num_queries(40) as few:
        text = client.get(url).content.decode()
    assert pending.case.number in text and "邻里专家★" in text
    consultation(world)
    consultation(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = client.get(url).content.decode()
    assert text.count('data-testid="consultation-row"') == 3
    assert "暂无待会诊" in _as(client, world.other_staff).get(url).content.decode()
    _as(client, world.township_staff)
    call_url = reverse("workbench:outreach_volunteers_consultation_call", kwargs={"pk": pending.pk})
    page = client.get(call_url).content.decode()
    assert page.index("邻里专家") < page.index("劳动专家")
    response = client.post(call_url, {"expert": str(matching.pk), "purpose": "承重墙责任"})
    assert response.status_code == 302
    call = ExpertCall.objects.get()
    assert call.mediation_consultation == pending and call.expert == matching


def test_a_call_on_an_inactive_expert_names_it(client, world):
    gone = expert(world, name="吴专家", is_active=False)
    order = make_order(world.village)
    _as(client, world.admin)
    url = reverse("workbench:outreach_volunteers_order_call", kwargs={"tracking_number": order.tracking_number})
    response = client.post(url, {"expert": str(gone.pk), "purpose": ""})
    text = response.content.decode()
    assert response.status_code == 400 and "吴专家已出库" in text and "请填写咨询事项" in text
    response = client.post(url, {"expert": "999999", "purpose": "问题"})
    assert response.status_code == 400 and "请选择专家" in response.content.decode()
    assert not ExpertCall.objects.exists()


def test_a_work_order_call_and_its_opinion(client, world):
    made = expert(world, name="劳动专家", fields=["labour"])
    order = make_order(world.village)
    _as(client, world.admin)
    url = reverse("workbench:outreach_volunteers_order_call", kwargs={"tracking_number": order.tracking_number})
    assert client.post(url, {"expert": str(made.pk), "purpose": "欠薪如何取证"}).status_code == 302
    call = ExpertCall.objects.get()
    assert call.work_order == order
    opinion = reverse("workbench:outreach_volunteers_call_opinion", kwargs={"pk": call.pk})
    response = client.post(opinion, {"outcome": "", "answered_on": days_ago(-1).isoformat()})
    text = response.content.decode()
    assert response.status_code == 400 and "请填写专家意见" in text and "答复日期不能晚于今天" in text
    assert client.post(opinion, {"outcome": "保留考勤记录和工资条。"}).status_code == 302
    page = client.get(url).content.decode()
    assert "保留考勤记录和工资条" in page
    calls_page = client.get(reverse("workbench:outreach_volunteers_calls")).content.decode()
    assert calls_page.count('data-testid="call-row"') == 1


def test_an_order_the_person_cannot_see_is_404(client, world):
    order = make_order(world.village)
    made = expert(world)
    _as(client, world.lawyer)
    url = reverse("workbench:outreach_volunteers_order_call", kwargs={"tracking_number": order.tracking_number})
    assert client.get(url).status_code == 404
    assert client.post(url, {"expert": str(made.pk), "purpose": "问题"}).status_code == 404
    assert not ExpertCall.objects.exists()


def test_a_call_of_someone_else_is_404(client, world):
    call = ExpertCall.objects.create(expert=expert(world, region=world.far_village), purpose="x")
    _as(client, world.township_staff)
    assert client.get(reverse("workbench:outreach_volunteers_call_opinion", kwargs={"pk": call.pk})).status_code == 404


def test_the_call_list_has_constant_queries(client, world, django_assert_max_num_queries):
    from gongfa.outreach.services.volunteers import call_expert

    def one():
        call_expert(actor=world.township_staff, expert=expert(world), purpose="会诊", consultation=consultation(world))

    one()
    _as(client, world.township_staff)
    url = reverse("workbench:outreach_volunteers_calls")
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        one()
    order = make_order(world.village)
    call_expert(actor=world.admin, expert=expert(world), purpose="工单咨询", work_order=order)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"open": "1"})
    # the village's room has nobody: the order went to the township's station, whose staff see it
    assert visible_to(world.township_staff).filter(pk=order.pk).exists()
    assert page.content.decode().count('data-testid="call-row"') == 6
    assert _as(client, world.admin).get(url).content.decode().count('data-testid="call-row"') == 6
    assert 'data-testid="call-row"' not in _as(client, world.other_staff).get(url).content.decode()


def test_a_call_on_an_order_shows_only_to_those_who_see_the_order(client, world):
    from gongfa.outreach.services.volunteers import call_expert

    order = make_order(world.village)
    call_expert(actor=world.admin, expert=expert(world, region=world.village), purpose="工单咨询", work_order=order)
    # the county's window staff manage the whole county, but the order is not theirs to see
    assert not visible_to(world.county_staff).filter(pk=order.pk).exists()
    text = _as(client, world.county_staff).get(reverse("workbench:outreach_volunteers_calls")).content.decode()
    assert "工单咨询" not in text
