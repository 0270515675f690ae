"""Case quality review (办案质量评查, 《法律援助法》第57条), peer-review sampling and the quality index."""

import datetime
import json
import random
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.legalaid.choices import ApplicationStatus, IntakeChannel, MaterialKind
from gongfa.legalaid.models import LegalAidApplication, PeerReviewSample, QualityReview
from gongfa.legalaid.services import (
    add_material,
    add_progress,
    assign_provider,
    close_case,
    file_closing_report,
    grant,
    receive_application,
    sign_engagement,
)
from gongfa.legalaid.services.quality import (
    DEFAULT_CHECKLIST,
    assign_peer_reviewer,
    checklist,
    composite_index,
    quality_index,
    sample_for_peer_review,
    score_case,
)
from gongfa.legalaid.services.visits import record_return_visit
from gongfa.legalaid.tests.conftest import CASE_FORM, make_provider, pdf
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, RegionSetting
from gongfa.testing.factories import CitizenFactory, make_id_number, staff
from gongfa.workorders.models import WorkOrder

# Every database test here needs the hardship standard.
pytestmark = pytest.mark.usefixtures("hardship_standard_for_db_tests")

NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def full_marks(**overrides):
    scores = {item.code: item.max for item in checklist().items}
    scores.update(overrides)
    return scores


def scoring(total):
    """Scores summing to `total` (taken off the items from the first one on)."""
    scores, missing = full_marks(), 100 - total
    for item in checklist().items:
        cut = min(item.max, missing)
        scores[item.code] -= cut
        missing -= cut
    return scores


def case_for(network, reviewer, provider, *, seq, status=ApplicationStatus.CLOSED, rating=None, traveller=None):
    """A case taken at the window and run through the services to `status` (in service, closing
    review or closed); with `traveller`, the report is filed 20 days after the last progress note."""
    application = receive_application(
        actor=reviewer,
        region=network.villages[0],
        data={**CASE_FORM, "applicant_name": f"受援人{seq}", "id_number": make_id_number(seq=seq)},
        intake_channel=IntakeChannel.WINDOW,
    )
    grant(application=application, actor=reviewer)
    application = assign_provider(application=application, actor=reviewer, provider=provider)
    application = sign_engagement(application=application, actor=provider)
    if rating is not None:
        assert application.work_order_id is not None
        WorkOrder.objects.filter(pk=application.work_order_id).update(rating=rating)
    if status == ApplicationStatus.IN_SERVICE:
        return application
    add_progress(application=application, actor=provider, text="已收到判决书。")
    if traveller is not None:
        traveller.shift(datetime.timedelta(days=20))
    add_material(application=application, actor=provider, kind=MaterialKind.OTHER, upload=pdf("判决书.pdf"))
    application = file_closing_report(application=application, actor=provider, report="判决支持全部诉讼请求。")
    if status == ApplicationStatus.CLOSING_REVIEW:
        return application
    record_return_visit(application=application, actor=reviewer, method="phone", satisfied=True)
    return close_case(application=application, actor=reviewer, subsidy_amount="1200")


@pytest.fixture
def closed(network, reviewer, lawyers, frozen):
    return case_for(network, reviewer, lawyers[0], seq=201)


@pytest.fixture
def other_firm(network):
    return Agency.objects.create(name="他所律师事务所", kind=AgencyKind.LAW_FIRM, region=network.county)


@pytest.fixture
def peer(other_firm):
    return make_provider(other_firm, "周律师", criminal_defence_years=8)


# --- the checklist -------------------------------------------------------------------------


def test_the_checklist_is_versioned_data_summing_to_100_with_a_basis_for_every_item():
    raw = json.loads(DEFAULT_CHECKLIST.read_text(encoding="utf-8"))
    sheet = checklist()
    assert sheet.version == raw["version"] == "2026.1"
    assert 10 <= len(sheet.items) <= 12 and sum(item.max for item in sheet.items) == 100
    assert len({item.code for item in sheet.items}) == len(sheet.items)
    assert all("第" in item.basis and item.max > 0 for item in sheet.items)
    by_code = {item.code: item for item in sheet.items}
    assert "第20条" in by_code["no_fees"].basis and "第21条" in by_code["confidentiality"].basis
    assert "第46条" in by_code["progress"].basis and "第50条" in by_code["closing_file"].basis


