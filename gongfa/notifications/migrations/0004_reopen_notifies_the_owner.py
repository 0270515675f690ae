"""A closed order sent back for handling again (重新办理) tells its owner."""

from django.db import migrations

RULE = {
    "event_kind": "workorders.workorder.reopen",
    "recipients": "workorders.owner",
}
DEFAULTS = {
    "notice_kind": "assignment",
    "title_template": "重新办理：工单 {number}",
    "body_template": "{actor}要求重新办理：{reason}",
    "sms": True,
}


def seed(apps, schema_editor):
    apps.get_model("notifications", "Subscription").objects.get_or_create(**RULE, defaults=DEFAULTS)


def unseed(apps, schema_editor):
    apps.get_model("notifications", "Subscription").objects.filter(**RULE).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_default_subscriptions")]

    operations = [migrations.RunPython(seed, unseed)]
