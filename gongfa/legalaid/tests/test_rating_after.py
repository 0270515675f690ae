"""A refused legal-aid application does not ask for a rating while the objection route is open
(issue #16 item 9): the work order stays with the case, and the rating text goes out once the
decision is final. The rule is a setting per case type (rating_after.<case type>)."""

from __future__ import annotations

import datetime

import pytest

from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.services import decide_objection, lodge_objection, refuse, save_draft, submit_application
from gongfa.legalaid.services.rating import final_after, rating_waits_for_final, release_final_decisions
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.network.models import RegionSetting
from gongfa.network.region_settings import REGISTRY
from gongfa.workorders.models import WorkOrder
from gongfa.workorders.tests.conftest import county_supervisor  # noqa: F401 - fixture

DECIDED = datetime.date(2026, 11, 23)  # Monday (conftest MONDAY)


def _setting(network, key, value):
    RegionSetting.objects.create(
        region=network.province, key=key, value=value, effective_from=datetime.date(2020, 1, 1)
    )


def _refuse(network, worker, reviewer, captured):
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "9000"}
    with captured(execute=True):
        application = submit_application(
            application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
        )
        refused = refuse(application=application, actor=reviewer, reasons="月收入9000元，高于本地区标准2490元。")
    return refused


def _order(application):
    return WorkOrder.objects.get(legal_aid_cases=application)


def _rating_texts(sms_outbox):
    return [text for _, text in sms_outbox if "请对我们的服务评价" in text]


def test_the_rule_is_a_setting_per_case_type():
    for case_type, default, choices in (
        ("legal_aid", "final", ("close", "final")),
        ("notarization", "close", ("close", "final")),  # final: after the review window (复查)
        ("mediation", "close", ("close",)),  # no challenge route to wait for
        ("appraisal", "close", ("close",)),
    ):
        spec = REGISTRY[f"rating_after.{case_type}"]
        assert spec.default == default and spec.choices == choices


# (filing days set by the region, days after the decision, order closed and rating asked?)
WAIT_CASES = [
    pytest.param(None, 0, False, id="决定当日-异议途径开放"),
    pytest.param(None, 15, False, id="未设异议期限-等待期最后一日"),
    pytest.param(None, 16, True, id="未设异议期限-等待期届满"),
    pytest.param(7, 7, False, id="异议期限最后一日"),
    pytest.param(7, 8, True, id="异议期限届满无异议"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("filing_days", "after", "asked"), WAIT_CASES)
def test_a_refusal_asks_for_the_rating_only_once_final(
    filing_days,
    after,
    asked,
    network,
    worker,
    reviewer,
    frozen,
    standard,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    if filing_days is not None:
        _setting(network, "la.objection_filing_days", filing_days)
    refused = _refuse(network, worker, reviewer, django_capture_on_commit_callbacks)
    assert rating_waits_for_final(refused)
    order = _order(refused)
    assert order.status == "converted" and not _rating_texts(sms_outbox)  # not asked at the refusal

    with django_capture_on_commit_callbacks(execute=True):
        released = release_final_decisions(DECIDED + datetime.timedelta(days=after))
    order.refresh_from_db()
    assert released == int(asked)
    assert (order.status == "closed") is asked
    assert bool(_rating_texts(sms_outbox)) is asked
    # Running it again changes nothing and texts nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert release_final_decisions(DECIDED + datetime.timedelta(days=after + 30)) == int(not asked)
    assert len(_rating_texts(sms_outbox)) == 1


@pytest.mark.django_db
def test_the_close_rule_asks_at_the_refusal(
    network, worker, reviewer, frozen, standard, sms_outbox, django_capture_on_commit_callbacks
):
    _setting(network, "rating_after.legal_aid", "close")
    refused = _refuse(network, worker, reviewer, django_capture_on_commit_callbacks)
    assert not rating_waits_for_final(refused)
    assert _order(refused).status == "closed" and len(_rating_texts(sms_outbox)) == 1


@pytest.mark.django_db
def test_an_objection_upheld_asks_then_and_one_corrected_never_closes_the_order(
    network,
    worker,
    reviewer,
    frozen,
    standard,
    sms_outbox,
    django_capture_on_commit_callbacks,
    county_supervisor,  # noqa: F811
):
    refused = _refuse(network, worker, reviewer, django_capture_on_commit_callbacks)
    objection = lodge_objection(application=refused, actor=worker, reason="收入中包含一次性补偿。")
    # While the objection is pending the sweep leaves it alone, however long it takes.
    assert release_final_decisions(DECIDED + datetime.timedelta(days=60)) == 0
    assert _order(refused).status == "converted"

    with django_capture_on_commit_callbacks(execute=True):
        decide_objection(objection=objection, actor=county_supervisor, uphold=True, decision="原决定正确。")
    refused.refresh_from_db()
    assert refused.status == ApplicationStatus.OBJECTION_UPHELD
    assert _order(refused).status == "closed" and len(_rating_texts(sms_outbox)) == 1


@pytest.mark.django_db
def test_a_corrected_refusal_goes_on_without_a_rating(
    network,
    worker,
    reviewer,
    frozen,
    standard,
    sms_outbox,
    django_capture_on_commit_callbacks,
    county_supervisor,  # noqa: F811
):
    refused = _refuse(network, worker, reviewer, django_capture_on_commit_callbacks)
    objection = lodge_objection(application=refused, actor=worker, reason="不服")
    with django_capture_on_commit_callbacks(execute=True):
        decide_objection(objection=objection, actor=county_supervisor, uphold=False, decision="责令重新审查。")
    refused.refresh_from_db()
    assert refused.status == ApplicationStatus.UNDER_REVIEW
    order = _order(refused)
    assert order.status == "converted" and order.closed_at is None and not _rating_texts(sms_outbox)
    assert release_final_decisions(DECIDED + datetime.timedelta(days=60)) == 0


@pytest.mark.django_db
def test_the_final_day_counts_from_the_decision(
    network, worker, reviewer, frozen, standard, django_capture_on_commit_callbacks
):
    _setting(network, "la.rating_wait_days", 3)
    refused = _refuse(network, worker, reviewer, django_capture_on_commit_callbacks)
    assert final_after(refused) == DECIDED + datetime.timedelta(days=3)
