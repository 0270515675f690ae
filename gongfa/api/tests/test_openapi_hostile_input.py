"""Hostile input over the whole OpenAPI document (#17 item 8), in every `make test`.

schemathesis generates requests for every operation of the document /api/openapi.json serves
(taken from the NinjaAPI object, so no operation can be left out) and sends them to the WSGI
application in-process (no server), inside the test's transaction. Each operation runs against a
small but real world of its domain (a county network, staff postings, a citizen, work orders;
legal-aid applications in four states and an objection; mediation cases in six states; notarial
cases, appraisal referrals, bookings; advisers and typical cases; a hotline queue), so that half
of the examples carry the identifiers of real objects and reach the code behind the lookup. A
domain's world is built once (its operations run in one xdist worker) and rolled back after its
last operation; each operation's examples run in a savepoint of it.

Credentials: one API token per scope (TokenScope), held by the people who would use it (the
window clerk acts on work orders, the reviewer and the lawyer on legal aid …; a supervisor holds
the rest). Each example is sent with a token of the scope its operation needs; one in ten with no
credentials (must be a well-formed 401 with WWW-Authenticate), one in ten with a valid token of
another scope (must be a well-formed 403 insufficient_scope).

Bounded: derandomized Hypothesis (the same examples on every run and machine), MAX_EXAMPLES per
operation (valid and invalid requests), no shrinking, no example database; each operation must
finish within OPERATION_BUDGET_S. 119 operations, about 1,170 requests; on the 2-CPU development
machine with `-n 2` on SQLite, the calls take ~30 s of worker time and the nine worlds ~1 s (a
world per operation took ~16 s). HOSTILE_INPUT_STATS=<file> appends each operation's statuses and seconds;
HOSTILE_INPUT_EXAMPLES=<n> runs n examples per operation instead.

Checks (each response is checked by all of them; a failure fails the run):
- not_a_server_error: no 5xx, whatever the input.
- status_code_conformance: the status is one the operation documents.
- content_type_conformance, response_headers_conformance: the documented media type and headers.
- response_schema_conformance (formats validated too): the body matches the documented schema.
- negative_data_rejection: a request that violates the document is refused (4xx), not served.
- missing_required_header: leaving out a required header (Idempotency-Key) is a 4xx.
- ignored_auth: an operation that answered 2xx is re-sent without and with a made-up credential,
  and must refuse both.

Left off, deliberately:
- positive_data_acceptance: a schema-valid body is often refused by the domain, rightly (an
  unknown village code, a step out of order: 400/409), which the document cannot express.
- the coverage phase (every boundary value of every field, deterministically): hundreds of
  requests per operation, past the time this run may take; the document's limits are checked
  statically by test_openapi_limits.py.
- stateful testing, use_after_free, ensure_resource_availability: the document declares no links
  and the API has no DELETE; the state machines are tested per domain.
- unsupported_method: Django answers other methods with 405 before the API; nothing to learn.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import strategies as st
from ninja.responses import NinjaJSONEncoder
from pytest_django import DjangoDbBlocker
from schemathesis import APIOperation, GenerationMode
from schemathesis.core.result import Err

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.api.api import api
from gongfa.api.auth import TokenAuth
from gongfa.api.models import TokenScope
from gongfa.api.tokens import issue_token
from gongfa.core.choices import Channel
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency
from gongfa.testing.factories import CitizenFactory, build_network, eligible_advisor, make_id_number, post, staff
from gongfa.workorders.services import create_work_order

# A deeper hunt: HOSTILE_INPUT_EXAMPLES=200 (the bound below then scales with it).
MAX_EXAMPLES = int(os.environ.get("HOSTILE_INPUT_EXAMPLES", "12"))
OPERATION_BUDGET_S = 30.0 * MAX_EXAMPLES / 12


def _document() -> dict[str, Any]:
    """The document /api/openapi.json serves, as JSON (lazy translations rendered)."""
    loaded: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))
    return loaded


def _scopes() -> dict[str, str | None]:
    """ "METHOD /path" → the token scope the operation needs (None: public), from the API's own auth."""
    found: dict[str, str | None] = {}
    for router in api._get_bound_routers():
        for route, view in router.path_operations.items():
            path = re.sub(r"{[^}:]+:", "{", "/api/" + "/".join(part for part in (router.prefix, route) if part))
            path = re.sub(r"/+", "/", path).rstrip("/")
            for operation in view.operations:
                if not operation.include_in_schema:
                    continue
                scopes = [auth.scope for auth in operation.auth_callbacks if isinstance(auth, TokenAuth)]
                for method in operation.methods:
                    found[f"{method.upper()} {path}"] = str(scopes[0]) if scopes else None
    return found


