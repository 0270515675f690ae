"""The evaluation pages (绩效考评): schemes, runs along the region subtree, a new run, the ranked
results with their breakdown, typed scores with every error at once, finalising; constant queries."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongfa.performance.choices import EvaluationComponent, EvaluationRunStatus, SubjectKind
from gongfa.performance.models import (
    EvaluationInput,
    EvaluationItem,
    EvaluationResult,
    EvaluationRun,
    EvaluationScheme,
    Indicator,
)
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.performance.services.evaluation import run_evaluation, score_field

pytestmark = pytest.mark.django_db

OCT = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
INDEX = reverse("workbench:perf_evaluations")
NEW = reverse("workbench:perf_evaluation_new")


@pytest.fixture
def scheme(network):
    rate, _ = Indicator.objects.update_or_create(
        code="wo_close_on_time_rate",
        defaults={
            "name": "按时办结率",
            "numerator": {"measures": ["wo.closed_on_time"]},
            "denominator": {"measures": ["wo.closed"]},
            "scale": 100,
            "unit": "percent",
        },
    )
    scheme = EvaluationScheme.objects.create(
        code="points",
        name="平台考评",
        subject_kind=SubjectKind.POINT,
        grade_bands=[{"min": 90, "grade": "优秀"}, {"min": 60, "grade": "合格"}, {"min": 0, "grade": "不合格"}],
    )
    EvaluationItem.objects.create(
        scheme=scheme,
        order=1,
        code="timeliness",
        name="办理时效",
        component=EvaluationComponent.INDICATOR,
        indicator=rate,
        weight=60,
        bands=[{"min": 95, "score": 100}, {"min": 90, "score": 80}],
    )
    EvaluationItem.objects.create(
        scheme=scheme, order=2, code="self", name="自评", component=EvaluationComponent.SELF, weight=20
    )
    EvaluationItem.objects.create(
        scheme=scheme,
        order=3,
        code="third_party",
        name="第三方评估",
        component=EvaluationComponent.THIRD_PARTY,
        weight=20,
    )
    # The county centre closed 19 of 20 on time in October: 95% → 100 × 60% = 60.
    village = network.villages[0]
    apply_daily_deltas(
        {
            Contribution(
                "wo.closed", datetime.date(2026, 10, 9), region_code=village.code, point_id=network.centre.pk
            ).key: 20,
            Contribution(
                "wo.closed_on_time", datetime.date(2026, 10, 9), region_code=village.code, point_id=network.centre.pk
            ).key: 19,
        }
    )
    return scheme


def test_only_supervisors_open_the_pages(client, room_clerk, county_supervisor, scheme):
    client.force_login(room_clerk)
    assert client.get(INDEX).status_code == 403
    client.force_login(county_supervisor)
    page = client.get(INDEX)
    assert page.status_code == 200 and "还没有考评" in page.content.decode()
    schemes = client.get(reverse("workbench:perf_evaluation_schemes")).content.decode()
    assert "平台考评" in schemes and "按时办结率" in schemes and "≥95 → 100" in schemes


def test_a_supervisor_runs_an_evaluation_and_reads_the_ranked_results(client, county_supervisor, network, scheme):
    client.force_login(county_supervisor)
    form = client.get(NEW).content.decode()
    assert network.county.name in form and network.villages[0].name not in form  # down to townships
    response = client.post(
        NEW,
        {
            "scheme": scheme.pk,
            "region": network.county.pk,
            "period_start": "2026-10-01",
            "period_end": "2026-10-31",
            "title": "",
        },
    )
    run = EvaluationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:perf_evaluation", args=[run.pk])
    assert run.created_by == county_supervisor and run.title.startswith(network.county.name)
    page = client.get(response["Location"]).content.decode()
    assert "按时办结率 95%，落在 ≥95% 档，得 100 分 × 权重 60% = 60.0" in page
    assert "自评无数据，得 0 分 × 权重 20% = 0.0" in page
    centre = EvaluationResult.objects.get(run=run, subject_id=network.centre.pk)
    assert (centre.rank, centre.total, centre.grade) == (1, Decimal("60.00"), "合格")
    assert client.get(INDEX).content.decode().count(reverse("workbench:perf_evaluation", args=[run.pk])) == 1


def test_a_bad_new_run_shows_every_problem_and_creates_nothing(client, county_supervisor, network, scheme):
    client.force_login(county_supervisor)
    EvaluationItem.objects.filter(scheme=scheme, code="self").update(weight=15)
    response = client.post(
        NEW,
        {"scheme": scheme.pk, "region": network.county.pk, "period_start": "2026-10-31", "period_end": "2026-10-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "权重合计 95%，应为 100%。" in page and "截止日期不能早于起始日期。" in page
    response = client.post(NEW, {"scheme": "", "region": network.county.pk, "period_start": "十月", "period_end": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请选择考评方案。" in page and "起始日期的格式不正确" in page and "请填写截止日期。" in page
    assert not EvaluationRun.objects.exists()


def test_a_region_outside_ones_subtree_cannot_be_chosen_or_opened(
    client, county_supervisor, township_supervisor, network, scheme
):
    run = run_evaluation(county_supervisor, scheme, network.county, *OCT)
    client.force_login(township_supervisor)
    response = client.post(
        NEW,
        {"scheme": scheme.pk, "region": network.county.pk, "period_start": "2026-10-01", "period_end": "2026-10-31"},
    )
    assert response.status_code == 400 and "考评区划的选项不在列表中" in response.content.decode()
    assert client.get(reverse("workbench:perf_evaluation", args=[run.pk])).status_code == 404
    assert client.post(reverse("workbench:perf_evaluation_finalise", args=[run.pk])).status_code == 404
    assert reverse("workbench:perf_evaluation", args=[run.pk]) not in client.get(INDEX).content.decode()


def test_typed_scores_show_every_error_at_once_then_save_and_recompute(client, county_supervisor, network, scheme):
    run = run_evaluation(county_supervisor, scheme, network.county, *OCT)
    client.force_login(county_supervisor)
    url = reverse("workbench:perf_evaluation_scores", args=[run.pk])
    page = client.get(url).content.decode()
    self_item = scheme.items.get(code="self")
    third = scheme.items.get(code="third_party")
    station = network.stations[network.townships[0].code]
    assert f'name="{score_field(self_item.pk, network.centre.pk)}"' in page
    response = client.post(
        url,
        {
            score_field(self_item.pk, network.centre.pk): "120",
            score_field(third.pk, network.centre.pk): "-1",
            score_field(self_item.pk, station.pk): "优",
            score_field(third.pk, station.pk): "75",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<ul class="error-summary__list">(.*?)</ul>', page, re.S)
    assert summary is not None
    assert summary.group(1).count("<li>") == 3
    assert f"“{network.centre.name}”的“自评”得分应在 0 到 100 之间。" in page
    assert f"“{network.centre.name}”的“第三方评估”得分应在 0 到 100 之间。" in page
    assert f"“{station.name}”的“自评”得分应为数字。" in page
    assert not EvaluationInput.objects.exists()

    response = client.post(
        url, {score_field(self_item.pk, network.centre.pk): "90", score_field(third.pk, network.centre.pk): "85.5"}
    )
    assert response.status_code == 302
    centre = EvaluationResult.objects.get(run=run, subject_id=network.centre.pk)
    assert centre.total == Decimal("95.10")  # 60 + 90 × 20% + 85.5 × 20% = 60 + 18 + 17.1
    assert centre.grade == "优秀"


def test_finalising_freezes_the_run(client, county_supervisor, network, scheme):
    run = run_evaluation(county_supervisor, scheme, network.county, *OCT)
    client.force_login(county_supervisor)
    assert client.post(reverse("workbench:perf_evaluation_recompute", args=[run.pk])).status_code == 302
    response = client.post(reverse("workbench:perf_evaluation_finalise", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == EvaluationRunStatus.FINAL
    page = response.content.decode()
    assert "考评已定稿" in page and "录入自评与第三方评分</a>" not in page
    again = client.post(reverse("workbench:perf_evaluation_finalise", args=[run.pk]), follow=True)
    assert "该考评已定稿，结果不能再修改。" in again.content.decode()
    item = scheme.items.get(code="self")
    response = client.post(
        reverse("workbench:perf_evaluation_scores", args=[run.pk]), {score_field(item.pk, network.centre.pk): "80"}
    )
    assert response.status_code == 400 and "该考评已定稿" in response.content.decode()
    assert not EvaluationInput.objects.exists()


def test_pages_run_a_fixed_number_of_queries(client, county_supervisor, network, scheme):
    client.force_login(county_supervisor)
    first = run_evaluation(county_supervisor, scheme, network.county, *OCT)
    pages = [INDEX, reverse("workbench:perf_evaluation", args=[first.pk]), reverse("workbench:perf_evaluation_schemes")]
    counts = []
    for url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    for _ in range(3):
        run_evaluation(county_supervisor, scheme, network.county, *OCT)
    copy = EvaluationScheme.objects.create(code="copy", name="另一方案", subject_kind=SubjectKind.POINT, grade_bands=[])
    for item in scheme.items.all():
        item.pk, item.scheme = None, copy
        item.save()
    for url, before in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured) == before, url
