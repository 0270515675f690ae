"""The portal menu's entry for people's mediation: for everyone, to a page everyone may open."""

from __future__ import annotations

import pytest
from django.test import Client

from gongfa.core.access import Audience, door_of
from gongfa.core.navigation import Area, registered
from gongfa.mediation import portal_navigation  # noqa: F401 - registers the entry

pytestmark = pytest.mark.django_db


def test_the_entry_is_registered_for_everyone_and_its_door_is_public() -> None:
    from django.urls import resolve

    entry = next(e for e in registered(Area.PORTAL) if e.key == "portal.mediation")
    assert entry.url() == "/mediation/"
    rule = door_of(resolve(entry.url()).func)
    assert rule is not None and rule.audience == Audience.PUBLIC


def test_a_visitor_sees_it_in_the_menu(network: object) -> None:
    page = Client().get("/").content.decode()
    assert 'data-testid="portal-mediation-link"' in page


def test_the_home_page_leads_to_applying_for_mediation_and_legal_aid(client, db) -> None:
    page = client.get("/").content.decode()
    services = page.split('data-testid="home-services"')[1].split("</ul>")[0]
    assert 'href="/mediation/"' in services and "申请人民调解" in services
    assert 'href="/legal-aid/"' in services and "申请法律援助" in services