DOCUMENT = _document()
SCOPES = _scopes()

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "ignored_auth",
]
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "deterministic": True,
            "database": "none",
            # Credentials are the test's to choose (below), not generated.
            "with-security-parameters": False,
        },
        "checks": {
            "enabled": False,
            **{name: {"enabled": True} for name in CHECKS},
            "response_schema_conformance": {"enabled": True, "validate-formats": True},
        },
    }
)

schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """Django's test client does this too: a WSGI request must not close the connection that
    holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# ---- the world each operation runs against ------------------------------------------------------


@dataclass
class World:
    """What one operation's examples run against: real identifiers for its path and query
    parameters (ids) and for fields of its body (fields: row ids as numbers, codes as strings),
    and for every scope the tokens of the people who would use it."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, Sequence[int | str]] = field(default_factory=dict)
    tokens: dict[str, list[str]] = field(default_factory=dict)

    def grant(self, user: User, *scopes: str) -> None:
        for scope in scopes:
            _, plain = issue_token(user=user, scopes=[scope], name=f"hostile {scope}")
            self.tokens.setdefault(scope, []).append(plain)

    def grant_all(self, user: User) -> None:
        """Every scope not yet held by someone: `user` holds it (the domain's supervisor)."""
        self.grant(user, *[scope for scope in TokenScope.values if scope not in self.tokens])


def _workorders_world() -> World:
    net = build_network()
    supervisor = staff(Role.SUPERVISOR, at=net.centre, real_name="郑主任", phone="13600000009")
    clerk = staff(Role.WINDOW_STAFF, real_name="周干事")
    post(clerk, net.rooms[net.villages[0].code])
    citizen = CitizenFactory(real_name="李大爷", phone="13912345678")
    orders = [
        create_work_order(channel=Channel.PORTAL, region=net.villages[0], text=text, requester=citizen).order
        for text in ("老板拖欠工资三个月，怎么办？", "邻居装修把我家墙震裂了", "离婚后孩子抚养费不给")
    ]
    world = World(
        ids={"tracking_number": [order.tracking_number for order in orders]},
        fields={
            "region_code": [village.code for village in net.villages[:2]],
            "village_code": [village.code for village in net.villages[:2]],
            "point_id": [net.rooms[net.villages[1].code].pk, net.stations[net.townships[0].code].pk],
            "agency_id": [net.legal_aid_centre.pk],
            "person_id": [clerk.pk, supervisor.pk],
            "topic_code": ["labour", "marriage"],
            "service_type_code": ["consultation", "legal_aid"],
        },
    )
    world.grant(clerk, TokenScope.WORKORDERS_ACT, TokenScope.WORKORDERS_READ)
    world.grant(supervisor, TokenScope.WORKORDERS_ACT)
    world.grant(citizen, TokenScope.WORKORDERS_CREATE)
    world.grant_all(supervisor)
    return world


def _qa_world() -> World:
    """Needs the statute index: run inside _statute_index()."""
    from gongfa.knowledge import qa

    world = _workorders_world()
    citizen = CitizenFactory(real_name="王大妈")
    logs = [qa.ask(text, user=citizen).log for text in ("老板拖欠工资三个月怎么办", "离婚孩子归谁")]
    world.ids["question_id"] = [str(log.pk) for log in logs]
    world.grant(citizen, TokenScope.WORKORDERS_CREATE)
    return world


