"""The supervision page: supervisors only; overdue and near-due in scope; notices, return visits and
rectifications with their forms."""

import pytest
from django.urls import reverse

from gongfa.workbench.tests.conftest import make_order, set_due
from gongfa.workorders.choices import Rating, ResultCode, SupervisionStatus, TaskStatus
from gongfa.workorders.models import Rectification, ReturnVisit, SupervisionNotice
from gongfa.workorders.services import answer_work_order, rate_work_order, sweep_overdue

URL = reverse("workbench:supervision")


@pytest.fixture
def bad_rating(network, room_clerk, county_supervisor, citizen):
    order = make_order(network.villages[0], requester=citizen)
    answer_work_order(order=order, actor=room_clerk, answer="答复", close_with=ResultCode.ANSWERED)
    rate_work_order(order=order, actor=citizen, rating=Rating.DISSATISFIED, comment="没解决")
    return order


def test_only_supervisors(client, network, room_clerk, county_supervisor):
    client.force_login(room_clerk)
    assert client.get(URL).status_code == 403
    assert "督办</a>" not in client.get(reverse("workbench:queue")).content.decode()
    client.force_login(county_supervisor)
    assert client.get(URL).status_code == 200


def test_anonymous_goes_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/staff/login/" in response["Location"]


def test_overdue_and_near_due_orders_in_scope(client, network, township_supervisor, room_clerk, other_clerk):
    late = set_due(make_order(network.villages[0]), -4)
    soon = set_due(make_order(network.villages[1]), 5)
    fine = set_due(make_order(network.villages[0]), 24 * 5)
    elsewhere = set_due(make_order(network.villages[3]), -4)  # another township
    client.force_login(township_supervisor)
    page = client.get(URL).content.decode()
    overdue = page.split('id="overdue-title"')[1].split('id="near-title"')[0]
    near = page.split('id="near-title"')[1]
    assert late.tracking_number in overdue and soon.tracking_number not in overdue
    assert soon.tracking_number in near and fine.tracking_number not in page
    assert elsewhere.tracking_number not in page
    assert '<strong data-testid="overdue-count">1</strong>' in page


def test_notices_are_listed_and_acknowledged(client, network, room_clerk, county_supervisor):
    order = set_due(make_order(network.villages[0]), -4)
    sweep_overdue()
    notice = SupervisionNotice.objects.get(order=order)
    client.force_login(county_supervisor)
    page = client.get(URL).content.decode()
    assert order.tracking_number in page.split('id="notices-title"')[1] and f"签收 {order.tracking_number}" in page
    response = client.post(reverse("workbench:acknowledge_notice", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == URL
    notice.refresh_from_db()
    assert notice.status == SupervisionStatus.ACKNOWLEDGED
    response = client.post(reverse("workbench:acknowledge_notice", args=[notice.pk]), follow=True)
    assert "该督办通知已签收或已解除。" in response.content.decode()


def test_someone_elses_notice_is_404(client, network, room_clerk, county_supervisor, township_supervisor):
    order = set_due(make_order(network.villages[0]), -4)
    sweep_overdue()
    notice = SupervisionNotice.objects.get(order=order)
    assert notice.supervisor == township_supervisor
    client.force_login(county_supervisor)
    assert client.post(reverse("workbench:acknowledge_notice", args=[notice.pk])).status_code == 404
    assert SupervisionNotice.objects.get(pk=notice.pk).status == SupervisionStatus.OPEN


def test_return_visit_after_a_bad_rating(client, county_supervisor, bad_rating):
    visit = ReturnVisit.objects.get(order=bad_rating)
    client.force_login(county_supervisor)
    page = client.get(URL).content.decode()
    assert bad_rating.tracking_number in page.split('id="visits-title"')[1].split('id="rect-title"')[0]
    url = reverse("workbench:complete_visit", args=[visit.pk])
    response = client.post(url, {"text": "", "back": "supervision"})
    assert response.status_code == 400 and "请填写回访情况。" in response.content.decode()
    assert ReturnVisit.objects.get(pk=visit.pk).status == TaskStatus.OPEN
    response = client.post(url, {"text": "已电话回访，群众表示理解", "back": "supervision"})
    assert response.status_code == 302 and response["Location"] == URL
    visit.refresh_from_db()
    assert visit.status == TaskStatus.DONE and visit.done_by == county_supervisor


def test_rectification_in_scope(client, county_supervisor, bad_rating):
    rectification = Rectification.objects.get(order=bad_rating)
    client.force_login(county_supervisor)
    page = client.get(URL).content.decode()
    assert bad_rating.tracking_number in page.split('id="rect-title"')[1].split('id="notices-title"')[0]
    url = reverse("workbench:complete_rectification", args=[rectification.pk])
    response = client.post(url, {"text": " ", "back": "supervision"})
    assert response.status_code == 400 and "请填写整改措施。" in response.content.decode()
    client.post(url, {"text": "组织答复规范培训", "back": "supervision"})
    assert Rectification.objects.get(pk=rectification.pk).status == TaskStatus.DONE


def test_tasks_can_be_completed_from_the_order_page(client, county_supervisor, bad_rating):
    visit = ReturnVisit.objects.get(order=bad_rating)
    client.force_login(county_supervisor)
    detail = reverse("workbench:order_detail", args=[bad_rating.tracking_number])
    page = client.get(detail).content.decode()
    assert "差评必回访" in page and "完成回访" in page and "登记整改措施" in page
    response = client.post(reverse("workbench:complete_visit", args=[visit.pk]), {"text": "", "back": "order"})
    assert response.status_code == 400 and "请填写回访情况。" in response.content.decode()
    assert "办理记录" in response.content.decode()  # the order page, not the supervision page
    response = client.post(reverse("workbench:complete_visit", args=[visit.pk]), {"text": "已回访", "back": "order"})
    assert response["Location"] == detail


def test_outsiders_cannot_complete_tasks(client, network, other_clerk, bad_rating):
    visit = ReturnVisit.objects.get(order=bad_rating)
    rectification = Rectification.objects.get(order=bad_rating)
    client.force_login(other_clerk)
    assert client.post(reverse("workbench:complete_visit", args=[visit.pk]), {"text": "x"}).status_code == 404
    url = reverse("workbench:complete_rectification", args=[rectification.pk])
    assert client.post(url, {"text": "x"}).status_code == 404
    assert ReturnVisit.objects.get(pk=visit.pk).status == TaskStatus.OPEN
