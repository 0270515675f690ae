"""Inspections: computed items at once, the evaluators' scores (every bad one at once, naming the
item), the total against the level's pass mark, rectifications only for items that lost points."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.network.models import RegionSetting
from gongfa.network.region_settings import RECTIFICATION_DAYS
from gongfa.performance.choices import InspectionMode, InspectionStatus, InspectionVenue, SiteLevel
from gongfa.performance.models import ItemScore, PointProfile, SiteInspection
from gongfa.performance.services import scoring
from gongfa.performance.tests.scoring_helpers import facts, shipped_sheet
from gongfa.testing.factories import UserFactory, post
from gongfa.workdays.services import add_working_days
from gongfa.workorders.models import Rectification
from gongfa.workorders.selectors import open_rectifications_for

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _on_the_collected_day():
    """TODAY is read when the module is collected: a run that crosses local midnight would compare
    against yesterday. Every test runs on that day."""
    moment = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(10)))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def sheet():
    return shipped_sheet()


@pytest.fixture
def supervisor(network):
    user = UserFactory(role=Role.SUPERVISOR, username="county_sup")
    post(user, network.centre)
    return user


def full_profile(point):
    profile, _ = PointProfile.objects.update_or_create(
        point=point,
        defaults={
            "floor_area_m2": D(120),
            "street_level": True,
            "weekly_hours": D(40),
            "posts": ["法律咨询", "法律援助", "人民调解", "综合服务"],
            "signage": dict.fromkeys(("name", "logo", "layout", "services", "process", "rules"), True),
        },
    )
    return profile


def perfect_setup(network, sheet, supervisor):
    """A county centre that earns every computed point: 5 people (the supervisor + 4),
    both agency kinds, 100 % satisfied and on time."""
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency

    profile = full_profile(network.centre)
    mediation = Agency.objects.create(name="县调委会", kind=AgencyKind.MEDIATION_COMMITTEE, region=network.county)
    profile.stationed_agencies.set([network.legal_aid_centre, mediation])
    for n in range(4):
        post(UserFactory(role=Role.WINDOW_STAFF, username=f"clerk{n}"), network.centre)
    facts(network.centre.pk, network.county.code, TODAY, wo_rated=10, wo_rated_5=10, wo_closed=10, wo_closed_on_time=10)


def new_inspection(network, sheet, supervisor, level=SiteLevel.PROVINCIAL, mode=InspectionMode.COVERT):
    return scoring.create_inspection(
        point=network.centre,
        sheet=sheet,
        actor=supervisor,
        site_level=level,
        mode=mode,
        venue=InspectionVenue.ON_SITE,
        inspected_on=TODAY,
        inspectors="王检查、李检查",
    )


def manual_codes(sheet):
    from gongfa.performance.models import ScoringItem

    return {i.code: i.points for i in ScoringItem.objects.filter(category__sheet=sheet, computed_by="")}


def test_creating_scores_the_computed_items_and_records_mode_and_venue(network, sheet, supervisor):
    perfect_setup(network, sheet, supervisor)
    inspection = new_inspection(network, sheet, supervisor)
    computed = {s.item.code: s for s in inspection.scores.select_related("item")}
    assert set(computed) == {
        "signage", "floor_area", "street_level", "posts", "stationed_agencies",
        "opening_hours", "staffing", "satisfaction", "on_time_rate",
    }  # fmt: skip
    assert all(s.computed and s.score == s.item.points and s.explanation for s in computed.values())
    assert inspection.mode == InspectionMode.COVERT and inspection.venue == InspectionVenue.ON_SITE
    event = Event.objects.get(verb="performance.inspection_created")
    assert event.data["mode"] == "covert" and event.data["venue"] == "on_site"
    assert event.reason == "暗访·实地"


def test_open_inspection_is_recorded_as_open(network, sheet, supervisor):
    inspection = new_inspection(network, sheet, supervisor, mode=InspectionMode.OPEN)
    assert SiteInspection.objects.get(pk=inspection.pk).get_mode_display() == "明查"


def test_bad_scores_are_refused_all_at_once_naming_each_item(network, sheet, supervisor):
    inspection = new_inspection(network, sheet, supervisor)
    before = ItemScore.objects.count()
    with pytest.raises(DomainError) as caught:
        scoring.record_scores(
            inspection=inspection,
            actor=supervisor,
            scores={"door_plate": "3", "guide_signs": "-1", "public_notice": "两分", "training": "2.555"},
            notes={},
        )
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages == {
        "scores.door_plate": "“门头标牌规范、醒目，夜间可识别”的得分不能超过该项分值 2.00 分。",
        "scores.guide_signs": "“功能分区标识、引导标识清晰”的得分不能为负数。",
        "scores.public_notice": "“公示服务事项、办事流程、人员信息和监督电话”的得分请填数字。",
        "scores.training": "“每年组织业务培训不少于2次”的得分最多保留两位小数。",
    }
    assert ItemScore.objects.count() == before


def test_a_lost_point_needs_a_reason_and_computed_items_cannot_be_typed(network, sheet, supervisor):
    inspection = new_inspection(network, sheet, supervisor)
    with pytest.raises(DomainError) as caught:
        scoring.record_scores(
            inspection=inspection, actor=supervisor, scores={"door_plate": "1", "signage": "4", "nope": "1"}
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"notes.door_plate", "scores.signage", "scores.nope"}


def score_all(inspection, supervisor, sheet, lose: dict[str, str] | None = None):
    lose = lose or {}
    scores = {code: lose.get(code, str(points)) for code, points in manual_codes(sheet).items()}
    notes = dict.fromkeys(lose, "现场未见")
    return scoring.record_scores(inspection=inspection, actor=supervisor, scores=scores, notes=notes)


@pytest.mark.parametrize(
    ("level", "lost", "total", "threshold", "passed"),
    [
        (SiteLevel.PROVINCIAL, {"door_plate": "0"}, "98.00", 95, True),  # 100 − 2
        (SiteLevel.PROVINCIAL, {"door_plate": "0", "publicity": "1.5", "training": "1"}, "92.50", 95, False),
        (SiteLevel.MUNICIPAL, {"door_plate": "0", "publicity": "1.5", "training": "1"}, "92.50", 90, True),
        (SiteLevel.MUNICIPAL, {"equipment": "0", "accessibility": "0", "archives": "0"}, "89.00", 90, False),
        (SiteLevel.STANDARD, {"equipment": "0", "accessibility": "0", "archives": "0"}, "89.00", 80, True),
        (SiteLevel.STANDARD, {}, "100.00", 80, True),
    ],
)
def test_thresholds_by_level(network, sheet, supervisor, level, lost, total, threshold, passed):
    perfect_setup(network, sheet, supervisor)
    inspection = new_inspection(network, sheet, supervisor, level=level)
    score_all(inspection, supervisor, sheet, lost)
    done = scoring.finalise_inspection(inspection=inspection, actor=supervisor)
    assert (done.total, done.threshold, done.passed) == (D(total), D(threshold), passed)
    assert done.status == InspectionStatus.FINAL
    assert Rectification.objects.count() == len(lost)


def test_the_pass_mark_is_a_region_setting(network, sheet, supervisor):
    RegionSetting.objects.create(
        region=network.city, key="performance.site_threshold_provincial", value=99, effective_from=TODAY
    )
    perfect_setup(network, sheet, supervisor)
    inspection = new_inspection(network, sheet, supervisor)
    score_all(inspection, supervisor, sheet, {"door_plate": "0"})
    done = scoring.finalise_inspection(inspection=inspection, actor=supervisor)
    assert (done.total, done.threshold, done.passed) == (D(98), D(99), False)


def test_rectifications_only_for_items_that_lost_points(network, sheet, supervisor):
    perfect_setup(network, sheet, supervisor)
    PointProfile.objects.filter(point=network.centre).update(weekly_hours=D(30))  # opening hours 3 × 30/40 = 2.25
    inspection = new_inspection(network, sheet, supervisor)
    score_all(inspection, supervisor, sheet, {"publicity": "4"})
    due = TODAY + datetime.timedelta(days=30)
    done = scoring.finalise_inspection(inspection=inspection, actor=supervisor, rectification_due=due)
    assert done.total == D("98.25")  # 100 − 0.75 − 1
    rectifications = list(Rectification.objects.order_by("pk"))
    assert [r.issue for r in rectifications] == [
        "每周开放时长不少于40小时：扣 0.75 分（每周开放 30 小时，标准 40 小时：得 2.25 分。）",
        "开展法治宣传活动，每季度不少于1次：扣 1.00 分（现场未见）",
    ]
    assert all(r.order is None and r.responsible_point == network.centre and r.due_on == due for r in rectifications)
    # The owner: the supervisor posted at the point comes first.
    assert {r.responsible_user for r in rectifications} == {supervisor}
    linked = ItemScore.objects.filter(rectification__isnull=False).values_list("item__code", flat=True)
    assert set(linked) == {"opening_hours", "publicity"}
    # The rectification list of the supervisor shows them.
    assert set(open_rectifications_for(supervisor)) == set(rectifications)
    verbs = list(Event.objects.values_list("verb", flat=True))
    assert verbs.count("workorders.site_rectification_opened") == 2
    assert "performance.inspection_finalised" in verbs


def test_default_deadline_from_the_region_setting(network, sheet, supervisor):
    perfect_setup(network, sheet, supervisor)
    inspection = new_inspection(network, sheet, supervisor)
    score_all(inspection, supervisor, sheet, {"publicity": "0"})
    scoring.finalise_inspection(inspection=inspection, actor=supervisor)
    # workorder.rectification_days working days (issue #16 item 18)
    assert Rectification.objects.get().due_on == add_working_days(TODAY, RECTIFICATION_DAYS.default)


def test_finalise_refuses_unscored_items_and_a_past_deadline_and_changes_nothing(network, sheet, supervisor):
    inspection = new_inspection(network, sheet, supervisor)
    with pytest.raises(DomainError) as caught:
        scoring.finalise_inspection(
            inspection=inspection, actor=supervisor, rectification_due=TODAY - datetime.timedelta(days=1)
        )
    problems = {p.field: p.message for p in caught.value.problems}
    assert problems[None].startswith("还有 18 项未评分：")
    assert problems["rectification_due"] == "整改期限不能早于今天。"
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT and not Rectification.objects.exists()


def test_a_final_inspection_cannot_change(network, sheet, supervisor):
    inspection = new_inspection(network, sheet, supervisor)
    score_all(inspection, supervisor, sheet)
    scoring.finalise_inspection(inspection=inspection, actor=supervisor)
    with pytest.raises(DomainError, match="已定稿"):
        score_all(inspection, supervisor, sheet)
    with pytest.raises(DomainError, match="已定稿"):
        scoring.finalise_inspection(inspection=inspection, actor=supervisor)


def test_new_inspection_bad_input_all_at_once(network, sheet, supervisor):
    station = network.stations[network.townships[0].code]
    with pytest.raises(DomainError) as caught:
        scoring.create_inspection(
            point=station,
            sheet=sheet,
            actor=supervisor,
            site_level="gold",
            mode="peek",
            venue="",
            inspected_on=TODAY + datetime.timedelta(days=1),
            inspectors=" ",
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"sheet", "site_level", "mode", "venue", "inspected_on", "inspectors"}
    assert not SiteInspection.objects.exists()


def test_only_a_supervisor_of_the_region_scores(network, sheet):
    outsider = UserFactory(role=Role.SUPERVISOR, username="other_sup")
    from gongfa.testing.factories import build_network

    other = build_network(prefix="330103", name="他")
    post(outsider, other.centre)
    clerk = UserFactory(role=Role.WINDOW_STAFF, username="clerk")
    post(clerk, network.centre)
    for actor in (outsider, clerk):
        with pytest.raises(NotPermitted):
            new_inspection(network, sheet, actor)
        with pytest.raises(NotPermitted):
            scoring.update_profile(point=network.centre, actor=actor, weekly_hours="40")


def test_profile_update_and_its_bad_input(network, supervisor):
    from gongfa.network.models import Agency

    far = Agency.objects.create(name="外县调委会", kind="mediation_committee", region=network.townships[1])
    with pytest.raises(DomainError) as caught:
        scoring.update_profile(
            point=network.stations[network.townships[0].code],
            actor=supervisor,
            floor_area_m2="-5",
            weekly_hours="200",
            posts=["法律咨询", "法律咨询"],
            stationed_agencies=[far],
            signage={"colour": True},
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"floor_area_m2", "weekly_hours", "posts", "stationed_agencies", "signage"}
    assert not PointProfile.objects.exists()
    profile = scoring.update_profile(
        point=network.centre,
        actor=supervisor,
        floor_area_m2="150.5",
        street_level=True,
        weekly_hours="42",
        posts=["法律咨询", " 法律援助 ", ""],
        stationed_agencies=[network.legal_aid_centre],
        signage={"name": True, "logo": False},
    )
    assert profile.floor_area_m2 == D("150.5") and profile.weekly_hours == D(42)
    assert profile.posts == ["法律咨询", "法律援助"]
    assert profile.signage == {
        "name": True,
        "logo": False,
        "layout": False,
        "services": False,
        "process": False,
        "rules": False,
    }
    assert list(profile.stationed_agencies.all()) == [network.legal_aid_centre]
    assert Event.objects.filter(verb="performance.profile_updated").count() == 1
