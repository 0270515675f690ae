"""set_schedule: shares per quarter or month adding up to exactly 100 % (Yunnan: 10, 50, 40, 0);
over, under and negative refused at once. Without a schedule a target follows its nearest ancestor
target's, else a linear one."""

from __future__ import annotations

import datetime

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.performance.models import Milestone, Target
from gongfa.performance.services.targets import schedule_of, set_schedule, set_target, split_target
from gongfa.performance.tests.targets_helpers import D, count_indicator, county_supervisor, township_supervisor

YUNNAN = [D(10), D(50), D(40), D(0)]


@pytest.fixture
def county_target(network):
    user = county_supervisor(network)
    target = set_target(
        actor=user, indicator=count_indicator(), region=network.county, year=2026, value=D(1200), source_document="文"
    )
    return user, target


@pytest.mark.django_db
def test_the_yunnan_schedule_is_saved_with_an_event(county_target):
    user, target = county_target
    set_schedule(actor=user, target=target, period="quarter", shares=[D(10), D(50), D(40), None])
    assert [(m.index, m.share) for m in Milestone.objects.filter(target=target).order_by("index")] == [
        (1, D(10)),
        (2, D(50)),
        (3, D(40)),
        (4, D(0)),
    ]
    assert Event.objects.get(verb="performance.schedule_set").data == {
        "period": "quarter",
        "shares": ["10", "50", "40", "0"],
    }
    schedule = schedule_of(target)
    assert schedule.origin == "own"
    assert [step.cumulative for step in schedule.steps(2026)] == [D(10), D(60), D(100), D(100)]
    assert schedule.due_share(2026, datetime.date(2026, 3, 30)) == D(0)
    assert schedule.due_share(2026, datetime.date(2026, 3, 31)) == D(10)
    assert schedule.due_share(2026, datetime.date(2026, 7, 15)) == D(60)


@pytest.mark.django_db
def test_over_100_percent_is_refused(county_target):
    user, target = county_target
    with pytest.raises(DomainError) as caught:
        set_schedule(actor=user, target=target, period="quarter", shares=[D(20), D(50), D(40), D(0)])
    assert caught.value.message == "进度安排合计 110%，超过 100%。"
    assert not Milestone.objects.exists()


@pytest.mark.django_db
def test_under_100_percent_names_the_gap(county_target):
    user, target = county_target
    with pytest.raises(DomainError) as caught:
        set_schedule(actor=user, target=target, period="quarter", shares=[D(10), D(50), D("30.5"), None])
    assert caught.value.message == "进度安排合计 90.5%，比 100% 少 9.5%：各期占比须合计正好 100%。"


@pytest.mark.django_db
def test_a_negative_share_is_refused_with_the_total(county_target):
    user, target = county_target
    with pytest.raises(DomainError) as caught:
        set_schedule(actor=user, target=target, period="quarter", shares=[D(-10), D(60), D(40), D(20)])
    errors = caught.value.field_errors()
    assert errors["share_1"] == ["第1季度的占比不能为负数。"]
    # 110 in all: said beside the negative share, in the same refusal
    assert errors[None] == ["进度安排合计 110%，超过 100%。"]
    assert not Milestone.objects.exists()


@pytest.mark.django_db
def test_monthly_schedule_and_replacing_it(county_target):
    user, target = county_target
    set_schedule(actor=user, target=target, period="quarter", shares=YUNNAN)
    months = [D(5)] * 8 + [D(15)] * 4  # 40 + 60
    set_schedule(actor=user, target=target, period="month", shares=months)
    assert Milestone.objects.filter(target=target).count() == 12
    schedule = schedule_of(target)
    assert schedule.period == "month"
    # months Jan–Jun ended by 30 June: 6 × 5 = 30
    assert schedule.due_share(2026, datetime.date(2026, 6, 30)) == D(30)
    with pytest.raises(DomainError, match="进度安排须有 12 期，收到 4 期。"):
        set_schedule(actor=user, target=target, period="month", shares=YUNNAN)
    with pytest.raises(DomainError, match="请选择按季度或按月安排进度。"):
        set_schedule(actor=user, target=target, period="week", shares=YUNNAN)


@pytest.mark.django_db
def test_linear_by_default_and_parts_follow_their_parents_schedule(network, county_target):
    user, target = county_target
    linear = schedule_of(target)
    assert linear.origin == "linear"
    assert linear.due_share(2026, datetime.date(2026, 6, 30)) == D(50)
    set_schedule(actor=user, target=target, period="quarter", shares=YUNNAN)
    t1, t2 = network.townships
    split_target(actor=user, target=target, parts=[(t1, D(700)), (t2, D(500))], method="typed")
    part = Target.objects.get(region=t1)
    inherited = schedule_of(part)
    assert (inherited.origin, inherited.shares) == ("inherited", tuple(YUNNAN))
    assert inherited.origin_label == "沿用示范县目标的进度安排"
    # the township's own schedule wins
    set_schedule(actor=township_supervisor(network), target=part, period="quarter", shares=[D(25)] * 4)
    assert schedule_of(part).origin == "own"


@pytest.mark.django_db
def test_out_of_scope_schedule_is_refused(network, county_target):
    _user, target = county_target
    with pytest.raises(DomainError, match="示范县不在您的辖区内，您不能安排它的进度。"):
        set_schedule(actor=township_supervisor(network), target=target, period="quarter", shares=YUNNAN)
