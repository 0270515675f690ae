"""The subscription table: seeded defaults that name registered kinds and resolvers, template
checks that report every bad field at once, and a rule an administrator disables stops sending."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.core.choices import Channel
from gongfa.notifications import registry
from gongfa.notifications.models import Notification, Subscription
from gongfa.testing.factories import UserFactory
from gongfa.workorders.services import create_work_order

DUTIES = {
    "workorders.workorder.dispatch",
    "workorders.workorder.transfer",
    "workorders.return_visit_opened",
    "workorders.rectification_opened",
    "workorders.supervision_raised",
    "workorders.due_soon",
    "legalaid.legalaidapplication.assign",
}


def test_the_defaults_cover_every_duty_and_are_valid(db):
    rules = list(Subscription.objects.all())
    assert {rule.event_kind for rule in rules} >= DUTIES
    for rule in rules:
        rule.full_clean()  # registered kind and resolver, known placeholders


def test_a_bad_rule_reports_every_problem_at_once(db):
    rule = Subscription(
        event_kind="workorders.workorder.dispatch",
        recipients="nobody.at_all",
        title_template="工单 {number",
        body_template="{order.requester}",
        link_template="{secret}",
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    errors = error.value.message_dict
    assert set(errors) >= {"recipients", "title_template", "body_template", "link_template"}
    assert "花括号不成对" in errors["title_template"][0]
    assert "只能是名称" in errors["body_template"][0]
    assert "没有占位符 secret" in errors["link_template"][0]


def test_render_never_reaches_into_objects():
    assert registry.render("工单 {number}{missing}", {"number": "GF1"}) == "工单 GF1"
    assert registry.render("{a.__class__}", {"a": "x"}) == ""


def test_an_administrator_disables_a_rule_in_the_admin(client, network, citizen, advisor_village, on_commit):
    village, advisor = advisor_village
    admin_user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    client.force_login(admin_user)
    rule = Subscription.objects.get(event_kind="workorders.workorder.dispatch", recipients="workorders.new_owner")
    url = reverse("admin:notifications_subscription_change", args=[rule.pk])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "event_kind": rule.event_kind,
            "recipients": rule.recipients,
            "notice_kind": rule.notice_kind,
            "title_template": rule.title_template,
            "body_template": rule.body_template,
            "link_template": rule.link_template,
            "sms": "on",
            # "enabled" unticked
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.enabled is False
    with on_commit():
        create_work_order(channel=Channel.PORTAL, region=village, text="问题", requester=citizen)
    assert not Notification.objects.filter(recipient=advisor).exists()


def test_staff_who_are_not_administrators_cannot_open_the_table(client, network, advisor_village):
    _, advisor = advisor_village
    advisor.is_staff = True
    advisor.save(update_fields=["is_staff"])
    client.force_login(advisor)
    assert client.get(reverse("admin:notifications_subscription_changelist")).status_code in (302, 403)


def test_a_rule_enabled_again_applies_at_once(network, citizen, advisor_village, on_commit):
    village, advisor = advisor_village
    rule = Subscription.objects.get(event_kind="workorders.workorder.dispatch", recipients="workorders.new_owner")
    rule.enabled = False
    rule.save()
    with on_commit():
        create_work_order(channel=Channel.PORTAL, region=village, text="第一个问题", requester=citizen)
    assert not Notification.objects.filter(recipient=advisor).exists()
    rule.enabled = True
    rule.save()  # clears the cached list of subscribed kinds
    with on_commit():
        order = create_work_order(channel=Channel.PORTAL, region=village, text="第二个问题", requester=citizen).order
    assert list(Notification.objects.filter(recipient=advisor).values_list("title", flat=True)) == [
        f"新派工单：{order.tracking_number}"
    ]
