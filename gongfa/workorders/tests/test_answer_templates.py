"""The answer phrase library (答复模板, issue #16 item 6): who maintains it, what an answer may use,
and the file that goes with the answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import override_settings

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.testing.factories import UserFactory
from gongfa.testing.files import PDF, PNG
from gongfa.workorders.models import AnswerTemplate, Topic, WorkOrder
from gongfa.workorders.services import answer_work_order, submit_question
from gongfa.workorders.services.answers import (
    TemplateInput,
    create_template,
    set_template_active,
    templates_for,
    update_template,
)


@pytest.fixture
def admin(db):
    return UserFactory(role="administrator", real_name="管理员")


@pytest.fixture
def labour(db):
    return Topic.objects.get_or_create(code="labour-test", defaults={"name": "劳动争议测试"})[0]


@pytest.fixture
def order(citizen, staffed_village, labour):
    village, _ = staffed_village
    made = submit_question(requester=citizen, village=village, text="老板拖欠工资")
    WorkOrder.objects.filter(pk=made.pk).update(topic=labour)
    return WorkOrder.objects.get(pk=made.pk)


def pdf(name="依据.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_an_administrator_adds_a_general_template_and_a_supervisor_one_for_the_county(
    admin, county_supervisor, labour, network
):
    general = create_template(actor=admin, data=TemplateInput(title="欠薪", body="可向劳动监察投诉。", topic=labour))
    assert general.region is None and general.created_by == admin and general.is_active
    county = create_template(
        actor=county_supervisor,
        data=TemplateInput(
            title="欠薪（本县）", body="可到县劳动监察大队投诉。", topic=labour, region=network.county, attachment=pdf()
        ),
    )
    assert county.attachment.name.endswith(".pdf")
    assert Event.objects.filter(verb="workorders.answertemplate.create").count() == 2


def test_who_may_maintain(staffed_village, county_supervisor, township_supervisor, labour, network, admin):
    _, clerk = staffed_village
    with pytest.raises(NotPermitted):
        create_template(actor=clerk, data=TemplateInput(title="t", body="b", region=network.county))
    with pytest.raises(DomainError) as caught:
        create_template(actor=county_supervisor, data=TemplateInput(title="t", body="b"))  # every region: admins'
    assert [p.code for p in caught.value.problems] == ["region_required"]
    county = create_template(actor=county_supervisor, data=TemplateInput(title="t", body="b", region=network.county))
    with pytest.raises(NotPermitted):  # the township supervisor does not supervise the county's templates
        update_template(actor=township_supervisor, template=county, data=TemplateInput(title="x", body="b"))
    update_template(actor=admin, template=county, data=TemplateInput(title="改", body="b", region=network.county))
    assert AnswerTemplate.objects.get(pk=county.pk).title == "改"


@pytest.mark.parametrize(
    ("title", "body", "codes"),
    [("", "", ["required", "required"]), ("长" * 65, "b", ["too_long"]), ("t", "长" * 4001, ["too_long"])],
)
def test_bad_inputs_are_reported_at_once(admin, title, body, codes):
    with pytest.raises(DomainError) as caught:
        create_template(actor=admin, data=TemplateInput(title=title, body=body))
    assert [p.code for p in caught.value.problems] == codes
    assert not AnswerTemplate.objects.exists()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf"), "invalid_file_type"),
        (SimpleUploadedFile("x.pdf", b"", content_type="application/pdf"), "empty_file"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_image_is_refused(admin, upload, code):
    with pytest.raises(DomainError) as caught:
        create_template(actor=admin, data=TemplateInput(title="t", body="b", attachment=upload))
    assert (caught.value.problems[0].field, caught.value.problems[0].code) == ("attachment", code)
    assert not AnswerTemplate.objects.exists()


@override_settings(ANSWER_ATTACHMENT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(admin):
    with pytest.raises(DomainError) as caught:
        create_template(actor=admin, data=TemplateInput(title="t", body="b", attachment=pdf()))
    assert caught.value.problems[0].code == "file_too_large"


def test_a_duplicate_title_is_refused(admin, labour):
    create_template(actor=admin, data=TemplateInput(title="欠薪", body="b", topic=labour))
    with pytest.raises(DomainError, match="同名"):
        create_template(actor=admin, data=TemplateInput(title="欠薪", body="c", topic=labour))


def test_the_database_refuses_a_second_nationwide_template_of_the_same_title(labour):
    # The service checks first; the constraint holds against a race (NULL regions are distinct in
    # the plain unique index, so the nationwide ones have a partial index of their own).
    AnswerTemplate.objects.create(topic=labour, region=None, title="欠薪", body="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerTemplate.objects.create(topic=labour, region=None, title="欠薪", body="c")
    assert AnswerTemplate.objects.filter(title="欠薪").count() == 1


def test_the_order_is_offered_its_topics_templates_and_general_ones(order, admin, labour, network):
    other = Topic.objects.create(code="family-test", name="婚姻家庭测试")
    own = create_template(actor=admin, data=TemplateInput(title="欠薪", body="b", topic=labour))
    general = create_template(actor=admin, data=TemplateInput(title="通用", body="b"))
    create_template(actor=admin, data=TemplateInput(title="离婚", body="b", topic=other))
    elsewhere = build_other_county_template(admin, labour)
    retired = create_template(actor=admin, data=TemplateInput(title="旧", body="b", topic=labour))
    set_template_active(actor=admin, template=retired, active=False)
    assert [t.pk for t in templates_for(order)] == [own.pk, general.pk]
    assert elsewhere.pk not in [t.pk for t in templates_for(order)]


def build_other_county_template(admin, labour):
    from gongfa.testing.factories import build_network

    other = build_network(prefix="330103", name="邻")
    return create_template(
        actor=admin, data=TemplateInput(title="邻县欠薪", body="b", topic=labour, region=other.county)
    )


def test_an_answer_from_a_template_counts_its_use_and_carries_its_file(order, staffed_village, admin, labour):
    _, clerk = staffed_village
    template = create_template(
        actor=admin, data=TemplateInput(title="欠薪", body="可申请劳动仲裁。", topic=labour, attachment=pdf())
    )
    answer_work_order(order=order, actor=clerk, answer="可申请劳动仲裁。", template=template)
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.answer_template == template and fresh.answer_attachment.name == template.attachment.name
    assert AnswerTemplate.objects.get(pk=template.pk).use_count == 1


def test_an_uploaded_file_goes_instead_of_the_templates(order, staffed_village, admin, labour):
    _, clerk = staffed_village
    template = create_template(actor=admin, data=TemplateInput(title="欠薪", body="b", topic=labour, attachment=pdf()))
    png = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    answer_work_order(order=order, actor=clerk, answer="答复", template=template, attachment=png)
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.answer_attachment.name.endswith(".png") and fresh.answer_attachment.name != template.attachment.name


def test_a_retired_or_foreign_template_and_a_bad_file_are_refused_with_the_answers_problems(
    order, staffed_village, admin
):
    _, clerk = staffed_village
    other = Topic.objects.create(code="family-test", name="婚姻家庭测试")
    foreign = create_template(actor=admin, data=TemplateInput(title="离婚", body="b", topic=other))
    bad = SimpleUploadedFile("x.pdf", b"not a file", content_type="application/pdf")
    with pytest.raises(DomainError) as caught:
        answer_work_order(order=order, actor=clerk, answer="", template=foreign, attachment=bad)
    assert [p.field for p in caught.value.problems] == ["answer", "template"]
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert fresh.answer == "" and AnswerTemplate.objects.get(pk=foreign.pk).use_count == 0