def test_a_region_checklist_that_does_not_sum_to_its_total_is_refused(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    bad = tmp_path / "checklist.json"
    bad.write_text(
        json.dumps({"version": "x", "items": [{"code": "a", "label": "A", "max": 60, "basis": "第1条"}]}),
        encoding="utf-8",
    )
    settings.LEGALAID_QUALITY_CHECKLIST = str(bad)
    with pytest.raises(ImproperlyConfigured, match="100"):
        checklist()


# --- scoring -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_agency_scores_a_closed_case_item_by_item(closed, reviewer):
    review = score_case(
        application=closed,
        actor=reviewer,
        kind=QualityReview.Kind.AGENCY_REVIEW,
        scores=full_marks(documents="7", satisfaction=5),
        comments="文书个别表述不规范。",
    )
    assert review.total == Decimal("94") and review.grade == QualityReview.Grade.EXCELLENT
    assert review.scores["documents"] == 7 and review.scores["satisfaction"] == 5
    assert review.checklist_version == "2026.1" and review.reviewer == reviewer
    event = Event.objects.get(subject_id=str(closed.pk), verb="legalaid.quality_review")
    assert event.data == {"kind": "agency_review", "total": "94", "grade": "excellent", "checklist_version": "2026.1"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("total", "grade"),
    [(100, "excellent"), (90, "excellent"), (89, "good"), (75, "good"), (74, "basic"), (60, "basic"), (59, "fail")],
)
def test_the_total_gives_the_grade_by_the_default_thresholds(closed, reviewer, total, grade):
    review = score_case(
        application=closed,
        actor=reviewer,
        kind=QualityReview.Kind.AGENCY_REVIEW,
        scores=scoring(total),
        comments="未按要求会见受援人。",
    )
    assert review.total == total and review.grade == grade


@pytest.mark.django_db
def test_a_region_may_raise_the_excellent_threshold(closed, reviewer, network):
    RegionSetting.objects.create(region=network.province, key="la.quality_excellent_min", value=95)
    review = score_case(application=closed, actor=reviewer, kind="agency_review", scores=scoring(92))
    assert review.grade == QualityReview.Grade.GOOD


@pytest.mark.django_db
def test_a_failing_grade_needs_comments(closed, reviewer):
    with pytest.raises(DomainError) as error:
        score_case(application=closed, actor=reviewer, kind="agency_review", scores=scoring(50), comments="  ")
    assert error.value.code == "required" and error.value.field == "comments"
    assert not QualityReview.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scores", "code", "field"),
    [
        (full_marks, "unknown_item", "scores"),  # an item the checklist does not have
        ("missing", "missing_item", "scores.contact"),
        ({"documents": 11}, "score_out_of_range", "scores.documents"),
        ({"documents": -1}, "score_out_of_range", "scores.documents"),
        ({"documents": 7.5}, "invalid_score", "scores.documents"),
        ({"documents": True}, "invalid_score", "scores.documents"),
        ({"documents": "七"}, "invalid_score", "scores.documents"),
        ({"documents": None}, "invalid_score", "scores.documents"),
        ("not-a-mapping", "invalid_scores", "scores"),
    ],
)
def test_bad_scores_are_refused_with_their_field_and_nothing_is_saved(closed, reviewer, scores, code, field):
    if scores is full_marks:
        scores = full_marks(bribery=3)
    elif scores == "missing":
        scores = {code: points for code, points in full_marks().items() if code != "contact"}
    elif isinstance(scores, dict):
        scores = full_marks(**scores)
    else:
        scores = [1, 2, 3]
    with pytest.raises(DomainError) as error:
        score_case(application=closed, actor=reviewer, kind="agency_review", scores=scores)
    assert (error.value.code, error.value.field) == (code, field)
    assert any("\u4e00" <= char <= "\u9fff" for char in error.value.message)  # a Chinese message
    assert not QualityReview.objects.exists()
    assert not Event.objects.filter(verb="legalaid.quality_review").exists()


