import pytest
from django.test import override_settings
from django.urls import reverse

from gongfa.testing.factories import CitizenFactory, UserFactory
from gongfa.workorders.models import WorkOrder


@pytest.fixture
def citizen_client(client, network):
    citizen = CitizenFactory()
    client.force_login(citizen)
    return client, citizen


def test_anonymous_visitors_are_sent_to_login(client, network):
    response = client.get(reverse("portal:ask"))
    assert response.status_code == 302
    assert reverse("accounts:citizen_login") in response["Location"]


def test_the_form_lists_villages_grouped_by_township(citizen_client, network):
    client, _ = citizen_client
    page = client.get(reverse("portal:ask")).content.decode()
    assert f'<optgroup label="{network.townships[0].name}">' in page
    assert f'value="{network.villages[0].code}"' in page
    assert 'for="id_village"' in page and 'for="id_text"' in page


def test_submitting_creates_an_order_and_shows_it(citizen_client, network):
    client, citizen = citizen_client
    village = network.villages[0]
    response = client.post(reverse("portal:ask"), {"village": village.code, "text": "工资被拖欠"}, follow=True)
    order = WorkOrder.objects.get()
    assert order.requester == citizen and order.region == village
    assert response.redirect_chain[-1][0] == reverse("portal:item_detail", args=[order.tracking_number])
    assert order.tracking_number in response.content.decode()


def test_a_double_submit_makes_one_item(citizen_client, network):
    client, _ = citizen_client
    page = client.get(reverse("portal:ask")).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    data = {"village": network.villages[0].code, "text": "工资被拖欠", "token": token}
    first = client.post(reverse("portal:ask"), data)
    second = client.post(reverse("portal:ask"), data)
    assert WorkOrder.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_reused_token_with_other_content_is_refused(citizen_client, network):
    client, _ = citizen_client
    data = {"village": network.villages[0].code, "text": "工资被拖欠", "token": "2b1f7a3c-0f5e-4a55-9d3e-0c6d1d1b0a11"}
    client.post(reverse("portal:ask"), data)
    response = client.post(reverse("portal:ask"), {**data, "text": "另一个问题"})
    assert "该幂等键已用于内容不同的请求" in response.content.decode()
    assert WorkOrder.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"village": "", "text": "有问题"}, "请选择您所在的村(社区)。"),
        ({"village": "999999999999", "text": "有问题"}, "找不到该村(社区)，请重新选择。"),
        ({"village": "330102001000", "text": "有问题"}, "找不到该村(社区)，请重新选择。"),
        ({"village": "330102001001", "text": ""}, "请填写问题描述。"),
        ({"village": "330102001001", "text": "   "}, "请填写问题描述。"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(citizen_client, data, message):
    client, _ = citizen_client
    response = client.post(reverse("portal:ask"), data)
    page = response.content.decode()
    assert response.status_code == 400  # refused: the form again with its errors
    assert 'class="error-summary"' in page and message in page
    assert "<title>错误：" in page
    assert 'aria-invalid="true"' in page
    assert not WorkOrder.objects.exists()


@override_settings(QUESTION_MAX_CHARS=5000)
def test_oversize_question_is_refused(citizen_client, network):
    client, _ = citizen_client
    response = client.post(reverse("portal:ask"), {"village": network.villages[0].code, "text": "长" * 5001})
    assert "问题描述不能超过 5000 个字（现在 5001 个字）" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_unknown_county_code_is_explained(citizen_client):
    client, _ = citizen_client
    page = client.get(reverse("portal:ask"), {"county": "123456000000"}).content.decode()
    assert "找不到该县(区)，请重新选择。" in page


def test_script_in_the_question_is_shown_escaped(citizen_client, network):
    client, _ = citizen_client
    client.post(reverse("portal:ask"), {"village": network.villages[0].code, "text": "<script>alert('x')</script>"})
    order = WorkOrder.objects.get()
    page = client.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_staff_are_pointed_to_the_workbench(client, network):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:ask"))
    assert response.status_code == 302 and response["Location"] == reverse("workbench:queue")
