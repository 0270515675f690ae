"""Shared fixtures and helpers of the legal-aid API tests (test_legalaid_*.py import them; this
module holds no tests). Cases are built through the legal-aid services, at the frozen Monday
2026-11-23 of gongfa/legalaid/tests/conftest.py."""

# ruff: noqa: F811 - the fixtures imported from test_legalaid_support are parameters below

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.legalaid.choices import MaterialKind
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.services import (
    add_material,
    assign_provider,
    grant,
    save_draft,
    sign_engagement,
    submit_application,
)
from gongfa.legalaid.tests.conftest import (  # noqa: F401 - fixtures
    WAGES,
    _media,
    frozen,
    law_firm,
    lawyers,
    pdf,
    reviewer,
    standard,
    worker,
)
from gongfa.testing.factories import MiniNetwork, staff

# Household of 3 on 6,000 a month: 2,000 per head ≤ the 2,490 standard → eligible.
ELIGIBLE = {**WAGES, "exempt_group": "", "household_size": 3, "household_monthly_income": "6000"}
# One person on 9,000 a month → not eligible.
NOT_ELIGIBLE = {**WAGES, "exempt_group": "", "household_size": 1, "household_monthly_income": "9000"}


def case_url(case: LegalAidApplication) -> str:
    return f"/api/v1/legal-aid/cases/{case.number}"


def action_url(case: LegalAidApplication, action: str) -> str:
    return f"{case_url(case)}/actions/{action}"


def session(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def post(browser: Client, url: str, data: Any = None) -> Any:
    return browser.post(url, data if data is not None else {}, content_type="application/json")


def submit(applicant: User, network: MiniNetwork, data: dict[str, Any] | None = None) -> LegalAidApplication:
    draft = save_draft(applicant=applicant, region=network.villages[0], data=data or ELIGIBLE)
    return submit_application(application=draft, actor=applicant)


def error_of(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


@pytest.fixture
def received(network, worker, frozen, standard):
    """The migrant worker's wage claim, received (eligible on income)."""
    return submit(worker, network)


@pytest.fixture
def granted(received, reviewer):
    return grant(application=received, actor=reviewer)


@pytest.fixture
def assigned(granted, reviewer, lawyers):
    """Assigned to 李律师 (lawyers[0]) of 示范律师事务所."""
    return assign_provider(application=granted, actor=reviewer, provider=lawyers[0])


@pytest.fixture
def in_service(assigned, lawyers):
    return sign_engagement(application=assigned, actor=lawyers[0])


@pytest.fixture
def with_documents(in_service, lawyers):
    """In service, with the judgment the provider filed (needed for the closing report)."""
    add_material(application=in_service, actor=lawyers[0], kind=MaterialKind.OTHER, upload=pdf("判决书.pdf"))
    return in_service


@pytest.fixture
def outside_reviewer(other_county):
    """A legal-aid reviewer of the neighbouring county's centre."""
    return staff(Role.LEGAL_AID_REVIEWER, at=other_county.legal_aid_centre, real_name="邻县审查员")