@pytest.mark.django_db
def test_an_unknown_review_kind_is_refused(closed, reviewer):
    with pytest.raises(DomainError) as error:
        score_case(application=closed, actor=reviewer, kind="bar_association", scores=full_marks())
    assert (error.value.code, error.value.field) == ("invalid_kind", "kind")


@pytest.mark.django_db
def test_only_closed_cases_are_reviewed_but_the_agency_may_review_at_the_closing_review(
    network, reviewer, lawyers, frozen
):
    in_service = case_for(network, reviewer, lawyers[0], seq=211, status=ApplicationStatus.IN_SERVICE)
    with pytest.raises(DomainError) as error:
        score_case(application=in_service, actor=reviewer, kind="agency_review", scores=full_marks())
    assert error.value.code == "not_closed"

    at_review = case_for(network, reviewer, lawyers[1], seq=212, status=ApplicationStatus.CLOSING_REVIEW)
    with pytest.raises(DomainError) as error:
        score_case(application=at_review, actor=lawyers[1], kind="self_check", scores=full_marks())
    assert error.value.code == "not_closed"
    review = score_case(application=at_review, actor=reviewer, kind="agency_review", scores=full_marks())
    assert review.application.status == ApplicationStatus.CLOSING_REVIEW


@pytest.mark.django_db
def test_self_check_is_for_the_provider_and_agency_review_for_the_agency(closed, reviewer, lawyers, network):
    with pytest.raises(NotPermitted):
        score_case(application=closed, actor=lawyers[1], kind="self_check", scores=full_marks())
    with pytest.raises(NotPermitted):
        score_case(application=closed, actor=lawyers[0], kind="agency_review", scores=full_marks())
    outsider = staff(
        Role.LEGAL_AID_REVIEWER,
        at=Agency.objects.create(name="他县法律援助中心", kind=AgencyKind.LEGAL_AID_CENTRE, region=network.province),
    )
    with pytest.raises(NotPermitted):
        score_case(application=closed, actor=outsider, kind="agency_review", scores=full_marks())
    own = score_case(application=closed, actor=lawyers[0], kind="self_check", scores=full_marks())
    assert own.kind == "self_check" and own.grade == "excellent"


@pytest.mark.django_db
def test_one_review_per_case_kind_and_reviewer(closed, reviewer):
    score_case(application=closed, actor=reviewer, kind="agency_review", scores=full_marks())
    with pytest.raises(DomainError) as error:
        score_case(application=closed, actor=reviewer, kind="agency_review", scores=scoring(80))
    assert error.value.code == "already_reviewed"
    assert QualityReview.objects.get().total == 100


# --- peer review ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_peer_review_needs_a_sampled_case(closed, peer):
    with pytest.raises(DomainError) as error:
        score_case(application=closed, actor=peer, kind="peer_review", scores=full_marks())
    assert error.value.code == "not_sampled"


@pytest.mark.django_db
def test_the_provider_and_their_firm_may_not_peer_review_the_case(closed, network, lawyers, law_firm):
    sample_for_peer_review(
        agency=network.legal_aid_centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=10
    )
    colleague = make_provider(law_firm, "钱律师")
    for conflicted in (lawyers[0], colleague):
        with pytest.raises(DomainError) as error:
            score_case(application=closed, actor=conflicted, kind="peer_review", scores=full_marks())
        assert (error.value.code, error.value.field) == ("conflict_of_interest", "reviewer")
    window = staff(Role.WINDOW_STAFF, at=network.centre)
    with pytest.raises(NotPermitted):  # not a practitioner
        score_case(application=closed, actor=window, kind="peer_review", scores=full_marks())
    assert not QualityReview.objects.exists()


