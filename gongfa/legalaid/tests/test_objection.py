import datetime

import pytest

from gongfa.core.errors import DomainError, NotPermitted
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import Objection
from gongfa.legalaid.services import decide_objection, lodge_objection, refuse, save_draft, submit_application
from gongfa.legalaid.tests.conftest import WAGES
from gongfa.network.models import RegionSetting
from gongfa.workorders.tests.conftest import county_supervisor  # noqa: F401 - fixture


@pytest.fixture
def refused(network, worker, frozen, standard, reviewer):
    data = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "9000"}
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )
    assert application.proposal_outcome == "not_eligible"
    return refuse(application=application, actor=reviewer, reasons="月收入9000元，高于本地区标准2490元。")


@pytest.mark.django_db
def test_objection_goes_to_the_bureau_with_a_five_day_clock(refused, worker, county_supervisor, reviewer):  # noqa: F811
    objection = lodge_objection(application=refused, actor=worker, reason="收入中包含一次性补偿，不是经常收入。")
    refused.refresh_from_db()
    assert refused.status == ApplicationStatus.OBJECTION_PENDING
    assert objection.due == datetime.date(2026, 11, 28 + 2)  # 5 days → Sat 11-28 rolls to Mon 11-30

    with pytest.raises(NotPermitted):  # the agency cannot decide on an objection to itself
        decide_objection(objection=objection, actor=reviewer, uphold=True, decision="维持")

    decided = decide_objection(objection=objection, actor=county_supervisor, uphold=False, decision="责令重新审查。")
    refused.refresh_from_db()
    assert decided.outcome == Objection.Outcome.CORRECTED and refused.status == ApplicationStatus.UNDER_REVIEW
    assert refused.notices.filter(kind="objection").count() == 1
    with pytest.raises(DomainError):
        decide_objection(objection=objection, actor=county_supervisor, uphold=True, decision="再次审查")


@pytest.mark.django_db
def test_upheld_objection_ends_the_case_in_the_system(refused, worker, county_supervisor):  # noqa: F811
    objection = lodge_objection(application=refused, actor=worker, reason="不服")
    decide_objection(objection=objection, actor=county_supervisor, uphold=True, decision="原决定正确。")
    refused.refresh_from_db()
    assert refused.status == ApplicationStatus.OBJECTION_UPHELD


@pytest.mark.django_db
def test_objection_after_the_regional_deadline_is_refused(refused, worker, network, frozen):
    RegionSetting.objects.create(
        region=network.province, key="la.objection_filing_days", value=7, effective_from=datetime.date(2020, 1, 1)
    )
    frozen.move_to(datetime.datetime(2026, 12, 15, 2, 0, tzinfo=datetime.UTC))
    with pytest.raises(DomainError) as error:
        lodge_objection(application=refused, actor=worker, reason="不服")
    assert error.value.code == "objection_too_late"
    refused.refresh_from_db()
    assert refused.status == ApplicationStatus.REFUSED and not refused.objections.exists()


@pytest.mark.django_db
def test_only_refusals_and_terminations_can_be_objected_to(network, worker, frozen, standard):
    draft = save_draft(applicant=worker, region=network.villages[0], data=WAGES)
    received = submit_application(application=draft, actor=worker)
    with pytest.raises(DomainError) as error:
        lodge_objection(application=received, actor=worker, reason="不服")
    assert error.value.code == "nothing_to_object"


@pytest.mark.django_db
def test_the_work_order_closes_with_the_refusal_and_reopens_when_the_objection_succeeds(
    refused,
    worker,
    county_supervisor,  # noqa: F811
):
    from gongfa.legalaid.services.orders import close_order_for
    from gongfa.workorders.models import WorkOrder

    # The region asks for the rating when the case closes (rating_after.legal_aid = close; the
    # default waits for the final decision: test_rating_after.py).
    RegionSetting.objects.create(region=refused.agency.region, key="rating_after.legal_aid", value="close")
    close_order_for(refused)
    order = WorkOrder.objects.get(legal_aid_cases=refused)
    assert order.status == "closed" and order.result_code == "other"
    objection = lodge_objection(application=refused, actor=worker, reason="不服")
    decide_objection(objection=objection, actor=county_supervisor, uphold=False, decision="责令重新审查。")
    order.refresh_from_db()
    assert order.status == "converted" and order.closed_at is None
