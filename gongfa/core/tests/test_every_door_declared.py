"""Every door of the URL conf, pages and API operations alike, declares who may use it
(gongfa.core.access). A new view or operation without @door / @api_door fails here, by name."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from gongfa.api.auth import SessionAuth, TokenAuth
from gongfa.core.access import FRAMEWORK_DOORS, Audience, Entrance, door, entrances


def _undeclared(found: list[Entrance]) -> set[str]:
    return {e.label for e in found if e.exemption is None and e.door is None}


def test_every_view_and_operation_declares_its_door():
    found = entrances()
    assert len(found) > 50  # the walk reached the apps and the API, not just the root
    undeclared = _undeclared(found)
    assert not undeclared, (
        "Declare who may use these doors with @door(Audience…) (pages) or @api_door(Audience…, "
        "scope=…) (API operations), gongfa.core.access:\n  " + "\n  ".join(sorted(undeclared))
    )


def test_every_framework_exemption_still_names_a_door():
    found = entrances()
    keys = {e.name for e in found} | {e.namespace.split(":", 1)[0] for e in found}
    assert set(FRAMEWORK_DOORS) <= keys, set(FRAMEWORK_DOORS) - keys


def test_the_api_is_walked_operation_by_operation():
    api = {e.name: e for e in entrances() if e.api}
    # one path, two operations: each is its own door
    assert api["api:create_work_order"].methods == ("POST",)
    assert api["api:list_work_orders"].methods == ("GET",)
    assert api["api:create_work_order"].route == api["api:list_work_orders"].route == "api/v1/workorders"


def _auth_of(entrance: Entrance) -> tuple[set[str], bool]:
    """(token scopes the operation's auth accepts, whether it accepts a browser session)."""
    callbacks = list(entrance.operation.auth_callbacks)
    scopes = {c.scope for c in callbacks if isinstance(c, TokenAuth)}
    return scopes, any(isinstance(c, SessionAuth) for c in callbacks)


def test_each_api_door_matches_the_operations_auth():
    """The declaration is what ninja enforces: a public door has no auth, a door naming a scope
    accepts a token with exactly that scope, an integration door no browser session."""
    wrong = []
    for entrance in entrances():
        rule = entrance.door
        if not entrance.api or rule is None:
            continue
        scopes, session = _auth_of(entrance)
        if rule.audience == Audience.PUBLIC:
            ok = not scopes and not session
        elif rule.audience == Audience.INTEGRATION:
            ok = scopes == {rule.scope} and not session
        else:
            ok = session and scopes == ({rule.scope} if rule.scope else set())
        if not ok:
            wrong.append(f"{entrance.label}: declared {rule.describe()}, auth {sorted(scopes)} session={session}")
    assert not wrong, "\n".join(wrong)


# --- the walker finds what it must (a URL conf of its own) --------------------------------------


def undeclared_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@door(Audience.PUBLIC)
def declared_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


nested = ([path("deep/", undeclared_view, name="deep")], "inner")
urlpatterns = [
    path("open/", declared_view, name="open"),
    path("outer/", include(nested)),
    path("nameless/", undeclared_view),
]


@pytest.mark.urls(__name__)
def test_the_walker_reports_undeclared_views_in_nested_url_confs():
    assert _undeclared(entrances()) == {"/outer/deep/ (inner:deep)", "/nameless/ (undeclared_view)"}


def test_the_menu_never_links_a_person_to_a_door_that_refuses_them():
    """Each navigation entry's roles are admitted by the door it links to (gongfa.core.navigation):
    a role shown an entry its door then refuses is a menu and a door that disagree."""
    from django.urls import resolve

    from gongfa.accounts.models import User
    from gongfa.core.access import door_of
    from gongfa.core.navigation import ANONYMOUS, registered

    disagreements = []
    for entry in registered():
        match = resolve(entry.url())
        rule = door_of(match.func)
        if rule is None:
            continue  # a framework door (the admin site) or one the walker above reports
        for role in sorted(entry.roles - {ANONYMOUS}):  # a visitor is asked to sign in and comes back
            if not rule.admits(User(username=role, role=role)):
                disagreements.append(f"{entry.key} → {entry.url_name}: shown to {role}, door {rule.describe()}")
    assert not disagreements, "\n".join(disagreements)
