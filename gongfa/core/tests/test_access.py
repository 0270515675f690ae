"""core.access: a door records who may use a view and enforces it (login page, 403, or 404 when
hidden); an API door records the session audience and the token scope, enforce_api_door checks it."""

from __future__ import annotations

from functools import wraps
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory
from django.views.decorators.http import require_GET

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.access import (
    REFUSED_ATTRIBUTE,
    Audience,
    Door,
    NotSignedIn,
    api_door,
    door,
    door_of,
    enforce_api_door,
)
from gongfa.core.errors import NotPermitted

A = Audience
KINDS = ["anonymous", *Role.values]

# audience → the kinds of person it admits (every role not listed is refused)
ADMITS: dict[Audience, set[str]] = {
    A.PUBLIC: set(KINDS),
    A.SIGNED_IN: set(Role.values),
    A.CITIZEN: {Role.CITIZEN},
    A.STAFF: set(Role.values) - {Role.CITIZEN},
    A.SUPERVISOR: {Role.SUPERVISOR, Role.ADMINISTRATOR},
    A.ADMINISTRATOR: {Role.ADMINISTRATOR},
    A.INTEGRATION: set(),
}


def person(kind: str) -> User | AnonymousUser:
    return AnonymousUser() if kind == "anonymous" else User(username=kind, role=kind)


@pytest.mark.parametrize("audience", list(Audience), ids=str)
def test_each_audience_admits_exactly_its_people(audience):
    rule = Door(audience, scope="x:y" if audience == A.INTEGRATION else None)
    assert {kind for kind in KINDS if rule.admits(person(kind))} == ADMITS[audience]


def test_roles_narrow_a_staff_door_to_those_roles():
    rule = Door(A.STAFF, roles=frozenset({Role.LAWYER, Role.LEGAL_AID_REVIEWER}))
    assert {kind for kind in KINDS if rule.admits(person(kind))} == {Role.LAWYER, Role.LEGAL_AID_REVIEWER}
    assert rule.describe() == "staff[lawyer,legal_aid_reviewer]"


