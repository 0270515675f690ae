"""The default notification subscriptions of the appraisal part (司法鉴定委托引导默认通知订阅):
(rule, defaults) pairs like gongfa/mediation/subscriptions.py's RULES. Event kinds and resolvers:
appointments.notifications.appraisal."""

from __future__ import annotations

from typing import Any

COMMISSION = "appointments.appraisalreferral.commission"
DECLINE = "appointments.appraisalreferral.decline"
OPINION = "appointments.appraisalreferral.issue_opinion"

RULES: list[tuple[dict[str, str], dict[str, Any]]] = [
    (
        {"event_kind": COMMISSION, "recipients": "appointments.appraisal_institution_staff"},
        {
            "notice_kind": "assignment",
            "title_template": "新的司法鉴定委托：{number}",
            "body_template": "{institution}收到委托（{category}：{matter}），请于{accept_due}前决定是否受理"
            "（《司法鉴定程序通则》第13条 ◐）。",
            "link_template": "{link}",
            "sms": False,
        },
    ),
    (
        {"event_kind": DECLINE, "recipients": "appointments.appraisal_registrar"},
        {
            "notice_kind": "other",
            "title_template": "鉴定机构不予受理：{number}",
            "body_template": "{institution}对“{matter}”不予受理，理由：{reason}。请告知申请人，材料已退还。",
            "link_template": "{link}",
            "sms": False,
        },
    ),
    (
        {"event_kind": OPINION, "recipients": "appointments.appraisal_registrar"},
        {
            "notice_kind": "other",
            "title_template": "已出具鉴定意见：{number}",
            "body_template": "{institution}已就“{matter}”出具鉴定意见，请告知申请人领取鉴定意见书。",
            "link_template": "{link}",
            "sms": False,
        },
    ),
]
