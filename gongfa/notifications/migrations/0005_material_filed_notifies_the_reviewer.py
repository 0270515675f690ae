"""A material filed in reply to a supplement notice (补充材料) or during review tells the reviewer
who holds the case."""

from django.db import migrations, models

RULE = {
    "event_kind": "legalaid.material_filed",
    "recipients": "legalaid.case_reviewer",
}
DEFAULTS = {
    "notice_kind": "material_filed",
    "title_template": "材料已提交：案件 {number}",
    "body_template": "{actor}提交了{material}，请审查。",
    "sms": False,
}


def seed(apps, schema_editor):
    apps.get_model("notifications", "Subscription").objects.get_or_create(**RULE, defaults=DEFAULTS)


def unseed(apps, schema_editor):
    apps.get_model("notifications", "Subscription").objects.filter(**RULE).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_reopen_notifies_the_owner")]

    operations = [
        migrations.AlterField(
            model_name="subscription",
            name="notice_kind",
            field=models.CharField(
                choices=[
                    ("assignment", "派单"),
                    ("transfer", "转办"),
                    ("rectification", "整改"),
                    ("return_visit", "回访"),
                    ("supervision", "督办"),
                    ("due_soon", "即将超时"),
                    ("legal_aid_assignment", "法律援助指派"),
                    ("peer_review", "同行评估"),
                    ("material_filed", "材料提交"),
                    ("other", "其他"),
                ],
                default="other",
                max_length=32,
                verbose_name="通知类型",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
