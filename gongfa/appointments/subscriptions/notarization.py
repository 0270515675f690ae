"""The default notification subscriptions of the notarization case (公证默认通知订阅): (rule,
defaults) pairs like gongfa/mediation/subscriptions.py's RULES. Event kinds and resolvers:
appointments.notifications.notarization."""

from __future__ import annotations

from typing import Any

ACCEPT = "appointments.notarizationcase.accept"
RECUSE = "appointments.notarizationcase.recuse"
SUPPLEMENT = "appointments.notarizationcase.request_supplement"
ISSUE = "appointments.notarizationcase.issue"

RULES: list[tuple[dict[str, str], dict[str, Any]]] = [
    (
        {"event_kind": ACCEPT, "recipients": "appointments.notarization_notary"},
        {
            "notice_kind": "assignment",
            "title_template": "新承办公证案件：{number}",
            "body_template": "{office}受理了“{matter}”公证申请（{number}），由您承办，出证期限{due_on}。",
            "link_template": "{link}",
            "sms": False,
        },
    ),
    (
        {"event_kind": RECUSE, "recipients": "appointments.notarization_notary"},
        {
            "notice_kind": "assignment",
            "title_template": "改由您承办公证案件：{number}",
            "body_template": "原承办公证员回避（《公证法》第23条），“{matter}”公证案件（{number}）改由您承办，"
            "出证期限{due_on}。",
            "link_template": "{link}",
            "sms": False,
        },
    ),
    (
        {"event_kind": SUPPLEMENT, "recipients": "appointments.notarization_applicant"},
        {
            "notice_kind": "other",
            "title_template": "公证申请需补充材料：{number}",
            "body_template": "您在{office}申请的“{matter}”公证（{number}）需补充材料：{request}"
            "补充期间不计入办理期限。",
            "link_template": "{portal_link}",
            "sms": True,
        },
    ),
    (
        {"event_kind": ISSUE, "recipients": "appointments.notarization_applicant"},
        {
            "notice_kind": "other",
            "title_template": "公证书已出具：{number}",
            "body_template": "您在{office}申请的“{matter}”公证已出具公证书（编号{certificate_number}），"
            "请按公证处通知领取。",
            "link_template": "{portal_link}",
            "sms": True,
        },
    ),
]
