"""Notices to village legal advisers (村(居)法律顾问).

- 到村服务次数不足: the monthly reminder (outreach.services.advisers.remind_missed_visits) tells an
  adviser which villages they visited fewer times last month than the region's setting
  outreach.advisor_monthly_visits asks. It goes straight to the adviser (in the workbench), not
  through the subscription table: the recipient is the adviser, always, and the dedupe key (one
  notice per adviser and month) makes the task safe to run twice.
"""

from __future__ import annotations

from gongfa.notifications.choices import NoticeKind

VISITS_SHORT_KIND = NoticeKind.OTHER


def visits_short_key(advisor_id: int, year: int, month: int) -> str:
    """One reminder per adviser and month."""
    return f"outreach:advisor-visits-short:{year}-{month:02d}:{advisor_id}"
