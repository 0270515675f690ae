"""What outreach.reports loads after its indicators: the village advisers' evaluation scheme and
the Yunnan monthly return whose publicity rows now come from the outreach indicators — and why
they cannot live in performance's own data folders (its seed migration runs before any out_*
indicator exists)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from gongfa.accounts.models import User
from gongfa.network.models import AdvisorAssignment
from gongfa.outreach.reports import EVALUATION_SCHEMES, REPORT_TEMPLATES, load_definitions
from gongfa.outreach.tests.test_coverage_formulas import make_log, value_of
from gongfa.performance import schemes_loader, templates_loader
from gongfa.performance.choices import SubjectKind
from gongfa.performance.models import EvaluationScheme, Indicator, ReportTemplate
from gongfa.performance.registry import Contribution
from gongfa.performance.rollup import apply_daily_deltas
from gongfa.performance.services import reports as report_services
from gongfa.performance.services.evaluation import run_evaluation
from gongfa.performance.tests.reports_setup import NOV, NOW, make_people
from gongfa.testing.factories import MiniNetwork, UserFactory, build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def net() -> MiniNetwork:
    return build_network()


def test_the_scheme_rates_advisers_on_their_own_indicators() -> None:
    load_definitions()
    scheme = EvaluationScheme.objects.get(code="village_advisors")
    assert scheme.subject_kind == SubjectKind.PERSON
    items = list(scheme.items.order_by("order").values_list("code", "component", "indicator__code", "weight"))
    assert items == [
        ("visits", "indicator", "out_visits_per_village", Decimal(30)),
        ("talks", "indicator", "out_log_talks", Decimal(15)),
        ("consultations", "indicator", "out_log_consultations", Decimal(15)),
        ("timeliness", "indicator", "out_log_timely_rate", Decimal(15)),
        ("satisfaction", "citizen", None, Decimal(25)),
    ]


def without_outreach() -> None:
    """The database as performance's seed migration sees it: no outreach indicator (nor what
    outreach's own migration loads over them)."""
    load_definitions()
    ReportTemplate.objects.filter(code="yunnan-huimin-monthly").delete()
    EvaluationScheme.objects.filter(code="village_advisors").delete()
    Indicator.objects.filter(code__startswith="out_").delete()


def test_the_scheme_needs_the_outreach_indicators() -> None:
    """Checked against performance's own indicators only (what its seed migration sees), the
    scheme is refused, naming the missing indicators."""
    without_outreach()
    with pytest.raises(ImproperlyConfigured, match="out_visits_per_village"):
        schemes_loader.load_file(EVALUATION_SCHEMES[0], schemes_loader.known_indicators())


def test_the_template_needs_the_outreach_indicators() -> None:
    without_outreach()
    with pytest.raises(templates_loader.TemplateFileError, match="out_publicity_total"):
        templates_loader.load_files(list(REPORT_TEMPLATES))


def test_the_yunnan_publicity_rows_are_computed(net: MiniNetwork) -> None:
    load_definitions()
    template = ReportTemplate.objects.get(code="yunnan-huimin-monthly")
    rows = {row.code: row for row in template.rows.select_related("indicator")}
    assert (rows["pub_events"].kind, rows["pub_events"].indicator.code) == ("indicator", "out_publicity_total")  # type: ignore[union-attr]
    assert rows["pub_audience"].indicator.code == "out_publicity_audience_total"  # type: ignore[union-attr]
    assert rows["med_cases"].kind == "typed"  # the other typed rows stay typed
    assert template.reporting_level == 3
    assert list(template.rows.values_list("order", flat=True)) == list(range(1, template.rows.count() + 1))
    day = datetime.date(2026, 11, 12)
    deltas: dict[tuple[object, ...], int] = {}
    for measure, value, region in (
        ("out.pub_events", 3, net.villages[0]),
        ("out.pub_audience", 240, net.villages[0]),
        ("out.log_talks", 2, net.villages[4]),
        ("out.log_talk_audience", 60, net.villages[4]),
        ("out.pub_events", 9, build_network(prefix="330103", townships=1, villages_per_township=1).villages[0]),
    ):
        deltas[Contribution(measure, day, region_code=region.code).key] = value
    apply_daily_deltas(deltas)
    people = make_people(net)
    with time_machine.travel(NOW, tick=False):
        report = report_services.generate_report(people.county, template, net.county, NOV)
    cells = {cell.row.code: cell for cell in report.cells.select_related("row")}
    assert (cells["pub_events"].value, cells["pub_events"].computed) == (Decimal(5), True)  # 3 events + 2 talks
    assert cells["pub_audience"].value == Decimal(300)
    assert cells["med_cases"].computed is False


def test_a_run_of_the_scheme_rates_each_adviser(net: MiniNetwork) -> None:
    """The scheme run over November through performance's evaluation: each adviser's own figures
    (person dimension), scored by the file's bands and shares of the best."""
    busy = UserFactory(real_name="甲顾问")
    quiet = UserFactory(real_name="乙顾问")
    AdvisorAssignment.objects.create(advisor=busy, village=net.villages[0], started_on=datetime.date(2026, 1, 1))
    AdvisorAssignment.objects.create(advisor=quiet, village=net.villages[1], started_on=datetime.date(2026, 1, 1))

    def log(advisor: User, day: int, kind: str, late: bool = False, **extra: object) -> None:
        on = datetime.date(2026, 11, day)
        logged = datetime.datetime.combine(on + datetime.timedelta(days=10 if late else 1), datetime.time(9))
        village = net.villages[0] if advisor is busy else net.villages[1]
        make_log(village, on, kind=kind, advisor=advisor, created_at=logged.replace(tzinfo=NOW.tzinfo), **extra)

    for day in (2, 9, 16, 23):
        log(busy, day, "visit")
    log(busy, 5, "lecture", audience=50)
    log(busy, 6, "lecture", audience=30)
    log(quiet, 3, "visit", late=True)
    log(quiet, 4, "lecture", audience=20)
    log(quiet, 7, "consultation")
    value_of("out_log_visits", net.county)  # loads the definitions (scheme included) and rebuilds the facts
    people = make_people(net)
    from gongfa.accounts.choices import Role
    from gongfa.testing.factories import staff

    window_clerk = staff(Role.WINDOW_STAFF, at=net.centre)  # front-line staff, not an adviser
    scheme = EvaluationScheme.objects.get(code="village_advisors")
    with time_machine.travel(NOW, tick=False):
        run = run_evaluation(people.county, scheme, net.county, NOV, datetime.date(2026, 11, 30))
    results = {result.subject_id: result for result in run.results.all()}
    items = {item["code"]: item for item in results[busy.pk].breakdown}
    # 4 visits to 1 village (below the yearly bands' 12 for a month's run: the file is for a year) → 40 × 30 %
    assert (items["visits"]["value"], items["visits"]["score"]) == ("4", "40")
    assert items["talks"]["score"] == "100"  # 2 talks, the best
    assert items["consultations"]["score"] == "0"
    assert items["timeliness"]["score"] == "100"
    quiet_items = {item["code"]: item for item in results[quiet.pk].breakdown}
    assert quiet_items["talks"]["score"] == "50"  # 1 of the best 2
    assert quiet_items["consultations"]["score"] == "100"
    assert quiet_items["timeliness"]["value"] == "66.7"  # 2 of 3 logged in time → below 80: 0
    assert quiet_items["timeliness"]["score"] == "0"
    # The scheme reads an adviser-only indicator, so it rates the advisers and nobody else (the
    # county's window staff and supervisors are posted there too).
    assert set(results) == {busy.pk, quiet.pk} and window_clerk.pk not in results