def _legalaid_world() -> World:
    from gongfa.api.tests.test_legalaid_support import ELIGIBLE, NOT_ELIGIBLE
    from gongfa.legalaid.models import HardshipStandard
    from gongfa.legalaid.services import (
        assign_provider,
        grant,
        lodge_objection,
        refuse,
        save_draft,
        sign_engagement,
        submit_application,
    )
    from gongfa.legalaid.tests.conftest import make_provider

    net = build_network()
    HardshipStandard.objects.create(
        region=net.province,
        basis="min_wage",
        base_amount=Decimal("2490"),
        multiplier=Decimal("1"),
        effective_from=datetime.date(2025, 1, 1),
        verified=False,
        source="测试数据",
    )
    reviewer = staff(Role.LEGAL_AID_REVIEWER, at=net.legal_aid_centre, real_name="审查员")
    supervisor = staff(Role.SUPERVISOR, at=net.centre, real_name="郑主任")
    firm = Agency.objects.create(name="示范律师事务所", kind=AgencyKind.LAW_FIRM, region=net.county)
    lawyer = make_provider(firm, "李律师", criminal_defence_years=10, minors_specialist=True, published=True)
    second = make_provider(firm, "王律师", criminal_defence_years=1)

    def submitted(seq: int, data: dict[str, Any]) -> Any:
        applicant = CitizenFactory(id_number=make_id_number(birth=datetime.date(1985, 5, 1), seq=seq))
        draft = save_draft(applicant=applicant, region=net.villages[0], data=data)
        return applicant, submit_application(application=draft, actor=applicant)

    _, received = submitted(11, ELIGIBLE)
    _, granted = submitted(12, ELIGIBLE)
    granted = grant(application=granted, actor=reviewer)
    _, in_service = submitted(13, ELIGIBLE)
    in_service = sign_engagement(
        application=assign_provider(
            application=grant(application=in_service, actor=reviewer), actor=reviewer, provider=lawyer
        ),
        actor=lawyer,
    )
    refused_by, refused = submitted(14, NOT_ELIGIBLE)
    refused = refuse(application=refused, actor=reviewer, reasons="家庭人均收入高于本地经济困难标准。")
    objection = lodge_objection(application=refused, actor=refused_by, reason="收入计算有误，请求复查。")
    cases = [received, granted, in_service, refused]
    world = World(
        ids={"number": [case.number for case in cases], "objection_id": [str(objection.pk)]},
        fields={"provider_id": [lawyer.pk, second.pk], "replacement_id": [second.pk]},
    )
    world.grant(reviewer, TokenScope.LEGALAID_READ, TokenScope.LEGALAID_ACT)
    world.grant(lawyer, TokenScope.LEGALAID_ACT)
    world.grant(supervisor, TokenScope.LEGALAID_ACT)
    world.grant_all(supervisor)
    return world


def _mediation_world() -> World:
    from gongfa.mediation.models import CaseParty
    from gongfa.mediation.testing import build_world, make_case

    mediation = build_world()
    statuses = ("applied", "consent_pending", "accepted", "mediator_assigned", "in_mediation", "agreement_drafted")
    cases = [make_case(mediation, status) for status in statuses]
    supervisor = staff(Role.SUPERVISOR, at=mediation.net.centre, real_name="郑主任")
    mediators = [mediator.pk for mediator in mediation.mediators]
    parties = list(CaseParty.objects.filter(case__in=cases).values_list("pk", flat=True)[:4])
    world = World(
        ids={"pk": [str(case.pk) for case in cases]},
        fields={"mediator_id": mediators, "presiding_id": mediators, "party_id": parties},
    )
    world.grant(mediation.chair, TokenScope.MEDIATION_READ, TokenScope.MEDIATION_ACT)
    world.grant(mediation.mediators[0].user, TokenScope.MEDIATION_ACT)
    world.grant_all(supervisor)
    return world