@pytest.mark.django_db
def test_a_peer_outside_the_firm_reviews_a_sampled_case_and_only_the_named_peer_once_named(
    closed, network, reviewer, peer, other_firm
):
    [sample] = sample_for_peer_review(
        agency=network.legal_aid_centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=10, actor=reviewer
    )
    second_peer = make_provider(other_firm, "吴律师")
    with pytest.raises(DomainError) as error:  # the provider is no peer for their own case
        assign_peer_reviewer(sample=sample, actor=reviewer, reviewer=closed.provider)
    assert (error.value.code, error.value.field) == ("conflict_of_interest", "reviewer")
    assign_peer_reviewer(sample=sample, actor=reviewer, reviewer=second_peer)
    with pytest.raises(NotPermitted):
        score_case(application=closed, actor=peer, kind="peer_review", scores=full_marks())
    review = score_case(application=closed, actor=second_peer, kind="peer_review", scores=scoring(86))
    assert review.kind == "peer_review" and review.grade == "good"
    with pytest.raises(DomainError) as error:
        assign_peer_reviewer(sample=sample, actor=reviewer, reviewer=peer)
    assert error.value.code == "already_reviewed"


@pytest.mark.django_db
def test_only_the_agency_names_a_peer_reviewer(closed, network, peer, lawyers):
    [sample] = sample_for_peer_review(
        agency=network.legal_aid_centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=10
    )
    with pytest.raises(NotPermitted):
        assign_peer_reviewer(sample=sample, actor=lawyers[1], reviewer=peer)
    citizen = CitizenFactory()
    with pytest.raises(NotPermitted):
        assign_peer_reviewer(sample=sample, actor=citizen, reviewer=peer)
    sample.refresh_from_db()
    assert sample.reviewer is None


# --- sampling ------------------------------------------------------------------------------


@pytest.fixture
def five_closed(network, reviewer, lawyers, frozen):
    return [case_for(network, reviewer, lawyers[n % 2], seq=300 + n) for n in range(5)]


@pytest.mark.django_db
def test_sampling_draws_the_rounded_up_share_reproducibly_and_never_twice(five_closed, network, reviewer):
    centre = network.legal_aid_centre
    candidates = sorted(case.pk for case in five_closed)
    drawn = sample_for_peer_review(
        agency=centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=30, seed=7, actor=reviewer
    )
    assert [s.application_id for s in drawn] == sorted(random.Random(7).sample(candidates, 2))  # ⌈1.5⌉ = 2
    assert {s.seed for s in drawn} == {7} and all(s.sampled_by == reviewer for s in drawn)
    assert sample_for_peer_review(agency=centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=30) == []
    more = sample_for_peer_review(agency=centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent="60", seed=1)
    assert len(more) == 1 and more[0].application_id not in {s.application_id for s in drawn}  # quota 3, 2 drawn
    assert PeerReviewSample.objects.count() == 3
    event = Event.objects.filter(verb="legalaid.peer_review_sampled").order_by("pk").first()
    assert event is not None and event.data["closed"] == 5 and event.data["seed"] == 7


@pytest.mark.django_db
def test_sampling_without_a_seed_stores_the_one_it_used(five_closed, network):
    drawn = sample_for_peer_review(
        agency=network.legal_aid_centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=50
    )
    assert len(drawn) == 3
    [seed] = {s.seed for s in drawn}
    candidates = sorted(case.pk for case in five_closed)
    assert [s.application_id for s in drawn] == sorted(random.Random(seed).sample(candidates, 3))


