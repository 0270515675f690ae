"""Who hears about a 12345 return, a 12345 update the gateway gave up on, and a supervisor's own
督办 (issue #16): these were sent by the services directly; now they are rows of the subscription
table, with the same words, that the administrator can change or switch off.

- a 12345 return (workorders.workorder.return_12345) tells the order's owner, by SMS too;
- a given-up 12345 update tells the owner, or the first owner where the order has none now;
- a supervisor's 督办 (workorders.supervision_issued) tells the owner by SMS, and the staff of the
  order's point or agency in the workbench (one notice each: the first rule that names a person wins)."""

from django.db import migrations

# (event kind, recipients, notice kind, title, body, sms)
RULES = [
    ("workorders.workorder.return_12345", "workorders.owner", "assignment",
     "12345退回重办：工单 {number}", "12345平台反馈群众不满意，退回原因：{reason}", True),
    ("workorders.external_update_gave_up", "workorders.owner_or_first_owner", "other",
     "回传12345失败：工单 {number}", "{reason}", False),
    ("workorders.supervision_issued", "workorders.owner", "supervision",
     "督办：工单 {number}", "{actor}督办：{reason}。请于 {deadline} 前办理并答复群众。", True),
    ("workorders.supervision_issued", "workorders.place_staff_and_owner", "supervision",
     "督办：工单 {number}", "{actor}督办：{reason}。请于 {deadline} 前办理并答复群众。", False),
]  # fmt: skip


def seed(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    for event_kind, recipients, notice_kind, title, body, sms in RULES:
        Subscription.objects.get_or_create(
            event_kind=event_kind,
            recipients=recipients,
            defaults={"notice_kind": notice_kind, "title_template": title, "body_template": body, "sms": sms},
        )


def unseed(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    for event_kind, recipients, *_rest in RULES:
        Subscription.objects.filter(event_kind=event_kind, recipients=recipients).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0007_performance_subscriptions")]

    operations = [migrations.RunPython(seed, unseed)]
