"""The default subscription table: every event that gives a person something to do notifies them
(issue 11 §4). Administrators change or disable rows in the admin; reversing removes only these."""

from django.db import migrations

ASSIGN_BODY = "您被指派承办该案件，请在 {engagement_due} 前签订委托协议。"

# (event kind, recipients, notice kind, title, body, sms)
DEFAULTS = [
    ("workorders.workorder.dispatch", "workorders.new_owner", "assignment",
     "新派工单：{number}", "工单已派给您办理，请及时受理并联系群众。派单说明：{reason}", True),
    ("workorders.workorder.transfer", "workorders.new_owner", "transfer",
     "转办给您的工单：{number}", "{actor}转办：{reason}。请及时受理。", True),
    ("workorders.return_visit_opened", "workorders.return_visit_assignee", "return_visit",
     "差评回访：工单 {number}", "群众评价“{rating}”，请在 {deadline}回访并督促整改。", True),
    ("workorders.return_visit_sampled", "workorders.return_visit_assignee", "return_visit",
     "抽查回访：工单 {number}", "该工单办结后被抽中回访，请在 {deadline}回访群众。", False),
    ("workorders.rectification_opened", "workorders.rectification_responsible", "rectification",
     "整改：工单 {number}", "群众评价“{rating}”，您是整改责任人，请在 {deadline} 前完成整改。", True),
    ("workorders.supervision_raised", "workorders.supervisor", "supervision",
     "督办：工单 {number} 已超时", "{reason}", True),
    ("workorders.supervision_raised", "workorders.supervised_owner", "supervision",
     "您承办的工单 {number} 已超时并被督办", "请尽快办理并答复群众。", False),
    ("workorders.due_soon", "workorders.owner", "due_soon",
     "即将超时：工单 {number}", "办结时限为 {deadline}，请抓紧办理。", True),
    ("legalaid.legalaidapplication.assign", "legalaid.provider", "legal_aid_assignment",
     "法律援助指派：案件 {number}", ASSIGN_BODY, True),
    ("legalaid.legalaidapplication.assign_notified", "legalaid.provider", "legal_aid_assignment",
     "法律援助指派：案件 {number}", ASSIGN_BODY, True),
    ("legalaid.legalaidapplication.replace_provider", "legalaid.provider", "legal_aid_assignment",
     "法律援助更换承办人员：案件 {number}", ASSIGN_BODY, True),
    ("legalaid.assign", "legalaid.provider", "legal_aid_assignment",
     "先行法律援助指派：案件 {number}", "您被指派先行提供法律援助，请尽快联系受援人。", True),
    ("legalaid.peer_reviewer_assigned", "legalaid.peer_reviewer", "peer_review",
     "同行评估：案件 {number}", "您被指定为该案件的同行评估人，请阅卷并评分。", False),
]


def seed(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    for event_kind, recipients, notice_kind, title, body, sms in DEFAULTS:
        Subscription.objects.get_or_create(
            event_kind=event_kind,
            recipients=recipients,
            defaults={"notice_kind": notice_kind, "title_template": title, "body_template": body, "sms": sms},
        )


def unseed(apps, schema_editor):
    Subscription = apps.get_model("notifications", "Subscription")
    for event_kind, recipients, *_ in DEFAULTS:
        Subscription.objects.filter(event_kind=event_kind, recipients=recipients).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_subscription_table_and_preferences")]

    operations = [migrations.RunPython(seed, unseed)]
