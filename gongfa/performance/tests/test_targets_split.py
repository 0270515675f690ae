"""split_target: parts for the regions one level below, typed or by weight; the parts of a count
add up exactly (largest remainder), a rate's parts are each typed; a mismatch names the gap and
saves nothing; a re-split replaces the parts unless a part is split further."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.performance.choices import SplitMethod
from gongfa.performance.models import Target
from gongfa.performance.services.targets import clear_split, distribute, set_target, split_target
from gongfa.performance.tests.targets_helpers import (
    D,
    administrator,
    count_indicator,
    county_supervisor,
    rate_indicator,
    township_supervisor,
)

TYPED, WEIGHTED = SplitMethod.TYPED.value, SplitMethod.WEIGHTED.value


@pytest.fixture
def county_target(network):
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=count_indicator(), region=network.county, year=2026, value=D(1200), source_document="文"
    )
    return user, target


def values(target):
    return {part.region.name: part.value for part in Target.objects.filter(parent=target).select_related("region")}


@pytest.mark.parametrize(
    ("total", "weights", "quantum", "expected"),
    [
        # 10 × 3/7, 3/7, 1/7 = 4.286, 4.286, 1.429: floors 4, 4, 1 (9), the 1 left to the largest remainder
        (D(10), [D(3), D(3), D(1)], D(1), [D(4), D(4), D(2)]),
        # 100 ÷ 3 = 33.33 each: floors 33 × 3 (99), the 1 left to the first of the equal remainders
        (D(100), [D(1), D(1), D(1)], D(1), [D(34), D(33), D(33)]),
        # 1,200 by 5:3:2 = 600, 360, 240 exactly
        (D(1200), [D(5), D(3), D(2)], D(1), [D(600), D(360), D(240)]),
        # 7 by 1:1:1:0 = 2.33 × 3: 3, 2, 2, 0 (a zero weight gets nothing)
        (D(7), [D(1), D(1), D(1), D(0)], D(1), [D(3), D(2), D(2), D(0)]),
        # 1 decimal: 10.0 ÷ 3 = 3.333…: 3.4, 3.3, 3.3
        (D(10), [D(1), D(1), D(1)], D("0.1"), [D("3.4"), D("3.3"), D("3.3")]),
    ],
)
def test_distribute_by_largest_remainder(total, weights, quantum, expected):
    parts = distribute(total, weights, quantum)
    assert parts == expected
    assert sum(parts) == total


@pytest.mark.django_db
def test_typed_split_adding_up_is_saved_with_an_event(network, county_target):
    user, target = county_target
    t1, t2 = network.townships
    made = split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(500))], method=TYPED)
    assert len(made) == 2
    assert values(target) == {"示范1镇": D(700), "示范2镇": D(500)}
    part = Target.objects.get(region=t1)
    assert (part.parent_id, part.split_method, part.weight, part.source_document) == (target.pk, TYPED, None, "文")
    event = Event.objects.get(verb="performance.target_split")
    assert event.data["parts"] == {t1.code: "700", t2.code: "500"}


@pytest.mark.django_db
def test_a_split_that_does_not_add_up_names_the_gap(network, county_target):
    user, target = county_target
    t1, t2 = network.townships
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(480))], method=TYPED)
    assert caught.value.message == "分解合计 1,180，比上级目标 1,200 少 20。各下级目标之和须等于上级目标。"
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(550))], method=TYPED)
    assert caught.value.message == "分解合计 1,250，比上级目标 1,200 多 50。各下级目标之和须等于上级目标。"
    assert not Target.objects.filter(parent=target).exists()
    assert not Event.objects.filter(verb="performance.target_split").exists()


@pytest.mark.django_db
def test_weighted_split_rounds_so_the_parts_add_up(network):
    admin = administrator()
    county = set_target(
        actor=admin,
        indicator=count_indicator("t_w"),
        region=network.county,
        year=2026,
        value=D(1001),
        source_document="文",
    )
    t1, t2 = network.townships
    # 1,001 by 2:1 = 667.33, 333.67: floors 667 + 333 = 1,000, the 1 left to the larger remainder (t2)
    split_target(actor=admin, target=county, parts=[(t1, D(2)), (t2, D(1))], method=WEIGHTED)
    assert values(county) == {"示范1镇": D(667), "示范2镇": D(334)}
    assert Target.objects.get(region=t1).weight == D(2)
    # and the first township on to its villages: 667 by 1:1:1 = 222.33 each → 223, 222, 222
    part = Target.objects.get(region=t1)
    v1, v2, v3 = network.villages[:3]
    split_target(actor=admin, target=part, parts=[(v1, D(1)), (v2, D(1)), (v3, D(1))], method=WEIGHTED)
    assert [Target.objects.get(region=v).value for v in (v1, v2, v3)] == [D(223), D(222), D(222)]


@pytest.mark.django_db
def test_weights_all_zero_and_negative_parts_are_refused_together(network, county_target):
    user, target = county_target
    t1, t2 = network.townships
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(0)), (t2, D(0))], method=WEIGHTED)
    assert caught.value.message == "权重合计为 0，无法按权重分解：请至少给一个下级区划填写大于 0 的权重。"
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(-1)), (t2, D("1300.5"))], method=TYPED)
    errors = caught.value.field_errors()
    assert errors[f"part_{t1.code}"] == ["示范1镇的目标值不能为负数。"]
    assert errors[f"part_{t2.code}"] == ["示范2镇的目标值须为整数：“法律援助受理量”按件数计。"]
    with pytest.raises(DomainError, match="请至少为一个下级区划填写目标值。"):
        split_target(actor=user, target=target, parts=[(t1, None), (t2, None)], method=TYPED)
    with pytest.raises(DomainError, match="请选择分解方式。"):
        split_target(actor=user, target=target, parts=[(t1, D(1200))], method="")
    assert not Target.objects.filter(parent=target).exists()


@pytest.mark.django_db
def test_only_the_regions_one_level_below(network, county_target):
    user, target = county_target
    village = network.villages[0]
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(village, D(1200))], method=TYPED)
    assert caught.value.field_errors()[f"part_{village.code}"] == ["示范1镇1村不是示范县的下一级区划。"]


@pytest.mark.django_db
def test_a_rate_is_split_typed_without_a_sum_rule(network):
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=rate_indicator(), region=network.county, year=2026, value=D(90), source_document="文"
    )
    t1, t2 = network.townships
    split_target(actor=user, target=target, parts=[(t1, D(95)), (t2, D("88.5"))], method=TYPED)
    assert values(target) == {"示范1镇": D(95), "示范2镇": D("88.5")}
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(1)), (t2, D(1))], method=WEIGHTED)
    assert caught.value.field_errors()["method"] == [
        "“按时办结率”是比率指标，不能按权重分解：请逐项填写各下级区划的目标值。"
    ]
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(101))], method=TYPED)
    assert caught.value.field_errors()[f"part_{t1.code}"] == ["示范1镇的目标值是百分比，不能超过 100。"]


@pytest.mark.django_db
def test_a_resplit_replaces_the_parts(network, county_target):
    user, target = county_target
    t1, t2 = network.townships
    split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(500))], method=TYPED)
    split_target(actor=user, target=target, parts=[(t1, D(1200)), (t2, None)], method=TYPED)
    assert values(target) == {"示范1镇": D(1200)}


@pytest.mark.django_db
def test_no_resplit_when_a_part_is_split_further(network, county_target):
    user, target = county_target
    t1, t2 = network.townships
    split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(500))], method=TYPED)
    part = Target.objects.get(region=t1)
    split_target(actor=user, target=part, parts=[(network.villages[0], D(700))], method=TYPED)
    with pytest.raises(DomainError) as caught:
        split_target(actor=user, target=target, parts=[(t1, D(600)), (t2, D(600))], method=TYPED)
    assert caught.value.message == "示范1镇已将目标继续分解到下一级，不能重新分解：请先在示范1镇的目标页面清除分解。"
    with pytest.raises(DomainError, match="示范1镇已将目标继续分解到下一级"):
        clear_split(actor=user, target=target)
    assert values(target) == {"示范1镇": D(700), "示范2镇": D(500)}
    # clearing the township's split first makes the re-split possible
    assert clear_split(actor=user, target=part) == 1
    split_target(actor=user, target=target, parts=[(t1, D(600)), (t2, D(600))], method=TYPED)
    assert values(target) == {"示范1镇": D(600), "示范2镇": D(600)}
    assert Event.objects.filter(verb="performance.target_split_cleared").count() == 1


@pytest.mark.django_db
def test_a_childs_own_target_becomes_a_part(network):
    admin = administrator()
    indicator = count_indicator()
    county = set_target(
        actor=admin, indicator=indicator, region=network.county, year=2026, value=D(900), source_document="县文"
    )
    city = set_target(
        actor=admin, indicator=indicator, region=network.city, year=2026, value=D(1000), source_document="市文"
    )
    split_target(actor=admin, target=city, parts=[(network.county, D(1000))], method=TYPED)
    county.refresh_from_db()
    assert (county.parent_id, county.value) == (city.pk, D(1000))


@pytest.mark.django_db
def test_a_township_supervisor_cannot_split_the_countys_target(network, county_target):
    _user, target = county_target
    with pytest.raises(DomainError) as caught:
        split_target(
            actor=township_supervisor(network), target=target, parts=[(network.townships[0], D(1200))], method=TYPED
        )
    assert caught.value.message == "示范县不在您的辖区内，您不能分解它的目标。"


@pytest.mark.django_db
def test_a_township_supervisor_splits_their_own_part_to_villages(network, county_target):
    user, target = county_target
    t1, t2 = network.townships
    split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(500))], method=TYPED)
    part = Target.objects.get(region=t1)
    v1, v2, v3 = network.villages[:3]
    split_target(
        actor=township_supervisor(network), target=part, parts=[(v1, D(300)), (v2, D(200)), (v3, D(200))], method=TYPED
    )
    assert values(part) == {"示范1镇1村": D(300), "示范1镇2村": D(200), "示范1镇3村": D(200)}
    village_part = Target.objects.get(region=v1)
    with pytest.raises(DomainError, match="村\\(社区\\)是最末一级区划"):
        split_target(actor=user, target=village_part, parts=[], method=TYPED)
