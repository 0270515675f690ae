"""core.access: a door records who may use a view and enforces it (login page, 403, or 404 when
hidden); an API door records the session audience and the token scope, enforce_api_door checks it."""

from __future__ import annotations

from dataclasses import dataclass
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
from gongfa.core.access import Audience, Door, NotSignedIn, api_door, door, door_of, enforce_api_door
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


@dataclass
class Caller:
    """What gongfa.api.auth puts on request.auth (a Principal): the user, and the token if any."""

    user: Any
    token: Any = None


@api_door(A.STAFF, scope="workorders:act")
def act(request: HttpRequest, number: str) -> str:
    return f"acted on {number}"


@api_door(A.SIGNED_IN, scope="legalaid:read", hidden=True)
def read(request: HttpRequest) -> str:
    return "read"


@api_door(A.SUPERVISOR, scope="legalaid:act", hidden=True)
def decide(request: HttpRequest) -> str:
    return "decided"


@api_door(A.PUBLIC)
def public(request: HttpRequest) -> str:
    return "public"


def api_call(operation: Any, caller: Caller | None, **kwargs: Any) -> Any:
    request = RequestFactory().post("/api/v1/x")
    if caller is not None:
        request.auth = caller  # type: ignore[attr-defined]
    return enforce_api_door(operation)(request, **kwargs)


def test_an_api_door_records_audience_and_scope_without_wrapping():
    assert door_of(act) == Door(A.STAFF, scope="workorders:act")
    assert door_of(act).describe() == "staff+workorders:act"  # type: ignore[union-attr]
    assert enforce_api_door(public) is public


def test_a_session_of_the_wrong_kind_is_refused_403_or_404_when_hidden():
    with pytest.raises(NotPermitted, match="仅限工作人员使用"):
        api_call(act, Caller(person(Role.CITIZEN)), number="N1")
    assert api_call(act, Caller(person(Role.VILLAGE_ADVISOR)), number="N1") == "acted on N1"
    assert api_call(read, Caller(person(Role.CITIZEN))) == "read"
    with pytest.raises(Http404):
        api_call(decide, Caller(person(Role.LEGAL_AID_REVIEWER)))
    assert api_call(decide, Caller(person(Role.SUPERVISOR))) == "decided"


def test_a_token_caller_passed_its_scope_in_auth_and_is_let_through():
    token_user = person(Role.CITIZEN)  # an integration account: the token's scope decides
    assert api_call(act, Caller(token_user, token=object()), number="N2") == "acted on N2"


def test_an_operation_reached_without_a_caller_is_401_not_a_crash():
    with pytest.raises(NotSignedIn) as caught:
        api_call(act, None, number="N3")
    assert caught.value.status == 401


def test_enforcement_keeps_the_declaration_visible():
    assert door_of(enforce_api_door(read)) == Door(A.SIGNED_IN, scope="legalaid:read", hidden=True)
