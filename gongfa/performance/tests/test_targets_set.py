"""set_target: a supervisor sets a year's target for their region or one below it (administrators
anywhere), at province, city or county level; every bad input is refused at once, nothing saved."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.network.choices import RegionLevel
from gongfa.performance.models import Target
from gongfa.performance.services.targets import check_target, set_target, split_target
from gongfa.performance.tests.targets_helpers import (
    D,
    administrator,
    count_indicator,
    county_supervisor,
    rate_indicator,
    township_supervisor,
)
from gongfa.testing.factories import build_network


def messages_of(error: DomainError) -> dict[str | None, list[str]]:
    return error.field_errors()


@pytest.mark.django_db
def test_county_supervisor_sets_the_county_target_with_an_audit_event(network):
    user = county_supervisor(network)
    indicator = count_indicator()
    target = set_target(
        actor=user,
        indicator=indicator,
        region=network.county,
        year=2026,
        value=D(1200),
        source_document="示司发〔2026〕3号",
        note="年度重点",
    )
    assert (target.value, target.year, target.parent, target.set_by) == (D(1200), 2026, None, user)
    event = Event.objects.get(verb="performance.target_set")
    assert event.subject_id == str(target.pk)
    assert event.data["value"] == "1200"
    assert event.data["previous"] is None
    assert event.region_id == network.county.pk


@pytest.mark.django_db
def test_setting_it_again_changes_the_value_and_records_the_previous(network):
    user = county_supervisor(network)
    indicator = count_indicator()
    first = set_target(
        actor=user, indicator=indicator, region=network.county, year=2026, value=D(1200), source_document="文1"
    )
    again = set_target(
        actor=user, indicator=indicator, region=network.county, year=2026, value=D(1300), source_document="文2"
    )
    assert again.pk == first.pk
    assert Target.objects.get().value == D(1300)
    assert Event.objects.filter(verb="performance.target_set").latest("pk").data["previous"] == "1200.0000"


@pytest.mark.django_db
def test_administrator_sets_a_target_anywhere(network):
    target = set_target(
        actor=administrator(),
        indicator=count_indicator(),
        region=network.province,
        year=2026,
        value=D(50000),
        source_document="省厅文件",
    )
    assert target.region.level == RegionLevel.PROVINCE


@pytest.mark.django_db
def test_every_problem_at_once_and_nothing_saved(network):
    user = county_supervisor(network)
    indicator = count_indicator()
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=user, indicator=indicator, region=network.county, year=1999, value=D("-5"), source_document=" "
        )
    errors = messages_of(caught.value)
    assert errors["year"] == ["年度须在 2000–2100 之间。"]
    assert errors["value"] == ["目标值不能为负数。"]
    assert errors["source_document"] == ["请填写文件依据（下达目标的文件名称或文号）。"]
    assert not Target.objects.exists()
    assert not Event.objects.filter(verb="performance.target_set").exists()


@pytest.mark.django_db
def test_missing_inputs_each_named(network):
    with pytest.raises(DomainError) as caught:
        check_target(actor=county_supervisor(network), indicator=None, region=None, year=None, value=None)
    errors = messages_of(caught.value)
    assert errors["indicator"] == ["请选择指标。"]
    assert errors["region"] == ["请选择区划。"]
    assert errors["year"] == ["请填写年度。"]
    assert errors["value"] == ["请填写目标值。"]


@pytest.mark.django_db
def test_a_region_outside_the_supervisors_scope_is_refused(network):
    other = build_network(prefix="330103", name="邻")
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=county_supervisor(network),
            indicator=count_indicator(),
            region=other.county,
            year=2026,
            value=D(100),
            source_document="文",
        )
    assert messages_of(caught.value)["region"] == ["邻县不在您的辖区内：您只能为本辖区及下辖区划下达目标。"]
    # the city above is outside a county supervisor's scope too
    with pytest.raises(DomainError, match="示范市不在您的辖区内"):
        set_target(
            actor=county_supervisor_again(network),
            indicator=count_indicator("t2"),
            region=network.city,
            year=2026,
            value=D(100),
            source_document="文",
        )
    assert not Target.objects.exists()


def county_supervisor_again(network):
    from gongfa.performance.tests.targets_helpers import supervisor

    return supervisor(network.centre, "t_county_sup_b")


@pytest.mark.django_db
def test_a_township_does_not_enter_targets(network):
    user = township_supervisor(network)
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=user,
            indicator=count_indicator(),
            region=network.townships[0],
            year=2026,
            value=D(100),
            source_document="文",
        )
    assert messages_of(caught.value)["region"] == [
        "目标由省、市、县三级下达；示范1镇是乡镇(街道)，它的目标由上级目标分解得到。"
    ]


@pytest.mark.django_db
def test_the_indicator_levels_must_contain_the_regions_level(network):
    indicator = count_indicator(levels=[1, 2])
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=administrator(),
            indicator=indicator,
            region=network.county,
            year=2026,
            value=D(10),
            source_document="文",
        )
    assert messages_of(caught.value)["region"] == ["指标“法律援助受理量”只在省、市填报，示范县是县(区)。"]


@pytest.mark.django_db
def test_count_targets_are_whole_and_percentages_at_most_100(network):
    user = county_supervisor(network)
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=user,
            indicator=count_indicator(),
            region=network.county,
            year=2026,
            value=D("10.5"),
            source_document="文",
        )
    assert messages_of(caught.value)["value"] == ["目标值须为整数：“法律援助受理量”按件数计。"]
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=user,
            indicator=rate_indicator(),
            region=network.county,
            year=2026,
            value=D("100.5"),
            source_document="文",
        )
    assert messages_of(caught.value)["value"] == ["目标值是百分比，不能超过 100。"]
    rate = set_target(
        actor=user,
        indicator=rate_indicator("t_rate2"),
        region=network.county,
        year=2026,
        value=D("92.5"),
        source_document="文",
    )
    assert rate.value == D("92.5")


@pytest.mark.django_db
def test_an_inactive_indicator_is_refused(network):
    with pytest.raises(DomainError, match="已停用"):
        set_target(
            actor=county_supervisor(network),
            indicator=count_indicator(is_active=False),
            region=network.county,
            year=2026,
            value=D(1),
            source_document="文",
        )


@pytest.mark.django_db
def test_a_part_is_changed_by_its_parents_split_not_directly(network):
    admin = administrator()
    indicator = count_indicator()
    city = set_target(
        actor=admin, indicator=indicator, region=network.city, year=2026, value=D(100), source_document="市文"
    )
    split_target(actor=admin, target=city, parts=[(network.county, D(100))], method="typed")
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=admin, indicator=indicator, region=network.county, year=2026, value=D(90), source_document="文"
        )
    assert (
        caught.value.message == "示范县2026年的“法律援助受理量”目标由示范市的目标分解而来，请在上级目标的页面修改分解。"
    )
    assert Target.objects.get(region=network.county).value == D(100)


@pytest.mark.django_db
def test_a_split_targets_value_cannot_change_under_its_parts(network):
    user = county_supervisor(network)
    indicator = count_indicator()
    target = set_target(
        actor=user, indicator=indicator, region=network.county, year=2026, value=D(1200), source_document="文"
    )
    split_target(
        actor=user,
        target=target,
        parts=[(network.townships[0], D(700)), (network.townships[1], D(500))],
        method="typed",
    )
    with pytest.raises(DomainError) as caught:
        set_target(
            actor=user, indicator=indicator, region=network.county, year=2026, value=D(1300), source_document="文"
        )
    assert messages_of(caught.value)["value"] == [
        "该目标已分解到下级（分解合计 1,200），直接修改目标值会使分解合计不符：请先清除分解，再修改目标值。"
    ]
    # the same value with a new document is fine
    set_target(actor=user, indicator=indicator, region=network.county, year=2026, value=D(1200), source_document="新文")
    assert Target.objects.get(region=network.county).source_document == "新文"
