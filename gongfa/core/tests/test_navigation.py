"""The navigation registry: an app's entries are shown by role, by predicate and by setting;
keys are unique; the current page is the entry's own URL or the longest one it lies under; the
landing page is the first usable entry declared for the role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from django.test import RequestFactory

from gongfa.accounts.choices import Role
from gongfa.core import navigation
from gongfa.core.navigation import ANONYMOUS, Area, NavEntry, entries_for, landing_url, register, role_of
from gongfa.testing.factories import UserFactory


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' entries are put back afterwards)."""
    navigation.autodiscover()
    monkeypatch.setattr(navigation, "_entries", {})
    return navigation._entries


def entry(key: str, url_name: str, roles: Iterable[str], **kwargs: Any) -> NavEntry:
    return NavEntry(key=key, label=key, url_name=url_name, roles=frozenset(roles), **kwargs)


def keys(items) -> list[str]:
    return [item.key for item in items]


def test_every_app_declares_its_entries_in_its_own_module():
    apps = {e.key.split(".")[0] for e in navigation.registered()} | {
        e.key.split(".")[0] for e in navigation.registered(Area.PORTAL)
    }
    assert apps == {"workbench", "portal"}
    assert {e.url_name for e in navigation.registered(Area.PORTAL)} >= {"catalog:list", "accounts:profile"}


@pytest.mark.django_db
def test_entries_by_role_predicate_and_setting(registry, settings):
    register(
        entry("a.queue", "workbench:queue", {Role.WINDOW_STAFF}, order=2),
        entry("a.hotline", "workbench:hotline", {Role.HOTLINE_AGENT, Role.WINDOW_STAFF}, order=1),
        entry("a.named", "workbench:intake", {Role.WINDOW_STAFF}, when=lambda u: u.real_name == "周干事"),
        entry("a.flagged", "workbench:notifications", {Role.WINDOW_STAFF}, feature="NAV_TEST_FEATURE"),
    )
    clerk = UserFactory(role=Role.WINDOW_STAFF, real_name="吴干事")
    settings.NAV_TEST_FEATURE = False
    assert keys(entries_for(clerk, None)) == ["a.hotline", "a.queue"]  # menu order, not declaration order
    clerk.real_name = "周干事"
    settings.NAV_TEST_FEATURE = True
    assert keys(entries_for(clerk, None)) == ["a.hotline", "a.queue", "a.flagged", "a.named"]  # same order: by key
    assert keys(entries_for(UserFactory(role=Role.HOTLINE_AGENT), None)) == ["a.hotline"]
    assert entries_for(None, None) == []


@pytest.mark.django_db
def test_an_entry_may_need_a_permission(registry):
    from django.contrib.auth.models import Permission

    register(entry("a.faq", "workbench:qa_demand", {Role.SUPERVISOR}, permission="knowledge.change_faqentry"))
    supervisor = UserFactory(role=Role.SUPERVISOR)
    assert entries_for(supervisor, None) == []
    faq = Permission.objects.get(content_type__app_label="knowledge", codename="change_faqentry")
    supervisor.user_permissions.add(faq)
    supervisor = type(supervisor).objects.get(pk=supervisor.pk)  # permissions are cached per object
    assert keys(entries_for(supervisor, None)) == ["a.faq"]


def test_a_key_is_declared_once(registry):
    register(entry("a.queue", "workbench:queue", {Role.WINDOW_STAFF}))
    register(entry("a.queue", "workbench:queue", {Role.WINDOW_STAFF}))  # the same again: harmless
    with pytest.raises(ValueError, match="重复声明"):
        register(entry("a.queue", "workbench:hotline", {Role.WINDOW_STAFF}))


@pytest.mark.django_db
def test_the_current_page_and_pages_under_it(registry):
    staff = {Role.SUPERVISOR}
    register(
        entry("a.home", "workbench:home", staff, exact=True),
        entry("a.legal_aid", "workbench:legal_aid_queue", staff),
        entry("a.duty", "workbench:legal_aid_duty_logs", staff),
    )
    supervisor = UserFactory(role=Role.SUPERVISOR)

    def current(path: str) -> list[str]:
        return [i.key for i in entries_for(supervisor, RequestFactory().get(path)) if i.current]

    assert current("/workbench/") == ["a.home"]
    assert current("/workbench/legal-aid/FY20260000001/") == ["a.legal_aid"]  # under it
    assert current("/workbench/legal-aid/duty/7/") == ["a.duty"]  # the longest URL wins
    assert current("/workbench/queue/") == []  # home is exact: nothing under it is "home"


@pytest.mark.django_db
def test_badges_count_for_the_user(registry):
    register(entry("a.n", "workbench:notifications", {Role.MEDIATOR}, badge=lambda u: 3, badge_label="条未读"))
    (item,) = entries_for(UserFactory(role=Role.MEDIATOR), None)
    assert (item.badge, item.badge_label) == (3, "条未读")


@pytest.mark.django_db
def test_the_landing_page_is_the_first_usable_entry_for_the_role(registry):
    register(
        entry("a.overview", "workbench:overview", {Role.SUPERVISOR}, order=1, landing_for=frozenset({Role.SUPERVISOR})),
        entry("a.queue", "workbench:queue", {Role.SUPERVISOR, Role.LAWYER}, order=2),
    )
    assert landing_url(UserFactory(role=Role.SUPERVISOR)) == "/workbench/overview/"
    assert landing_url(UserFactory(role=Role.LAWYER)) is None  # none declared: the caller decides


@pytest.mark.django_db
def test_a_superuser_counts_as_an_administrator():
    assert role_of(UserFactory(role=Role.CITIZEN, is_superuser=True)) == Role.ADMINISTRATOR
    assert role_of(None) == ANONYMOUS
