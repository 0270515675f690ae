"""Readiness detail for the statistics (统计更新): how many subjects wait for their facts and since
when. A backlog never takes a web node out of service (the pages still answer, with figures a
little behind); the detail lets an operator see that the workers are not keeping up."""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils import timezone

from gongfa.performance.models import PendingRefresh


def facts_backlog_check() -> str:
    backlog = PendingRefresh.objects.aggregate(count=Count("pk"), oldest=Min("queued_at"))
    if not backlog["count"]:
        return "统计已是最新"
    minutes = (timezone.now() - backlog["oldest"]).total_seconds() / 60
    return f"待更新 {backlog['count']} 项，最早 {minutes:.0f} 分钟前"
