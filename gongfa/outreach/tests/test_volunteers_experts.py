"""The expert pool: add / edit (a field is required, codes are topics or dispute categories),
出库 with a reason, suggestions (field match first, then the nearest region), calls for a work
order (only one the caller can see) and for a mediation consultation (only in a managed region,
only while requested), and the expert's opinion on a call."""

from __future__ import annotations

import pytest

from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted, ValidationFailed
from gongfa.mediation.choices import ConsultationStatus
from gongfa.outreach.models import Expert, ExpertCall
from gongfa.outreach.selectors import volunteers as sel
from gongfa.outreach.services import volunteers as svc
from gongfa.outreach.tests.test_volunteers_world import build_world, consultation, days_ago, expert
from gongfa.workbench.tests.conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _save(world, **overrides):
    values = {
        "actor": world.county_staff,
        "name": "孙教授",
        "title": "教授",
        "organisation": "示范大学法学院",
        "fields": ["labour", "neighbour"],
        "region": world.net.county,
    }
    values.update(overrides)
    return svc.save_expert(**values)


def test_field_choices_join_topics_and_dispute_categories_once():
    codes = [code for code, _ in sel.field_choices()]
    labels = sel.field_labels()
    assert codes.count("labour") == 1 and labels["labour"] == "劳动纠纷"  # the topic's name
    assert labels["neighbour"] == "邻里纠纷"  # a dispute category with no topic of its code


def test_an_expert_is_added_and_edited(world):
    made = _save(world)
    assert made.fields == ["labour", "neighbour"] and made.is_active
    edited = _save(world, expert=made, fields=["medical"], title="")
    assert Expert.objects.get().fields == ["medical"] and edited.title == ""
    verbs = list(Event.objects.filter(verb__startswith="outreach.expert.").values_list("verb", flat=True))
    assert sorted(verbs) == ["outreach.expert.add", "outreach.expert.edit"]


def test_an_expert_without_a_field_is_refused_with_every_other_problem(world):
    with pytest.raises(ValidationFailed) as refused:
        _save(world, fields=[], name="", organisation="", region=None)
    assert {p.field: p.code for p in refused.value.problems} == {
        "fields": "required",
        "name": "required",
        "organisation": "required",
        "region": "required",
    }
    assert any("请至少选择一个专业领域" in p.message for p in refused.value.problems)
    assert not Expert.objects.exists()


def test_an_unknown_field_and_a_region_not_managed(world):
    with pytest.raises(ValidationFailed) as refused:
        _save(world, actor=world.township_staff, fields=["astrology"], region=world.far_village)
    assert {p.field: p.code for p in refused.value.problems} == {
        "fields": "invalid",
        "region": "region_not_managed",
    }


def test_deactivate_needs_a_reason_and_reactivates(world):
    made = expert(world)
    with pytest.raises(DomainError) as refused:
        svc.set_expert_active(actor=world.county_staff, expert=made, active=False)
    assert refused.value.code == "reason_required"
    svc.set_expert_active(actor=world.county_staff, expert=made, active=False, reason="调离本地")
    assert not Expert.objects.get().is_active
    with pytest.raises(NotPermitted):
        svc.set_expert_active(actor=world.township_staff, expert=made, active=True)
    svc.set_expert_active(actor=world.county_staff, expert=made, active=True)
    assert Expert.objects.get().is_active


def test_suggestions_rank_field_match_then_region(world):
    near_match = expert(world, name="近匹配", fields=["neighbour"], region=world.village)
    far_match = expert(world, name="远匹配", fields=["neighbour", "labour"], region=world.far_village)
    near_other = expert(world, name="近不匹配", fields=["medical"], region=world.village)
    expert(world, name="出库", fields=["neighbour"], region=world.village, is_active=False)
    found = sel.suggest_experts(["neighbour"], world.village)
    assert [s.expert for s in found] == [near_match, far_match, near_other]
    assert found[0].matched == ("neighbour",) and found[0].nearness == 5 and found[1].nearness == 3


def test_a_call_for_a_visible_order_is_recorded(world):
    order = make_order(world.village)
    made = expert(world)
    call = svc.call_expert(actor=world.admin, expert=made, purpose="工伤认定的时效", work_order=order)
    assert call.work_order == order and call.called_by == world.admin
    assert Event.objects.filter(verb="outreach.expertcall.call").exists()
    assert sel.calls_on_order(order.pk) == [call]


def test_a_call_for_an_order_the_user_cannot_see_is_refused(world):
    order = make_order(world.village)
    with pytest.raises(DomainError) as refused:
        svc.call_expert(actor=world.lawyer, expert=expert(world), purpose="问题", work_order=order)
    assert refused.value.code == "order_not_visible" and "无权查看该工单" in refused.value.message
    assert not ExpertCall.objects.exists()


def test_a_call_on_an_inactive_expert_is_refused_with_the_missing_purpose(world):
    order = make_order(world.village)
    gone = expert(world, name="吴专家", is_active=False)
    with pytest.raises(ValidationFailed) as refused:
        svc.call_expert(actor=world.admin, expert=gone, purpose=" ", work_order=order)
    assert {p.field: p.code for p in refused.value.problems} == {"expert": "expert_inactive", "purpose": "required"}
    assert "吴专家已出库" in refused.value.message
    with pytest.raises(DomainError) as no_expert:
        svc.call_expert(actor=world.admin, expert=None, purpose="问题", work_order=order)
    assert no_expert.value.field == "expert"
    with pytest.raises(DomainError) as no_target:
        svc.call_expert(actor=world.admin, expert=gone, purpose="问题")
    assert no_target.value.code == "no_target"


def test_a_call_for_a_mediation_consultation_of_the_region(world):
    pending = consultation(world)
    assert list(sel.pending_consultations(world.township_staff)) == [pending]
    assert not sel.pending_consultations(world.other_staff).exists()
    with pytest.raises(NotPermitted):
        svc.call_expert(actor=world.other_staff, expert=expert(world), purpose="会诊", consultation=pending)
    call = svc.call_expert(actor=world.township_staff, expert=expert(world), purpose="会诊", consultation=pending)
    assert call.mediation_consultation == pending
    assert list(sel.calls_seen_by(world.township_staff)) == [call]
    assert list(sel.calls_seen_by(world.admin)) == [call]
    assert not sel.calls_seen_by(world.other_staff).exists()
    pending.status = ConsultationStatus.ANSWERED
    pending.save()
    with pytest.raises(DomainError) as answered:
        svc.call_expert(actor=world.township_staff, expert=expert(world), purpose="会诊", consultation=pending)
    assert answered.value.code == "not_requested"


def test_the_opinion_is_recorded_once(world):
    call = svc.call_expert(
        actor=world.township_staff, expert=expert(world), purpose="会诊", consultation=consultation(world)
    )
    with pytest.raises(ValidationFailed) as refused:
        svc.record_expert_opinion(actor=world.township_staff, call=call, outcome="", answered_on=days_ago(-2))
    assert {p.field: p.code for p in refused.value.problems} == {"outcome": "required", "answered_on": "future"}
    done = svc.record_expert_opinion(actor=world.township_staff, call=call, outcome="承重墙拆除应由装修方担责。")
    assert done.answered_at is not None and done.outcome.startswith("承重墙")
    with pytest.raises(DomainError) as again:
        svc.record_expert_opinion(actor=world.township_staff, call=done, outcome="再说一次")
    assert again.value.code == "already_answered"