def test_an_inactive_account_or_a_superuser_without_a_staff_role_is_not_staff():
    inactive = User(username="gone", role=Role.SUPERVISOR, is_active=False)
    assert not Door(A.SIGNED_IN).admits(inactive)
    superuser = User(username="root", role=Role.CITIZEN, is_superuser=True)
    assert not Door(A.ADMINISTRATOR).admits(superuser)  # the workbench needs a staff role


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"audience": A.CITIZEN, "roles": frozenset({Role.LAWYER})}, "narrows Audience.STAFF only"),
        ({"audience": A.STAFF, "roles": frozenset({"judge"})}, "unknown staff roles"),
        ({"audience": A.STAFF, "roles": frozenset({Role.CITIZEN})}, "unknown staff roles"),
        ({"audience": A.INTEGRATION}, "names the token scope"),
    ],
)
def test_a_door_that_cannot_be_meant_is_refused_when_declared(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Door(**kwargs)


# --- pages --------------------------------------------------------------------------------------


@door(A.STAFF)
@require_GET
def staff_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("staff page")


@door(A.CITIZEN, hidden=True)
def own_page(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"own {pk}")


@door(A.SIGNED_IN)
def signed_in_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("anyone signed in")


def call(view: Any, kind: str, path: str = "/somewhere/?x=1", **kwargs: Any) -> HttpResponse:
    request = RequestFactory().get(path)
    request.user = person(kind)
    return view(request, **kwargs)


def test_a_public_page_is_left_as_it_is():
    def probe(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    assert door(A.PUBLIC)(probe) is probe
    assert door_of(probe) == Door(A.PUBLIC)


def test_the_door_is_recorded_on_the_view_through_other_decorators():
    assert door_of(staff_page) == Door(A.STAFF)
    assert door_of(own_page) == Door(A.CITIZEN, hidden=True)

    @wraps(staff_page)
    def outer(request: HttpRequest) -> HttpResponse:  # a decorator placed above the door
        return staff_page(request)

    assert door_of(outer) == Door(A.STAFF)
    assert door_of(require_GET(lambda request: HttpResponse())) is None


@pytest.mark.urls("config.urls")
def test_a_visitor_goes_to_the_login_page_of_the_audience():
    staff = call(staff_page, "anonymous")
    assert staff.status_code == 302
    assert staff["Location"] == "/accounts/staff/login/?next=/somewhere/%3Fx%3D1"
    citizen = call(own_page, "anonymous", pk=3)
    assert citizen.status_code == 302
    assert citizen["Location"].startswith("/accounts/login/?next=")
    assert call(signed_in_page, "anonymous")["Location"].startswith("/accounts/login/?next=")


def test_the_wrong_kind_of_person_gets_403_or_404_when_the_door_is_hidden():
    with pytest.raises(PermissionDenied, match="仅限工作人员使用"):
        call(staff_page, Role.CITIZEN)
    with pytest.raises(Http404):
        call(own_page, Role.HOTLINE_AGENT, pk=3)
    with pytest.raises(PermissionDenied, match="工作人员请在工作台登记"):
        call(door(A.CITIZEN, message="工作人员请在工作台登记。")(signed_in_page), Role.LAWYER)


def test_the_right_person_reaches_the_view_and_its_own_checks():
    assert call(staff_page, Role.LAWYER).content == b"staff page"
    assert call(own_page, Role.CITIZEN, pk=3).content == b"own 3"
    assert call(signed_in_page, Role.MEDIATOR).content == b"anyone signed in"
    request = RequestFactory().post("/somewhere/")
    request.user = person(Role.WINDOW_STAFF)
    assert staff_page(request).status_code == 405  # require_GET still answers


# --- API operations -----------------------------------------------------------------------------


class Operation:
    """The parts of a ninja Operation the door uses: its function, its auth, its error answers."""

    def __init__(self, view: Any, *, auth: bool = True) -> None:
        self.view_func = view
        self.auth_callbacks = [object()] if auth else []
        self.api = self

    def on_exception(self, request: HttpRequest, exc: Exception) -> Exception:
        return exc  # the refusal, as the API's exception handlers would answer it

    def run(self, request: HttpRequest, **kwargs: Any) -> Any:
        return self.view_func(request, **kwargs)


@api_door(A.STAFF, scope="workorders:act")
def act(request: HttpRequest, number: str) -> str:
    return f"acted on {number}"


@api_door(A.SIGNED_IN, scope="legalaid:read")
def read(request: HttpRequest) -> str:
    return "read"


@api_door(A.SUPERVISOR, scope="legalaid:act", hidden=True)
def decide(request: HttpRequest) -> str:
    return "decided"


@api_door(A.PUBLIC)
def public(request: HttpRequest) -> str:
    return "public"


def api_call(view: Any, kind: str, *, auth: bool = True, bearer: bool = False, **kwargs: Any) -> Any:
    headers = {"Authorization": "Bearer gf_abc_def"} if bearer else {}
    request = RequestFactory().post("/api/v1/x", headers=headers)
    request.user = person(kind)
    return enforce_api_door(Operation(view, auth=auth).run)(request, **kwargs)


def test_an_api_door_records_audience_and_scope_without_wrapping():
    assert door_of(act) == Door(A.STAFF, scope="workorders:act")
    assert door_of(act).describe() == "staff+workorders:act"  # type: ignore[union-attr]
    public_run = Operation(public).run
    assert enforce_api_door(public_run) is public_run


def test_a_session_of_the_wrong_kind_is_refused_before_the_operation_runs():
    refusal = api_call(act, Role.CITIZEN, number="N1")
    assert isinstance(refusal, NotPermitted) and refusal.message == "仅限工作人员使用。"
    assert isinstance(api_call(decide, Role.LEGAL_AID_REVIEWER), Http404)  # hidden
    assert api_call(act, Role.VILLAGE_ADVISOR, number="N1") == "acted on N1"
    assert api_call(read, Role.CITIZEN) == "read"
    assert api_call(decide, Role.SUPERVISOR) == "decided"


def test_a_token_is_judged_by_the_operations_auth_not_the_session():
    assert api_call(act, Role.CITIZEN, bearer=True, number="N2") == "acted on N2"


@api_door(A.INTEGRATION, scope="12345:inbound")
def inbound(request: HttpRequest) -> str:
    return "received"


def test_an_integration_door_leaves_a_session_to_its_auth_which_takes_tokens_only():
    assert api_call(inbound, Role.SUPERVISOR) == "received"  # passed on: the token-only auth answers 401


def test_a_visitor_is_left_to_the_auth_or_refused_401_when_there_is_none():
    assert api_call(act, "anonymous", number="N3") == "acted on N3"  # passed on: the auth answers 401
    refusal = api_call(act, "anonymous", auth=False, number="N3")
    assert isinstance(refusal, NotSignedIn) and refusal.status == 401


def test_a_refusal_is_marked_on_the_request_for_the_matrix():
    request = RequestFactory().get("/x")
    request.user = person(Role.CITIZEN)
    with pytest.raises(PermissionDenied):
        staff_page(request)
    assert getattr(request, REFUSED_ATTRIBUTE) == Door(A.STAFF)
    allowed = RequestFactory().get("/x")
    allowed.user = person(Role.LAWYER)
    staff_page(allowed)
    assert not hasattr(allowed, REFUSED_ATTRIBUTE)
