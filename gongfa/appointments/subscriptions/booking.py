"""The default notification subscriptions of the booking part: the office's staff hear of
cancellations and changes (in the workbench; no text). Event kinds and resolvers:
appointments.notifications.booking."""

from __future__ import annotations

from typing import Any

CANCEL = "appointments.booking.cancel"
RESCHEDULE = "appointments.booking.reschedule"

RULES: list[tuple[dict[str, str], dict[str, Any]]] = [
    (
        {"event_kind": CANCEL, "recipients": "appointments.booking_office_staff"},
        {
            "notice_kind": "other",
            "title_template": "预约已取消：{number}",
            "body_template": "{when}（{resource}）“{matter}”的预约已取消，该时段可重新预约。{reason}",
            "link_template": "",
            "sms": False,
        },
    ),
    (
        {"event_kind": RESCHEDULE, "recipients": "appointments.booking_office_staff"},
        {
            "notice_kind": "other",
            "title_template": "预约已改约：{number}",
            "body_template": "“{matter}”的预约已改至{when}（{resource}）。",
            "link_template": "",
            "sms": False,
        },
    ),
]
