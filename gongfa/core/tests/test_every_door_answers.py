"""Every door answers as it declares (gongfa.core.access), for each kind of person.

Each door of the URL conf (pages and API operations, found by the walker) is asked once by each
kind of user: GET, or for a POST-only door a POST with an empty body (CSRF not enforced, so the
door itself answers). The answer's class must match the declaration:

- allowed: not 401/403 and not a redirect to a login page (200, another redirect, 400, 404 for an
  object the person may not see, 405, 422 are all fine: the view and the selectors had their say);
- not allowed, not signed in: a redirect to the login page (pages) or 401 (API);
- not allowed, signed in: 403, or 404 where the door hides itself;
- never a 500.

The objects in the URLs belong to someone else (a work order of another citizen, a legal-aid case
the court notified) or do not exist, so an allowed person reaches the view and its own object
checks (the selectors' 404), and only staff whose scope covers them see them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.catalog.models import ServiceType
from gongfa.core.access import REFUSED_ATTRIBUTE, Audience, Entrance, entrances
from gongfa.drafting.services import start_interview
from gongfa.legalaid.choices import NotifyingOrgan
from gongfa.legalaid.services import NoticeInput, receive_notice
from gongfa.network.services import assign_village_advisor
from gongfa.testing.factories import CitizenFactory, MiniNetwork, UserFactory, law_firm, make_id_number, post
from gongfa.workorders.services import submit_question

KINDS = [
    "anonymous",
    Role.CITIZEN,
    Role.HOTLINE_AGENT,
    Role.WINDOW_STAFF,
    Role.VILLAGE_ADVISOR,
    Role.LEGAL_AID_REVIEWER,
    Role.LAWYER,
    Role.MEDIATOR,
    Role.NOTARY_CLERK,
    Role.SUPERVISOR,
    Role.ADMINISTRATOR,
]
MISSING = "999999"  # an id no row has
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _person(kind: str, net: MiniNetwork) -> Any:
    """One person of each kind, posted where such a person works (so their scope is not empty)."""
    if kind == "anonymous":
        return None
    if kind == Role.CITIZEN:
        return CitizenFactory()
    user = UserFactory(role=kind)
    village = net.villages[0]
    if kind == Role.VILLAGE_ADVISOR:
        post(user, law_firm(net.county))  # eligible: practising at a firm
        assign_village_advisor(advisor=user, village=village)
    elif kind in {Role.LEGAL_AID_REVIEWER, Role.LAWYER}:
        post(user, net.legal_aid_centre)
    elif kind in {Role.WINDOW_STAFF, Role.MEDIATOR}:
        post(user, net.rooms[village.code])
    elif kind != Role.ADMINISTRATOR:  # hotline, notary clerk, supervisor: the county centre
        post(user, net.centre)
    return user


def _notified_case(net: MiniNetwork) -> Any:
    """A legal-aid case the county court notified (通知辩护), registered by a reviewer not in the matrix."""
    registrar = UserFactory(role=Role.LEGAL_AID_REVIEWER)
    post(registrar, net.legal_aid_centre)
    notice = NoticeInput(
        organ=NotifyingOrgan.COURT,
        organ_name="示范县人民法院",
        organ_phone="0571-88886666",
        defendant_name="刘某",
        id_number=make_id_number(seq=55),
        grounds=("life_or_death",),
        facts="涉嫌故意杀人罪",
    )
    return receive_notice(actor=registrar, region=net.county, notice=notice)


@pytest.fixture
def world(network: MiniNetwork) -> dict[str, str]:
    """URL values: a work order of a citizen nobody here is, a legal-aid case of the county (its
    staff and supervisors may see them), every other id missing."""
    owner = CitizenFactory()
    order = submit_question(requester=owner, village=network.villages[1], text="别人的问题")
    case = _notified_case(network)
    draft = start_interview(code="iou", actor=owner)
    return {
        "reference": str(draft.reference),
        "key": "borrower",
        "version": "1",
        "fmt": "pdf",
        "tracking_number": order.tracking_number,
        "number": case.number,
        "action": "accept",
        "step": "facts",
        "token": "not-a-signed-token",
        "code": ServiceType.objects.order_by("pk").values_list("code", flat=True)[0],
        "pk": MISSING,
        "question_id": MISSING,
        "notice_id": MISSING,
        "material_id": MISSING,
        "objection_id": MISSING,
        "office_id": MISSING,
        "office_pk": MISSING,
    }


def _url(entrance: Entrance, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"no value for <{name}> in {entrance.label}: add one to world()"
        return values[name]

    return "/" + CONVERTER.sub(value, entrance.route)


def _ask(client: Client, entrance: Entrance, url: str, **headers: Any) -> Any:
    if entrance.api:
        if "GET" in entrance.methods:
            return client.get(url, **headers)
        return client.generic(entrance.methods[0], url, "{}", content_type="application/json", **headers)
    response = client.get(url)
    if response.status_code == 405:  # POST-only page
        response = client.post(url, {})
    return response


LOGIN_URLS = ("/accounts/login/", "/accounts/staff/login/")


def _to_login(response: Any) -> bool:
    """A redirect to a login page to come back here (?next=): how a page refuses a visitor. (The
    citizen's code step sends a visitor who has no code pending to step 1, without next: that is
    the login flow, not a refusal.)"""
    if response.status_code != 302:
        return False
    where, _, query = response["Location"].partition("?")
    return where in LOGIN_URLS and "next=" in query


def _wrong(entrance: Entrance, user: Any, response: Any) -> str | None:
    """What is wrong with the answer, or None. The door marks a request it turns away, so a 403
    from a service (a hotline agent may read an order but not act on it) is told from the door's."""
    rule = entrance.door
    assert rule is not None
    status = response.status_code
    by_door = getattr(response.wsgi_request, REFUSED_ATTRIBUTE, None) is not None
    if status >= 500 and not (status == 503 and response.has_header("Retry-After")):
        return f"{status} server error"
    if rule.admits(user):
        if by_door or status == 401 or _to_login(response):
            return f"declared {rule.describe()} but refused: {status} {response.get('Location', '')}"
        return None
    if user is None or rule.audience == Audience.INTEGRATION:  # integrations: a token or 401
        ok = status == 401 if entrance.api else (by_door and _to_login(response))
        expected = "401" if entrance.api else "the door's redirect to the login page"
    else:
        ok = by_door and status == (404 if rule.hidden else 403)
        expected = f"the door's {404 if rule.hidden else 403}"
    if ok:
        return None
    return f"declared {rule.describe()}: expected {expected}, got {status} {response.get('Location', '')}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_door_answers_each_kind_of_person_as_declared(kind, network, world, settings):
    settings.API_DOCS_PUBLIC = False
    user = _person(kind, network)
    client = Client(raise_request_exception=False)  # a 500 is a finding, not a crash of the test
    if user is not None:
        client.force_login(user)
    doors = [e for e in entrances() if e.exemption is None and e.door is not None]
    assert len(doors) > 40
    problems = []
    for entrance in doors:
        url = _url(entrance, world)
        response = _ask(client, entrance, url)
        problem = _wrong(entrance, user, response)
        if problem:
            problems.append(f"{entrance.label} {url}: {problem}")
    assert not problems, f"{kind}:\n" + "\n".join(problems)


