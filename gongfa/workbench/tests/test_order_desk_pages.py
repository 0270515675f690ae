"""The hotline desk on the workbench (issue #16): answer templates (list, add, change, retire; used
from the order page with or without JavaScript; files), 回传12345 on the order page with 登记办理进展,
and 发起督办 by a supervisor."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongfa.testing.files import PDF
from gongfa.workbench.tests.conftest import act, assert_done, assert_refused, make_order
from gongfa.workorders.choices import ExternalUpdateStatus, SupervisionKind
from gongfa.workorders.models import AnswerTemplate, ExternalUpdate, SupervisionNotice, WorkOrder
from gongfa.workorders.services import receive_12345_transfer
from gongfa.workorders.services.answers import TemplateInput, create_template

LIST = reverse("workbench:answer_templates")
NEW = reverse("workbench:answer_template_create")


def page(client, order, **params):
    return client.get(reverse("workbench:order_detail", args=[order.tracking_number]), params).content.decode()


@pytest.fixture
def template(county_supervisor, network):
    return create_template(
        actor=county_supervisor,
        data=TemplateInput(
            title="欠薪怎么办",
            body="可向劳动保障监察机构投诉，或申请劳动仲裁（《劳动争议调解仲裁法》第5条）。",
            region=network.county,
            attachment=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        ),
    )


def test_only_supervisors_and_administrators_maintain(client, room_clerk, county_supervisor, template):
    client.force_login(room_clerk)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    client.force_login(county_supervisor)
    body = client.get(LIST).content.decode()
    assert "欠薪怎么办" in body and "答复模板</a>" in body


def test_a_supervisor_adds_changes_and_retires_a_template(client, county_supervisor, network):
    client.force_login(county_supervisor)
    upload = SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")
    data = {"title": "宅基地纠纷", "body": "先由村委会调解。", "region": str(network.county.pk), "attachment": upload}
    assert client.post(NEW, data).status_code == 302
    made = AnswerTemplate.objects.get(title="宅基地纠纷")
    assert made.attachment
    edit = reverse("workbench:answer_template_edit", args=[made.pk])
    response = client.post(
        edit, {"title": "宅基地纠纷", "body": "先由村委会调解，调解不成可申请确权。", "region": str(network.county.pk)}
    )
    assert response.status_code == 302 and "确权" in AnswerTemplate.objects.get(pk=made.pk).body
    assert client.post(reverse("workbench:answer_template_toggle", args=[made.pk])).status_code == 302
    assert not AnswerTemplate.objects.get(pk=made.pk).is_active
    assert "宅基地纠纷</th>" not in client.get(LIST).content.decode()
    assert "宅基地纠纷</th>" in client.get(LIST, {"retired": "1"}).content.decode()


def test_bad_template_input_comes_back_with_every_error(client, county_supervisor, network):
    client.force_login(county_supervisor)
    bad = SimpleUploadedFile("c.pdf", b"<script>", content_type="application/pdf")
    response = client.post(NEW, {"title": "", "body": "", "region": str(network.county.pk), "attachment": bad})
    body = assert_refused(response, "请填写标题")
    assert "请填写答复内容" in body and "PDF" in body
    assert not AnswerTemplate.objects.exists()


def test_another_supervisors_template_cannot_be_changed(client, township_supervisor, template):
    client.force_login(township_supervisor)
    assert client.get(reverse("workbench:answer_template_edit", args=[template.pk])).status_code == 404
    assert client.post(reverse("workbench:answer_template_toggle", args=[template.pk])).status_code == 404


def test_the_answer_form_offers_templates_and_fills_the_text_without_javascript(client, network, room_clerk, template):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    body = page(client, order)
    assert 'data-testid="template-picker"' in body and "欠薪怎么办" in body
    filled = page(client, order, answer_template=str(template.pk))
    assert "劳动争议调解仲裁法" in filled.split('id="id_answer_answer"')[1].split("</textarea>")[0]
    response = act(client, order, "answer", {"answer": template.body, "template": str(template.pk)})
    assert_done(client, response, "已答复")
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.answer_template == template and fresh.answer_attachment
    assert AnswerTemplate.objects.get(pk=template.pk).use_count == 1
    assert 'data-testid="answer-attachment"' in page(client, order)
    download = client.get(reverse("workbench:order_answer_file", args=[order.tracking_number]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_citizen_downloads_the_answers_file(client, network, room_clerk, citizen, template):
    order = make_order(network.villages[0], requester=citizen)
    client.force_login(room_clerk)
    act(client, order, "answer", {"answer": "答复", "template": str(template.pk)})
    own = Client()
    own.force_login(citizen)
    body = own.get(reverse("portal:item_detail", args=[order.tracking_number])).content.decode()
    url = reverse("portal:answer_file", args=[order.tracking_number])
    assert url in body
    assert own.get(url).status_code == 200
    stranger = Client()
    from gongfa.testing.factories import CitizenFactory

    stranger.force_login(CitizenFactory())
    assert stranger.get(url).status_code == 404


@pytest.fixture
def from_12345(network, room_clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = receive_12345_transfer(
            reference="SX-9",
            region=network.villages[0],
            text="欠薪",
            contact_phone="13800001111",
            deadline=timezone.now() + datetime.timedelta(days=4),
        )
    return WorkOrder.objects.get(pk=result.order.pk)


def test_the_12345_section_lists_updates_and_progress_is_reported(
    client, room_clerk, from_12345, django_capture_on_commit_callbacks
):
    client.force_login(room_clerk)
    assert "时限依据：12345工单规定的办理时限" in page(client, from_12345)
    with django_capture_on_commit_callbacks(execute=True):
        assert_done(client, act(client, from_12345, "accept"), "已受理")
        response = act(client, from_12345, "progress", {"progress": "已约群众周五面谈。"})
    body = assert_done(client, response, "已登记办理进展")
    assert 'data-testid="external-updates"' in body and "办理进展" in body and "R12345-" in body
    assert ExternalUpdate.objects.filter(status=ExternalUpdateStatus.SENT).count() == 2
    assert_refused(act(client, from_12345, "progress", {"progress": ""}), "请填写办理进展")


def test_progress_is_not_offered_on_other_orders(client, network, room_clerk):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    body = page(client, order)
    assert 'id="action-progress"' not in body and "回传12345" not in body


def test_a_supervisor_issues_supervision_from_the_order_page(client, network, room_clerk, county_supervisor):
    order = make_order(network.villages[0])
    client.force_login(room_clerk)
    assert 'id="action-supervise"' not in page(client, order)
    client.force_login(county_supervisor)
    assert 'id="action-supervise"' in page(client, order)
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = act(client, order, "supervise", {"reason": "群众多次催办", "due_at": due})
    assert_done(client, response, "已对工单")
    notice = SupervisionNotice.objects.get()
    assert notice.kind == SupervisionKind.MANUAL and notice.reason == "群众多次催办"
    supervision = client.get(reverse("workbench:supervision")).content.decode()
    assert 'data-testid="manual-notices"' in supervision and "群众多次催办" in supervision


def test_bad_supervision_input_shows_every_problem(client, network, county_supervisor):
    order = make_order(network.villages[0])
    client.force_login(county_supervisor)
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    body = assert_refused(act(client, order, "supervise", {"reason": "", "due_at": past}), "请填写督办事由")
    assert "办理期限应晚于现在" in body
    assert not SupervisionNotice.objects.exists()