def _notarization_world() -> World:
    from gongfa.appointments.tests.test_notarization_world import build_notary_world, case_in

    notary = build_notary_world()
    cases = [case_in(notary, status) for status in ("applied", "accepted", "supplementing", "verifying")]
    world = World(
        ids={"number": [case.number for case in cases]},
        fields={"notary_id": [notary.notary.pk, notary.notary2.pk], "matter_code": ["kinship", "will"]},
    )
    world.grant(notary.clerk, TokenScope.APPOINTMENTS_READ, TokenScope.APPOINTMENTS_ACT)
    world.grant(notary.notary, TokenScope.APPOINTMENTS_ACT)
    world.grant_all(notary.supervisor)
    return world


def _appraisal_world() -> World:
    from gongfa.appointments.services import appraisal as svc
    from gongfa.appointments.tests.test_appraisal_world import build_world, commissioned, referral

    appraisal = build_world()
    drafted = referral(appraisal)
    agreed = commissioned(appraisal)
    accepted = svc.accept_referral(actor=appraisal.appraiser, referral=commissioned(appraisal))
    world = World(
        ids={"number": [r.number for r in (drafted, agreed, accepted)]},
        fields={
            "institution_id": [appraisal.first.pk, appraisal.second.pk],
            "category_code": ["forensic_clinical", "forensic"],
            "region_code": [appraisal.net.villages[0].code],
        },
    )
    world.grant(appraisal.reviewer, TokenScope.APPOINTMENTS_READ, TokenScope.APPOINTMENTS_ACT)
    world.grant(appraisal.appraiser, TokenScope.APPOINTMENTS_ACT)
    world.grant_all(appraisal.supervisor)
    return world


def _booking_world() -> World:
    from gongfa.appointments.services.booking import book_slot
    from gongfa.appointments.tests.test_booking_slots import make_office
    from gongfa.core.errors import DomainError

    office = make_office()
    resources = [office.room, office.video, office.point, office.home]
    bookings: list[Any] = []
    day = timezone.localdate() + datetime.timedelta(days=7)
    while len(bookings) < 2 and day < timezone.localdate() + datetime.timedelta(days=21):
        for hour in (9, 10):
            try:
                bookings.append(
                    book_slot(
                        actor=office.citizen,
                        office=office.agency,
                        resource=office.room,
                        matter=office.kinship,
                        date=day,
                        starts_at=datetime.time(hour),
                        name="王小明",
                        phone="13912345678",
                    )
                )
            except DomainError:  # not a working day for the office
                break
        day += datetime.timedelta(days=1)
    assert bookings, "no bookable day in the next three weeks"
    world = World(
        ids={
            "office_id": [str(office.agency.pk)],
            "resource_id": [str(resource.pk) for resource in resources],
            "number": [booking.number for booking in bookings],
        },
        fields={
            "office_id": [office.agency.pk],
            "resource_id": [resource.pk for resource in resources],
            "matter_code": ["kinship", "birth"],
            "date": [booking.date.isoformat() for booking in bookings],
        },
    )
    world.grant(office.citizen, TokenScope.APPOINTMENTS_BOOK, TokenScope.APPOINTMENTS_READ)
    world.grant(office.clerk, TokenScope.APPOINTMENTS_ACT, TokenScope.APPOINTMENTS_READ)
    supervisor = staff(Role.SUPERVISOR, at=office.net.centre, real_name="郑主任")
    world.grant_all(supervisor)
    return world


def _outreach_world() -> World:
    from gongfa.network.models import AdvisorAssignment
    from gongfa.outreach.tests.cases_testing import published_case

    net = build_network()
    supervisor = staff(Role.SUPERVISOR, at=net.centre, real_name="郑主任")
    advisor = eligible_advisor(net.county, real_name="陈律师")
    for village in net.villages[:2]:
        AdvisorAssignment.objects.create(advisor=advisor, village=village)
    cases = [published_case(net) for _ in range(2)]
    world = World(
        ids={"number": [case.number for case in cases], "region": [net.county.code, net.villages[0].code]},
        fields={"village_code": [village.code for village in net.villages[:2]]},
    )
    world.grant(advisor, TokenScope.OUTREACH_LOG)
    world.grant(supervisor, TokenScope.OUTREACH_READ)
    world.grant_all(supervisor)
    return world


