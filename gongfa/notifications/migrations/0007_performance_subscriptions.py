"""Who hears about monthly reports (月报) and site-inspection rectifications (示范点检查扣分整改):
a late or never-generated report tells the reporting region's supervisors, a submitted report the
level above, a return or an acceptance the reporting region; a rectification its responsible person."""

from django.db import migrations

RULES = [
    (
        {"event_kind": "performance.report_late", "recipients": "performance.report_region_supervisors"},
        {
            "notice_kind": "due_soon",
            "title_template": "催报：{region}{month}{report}已逾期",
            "body_template": "{month}{report}应于{due_on}前报送，请尽快填报并报送。",
        },
    ),
    (
        {"event_kind": "performance.report_missing", "recipients": "performance.report_region_supervisors"},
        {
            "notice_kind": "due_soon",
            "title_template": "催报：{region}{month}{report}尚未生成",
            "body_template": "{month}{report}应于{due_on}前报送，请尽快生成、填报并报送。",
        },
    ),
    (
        {"event_kind": "performance.monthlyreport.submit", "recipients": "performance.report_parent_supervisors"},
        {
            "notice_kind": "other",
            "title_template": "待审核：{region}{month}{report}",
            "body_template": "{actor}已报送，请审核。",
        },
    ),
    (
        {"event_kind": "performance.monthlyreport.return", "recipients": "performance.report_region_supervisors"},
        {"notice_kind": "other", "title_template": "退回修改：{month}{report}", "body_template": "退回原因：{reason}"},
    ),
    (
        {"event_kind": "performance.monthlyreport.accept", "recipients": "performance.report_region_supervisors"},
        {"notice_kind": "other", "title_template": "审核通过：{month}{report}", "body_template": "{actor}已审核通过。"},
    ),
    (
        {"event_kind": "workorders.site_rectification_opened", "recipients": "workorders.rectification_responsible"},
        {
            "notice_kind": "rectification",
            "title_template": "整改：{place}",
            "body_template": "检查扣分：{issue}。请于{deadline}前完成整改。",
        },
    ),
]


def seed(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    for rule, defaults in RULES:
        Subscription.objects.get_or_create(**rule, defaults={**defaults, "sms": False})


def unseed(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    for rule, _defaults in RULES:
        Subscription.objects.filter(**rule).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_sms_preference_per_notice_kind")]

    operations = [migrations.RunPython(seed, unseed)]