@pytest.mark.django_db
def test_sampling_takes_at_least_one_case_and_only_the_agencys_cases_closed_in_the_period(
    network, reviewer, lawyers, frozen
):
    closed = case_for(network, reviewer, lawyers[0], seq=401)
    case_for(network, reviewer, lawyers[1], seq=402, status=ApplicationStatus.CLOSING_REVIEW)
    centre = network.legal_aid_centre
    assert sample_for_peer_review(agency=centre, period_start=NOVEMBER[0], period_end=NOVEMBER[0], percent=50) == []
    [sample] = sample_for_peer_review(agency=centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=1)
    assert sample.application == closed and sample.period_end == NOVEMBER[1] and sample.reviewer is None
    other = Agency.objects.create(name="他县法律援助中心", kind=AgencyKind.LEGAL_AID_CENTRE, region=network.province)
    assert sample_for_peer_review(agency=other, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=100) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"percent": 0}, "invalid_percent", "percent"),
        ({"percent": 101}, "invalid_percent", "percent"),
        ({"percent": "三成"}, "invalid_percent", "percent"),
        ({"percent": "NaN"}, "invalid_percent", "percent"),
        ({"percent": "1e30"}, "invalid_percent", "percent"),
        ({"percent": "0.001"}, "invalid_percent", "percent"),
        ({"period_end": datetime.date(2026, 10, 1)}, "invalid_period", "period_end"),
        ({"period_start": None}, "required", "period_start"),
        ({"seed": "7"}, "invalid_seed", "seed"),
    ],
)
def test_bad_sampling_input_is_refused(network, kwargs, code, field):
    arguments = {"period_start": NOVEMBER[0], "period_end": NOVEMBER[1], "percent": 10, **kwargs}
    with pytest.raises(DomainError) as error:
        sample_for_peer_review(agency=network.legal_aid_centre, **arguments)
    assert (error.value.code, error.value.field) == (code, field)


@pytest.mark.django_db
def test_a_provider_may_not_draw_samples(network, lawyers):
    with pytest.raises(NotPermitted):
        sample_for_peer_review(
            agency=network.legal_aid_centre,
            period_start=NOVEMBER[0],
            period_end=NOVEMBER[1],
            percent=10,
            actor=lawyers[0],
        )


# --- the quality index ---------------------------------------------------------------------


def test_the_composite_index_weighs_score_satisfaction_and_on_time():
    weights = {"score": 70, "satisfaction": 30, "on_time": 0}
    assert composite_index(Decimal(90), Decimal(4), None, weights) == Decimal("85.5")  # 63 + 0.3 × 75
    assert composite_index(Decimal(90), None, None, weights) == Decimal("90.0")  # no rating: score alone
    assert composite_index(None, Decimal(5), None, weights) is None  # nothing reviewed
    assert composite_index(Decimal(80), Decimal(5), Decimal("0.5"), {**weights, "on_time": 20}) == Decimal("80.0")


@pytest.mark.django_db
def test_the_index_per_provider_and_per_firm(network, reviewer, lawyers, law_firm, frozen, peer):
    li, wang = lawyers
    reviewed = case_for(network, reviewer, li, seq=501, rating=5)
    case_for(network, reviewer, li, seq=502, rating=3)
    case_for(network, reviewer, wang, seq=503)
    score_case(application=reviewed, actor=reviewer, kind="agency_review", scores=scoring(95))
    sample_for_peer_review(
        agency=network.legal_aid_centre, period_start=NOVEMBER[0], period_end=NOVEMBER[1], percent=100
    )
    score_case(application=reviewed, actor=peer, kind="peer_review", scores=scoring(85))
    score_case(application=reviewed, actor=li, kind="self_check", scores=scoring(40), comments="自评偏低。")  # ignored

    index = quality_index(start=NOVEMBER[0], end=NOVEMBER[1])

    rows = {row.id: row for row in index.providers}
    assert rows[li.pk].closed_cases == 2 and rows[li.pk].reviewed_cases == 1
    assert rows[li.pk].mean_score == Decimal("90.00")  # (95 + 85) / 2, the self-check left out
    assert rows[li.pk].excellent_share == Decimal("1.0000")
    assert rows[li.pk].satisfaction == Decimal("4.00")  # ratings 5 and 3
    assert rows[li.pk].on_time_share is None  # la.closing_report_days = 0: not measured
    assert rows[li.pk].index == Decimal("85.5")  # 0.7 × 90 + 0.3 × (4 − 1) × 25
    assert rows[wang.pk].reviewed_cases == 0 and rows[wang.pk].index is None and rows[wang.pk].satisfaction is None
    assert [row.id for row in index.providers] == [li.pk, wang.pk]
    [firm] = index.agencies
    assert (firm.id, firm.name, firm.closed_cases, firm.reviewed_cases) == (law_firm.pk, law_firm.name, 3, 1)
    assert firm.satisfaction == Decimal("4.00") and firm.index == Decimal("85.5")
    assert index.weights == {"score": 70, "satisfaction": 30, "on_time": 0}

    only_wang = quality_index(start=NOVEMBER[0], end=NOVEMBER[1], providers=[wang])
    assert [row.id for row in only_wang.providers] == [wang.pk]
    assert quality_index(start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 31)).providers == []


