"""Shared setup of the admin tests: an administrator's client and one row of every read-only kind."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.performance.models import (
    Bulletin,
    EvaluationResult,
    EvaluationRun,
    EvaluationScheme,
    Indicator,
    ItemScore,
    Milestone,
    MonthlyReport,
    PendingRefresh,
    PointProfile,
    ReportCell,
    ReportTemplate,
    ScoringItem,
    ScoringSheet,
    SiteInspection,
    Target,
)
from gongfa.testing.factories import MiniNetwork, UserFactory


def administrator() -> User:
    return UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True, username="perf_admin")


def logged_in(client: Client, user: User | None = None) -> Client:
    client.force_login(user or administrator())
    return client


def rate_indicator(code: str = "wo_satisfaction_rate") -> Indicator:
    indicator, _ = Indicator.objects.get_or_create(
        code=code,
        defaults={
            "name": "满意率",
            "numerator": {"measures": ["wo.rated_satisfied"]},
            "denominator": {"measures": ["wo.rated"]},
            "scale": Decimal(100),
            "unit": "percent",
            "decimals": 1,
        },
    )
    return indicator


def one_of_everything(network: MiniNetwork, user: User) -> dict[str, Any]:
    """A row of each read-only model (report, bulletin, run, result, inspection, target …)."""
    indicator = rate_indicator()
    template = ReportTemplate.objects.create(code="admin-test", name="测试月报")
    row = template.rows.create(order=1, code="r1", label="满意率", kind="indicator", indicator=indicator)
    report = MonthlyReport.objects.create(
        template=template, region=network.county, month=datetime.date(2026, 11, 1), due_on=datetime.date(2026, 12, 25)
    )
    ReportCell.objects.create(report=report, row=row, value=Decimal("95.5"), computed=True)
    bulletin = Bulletin.objects.create(
        region=network.city,
        title="十一月通报",
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 30),
        indicator_codes=[indicator.code],
        issued_by=user,
    )
    scheme = EvaluationScheme.objects.create(
        code="admin-test-scheme", name="测试方案", subject_kind="point", grade_bands=[{"min": 90, "grade": "优秀"}]
    )
    scheme.items.create(order=1, code="sat", name="满意率", component="citizen", weight=Decimal(100))
    run = EvaluationRun.objects.create(
        scheme=scheme,
        region=network.county,
        title="2026年考评",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        created_by=user,
    )
    EvaluationResult.objects.create(
        run=run,
        subject_kind="point",
        subject_id=network.centre.pk,
        subject_name=network.centre.name,
        total=Decimal("88.5"),
        grade="良好",
        rank=1,
    )
    sheet = ScoringSheet.objects.create(code="admin-test-sheet", name="测试评分表", total_points=Decimal(10))
    category = sheet.categories.create(order=1, name="基础设施")
    item = ScoringItem.objects.create(category=category, order=1, code="area", name="面积", points=Decimal(10))
    profile = PointProfile.objects.create(point=network.centre, floor_area_m2=Decimal("150.0"), posts=["法律咨询"])
    inspection = SiteInspection.objects.create(
        sheet=sheet,
        point=network.centre,
        site_level="municipal",
        mode="open",
        venue="on_site",
        inspected_on=datetime.date(2026, 11, 20),
        created_by=user,
    )
    ItemScore.objects.create(inspection=inspection, item=item, score=Decimal(8), note="面积不足")
    target = Target.objects.create(
        indicator=indicator, region=network.county, year=2026, value=Decimal(95), set_by=user
    )
    Milestone.objects.create(target=target, period="quarter", index=1, share=Decimal(10))
    PendingRefresh.objects.create(source="workorder", subject_id=1)
    return {
        "indicator": indicator,
        "template": template,
        "report": report,
        "bulletin": bulletin,
        "scheme": scheme,
        "run": run,
        "sheet": sheet,
        "category": category,
        "profile": profile,
        "inspection": inspection,
        "target": target,
    }
