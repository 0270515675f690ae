import pytest

from gongfa.core.errors import DomainError
from gongfa.legalaid.choices import ApplicationStatus, NotifiedGround
from gongfa.legalaid.services import (
    assign_provider,
    grant,
    replace_provider,
    save_draft,
    submit_application,
)
from gongfa.legalaid.tests.conftest import WAGES, court_notice, make_provider
from gongfa.testing.factories import make_id_number


@pytest.fixture
def granted(network, worker, frozen, standard, reviewer):
    data = {**WAGES, "exempt_group": "", "household_size": 2, "household_monthly_income": "1000"}
    application = submit_application(
        application=save_draft(applicant=worker, region=network.villages[0], data=data), actor=worker
    )
    return grant(application=application, actor=reviewer)


@pytest.mark.django_db
def test_rotation_picks_the_provider_with_fewest_open_cases(granted, reviewer, lawyers, network, law_firm):
    busy = lawyers[0]
    from gongfa.legalaid.models import LegalAidApplication

    other = LegalAidApplication.objects.get(pk=granted.pk)
    other.pk, other.number, other.status, other.provider = None, "FY-X", ApplicationStatus.IN_SERVICE, busy
    other.id_number = make_id_number(seq=99)
    other.save()

    assigned = assign_provider(application=granted, actor=reviewer)

    assert assigned.status == ApplicationStatus.ASSIGNED and assigned.provider == lawyers[1]
    assert assigned.engagement_due is not None
    assert assigned.notices.filter(kind="assignment").count() == 1


@pytest.mark.django_db
def test_a_conflicted_provider_is_skipped_and_refused_when_named(granted, reviewer, law_firm):
    conflicted = make_provider(law_firm, "赵律师", conflict_parties="某建筑劳务公司")
    with pytest.raises(DomainError) as error:
        assign_provider(application=granted, actor=reviewer, provider=conflicted)
    assert error.value.code == "provider_not_eligible" and "利益冲突" in error.value.message
    granted.refresh_from_db()
    assert granted.status == ApplicationStatus.GRANTED and granted.provider is None
    with pytest.raises(DomainError) as error:  # the only other candidate is conflicted too
        assign_provider(application=granted, actor=reviewer)
    assert error.value.code == "no_candidate"


@pytest.mark.django_db
def test_applicant_choice_is_off_unless_the_region_allows_it(granted, reviewer, lawyers):
    with pytest.raises(DomainError) as error:
        assign_provider(application=granted, actor=reviewer, provider=lawyers[0], chosen_by_applicant=True)
    assert error.value.code == "choice_not_allowed"


@pytest.mark.django_db
def test_notified_life_sentence_case_needs_a_senior_defender_within_three_days(network, reviewer, lawyers, frozen):
    case = court_notice(reviewer, network.county, NotifiedGround.LIFE_OR_DEATH, "刘某", "涉嫌故意杀人罪")
    assert case.status == ApplicationStatus.RECEIVED and case.senior_years_required == 3
    assert str(case.assign_due) == "2026-11-26"  # 第36条
    with pytest.raises(DomainError) as error:
        assign_provider(application=case, actor=reviewer, provider=lawyers[1])  # 1 year of criminal defence
    assert "第二十六条" in error.value.message
    assigned = assign_provider(application=case, actor=reviewer)
    assert assigned.provider == lawyers[0] and assigned.status == ApplicationStatus.ASSIGNED


@pytest.mark.django_db
def test_replacement_needs_grounds(granted, reviewer, lawyers):
    assigned = assign_provider(application=granted, actor=reviewer)
    with pytest.raises(DomainError):
        replace_provider(application=assigned, actor=reviewer, grounds="")
    replaced = replace_provider(application=assigned, actor=reviewer, grounds="承办律师长期不联系受援人（第55条）")
    assert replaced.provider_id not in (None, assigned.provider_id)
    assert replaced.status == ApplicationStatus.ASSIGNED


@pytest.mark.django_db
def test_finding_candidates_costs_the_same_queries_for_few_or_many_providers(granted, law_firm):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongfa.legalaid.services import candidates

    make_provider(law_firm, "甲律师")
    with CaptureQueriesContext(connection) as few:
        assert len(candidates(granted)) == 1
    for n in range(8):
        make_provider(law_firm, f"乙律师{n}")
    with CaptureQueriesContext(connection) as many:
        assert len(candidates(granted)) == 9
    assert len(many.captured_queries) == len(few.captured_queries)