def _hotline_world() -> World:
    from gongfa.workorders.models import HotlineQueue

    net = build_network()
    HotlineQueue.objects.create(code="12348", name="12348热线", point=net.centre)
    cti = staff(Role.HOTLINE_AGENT, at=net.centre, username="cti", real_name="话务系统")
    supervisor = staff(Role.SUPERVISOR, at=net.centre, real_name="郑主任")
    world = World()
    world.grant(cti, TokenScope.HOTLINE_CTI)
    world.grant_all(supervisor)
    return world


# The first matching path prefix decides the world (domain name, builder).
WORLDS: list[tuple[str, str, Callable[[], World]]] = [
    ("/api/v1/qa/", "qa", _qa_world),
    ("/api/v1/legal-aid/", "legalaid", _legalaid_world),
    ("/api/v1/mediation/", "mediation", _mediation_world),
    ("/api/v1/appointments/notarization/", "notarization", _notarization_world),
    ("/api/v1/appointments/appraisal/", "appraisal", _appraisal_world),
    ("/api/v1/appointments/", "booking", _booking_world),
    ("/api/v1/outreach/", "outreach", _outreach_world),
    ("/api/v1/hotline/", "hotline", _hotline_world),
    ("/api/v1/", "workorders", _workorders_world),
]
# Domains whose world needs the statute index (the Q&A logs are real answers).
NEEDS_INDEX = {"qa"}


def _domain_of(label: str) -> str:
    path = label.split(" ", 1)[1]
    return next(name for prefix, name, _ in WORLDS if path.startswith(prefix))


@contextlib.contextmanager
def _statute_index(tmp: Path) -> Iterator[None]:
    """The conftest's statute_corpus for a whole domain: a small corpus imported and indexed under
    a throwaway VAR_DIR (the rows go with the domain's transaction)."""
    from gongfa.knowledge.search import forget_loaded_index
    from gongfa.testing.statutes import import_small_corpus

    with override_settings(VAR_DIR=tmp / "var"):
        forget_loaded_index()
        try:
            import_small_corpus(tmp / "laws")
            yield
        finally:
            forget_loaded_index()


@pytest.fixture(scope="module")
def world(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """One domain's world, built once for all its operations (in one xdist worker, see OPERATIONS)
    inside a transaction rolled back after them; each test runs in a savepoint of it (`db`), so
    what one operation's examples change is gone before the next."""
    name = request.param
    builder = next(build for _, domain, build in WORLDS if domain == name)
    with django_db_blocker.unblock(), contextlib.ExitStack() as stack:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            if name in NEEDS_INDEX:
                stack.enter_context(_statute_index(tmp_path_factory.mktemp(f"hostile-{name}")))
            yield builder()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _operations() -> list[str]:
    labels = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # an operation the document cannot describe fails the collection
            raise result.err()
        labels.append(result.ok().label)
    return labels


OPERATIONS = _operations()
# (domain, label), grouped by domain: pytest builds each domain's world once (a module-scoped
# parameter) and xdist sends a domain's operations to one worker (its group).
CASES = [
    pytest.param(_domain_of(label), label, id=label, marks=pytest.mark.xdist_group(f"hostile-{_domain_of(label)}"))
    for label in sorted(OPERATIONS, key=lambda label: [name for _, name, _ in WORLDS].index(_domain_of(label)))
]


def _cases(operation: APIOperation, world: World) -> st.SearchStrategy[schemathesis.Case]:
    """Valid and invalid requests, half of them on real objects of the world."""
    path = [p.name for p in operation.path_parameters if p.name in world.ids]
    query = [p.name for p in operation.query if p.name in world.ids]
    real = st.fixed_dictionaries({name: st.sampled_from(world.ids[name]) for name in path + query})

    def on_real_objects(mode: GenerationMode) -> st.SearchStrategy[schemathesis.Case]:
        def cases(ids: dict[str, str]) -> st.SearchStrategy[schemathesis.Case]:
            return operation.as_strategy(
                mode,
                path_parameters={k: v for k, v in ids.items() if k in path} or None,
                query={k: v for k, v in ids.items() if k in query} or None,
            )

        return real.flatmap(cases)

    strategies: list[st.SearchStrategy[schemathesis.Case]] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(mode))
        # A negative case on a real object needs something else to make invalid than its identifier.
        if (path or query) and (mode is GenerationMode.POSITIVE or operation.body or len(operation.query) > len(query)):
            strategies.append(on_real_objects(mode))
    return st.one_of(strategies)


