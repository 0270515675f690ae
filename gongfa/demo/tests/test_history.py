"""The demo county's year of history (issue #12 §8): bulk-written, yet with the services' events
and the same facts as a rebuild. Seeded once for the module (a smaller year: 400 orders)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from gongfa.audit.models import Event
from gongfa.demo.history import history_bounds, seed_history
from gongfa.demo.tests.conftest import START
from gongfa.workorders.models import WorkOrder

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture(scope="module")
def history(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", start_date=START, stdout=io.StringIO())
            yield seed_history(20261124, "339901000000", START, orders=400, legal_aid=30, today=TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("history", "db")


def _verbs(order: WorkOrder) -> list[str]:
    return list(
        Event.objects.filter(subject_type__model="workorder", subject_id=str(order.pk))
        .order_by("occurred_at", "pk")
        .values_list("verb", flat=True)
    )


def test_the_year_is_written_and_a_second_run_skips_it(history):
    assert history.orders >= 400 and history.legal_aid > 0 and not history.skipped
    first, last = history_bounds(START, TODAY)
    assert (first, last) == (datetime.date(2025, 11, 1), datetime.date(2026, 11, 23))
    again = seed_history(20261124, "339901000000", START, orders=400, legal_aid=30, today=TODAY)
    assert again.skipped


def test_closed_rated_orders_have_the_services_verbs_in_order():
    order = (
        WorkOrder.objects.filter(
            rating__gte=3, channel="hotline", legal_aid_cases__isnull=True, callbacks__outcome="reached"
        )
        .exclude(return_visits__kind="sample")
        .exclude(callbacks__outcome="no_answer")
        .first()
    )
    assert order is not None
    assert _verbs(order) == [
        "workorders.workorder.submit",
        "workorders.workorder.dispatch",
        "workorders.workorder.accept",
        "workorders.workorder.callback",
        "workorders.workorder.answer",
        "workorders.workorder.close",
        "workorders.workorder.rate",
    ]
    # The same path through the services writes the same verbs.
    from gongfa.accounts.models import User
    from gongfa.workorders.services import (
        accept_work_order,
        answer_work_order,
        create_work_order,
        log_callback,
        rate_by_token,
    )
    from gongfa.workorders.services.feedback import rating_token

    agent = User.objects.get(username="hotline")
    fresh = create_work_order(
        channel="hotline", region=order.region, text=order.text, contact_phone="13800138000", received_by=agent
    ).order
    handler = fresh.owner_user
    assert handler is not None
    fresh = accept_work_order(order=fresh, actor=handler)
    log_callback(order=fresh, actor=handler, outcome="reached")
    fresh = answer_work_order(order=fresh, actor=handler, answer="已解答", close_with="answered")
    rate_by_token(token=rating_token(fresh), rating=5)
    service_verbs = [v for v in _verbs(fresh) if v != "workorders.return_visit_sampled"]
    assert service_verbs == _verbs(order)


def test_bad_ratings_are_followed_up_and_rectified():
    bad = WorkOrder.objects.filter(rating__lte=2, rectifications__status="done", return_visits__kind="dissatisfied")
    order = bad.first()
    assert order is not None
    verbs = _verbs(order)
    tail = verbs[verbs.index("workorders.workorder.rate") :]
    assert tail[:3] == [
        "workorders.workorder.rate",
        "workorders.return_visit_opened",
        "workorders.rectification_opened",
    ]
    assert "workorders.rectification_done" in tail


def test_legal_aid_cases_reach_every_outcome():
    from gongfa.legalaid.models import LegalAidApplication

    statuses = set(LegalAidApplication.objects.values_list("status", flat=True))
    assert {"closed", "refused", "in_service"} <= statuses


def test_facts_equal_a_rebuild_from_scratch():
    from gongfa.performance.models import DailyFact, FactLedger, RollupFact
    from gongfa.performance.rollup import rebuild, refresh_pending

    refresh_pending()

    first, last = datetime.date(2025, 11, 1), datetime.date(2026, 11, 30)  # the history's months

    def rows() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
        daily = set(
            DailyFact.objects.filter(day__range=(first, last)).values_list(
                "measure", "day", "region_code", "point_id", "person_id", "value"
            )
        )
        rolled = set(
            RollupFact.objects.filter(period__range=(first, last)).values_list(
                "grain", "measure", "region_code", "period", "dim", "value"
            )
        )
        return daily, rolled

    seeded = rows()
    DailyFact.objects.all().delete()
    RollupFact.objects.all().delete()
    FactLedger.objects.all().delete()
    rebuild(datetime.date(2025, 1, 1), datetime.date(2026, 12, 31))
    assert rows() == seeded


def test_figures_are_plausible():
    from django.db.models import Sum

    from gongfa.performance.models import RollupFact

    def total(measure: str) -> int:
        found = RollupFact.objects.filter(grain="m", measure=measure, region_code="339901000000", service="*", dim="")
        return int(found.aggregate(s=Sum("value"))["s"] or 0)

    closed, on_time = total("wo.closed"), total("wo.closed_on_time")
    rated = total("wo.rated")
    satisfied = total("wo.rated_4") + total("wo.rated_5")
    assert closed > 300
    assert 0.80 <= on_time / closed <= 0.99
    assert satisfied / rated > 0.85
