"""manage.py seed_demo — load the deterministic demo network, staff, citizens and work orders.

    manage.py seed_demo                                   # one county, 150 villages, 300 citizens
    manage.py seed_demo --seed 7                          # another (equally valid) demo world
    manage.py seed_demo --villages 10000 --citizens 100000  # scale data for benchmarks

Running it again with the same options changes nothing. Use a fresh database for other options.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongfa.demo.generator import (
    DEFAULT_CITIZENS,
    DEFAULT_SEED,
    DEFAULT_VILLAGES,
    DEFAULT_WORK_ORDERS,
    PlanError,
    build_plan,
)
from gongfa.demo.loader import DEFAULT_BATCH_SIZE, DemoDataConflict, print_demo_accounts, seed_database
from gongfa.notifications.services import dispatch_recorded_since


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = "载入演示数据（确定性、可重复运行）：区划、服务点、机构、工作人员、法律顾问、值班表、群众和演示工单。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子（默认 {DEFAULT_SEED}）")
        parser.add_argument(
            "--villages", type=_positive, default=DEFAULT_VILLAGES, help=f"村(社区)数（默认 {DEFAULT_VILLAGES}）"
        )
        parser.add_argument(
            "--citizens",
            type=_positive,
            default=DEFAULT_CITIZENS,
            help=f"群众账号数，含两个演示群众（默认 {DEFAULT_CITIZENS}）",
        )
        parser.add_argument(
            "--work-orders",
            type=_positive,
            default=DEFAULT_WORK_ORDERS,
            help=f"演示工单数（默认 {DEFAULT_WORK_ORDERS}，0 表示不生成）",
        )
        parser.add_argument(
            "--start-date", type=_date, default=None, help="值班表的第一天（YYYY-MM-DD，默认今天），排 14 天"
        )
        parser.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE, help="批量写入的每批行数")
        parser.add_argument("--no-accounts", action="store_true", help="结束时不打印演示账号表")
        parser.add_argument(
            "--history",
            action="store_true",
            help="同时生成演示县此前 12 个月的历史数据（工单、评价、法律援助案件、年度目标；make run 使用）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 1
        started = time.perf_counter()

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(f"[{time.perf_counter() - started:7.1f}s] {message}")

        try:
            plan = build_plan(
                options["seed"],
                villages=options["villages"],
                citizens=options["citizens"],
                work_orders=options["work_orders"],
                start=options["start_date"],
            )
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        progress(
            f"种子 {plan.seed}：{len(plan.counties)} 个县、"
            f"{sum(len(c.township_codes) for c in plan.counties):,} 个乡镇(街道)、{plan.villages:,} 个村(社区)、"
            f"{plan.citizens:,} 名群众"
        )
        seeding_started = timezone.now()
        try:
            created = seed_database(plan, batch_size=options["batch_size"] or DEFAULT_BATCH_SIZE, progress=progress)
        except DemoDataConflict as exc:
            raise CommandError(str(exc)) from None
        if options["history"] and plan.counties:
            from gongfa.demo.history import seed_history

            history = seed_history(plan.seed, plan.counties[0].code, plan.start, progress=progress)
            created["历史工单"] += history.orders
            from gongfa.demo.mediation import seed_mediation

            mediation = seed_mediation(plan.seed, plan.counties[0].code, plan.start, progress=progress)
            created["人民调解案件"] += mediation.cases
            # appointments (issue #14): directory coordinates, booking, notarization, appraisal
            from gongfa.demo.booking import seed_booking

            created["公证预约"] += seed_booking(
                plan.seed, plan.counties[0].code, plan.start, progress=progress
            ).bookings
            from gongfa.demo.notarization import seed_notarization

            created["公证案件"] += seed_notarization(
                plan.seed, plan.counties[0].code, plan.start, progress=progress
            ).cases
            from gongfa.demo.appraisal import seed_appraisal

            created["司法鉴定委托引导"] += seed_appraisal(
                plan.seed, plan.counties[0].code, plan.start, progress=progress
            ).referrals
            # outreach (issue #15): advisers' logs, publicity, public good, volunteers, typical cases
            from gongfa.demo.outreach import seed_outreach

            outreach = seed_outreach(plan.seed, plan.counties[0].code, plan.start, progress=progress)
            created["顾问工作日志"] += outreach.logs
            created["普法活动"] += outreach.events
            # the hotline desk (issue #16): queues, call records and quality inspections
            from gongfa.demo.hotline import seed_hotline

            created["话单"] += seed_hotline(plan.seed, plan.counties[0].code, plan.start, progress=progress).calls
            # the desk's follow-up (issue #16): answer templates, supervisors' 督办, 12345 updates
            from gongfa.demo.desk import seed_desk

            created["督办通知"] += seed_desk(plan.seed, plan.counties[0].code, plan.start, progress=progress).notices
            # document drafting (issue #18): drafts, made documents and a lawyer review
            from gongfa.demo.drafting import seed_drafting

            created["代书文书"] += seed_drafting(
                plan.seed, plan.counties[0].code, plan.start, progress=progress
            ).documents
            # the Q&A's demand analysis and staff verification (issue #19)
            from gongfa.demo.questions import seed_questions

            created["智能问答提问"] += seed_questions(
                plan.seed, plan.counties[0].code, plan.start, progress=progress
            ).asked
        # Staff hear of their new orders after each commit; when the whole seed runs in one
        # transaction (its tests) that never comes, so deliver this run's notices now (once each).
        notices = dispatch_recorded_since(seeding_started)
        progress(f"通知：{notices:,} 条（派单等待办提醒）")
        summary = "、".join(f"{label} {count:,}" for label, count in created.items() if count)
        progress(f"完成。本次新建：{summary or '无（数据已存在，未作改动）'}")
        if verbose and not options["no_accounts"]:
            self.stdout.write("")
            print_demo_accounts(self.stdout.write)