def test_the_matrix_can_fail(network, world):
    """A door that lets the wrong person in, or refuses the right one, is caught."""
    citizen = _person(Role.CITIZEN, network)
    client = Client()
    client.force_login(citizen)
    accept = next(e for e in entrances() if e.name == "api:accept")
    url = _url(accept, world)
    answer = _ask(client, accept, url)
    assert answer.status_code == 403 and _wrong(accept, citizen, answer) is None  # the door refused
    answer.wsgi_request.__dict__.pop(REFUSED_ATTRIBUTE)  # as if a service had refused instead
    assert _wrong(accept, citizen, answer) == "declared staff+workorders:act: expected the door's 403, got 403 "
    let_in: Any = HttpResponse(status=200)
    let_in.wsgi_request = answer.wsgi_request
    assert _wrong(accept, citizen, let_in) is not None
    listing = next(e for e in entrances() if e.name == "api:list_work_orders")
    assert _wrong(listing, citizen, let_in) is None  # anyone signed in may list (their own)
    assert reverse("accounts:staff_login") in LOGIN_URLS and reverse("accounts:citizen_login") in LOGIN_URLS


def test_every_api_door_opens_to_a_token_with_its_scope_and_no_other(network, world):
    """The scope an API door names is the one its token auth asks for: a token with exactly that
    scope passes the auth (the selectors and services then decide), one with every other scope
    gets 403 insufficient_scope; a public door takes no token at all."""
    from gongfa.api.models import TokenScope
    from gongfa.api.tokens import issue_token

    account = _person(Role.ADMINISTRATOR, network)
    tokens = {scope: issue_token(user=account, scopes=[scope])[1] for scope in TokenScope.values}
    problems = []
    for entrance in entrances():
        rule = entrance.door
        if not entrance.api or rule is None or not rule.scope:
            continue
        url = _url(entrance, world)
        client = Client(raise_request_exception=False)
        right = _ask(client, entrance, url, HTTP_AUTHORIZATION=f"Bearer {tokens[rule.scope]}")
        refused_by_auth = right.status_code == 401 or (
            right.status_code == 403 and right.json()["error"]["code"] == "insufficient_scope"
        )
        if refused_by_auth or right.status_code >= 500:  # a service's own 403 is its business
            problems.append(f"{entrance.label}: its scope {rule.scope} got {right.status_code} {right.content[:120]!r}")
        others = issue_token(user=account, scopes=[s for s in TokenScope.values if s != rule.scope])[1]
        wrong = _ask(client, entrance, url, HTTP_AUTHORIZATION=f"Bearer {others}")
        if wrong.status_code != 403 or wrong.json()["error"]["code"] != "insufficient_scope":
            problems.append(f"{entrance.label}: every scope but {rule.scope} got {wrong.status_code}")
    assert not problems, "\n".join(problems)
