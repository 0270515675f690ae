"""The target pages (目标任务): the list along the region subtree with a constant number of
queries, setting a target, the target page with its parts, lights, schedule, the split and the
schedule forms; every refusal shows all its problems at once with status 400 and changes nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from gongfa.performance.models import Milestone, Target
from gongfa.performance.services.targets import set_target, split_target
from gongfa.performance.tests.targets_helpers import D, count_indicator, facts, rate_indicator
from gongfa.testing.factories import build_network, staff
from gongfa.workbench.tests.conftest import assert_refused

LIST = reverse("workbench:perf_targets")
NEW = reverse("workbench:perf_target_new")


def rows_of(page: str) -> str:
    return page.split('data-testid="targets"')[1].split("</table>")[0] if 'data-testid="targets"' in page else ""


def page_of(target):
    return reverse("workbench:perf_target", args=[target.pk])


@pytest.fixture
def indicator(db):
    return count_indicator()


@pytest.fixture
def county_target(network, county_supervisor, indicator):
    return set_target(
        actor=county_supervisor,
        indicator=indicator,
        region=network.county,
        year=2026,
        value=D(1200),
        source_document="示司发〔2026〕3号",
    )


@pytest.mark.django_db
def test_list_shows_the_subtree_and_its_queries_do_not_grow(
    client, network, county_supervisor, county_target, django_assert_max_num_queries
):
    other = build_network(prefix="330103", name="邻")
    from gongfa.performance.tests.targets_helpers import administrator

    admin = administrator()
    set_target(
        actor=admin,
        indicator=county_target.indicator,
        region=other.county,
        year=2026,
        value=D(5),
        source_document="邻文",
    )
    client.force_login(county_supervisor)
    with django_assert_max_num_queries(30) as few:
        page = client.get(LIST).content.decode()
    assert "示范县" in page and "1,200件" in page
    assert "邻县" not in page
    for number, code in enumerate(("t_a", "t_b", "t_c", "t_d", "t_e")):
        extra = count_indicator(code, name=f"指标{number}")
        target = set_target(
            actor=admin, indicator=extra, region=network.county, year=2026, value=D(100), source_document="文"
        )
        split_target(actor=admin, target=target, parts=[(network.townships[0], D(100))], method="typed")
    with django_assert_max_num_queries(30) as many:
        page = client.get(LIST).content.decode()
    assert page.count('href="/workbench/performance/targets/') >= 11
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_list_filters_by_year_and_indicator(client, network, county_supervisor, county_target):
    set_target(
        actor=county_supervisor,
        indicator=rate_indicator(),
        region=network.county,
        year=2025,
        value=D(90),
        source_document="文",
    )
    client.force_login(county_supervisor)
    rows = rows_of(client.get(LIST, {"year": 2025}).content.decode())
    assert "按时办结率" in rows and "法律援助受理量" not in rows
    rows = rows_of(client.get(LIST, {"indicator": county_target.indicator.code}).content.decode())
    assert "法律援助受理量" in rows and "按时办结率" not in rows
    response = client.get(LIST, {"year": "明年"})
    assert_refused(response, "年度请填整数。")


@pytest.mark.django_db
def test_a_township_supervisor_sees_their_part_with_the_parent_for_context(
    client, network, county_supervisor, township_supervisor, county_target
):
    t1, t2 = network.townships
    split_target(actor=county_supervisor, target=county_target, parts=[(t1, D(700)), (t2, D(500))], method="typed")
    client.force_login(township_supervisor)
    rows = rows_of(client.get(LIST).content.decode())
    assert "示范1镇" in rows and "示范2镇" not in rows
    assert client.get(page_of(county_target)).status_code == 404
    part = Target.objects.get(region=t1)
    page = client.get(page_of(part)).content.decode()
    parent = page.split('data-testid="parent-target">')[1].split("</dd>")[0]
    assert "示范县" in parent and "1,200件" in parent
    assert "修改目标值" not in page  # a part changes through its parent's split
    assert 'data-testid="split-form"' in page  # but it may split on to its villages
    assert client.get(page_of(Target.objects.get(region=t2))).status_code == 404


@pytest.mark.django_db
def test_other_staff_may_not_open_the_pages(client, network, county_target):
    client.force_login(staff(at=network.centre, username="clerk_x"))
    assert client.get(LIST).status_code in (302, 403)
    assert client.get(page_of(county_target)).status_code in (302, 403)


@pytest.mark.django_db
def test_set_a_target_through_the_form(client, network, county_supervisor, indicator):
    client.force_login(county_supervisor)
    assert client.get(NEW).status_code == 200
    response = client.post(
        NEW,
        {
            "indicator": indicator.code,
            "region": network.county.code,
            "year": 2026,
            "value": "1200",
            "source_document": "示司发〔2026〕3号",
        },
    )
    target = Target.objects.get()
    assert response.status_code == 302 and response["Location"] == page_of(target)
    assert "已下达示范县2026年“法律援助受理量”目标。" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_bad_target_input_all_at_once(client, network, county_supervisor, indicator):
    client.force_login(county_supervisor)
    response = client.post(
        NEW,
        {
            "indicator": indicator.code,
            "region": network.county.code,
            "year": "二〇二六",
            "value": "-3",
            "source_document": "",
        },
    )
    page = assert_refused(response, "年度请填整数。")
    assert "目标值不能为负数。" in page
    assert "请填写文件依据（下达目标的文件名称或文号）。" in page
    # a region outside the supervisor's scope is not offered and is refused
    other = build_network(prefix="330103", name="邻")
    response = client.post(
        NEW,
        {
            "indicator": indicator.code,
            "region": other.county.code,
            "year": 2026,
            "value": "10",
            "source_document": "文",
        },
    )
    assert_refused(response, "区划的选项不在列表中，请重新选择。")
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_a_township_supervisor_is_told_targets_come_from_above(client, network, township_supervisor):
    client.force_login(township_supervisor)
    page = client.get(NEW).content.decode()
    assert "目标由县级下达后分解到乡镇" in page
    assert 'data-testid="set-target"' not in page


@pytest.mark.django_db
def test_split_on_the_page(client, network, county_supervisor, county_target):
    client.force_login(county_supervisor)
    t1, t2 = network.townships
    url = page_of(county_target)
    response = client.post(
        url, {"action": "split", "method": "typed", f"part_{t1.code}": "700", f"part_{t2.code}": "480"}
    )
    assert_refused(response, "分解合计 1,180，比上级目标 1,200 少 20。")
    assert not Target.objects.filter(parent=county_target).exists()
    response = client.post(
        url, {"action": "split", "method": "weighted", f"part_{t1.code}": "2", f"part_{t2.code}": "1"}
    )
    assert response.status_code == 302
    # 1,200 by 2:1 = 800, 400
    assert {p.region.code: p.value for p in Target.objects.filter(parent=county_target)} == {
        t1.code: D(800),
        t2.code: D(400),
    }
    page = client.get(url).content.decode()
    assert "已分解到 2 个下级区划。" in page
    assert "分解合计 1,200件" in page
    response = client.post(
        url, {"action": "split", "method": "weighted", f"part_{t1.code}": "0", f"part_{t2.code}": "abc"}
    )
    page = assert_refused(response, "示范2镇请填数字。")
    assert "权重合计为 0，无法按权重分解" in page
    response = client.post(url, {"action": "clear_split"})
    assert response.status_code == 302
    assert not Target.objects.filter(parent=county_target).exists()


@pytest.mark.django_db
def test_a_rate_split_is_explained_and_has_no_sum_rule(client, network, county_supervisor):
    target = set_target(
        actor=county_supervisor,
        indicator=rate_indicator(),
        region=network.county,
        year=2026,
        value=D(90),
        source_document="文",
    )
    client.force_login(county_supervisor)
    page = client.get(page_of(target)).content.decode()
    assert "比率指标：逐项填写各下级的目标值（可高于或低于本目标），不要求合计。" in page
    assert 'value="weighted"' not in page
    t1, t2 = network.townships
    response = client.post(
        page_of(target), {"action": "split", "method": "typed", f"part_{t1.code}": "95", f"part_{t2.code}": "85"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_schedule_on_the_page(client, network, county_supervisor, county_target):
    client.force_login(county_supervisor)
    url = page_of(county_target)
    response = client.post(url, {"action": "schedule_quarter", "q-share_1": "20", "q-share_2": "50", "q-share_3": "40"})
    assert_refused(response, "进度安排合计 110%，超过 100%。")
    response = client.post(
        url, {"action": "schedule_quarter", "q-share_1": "-10", "q-share_2": "五十", "q-share_3": "40"}
    )
    page = assert_refused(response, "第2季度请填数字。")
    assert "第1季度的占比不能为负数。" in page
    assert not Milestone.objects.exists()
    response = client.post(
        url, {"action": "schedule_quarter", "q-share_1": "10", "q-share_2": "50", "q-share_3": "40", "q-share_4": ""}
    )
    assert response.status_code == 302
    assert [m.share for m in Milestone.objects.order_by("index")] == [D(10), D(50), D(40), D(0)]
    page = client.get(url).content.decode()
    assert "本目标的进度安排" in page
    response = client.post(url, {"action": "schedule_month", **{f"m-share_{i}": "8" for i in range(1, 13)}})
    page = assert_refused(response, "进度安排合计 96%，比 100% 少 4%：各期占比须合计正好 100%。")
    assert '<details class="filters-fold" open>' in page


@pytest.mark.django_db
def test_the_lights_on_the_target_page(
    client, network, county_supervisor, county_target, django_assert_max_num_queries
):
    t1, t2 = network.townships
    split_target(actor=county_supervisor, target=county_target, parts=[(t1, D(700)), (t2, D(500))], method="typed")
    facts(
        ("la.received", 400, datetime.date(2026, 3, 10), network.villages[0]),
        ("la.received", 300, datetime.date(2026, 6, 5), network.villages[3]),
    )
    client.force_login(county_supervisor)
    july_15 = datetime.datetime(2026, 7, 15, 10, tzinfo=datetime.UTC)
    with time_machine.travel(july_15, tick=False), django_assert_max_num_queries(40):
        page = client.get(page_of(county_target)).content.decode()
    # linear by default: Q1 + Q2 = 50 % due. County 700 of 600 → green; 示范1镇 400 of 350 → green;
    # 示范2镇 300 of 250 → green
    own = page.split('data-testid="own-progress"')[1].split("</dl>")[0]
    assert "700件" in own and "600件" in own and 'data-light="green"' in own
    parts = page.split('data-testid="parts"')[1].split("</table>")[0]
    assert parts.count('data-light="green"') == 2
    assert "未设进度安排，按各季度平均（各 25%）计算" in page