@pytest.mark.django_db
def test_on_time_closing_counts_when_the_region_sets_a_report_period(network, reviewer, lawyers, frozen):
    RegionSetting.objects.create(region=network.county, key="la.closing_report_days", value=15)
    RegionSetting.objects.create(region=network.county, key="la.quality_index_on_time_weight", value=20)
    prompt = case_for(network, reviewer, lawyers[0], seq=601)
    late = case_for(network, reviewer, lawyers[0], seq=602, traveller=frozen)  # report 20 days after
    for case in (prompt, late):
        score_case(application=case, actor=reviewer, kind="agency_review", scores=scoring(80))

    index = quality_index(start=NOVEMBER[0], end=datetime.date(2026, 12, 31), region=network.county)

    [row] = index.providers
    assert row.closed_cases == 2 and row.on_time_share == Decimal("0.5000")
    assert row.index == Decimal("73.3")  # (70 × 80 + 20 × 50) / 90, no ratings
    assert index.closing_report_days == 15


@pytest.mark.django_db
def test_the_index_runs_in_one_query_whatever_the_number_of_providers(
    network, reviewer, law_firm, other_firm, frozen, django_assert_num_queries
):
    def add_providers(count, start):
        for n in range(count):
            firm = law_firm if n % 2 else other_firm
            provider = make_provider(firm, f"律师{start + n}")
            case = case_for(network, reviewer, provider, seq=start + n, rating=4)
            score_case(application=case, actor=reviewer, kind="agency_review", scores=scoring(80 + n))

    add_providers(2, 700)
    with django_assert_num_queries(1):
        small = quality_index(start=NOVEMBER[0], end=NOVEMBER[1])
    add_providers(4, 720)
    with django_assert_num_queries(1):
        large = quality_index(start=NOVEMBER[0], end=NOVEMBER[1], agencies=[network.legal_aid_centre])
    assert (len(small.providers), len(large.providers), len(large.agencies)) == (2, 6, 2)
    # With a region, each setting is one more query, still independent of the providers.
    with django_assert_num_queries(6):
        quality_index(start=NOVEMBER[0], end=NOVEMBER[1], region=network.county)


@pytest.mark.django_db
def test_the_index_refuses_a_backwards_period():
    with pytest.raises(DomainError) as error:
        quality_index(start=NOVEMBER[1], end=NOVEMBER[0])
    assert (error.value.code, error.value.field) == ("invalid_period", "period_end")


@pytest.mark.django_db
def test_cases_not_closed_stay_out_of_the_index(network, reviewer, lawyers, frozen):
    case_for(network, reviewer, lawyers[0], seq=801, status=ApplicationStatus.CLOSING_REVIEW)
    assert LegalAidApplication.objects.filter(status=ApplicationStatus.CLOSING_REVIEW).count() == 1
    assert quality_index(start=NOVEMBER[0], end=NOVEMBER[1]).providers == []
