"""The default notification subscriptions of people's mediation (人民调解默认通知订阅).

The lead's data migration of the notifications app calls `seed` (and `unseed` to reverse); the
rules are data afterwards, edited in the admin. Event kinds and resolvers: mediation.notifications.
"""

from __future__ import annotations

from typing import Any

ESCALATION = "mediation.mediationcase.report_escalation"
CONFIRMATION_REMINDER = "mediation.mediationcase.confirmation_reminder"
RETURN_VISIT_DUE = "mediation.mediationcase.return_visit_due"

RULES: list[tuple[dict[str, str], dict[str, Any]]] = [
    (
        {"event_kind": ESCALATION, "recipients": "mediation.committee_supervisors"},
        {
            "notice_kind": "supervision",
            "title_template": "纠纷激化风险：{number}",
            "body_template": "{committee}报告：{summary}，存在{risk}的风险（涉及{people}人）。{reason}"
            "请关注并协调有关部门预防（《人民调解法》第25条）。",
            "sms": True,
        },
    ),
    (
        {"event_kind": ESCALATION, "recipients": "mediation.police_liaison"},
        {
            "notice_kind": "supervision",
            "title_template": "请转告公安机关：纠纷激化风险 {number}",
            "body_template": "{committee}报告：{summary}，存在{risk}的风险（涉及{people}人）。{reason}"
            "依本地设置应同时告知公安机关；平台暂无公安联络人账号，请您代收并转告（《人民调解法》第25条）。",
            "sms": True,
        },
    ),
    (
        {"event_kind": CONFIRMATION_REMINDER, "recipients": "mediation.case_parties"},
        {
            "notice_kind": "due_soon",
            "title_template": "调解协议司法确认申请期限将至",
            "body_template": "您的调解协议（{number}）如需司法确认，双方当事人须于{window_ends_on}前共同向人民法院申请"
            "（《人民调解法》第33条）。",
            "link_template": "{portal_link}",
            "sms": True,
        },
    ),
    (
        {"event_kind": CONFIRMATION_REMINDER, "recipients": "mediation.case_mediators"},
        {
            "notice_kind": "due_soon",
            "title_template": "司法确认申请期限将至：{number}",
            "body_template": "协议生效后30日内可共同申请司法确认，期限至{window_ends_on}（还有{days_left}天），"
            "尚未申请。如当事人需要，请协助准备申请材料。",
            "sms": False,
        },
    ),
    (
        {"event_kind": RETURN_VISIT_DUE, "recipients": "mediation.case_mediators"},
        {
            "notice_kind": "return_visit",
            "title_template": "待回访：{number}",
            "body_template": "调解协议的履行情况应于{due_on}回访并记录（《人民调解法》第31条）。",
            "sms": False,
        },
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Subscription = apps.get_model("notifications", "Subscription")
    for rule, defaults in RULES:
        Subscription.objects.get_or_create(**rule, defaults=defaults)


def unseed(apps: Any, schema_editor: Any) -> None:
    Subscription = apps.get_model("notifications", "Subscription")
    for rule, _defaults in RULES:
        Subscription.objects.filter(**rule).delete()