def _with_real_fields(case: schemathesis.Case, world: World) -> None:
    """Three in four of the body's identifier fields (a provider, a village …) are replaced by real
    ones, so that a valid body can get past the lookup; the rest stay as generated."""
    if not isinstance(case.body, dict):
        return
    replaced = dict(case.body)
    for name, value in case.body.items():
        real = world.fields.get(name)
        draw = zlib.crc32(f"{name}|{value!r}".encode())
        if real and draw % 4:
            replaced[name] = real[draw % len(real)]
    if replaced != case.body:
        case.body = replaced  # assignment (not in place) re-validates the case's metadata


def _draw(case: schemathesis.Case, salt: str) -> int:
    """A stable number drawn from the generated case (crc32, not hash(): the same in every process)."""
    return zlib.crc32(f"{salt}|{case.path_parameters!r}|{case.query!r}|{case.body!r}".encode())


# Operations whose answer depends on the statute index being built (readiness answers 503 until
# it is, which is right on a fresh machine): they run with a small indexed corpus of their own.
NEEDS_STATUTE_INDEX = {"GET /api/v1/health"}


@pytest.mark.parametrize(("world", "label"), CASES, indirect=["world"], scope="module")
def test_hostile_input(label: str, world: World, db: None, request: pytest.FixtureRequest) -> None:
    if label in NEEDS_STATUTE_INDEX:
        request.getfixturevalue("statute_corpus")
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    scope = SCOPES[label]
    STATUSES: list[int] = []

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=_cases(operation, world))
    def examples(case: schemathesis.Case) -> None:
        _with_real_fields(case, world)
        headers: dict[str, str] = {}
        if scope is None:
            STATUSES.append(case.call_and_validate(headers=headers).status_code)
            return
        draw = _draw(case, "auth")
        if draw % 10 == 0:  # no credentials at all
            response = case.call_and_validate(headers=headers)
            assert response.status_code == 401, response.text
            assert response.headers["www-authenticate"][0].startswith("Bearer")
            return
        if draw % 10 == 1:  # a valid token without the scope
            other = next(s for s in TokenScope.values if s != scope)
            headers["Authorization"] = f"Bearer {world.tokens[other][0]}"
            response = case.call_and_validate(headers=headers)
            assert response.status_code == 403, response.text
            assert response.json()["error"]["code"] == "insufficient_scope"
            return
        tokens = world.tokens[scope]
        headers["Authorization"] = f"Bearer {tokens[draw % len(tokens)]}"
        STATUSES.append(case.call_and_validate(headers=headers).status_code)

    started = time.monotonic()
    examples()
    elapsed = time.monotonic() - started
    assert elapsed < OPERATION_BUDGET_S, f"{label}: {MAX_EXAMPLES} examples took {elapsed:.1f} s"
    if os.environ.get("HOSTILE_INPUT_STATS"):  # a file to append each operation's statuses to
        with open(os.environ["HOSTILE_INPUT_STATS"], "a") as out:
            out.write(json.dumps({"operation": label, "seconds": round(elapsed, 2), "statuses": STATUSES}) + "\n")
